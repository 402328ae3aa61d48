"""The two snapshots of ``chaingraph diff`` and of ``report --since``: which data each side is, opened once.

Each side is data files (``--graph`` / ``--graph-new``: RDF, tables) **or** a store that holds data
(``--store`` / ``--store-new``: ``oxigraph:PATH`` or a SPARQL endpoint URL), never both; ``--store oxigraph`` or
``memory`` only chooses the engine the files are loaded into. One graph holding several years is one side
evaluated at two dates (``--as-of`` / ``--as-of-new``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.store.spec import DEFAULT_STORE, parse_store
from chaingraph.words import Lang, whatif_words

__all__ = ["Side", "open_snapshots", "side_label"]


@dataclass(frozen=True)
class Side:
    """One side of a diff as the command line gives it."""

    graph: Sequence[Path]  #: data files (may be empty)
    store: str | None  #: a store value (None: not given)
    graph_option: str  #: the option names, for messages: "--graph", "--store"
    store_option: str

    def holds_data(self) -> bool:
        return self.store is not None and parse_store(self.store).kind in ("persistent", "remote")

    def given(self) -> bool:
        return bool(self.graph) or self.holds_data()

    def check(self, what: str) -> None:
        """An error (exit 2) when the side is ambiguous: files and a store that holds data."""
        if self.graph and self.holds_data():
            raise InputError.single(f"{what}: {self.graph_option} and {self.store_option} {self.store} both name data",
                                    hint=f"give {what} either as files ({self.graph_option}) or as a store "
                                    f"({self.store_option}), not both")

    def open(self, engine: str) -> KnowledgeGraph:
        if self.holds_data():
            assert self.store is not None  # holds_data
            return KnowledgeGraph.open(None, store=self.store)
        return KnowledgeGraph.open(list(self.graph), store=engine)

    def name(self) -> str:
        if self.graph:
            return ", ".join(p.name or str(p) for p in self.graph)
        spec = parse_store(self.store or DEFAULT_STORE)
        if spec.kind == "persistent":
            return spec.path.name or str(spec.target)
        return spec.target or str(self.store)  # an endpoint: its URL

def side_label(name: str, year: int | None, lang: Lang) -> str:
    """What a side is, in words: its data's name, its date, or both (「tables-2024（截至2024年）」)."""
    if year is None:
        return name
    dated = whatif_words(lang)["as_of_side"].format(year=year)
    if not name:
        return dated
    return f"{name}（{dated}）" if lang == "zh" else f"{name} ({dated})"


def open_snapshots(old: Side, new: Side, dated: bool,
                   engine: str = DEFAULT_STORE) -> tuple[KnowledgeGraph, KnowledgeGraph, bool]:
    """The older and the newer knowledge graph, and whether they are one graph (no newer data given, a date
    given: the graph at two dates). An error (exit 2) when a side is missing or ambiguous."""
    old.check("the older data")
    new.check("the newer data")
    if not old.given():
        raise InputError.single("no older data", hint=f"give it with {old.graph_option} (files or tables) or "
                                f"{old.store_option} (oxigraph:PATH or a SPARQL endpoint URL)")
    if new.store is not None and not new.given():
        raise InputError.single(f"{new.store_option} {new.store} names no data",
                                hint="give oxigraph:PATH or a SPARQL endpoint URL, or the files with "
                                f"{new.graph_option}")
    first = old.open(engine)
    if not new.given():
        if not dated:
            raise InputError.single("no newer data", hint=f"give it with {new.graph_option} or {new.store_option}, "
                                    "or compare one graph at two dates with --as-of and --as-of-new")
        return first, first, True
    return first, new.open(engine), False
