"""docs/cli.md is the reference the commands generate; every command and option has help to put in it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from typer.core import TyperArgument, TyperOption
from typer.testing import CliRunner

from chaingraph.cli import app
from chaingraph.cli.options import EXIT_CODES, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from chaingraph.cli.reference import REGENERATE, SYNOPSIS_WIDTH, command_tree, reference_markdown, synopsis

from .conftest import ROOT

DOC = ROOT / "docs" / "cli.md"
runner = CliRunner()


def _sections(text: str) -> dict[str, str]:
    """The reference's command sections by command name."""
    parts = re.split(r"^## chaingraph (\S+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_docs_cli_md_is_the_generated_reference() -> None:
    assert DOC.read_text(encoding="utf-8") == reference_markdown(), f"docs/cli.md is out of date: run {REGENERATE}"


def test_the_readme_summary_of_the_commands_is_the_generated_one() -> None:
    """The README's command summary is generated too: every command, every option it has and none it lacks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("python -m chaingraph.cli.reference --synopsis", 1)[1].split("```text\n", 1)[1]
    assert block.split("```", 1)[0] == synopsis() + "\n", "README is out of date: paste the output of " \
        "python -m chaingraph.cli.reference --synopsis"
    lines = synopsis().splitlines()
    assert max(len(line) for line in lines) <= SYNOPSIS_WIDTH
    _, _, commands = command_tree()
    assert [line.split()[1] for line in lines if line.startswith("chaingraph ")] == list(commands)
    for name, (command, _) in commands.items():
        entry = synopsis().split(f"chaingraph {name} ", 1)[1].split("\nchaingraph ", 1)[0]
        for option in (p for p in command.params if isinstance(p, TyperOption) and not p.hidden):
            assert max(option.opts, key=len) in entry, (name, option.opts)


def test_the_reference_command_writes_it_whatever_the_terminal() -> None:
    env = {**os.environ, "COLUMNS": "40", "LINES": "10",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "chaingraph.cli.reference"], capture_output=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", errors="replace")
    assert done.stdout.decode("utf-8") == DOC.read_text(encoding="utf-8"), f"run {REGENERATE}"
    assert REGENERATE in DOC.read_text(encoding="utf-8").splitlines()[2]  # the first lines say how it is made


def test_every_command_and_option_has_help() -> None:
    group, _, commands = command_tree()
    assert (group.help or "").strip()
    assert all((p.help or "").strip() for p in group.params if isinstance(p, TyperOption))
    for name, (command, _) in commands.items():
        assert (command.help or "").strip(), name
        for param in command.params:
            assert isinstance(param, TyperArgument | TyperOption), (name, param.name)
            assert (param.help or "").strip(), f"chaingraph {name}: {param.name} has no help"


def test_the_reference_documents_the_commands_chaingraph_help_lists() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)\s", result.output.split("Commands:\n", 1)[1], flags=re.M)
    assert listed and list(_sections(DOC.read_text(encoding="utf-8"))) == listed


@pytest.mark.parametrize("command", list(command_tree()[2]))
def test_the_reference_shows_the_options_the_help_shows(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    entries = re.findall(r"^  (-[^<]*?)(?: <|  |$)", result.output.split("Options:\n", 1)[1], flags=re.M)
    shown = {name for entry in entries for name in re.findall(r"--?[\w-]+", entry)} - {"--help"}
    section = _sections(DOC.read_text(encoding="utf-8"))[command]
    documented = {name for cell in re.findall(r"^\| (`-.*?) \| ", section, flags=re.M)
                  for name in re.findall(r"`(--?[\w-]+)`", cell)}
    assert shown and documented == shown


def test_the_exit_codes_are_documented() -> None:
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_INPUT) == (0, 1, 2) and sorted(EXIT_CODES) == [0, 1, 2]
    text = DOC.read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert re.search(rf"^\| {code} \| \S", text, flags=re.M), code
