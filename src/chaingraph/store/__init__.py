"""Where the triples live: one small protocol (:class:`Store`) and its kinds (``docs/stores.md``).

* ``store="oxigraph"`` (the default): an in-process Oxigraph store held in memory (:mod:`chaingraph.store.oxigraph`);
* ``store="memory"``: an in-process rdflib graph (:mod:`chaingraph.store.memory`);
* ``store="oxigraph:PATH"``: a persistent Oxigraph store on disk, loaded once and reused
  (:mod:`chaingraph.store.persistent`, with answers kept between runs: :mod:`chaingraph.store.result_cache`);
* ``store="http://…"``: a SPARQL 1.1 query endpoint, read-only (:mod:`chaingraph.store.remote`).

All answer the same calls, so queries and analyses never depend on the store. The store layer reads
RDF files only (:mod:`chaingraph.store.loading`); tables are converted above it, by
:mod:`chaingraph.knowledge`, the only module that knows both.

>>> from chaingraph.store import open_store
>>> store = open_store("oxigraph")
>>> len(store)
0
"""

from importlib import import_module
from typing import Any

# imported on first use: the command line reads only the store's name at start-up (``chaingraph --help`` and
# every command's start stay fast); ``from chaingraph.store import MemoryStore`` works as usual
_MODULES = {
    "dumping": ("dump",), "memory": ("MemoryStore",), "oxigraph": ("OxigraphStore",),
    "persistent": ("LoadProgress", "LoadReport"),
    "protocol": ("PROLOGUE", "QueryableGraph", "Row", "Rows", "Store", "full_query_text", "to_term"),
    "spec": ("DEFAULT_STORE", "STORE_FORMS", "StoreSpec", "open_store", "parse_store"),
}
_LAZY = {name: f"chaingraph.store.{module}" for module, names in _MODULES.items() for name in names}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module 'chaingraph.store' has no attribute {name!r}")
