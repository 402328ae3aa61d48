"""Which store a ``store=`` / ``--store`` value names, and an empty or existing store of that kind.

>>> parse_store("oxigraph:/data/chains").path
PosixPath('/data/chains')
>>> parse_store("http://localhost:7878/query").kind
'remote'
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from chaingraph.errors import InputError

if TYPE_CHECKING:
    from chaingraph.store.protocol import Store

__all__ = ["DEFAULT_STORE", "STORE_FORMS", "StoreSpec", "open_store", "parse_store"]

#: the store every command and :meth:`chaingraph.knowledge.KnowledgeGraph.open` use unless told otherwise: Oxigraph
#: loads about ten times faster than rdflib and answers the analysis queries far faster (benchmarks/README.md)
DEFAULT_STORE = "oxigraph"

#: what ``store=`` / ``--store`` accepts, for messages
STORE_FORMS = ("oxigraph (in memory, the default), memory (rdflib), oxigraph:PATH (persistent, on disk) or the URL "
               "of a SPARQL 1.1 query endpoint (http://… or https://…, read-only)")


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``store=`` value: its kind, and the path or URL it names."""

    kind: Literal["memory", "oxigraph", "persistent", "remote"]
    target: str | None = None

    @property
    def path(self) -> Path:
        assert self.target is not None
        return Path(self.target).expanduser()


def parse_store(text: str) -> StoreSpec:
    """Read a ``store=`` value; :class:`InputError` listing the accepted forms when it is none of them."""
    value = str(text).strip()
    lowered = value.lower()
    if lowered in ("memory", "oxigraph"):
        return StoreSpec(lowered)  # type: ignore[arg-type]
    if lowered.startswith("oxigraph:"):
        path = value[len("oxigraph:"):]
        if not path.strip():
            raise InputError.single("'oxigraph:' needs the path of the store's folder",
                                    hint="e.g. --store oxigraph:./chains.oxigraph")
        if path.startswith("//"):
            raise InputError.single(f"unknown store '{value}'", hint=f"use {STORE_FORMS}")
        return StoreSpec("persistent", path)
    if lowered.startswith(("http://", "https://")):
        if not urllib.parse.urlsplit(value).hostname:
            raise InputError.single(f"the SPARQL endpoint URL '{value}' has no host",
                                    hint="e.g. http://localhost:8890/sparql")
        return StoreSpec("remote", value)
    raise InputError.single(f"unknown store '{value}'", hint=f"use {STORE_FORMS}")


def open_store(kind: str = DEFAULT_STORE) -> Store:
    """An empty store: ``"oxigraph"`` (the default) or ``"memory"`` (rdflib); or the store a persistent
    path or endpoint URL names (opened read-only when a persistent store holds data)."""
    # the kinds imported when opened: parsing a --store value at start-up must stay cheap
    from chaingraph.store.memory import MemoryStore
    from chaingraph.store.oxigraph import OxigraphStore
    from chaingraph.store.persistent import has_data_at, open_persistent, store_state

    spec = parse_store(kind)
    if spec.kind == "memory":
        return MemoryStore()
    if spec.kind == "oxigraph":
        return OxigraphStore()
    if spec.kind == "remote":
        from chaingraph.store.remote import RemoteStore  # urllib's HTTP machinery: only for endpoints

        return RemoteStore(spec.target or "")
    state = store_state(spec.path)
    return open_persistent(spec.path, write=state != "store" or not has_data_at(spec.path), cached=True)
