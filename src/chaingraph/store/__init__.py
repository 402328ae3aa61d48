"""Where the triples live: one small protocol (:class:`Store`) and its kinds (``docs/stores.md``).

* ``store="oxigraph"`` (the default): an in-process Oxigraph store held in memory (:mod:`chaingraph.store.oxigraph`);
* ``store="memory"``: an in-process rdflib graph (:mod:`chaingraph.store.memory`);
* ``store="oxigraph:PATH"``: a persistent Oxigraph store on disk, loaded once and reused
  (:mod:`chaingraph.store.persistent`, with answers kept between runs: :mod:`chaingraph.store.result_cache`);
* ``store="http://…"``: a SPARQL 1.1 query endpoint, read-only (:mod:`chaingraph.store.remote`).

All answer the same calls, so queries and analyses never depend on the store. The store layer reads
RDF files only (:mod:`chaingraph.store.loading`); tables are converted above it, by
:mod:`chaingraph.knowledge`, the only module that knows both.

>>> store = open_store("oxigraph")
>>> len(store)
0
"""

from chaingraph.store.dump import dump
from chaingraph.store.memory import MemoryStore
from chaingraph.store.oxigraph import OxigraphStore
from chaingraph.store.persistent import LoadProgress, LoadReport
from chaingraph.store.protocol import PROLOGUE, QueryableGraph, Row, Rows, Store, full_query_text, to_term
from chaingraph.store.spec import DEFAULT_STORE, STORE_FORMS, StoreSpec, open_store, parse_store

__all__ = ["DEFAULT_STORE", "PROLOGUE", "STORE_FORMS", "LoadProgress", "LoadReport", "MemoryStore", "OxigraphStore",
           "QueryableGraph", "Row", "Rows", "Store", "StoreSpec", "dump", "full_query_text", "open_store",
           "parse_store", "to_term"]
