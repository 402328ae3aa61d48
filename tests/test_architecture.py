"""The shape of the package: its layers, no import cycle, small modules, docstrings that cite the repository.

The import graph is built from the source with ``ast`` (function-local imports included): a module
depends on every ``chaingraph`` module it imports. The layer rules are docs/architecture.md's.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "chaingraph"
#: module size and function length limits (docs/architecture.md, "Habits")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
#: a longer function says why in a comment of its own, starting with this
LONG_MARK = "# long:"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> Iterator[str]:
    """The chaingraph modules *name* imports, anywhere in its body."""
    modules = _modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from chaingraph.x import y" depends on chaingraph.x.y when y is a module, else on chaingraph.x
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target.startswith("chaingraph") and target != name:
                yield target


@cache
def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in _modules().items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(name, path))
    return graph


def _third_party(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_import_graph_is_read_from_the_source() -> None:
    graph = _graph()
    assert ("chaingraph.knowledge", "chaingraph.tables") in graph.edges  # a top-level import
    assert ("chaingraph.store.spec", "chaingraph.store.remote") in graph.edges  # a function-local one


def test_no_import_cycle() -> None:
    cycles = [sorted(group) for group in nx.strongly_connected_components(_graph()) if len(group) > 1]
    assert not cycles, f"modules importing each other (function-local imports included): {cycles}"


#: package → the chaingraph packages and modules it must never import
FORBIDDEN = {
    "chaingraph.vocab": ("store", "sparql", "tables", "graphs", "knowledge", "analysis", "gaps", "output", "server",
                         "cli"),
    "chaingraph.store": ("sparql", "tables", "graphs", "knowledge", "analysis", "gaps", "output", "server", "cli"),
    "chaingraph.sparql": ("tables", "graphs", "knowledge", "analysis", "gaps", "output", "server", "cli"),
    "chaingraph.tables": ("graphs", "knowledge", "analysis", "gaps", "output", "server", "cli"),
    "chaingraph.graphs": ("tables", "knowledge", "gaps", "whatif", "output", "server", "cli"),
    "chaingraph.analysis": ("vocab", "store", "sparql", "tables", "graphs", "knowledge", "gaps", "whatif", "output",
                            "server", "cli"),
    "chaingraph.gaps": ("output", "server", "cli", "tables", "whatif"),
    "chaingraph.whatif": ("server", "cli"),
    "chaingraph.output": ("store", "sparql", "tables", "graphs", "knowledge", "server", "cli"),
    "chaingraph.mapping": ("graphs", "knowledge", "analysis", "gaps", "output", "server", "cli"),
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers(package: str) -> None:
    graph = _graph()
    wrong = sorted((module, target) for module, target in graph.edges
                   if (module == package or module.startswith(package + "."))
                   and any(target == f"chaingraph.{other}" or target.startswith(f"chaingraph.{other}.")
                           for other in FORBIDDEN[package]))
    assert not wrong, f"{package} imports a layer above it or beside it: {wrong}"


def test_the_analysis_is_pure() -> None:
    # pure functions of networkx graphs: no RDF library, no store
    for name, path in _modules().items():
        if name.startswith("chaingraph.analysis"):
            assert not _third_party(path) & {"rdflib", "pyoxigraph"}, name


def test_nothing_imports_the_package_root_or_the_generators() -> None:
    # the root imports the public API lazily, and tools/ runs only when a developer regenerates files
    graph = _graph()
    for module, target in graph.edges:
        assert target != "chaingraph", f"{module} imports the package root: import from the module instead"
        if target.startswith("chaingraph.tools") and not module.startswith("chaingraph.tools"):
            pytest.fail(f"{module} imports the generator {target} at run time")


def test_the_bottom_modules_import_nothing_of_the_package() -> None:
    # but chaingraph.errors, itself at the bottom: the atomic writer says why a path cannot be written
    graph = _graph()
    allowed = {"chaingraph.fileio": {"chaingraph.errors"}}
    for name in ("chaingraph.words", "chaingraph.errors", "chaingraph.fileio", "chaingraph._version",
                 "chaingraph._runtime", "chaingraph.reproducible"):
        imported = set(graph.successors(name)) - allowed.get(name, set())
        assert not imported, f"{name} should depend on no other chaingraph module: {sorted(imported)}"


@pytest.mark.parametrize("name", sorted(_modules()))
def test_modules_are_small(name: str) -> None:
    lines = _modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines (at most {MAX_MODULE_LINES}): split it by job"


def _long_functions() -> Iterator[tuple[str, str, int]]:
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                body = lines[node.lineno - 1:node.end_lineno]
                if length > MAX_FUNCTION_LINES and not any(line.strip().startswith(LONG_MARK) for line in body):
                    yield name, node.name, length


def test_functions_are_short_or_say_why() -> None:
    long = sorted(_long_functions())
    assert not long, (f"functions over {MAX_FUNCTION_LINES} lines without a '{LONG_MARK} why' comment: "
                      + ", ".join(f"{module}.{function} ({n})" for module, function, n in long))


#: what the repository's files are, for paths cited in docstrings and comments
_CITED = re.compile(r"(?<![\w/.])((?:docs|tests|benchmarks|ontology|graph|examples|notebooks)/[\w./-]*\w)")


def test_docstrings_cite_only_files_in_the_repository() -> None:
    missing = []
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"shared/|design\.md|domain-model|tech-notes", text), \
            f"{name} cites notes that are not in the repository (move what it needs into docs/)"
        for cited in _CITED.findall(text):
            target = ROOT / cited.rstrip(".")
            if not target.exists() and not any(ROOT.glob(cited.rstrip("."))):
                missing.append(f"{name}: {cited}")
    assert not missing, f"cited files that do not exist: {missing}"
