"""The README tells the truth: its examples run and its quick start is what CI runs."""

from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_examples_in_the_readme_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)  # our own documentation


def test_quick_start_commands_exist_and_ci_runs_the_test_command() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, flags=re.M)
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), flags=re.M)


def test_make_test_installs_what_the_suite_needs_on_a_fresh_machine() -> None:
    # the README promises that `make test` runs the whole suite: the system packages come with it
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_target = re.search(r"^test:(.*)$", makefile, flags=re.M)
    assert test_target and "system-deps" in test_target.group(1)
    script = (ROOT / ".ci" / "system-deps").read_text(encoding="utf-8")
    for package in ("chromium", "fonts-noto-cjk", "poppler-utils", "locales", "virtuoso-opensource", "zh_CN.GBK"):
        assert package in script, package
        assert package in README, package


def test_every_cli_command_is_documented_in_the_readme() -> None:
    from chaingraph.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"chaingraph {name}" in README, name


def test_every_named_query_is_documented() -> None:
    from chaingraph.sparql.catalogue import catalogue_markdown

    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert docs == catalogue_markdown(), "run: python -m chaingraph.sparql.catalogue > docs/queries.md"
