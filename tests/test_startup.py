"""What the command line imports before it answers (issue #18: `chaingraph gaps` on the bundled data in
≤ 0.6 s, start-up included). Not a timing — that is benchmarks/README.md's — but the imports that made the
start slow, checked in a new process: rich, the renderer, the reports, the tables, the validation and the
what-if layer stay out of `gaps --format json` and of `import chaingraph.cli`; networkx (the analysis's graph
library, ≈ 0.1 s to import) and the knowledge graph are loaded only when a command needs them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: never imported by `chaingraph gaps --format json` nor by `import chaingraph.cli`
HEAVY = ("rich", "pandas", "jinja2", "pyvis", "pyshacl", "openpyxl", "docx",
         "rdflib.plugins.sparql", "chaingraph.output", "chaingraph.tables", "chaingraph.validation",
         "chaingraph.whatif", "chaingraph.server", "chaingraph.mapping", "chaingraph.info")

PROBE = """
import atexit, contextlib, io, json, runpy, sys
argv = json.loads(sys.argv[1])
# at exit: a command's process ends after its atexit functions, without the usual teardown (chaingraph._runtime)
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.__stdout__, flush=True))
if argv:
    sys.argv = ["chaingraph", *argv]
    with contextlib.redirect_stdout(io.StringIO()):
        runpy.run_module("chaingraph", run_name="__main__")
else:
    import chaingraph.cli
"""


def _imported(argv: list[str]) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("argv", [[], ["gaps", "--region", "綦江区", "--format", "json"]],
                         ids=["import chaingraph.cli", "gaps --format json"])
def test_the_start_imports_only_what_the_command_needs(argv: list[str]) -> None:
    modules = _imported(argv)
    heavy = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert not heavy, f"imported at start-up: {heavy}"
    if not argv:  # the analysis itself is imported only when a command runs it
        assert "chaingraph.gaps" not in modules and "networkx" not in modules
    else:
        assert "chaingraph.gaps.analyzer" in modules  # the probe did run the analysis


def test_the_head_start_begins_before_the_command_line_is_imported() -> None:
    # chaingraph.launch starts loading the --graph files (chaingraph.store.early) with pyoxigraph alone imported
    modules = json.loads(subprocess.run(
        [sys.executable, "-c", "import json, sys, chaingraph.launch, chaingraph.store.early; "
                               "print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, timeout=120, check=True).stdout)
    chaingraph = sorted(m for m in modules if m.startswith("chaingraph"))
    assert chaingraph == ["chaingraph", "chaingraph._version", "chaingraph.launch", "chaingraph.store",
                          "chaingraph.store.early"]
    assert not {"typer", "rdflib", "networkx", "click"} & set(modules)
