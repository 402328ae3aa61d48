"""A knowledge graph: the ontology plus the chosen data (RDF files, folders of tables, workbooks) in a store,
ready for SPARQL. The only module that knows both the store layer and the tables.

>>> from chaingraph.vocab.namespaces import CGK
>>> kg = KnowledgeGraph.open()
>>> rows = kg.select('''SELECT ?id WHERE { ?l a cg:ChainLink ; skos:notation ?id ; cg:stage ?stage }
...                     ORDER BY ?id LIMIT 2''', stage=CGK["stage-primary"])
>>> [str(r["id"]) for r in rows]
['AL07', 'CU02']
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from chaingraph.errors import InputError, Problem
from chaingraph.paths import bundled_graph_dir, is_table_source
from chaingraph.store.loading import RDF_FORMATS, SourceMap, expand_paths
from chaingraph.store.memory import MemoryStore
from chaingraph.store.oxigraph import OxigraphStore
from chaingraph.store.persistent import (
    META_SOURCES,
    LoadProgress,
    LoadReport,
    bulk_load,
    has_data_at,
    meta,
    open_persistent,
    store_state,
)
from chaingraph.store.protocol import Codes, Rows, Store, bindings
from chaingraph.store.spec import DEFAULT_STORE, StoreSpec, parse_store
from chaingraph.vocab.ontology import code_files, code_triples, vocabulary_files
from chaingraph.vocab.terms import plain

if TYPE_CHECKING:
    from chaingraph.tables import ImportResult

__all__ = ["KnowledgeGraph", "expand_sources", "load_persistent", "with_imported"]

#: notes about the choice of store (the CLI shows them: "note: …")
log = logging.getLogger("chaingraph.store")

#: RDF files larger than this in the memory store get a note that --store oxigraph is much faster
#: (about 10⁵ triples of N-Triples; benchmarks/README.md)
MEMORY_STORE_NOTE_BYTES = 16_000_000


def expand_sources(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path], list[Problem]]:
    """Sort *paths* into RDF files (folders searched recursively) and table sources (a folder of CSV
    tables with no RDF file in it, or a workbook), with the problems of the paths that are neither."""
    rdf: list[str | Path] = []
    tables: list[Path] = []
    for path in paths:
        if is_table_source(path):
            tables.append(Path(path))
        else:
            rdf.append(path)
    files, problems = expand_paths(rdf)
    return files, tables, problems


def _load_sources(backend: Store, paths: Sequence[Path], source_map: SourceMap) -> None:
    """Load RDF files and tables into *backend*, all problems reported at once; tables may refer to what
    the RDF files define (they are converted against the store as loaded so far)."""
    files, tables, problems = expand_sources(paths)
    try:
        backend.load(files, source_map)
    except InputError as error:
        problems += error.problems
    converted: list[Graph] = []
    if tables:
        from chaingraph.tables import convert_sources  # the table readers: only when tables are loaded

        converted, table_problems = convert_sources(tables, backend, source_map)
        problems += table_problems
    if problems:
        raise InputError(problems)
    for graph in converted:
        backend.add(graph)


def _suggest_oxigraph(paths: Sequence[Path]) -> None:
    files, _, _ = expand_sources(paths)
    size = sum(file.stat().st_size for file in files if file.is_file() and file.suffix.lower() in RDF_FORMATS)
    if size > MEMORY_STORE_NOTE_BYTES:
        log.info("%.0f MB of RDF in the memory store: --store oxigraph loads and analyses it 10–50× faster "
                 "(oxigraph:PATH keeps it loaded between runs)", size / 1e6)


def load_persistent(path: str | Path, data: Sequence[str | Path] | None = None, *, codes: Codes = "used",
                    compact: bool = True, progress: LoadProgress | None = None) -> LoadReport:
    """Load *data* (RDF files, folders, tables; the bundled data if None) into the persistent Oxigraph
    store at *path*, with the ontology and the code concepts the data refers to, as :meth:`KnowledgeGraph.open`
    does, at Oxigraph's bulk-load rate. All or nothing; files and tables the store holds already are skipped,
    changed ones refused (:func:`chaingraph.store.persistent.bulk_load`)."""
    sources: list[Path] = [Path(p) for p in data] if data else []
    if data is None:
        sources.insert(0, bundled_graph_dir())
    files, tables, problems = expand_sources(sources)
    if problems:
        raise InputError(problems)

    def converted(backend: OxigraphStore, new: Sequence[Path]) -> list[Graph]:
        from chaingraph.tables import convert_sources  # the table readers: only when tables are loaded

        graphs, table_problems = convert_sources(list(new), backend, None)
        if table_problems:
            raise InputError(table_problems)
        return graphs

    return bulk_load(path, files, sources=sources, extra=converted, tables=tables, codes=codes,
                     compact=compact, progress=progress)


@dataclass
class KnowledgeGraph:
    """The ontology and the chosen data, in a store, ready for SPARQL.

    Open it with :meth:`open`; run queries with :meth:`select`, :meth:`ask` and :meth:`construct`,
    passing parameters as keyword arguments: they are bound as RDF terms, never pasted into the text.
    """

    store: Store
    #: the files and folders the data was loaded from (as given), or the URL of the endpoint
    sources: list[Path | str] = field(default_factory=list)
    source_map: SourceMap = field(default_factory=SourceMap)
    #: answers that do not change while the graph is open (e.g. the names of regions and chains)
    cache: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def open(cls, data: str | Path | Sequence[str | Path] | None = None, *, with_bundled: bool = False,
             codes: Codes = "used", store: str = DEFAULT_STORE) -> KnowledgeGraph:
        """Open the ontology plus *data* (a file or folder, or a list of them), or plus the bundled data if
        *data* is None.

        Nothing is loaded unless every file reads cleanly; otherwise :class:`InputError` lists the
        problems of all files. *codes* chooses how much of the code lists to load: the concepts the
        data refers to (``"used"``, with their ancestors), ``"all"`` or ``"none"``. *store* is
        ``"oxigraph"`` (in memory, the default), ``"memory"`` (rdflib), ``"oxigraph:PATH"`` or a SPARQL endpoint URL
        (:data:`chaingraph.store.STORE_FORMS`). A persistent store that holds data is used as it is
        (*data* must then be None: add files with ``chaingraph load``); an empty one is loaded first. An
        endpoint serves its own data (*data* must be None).
        """
        if isinstance(data, str | Path):
            data = [data]
        spec = parse_store(store)
        if spec.kind == "remote":
            return cls._open_remote(spec, data, with_bundled)
        if spec.kind == "persistent":
            return cls._open_persistent(spec.path, data, with_bundled, codes)
        paths: list[Path] = [Path(p) for p in data] if data else []
        if data is None or with_bundled:
            paths.insert(0, bundled_graph_dir())
        backend: MemoryStore | OxigraphStore = MemoryStore() if spec.kind == "memory" else OxigraphStore()
        if spec.kind == "memory":
            _suggest_oxigraph(paths)
        source_map = SourceMap()
        _load_sources(backend, paths, source_map)
        if isinstance(backend, OxigraphStore):  # the package's files: not scanned again with the data for ill-typed
            backend.load(vocabulary_files(), check_literals=False)  # literals (tests/test_ontology.py checks them)
        else:
            backend.load(vocabulary_files())
        if codes == "all":
            backend.load(code_files())
        elif codes == "used":
            if isinstance(backend, OxigraphStore):
                backend.add_referenced_codes()
            else:  # a scan of the objects in Python: rdflib's SPARQL scan is ten times slower
                backend.add(code_triples(o for o in backend.graph.objects() if isinstance(o, URIRef)))
        return cls(backend, list(paths), source_map)

    @classmethod
    def _open_persistent(cls, path: Path, data: Sequence[str | Path] | None, with_bundled: bool,
                         codes: Codes) -> KnowledgeGraph:
        if store_state(path) == "store" and has_data_at(path):
            if data is not None or with_bundled:
                raise InputError.single(
                    "this persistent store already holds data, so --graph cannot be used with it", file=path,
                    hint=f"add files to it with: chaingraph load --store oxigraph:{path} FILES…; or give a "
                         "new folder")
            backend = open_persistent(path, write=False, cached=True)
            sources = [Path(s) for s in _recorded(backend)]
            log.info("using the Oxigraph store at %s as it is (loaded from %s); chaingraph load adds files to "
                     "it", path, ", ".join(map(str, sources)) or "unknown files")
            return cls(backend, list(sources), SourceMap())
        paths = [Path(p) for p in data] if data else []
        if data is None or with_bundled:
            paths.insert(0, bundled_graph_dir())
        report = load_persistent(path, paths, codes=codes)
        log.info("loaded %d triples into the new Oxigraph store at %s in %.1f s", report.triples, path,
                 report.seconds)
        backend = open_persistent(path, write=False, cached=True)
        return cls(backend, [Path(s) for s in _recorded(backend)], SourceMap())

    @classmethod
    def _open_remote(cls, spec: StoreSpec, data: Sequence[str | Path] | None, with_bundled: bool) -> KnowledgeGraph:
        from chaingraph.store.remote import RemoteStore  # urllib's HTTP machinery: only for endpoints

        backend = RemoteStore(spec.target or "")
        if data is not None or with_bundled:
            raise InputError.single(
                f"a SPARQL endpoint serves its own data, so --graph cannot be used with {backend.shown}",
                hint="load files into the server with its own loader (chaingraph dump --out FILE.nt writes "
                     "everything in one file), or use --store memory/oxigraph with --graph")
        if not backend.ask("ASK { ?s a ?class . FILTER (?class IN (cg:ChainLink, cg:IndustryChain)) }", {}):
            log.warning("the SPARQL endpoint %s holds no chaingraph chain (no cg:IndustryChain, cg:ChainLink)",
                        backend.shown)
        return cls(backend, [backend.shown], SourceMap())

    def select(self, query: str, /, **params: object) -> Rows:
        """Rows of a SELECT query; the chaingraph prefixes are declared for you."""
        return self.store.select(query, bindings(params))

    def select_plain(self, query: str, /, **params: object) -> list[dict[str, Any]]:
        """Rows of a SELECT query as plain values (:mod:`chaingraph.vocab.terms`): IRIs and text as ``str``,
        numbers as ``int``/``float``. What the analyses read; much faster on Oxigraph than :meth:`select`.

        >>> kg = KnowledgeGraph.open()
        >>> kg.select_plain("SELECT ?id WHERE { ?c a cg:IndustryChain ; skos:notation ?id } ORDER BY ?id")[0]
        {'id': 'aluminium'}
        """
        fast = getattr(self.store, "select_plain", None)
        if fast is not None:
            rows: list[dict[str, Any]] = fast(query, bindings(params))
            return rows
        return [{name: plain(value) for name, value in row.items()} for row in self.select(query, **params)]

    def ask(self, query: str, /, **params: object) -> bool:
        return self.store.ask(query, bindings(params))

    def construct(self, query: str, /, **params: object) -> Graph:
        return self.store.construct(query, bindings(params))

    def __len__(self) -> int:
        return len(self.store)

    @property
    def graph(self) -> Graph:
        """An rdflib graph of everything in the store (the store's own graph when it is in memory)."""
        if isinstance(self.store, MemoryStore):
            return self.store.graph
        return self.store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})


def _recorded(backend: OxigraphStore) -> list[str]:
    """The sources recorded as loaded into a persistent store."""
    recorded = meta(backend.store, META_SOURCES)
    return [str(s) for s in recorded] if isinstance(recorded, list) else []


def with_imported(result: ImportResult, *, with_bundled: bool = False, store: str = DEFAULT_STORE,
                  base: KnowledgeGraph | None = None) -> KnowledgeGraph:
    """A knowledge graph of the ontology plus the graph imported from tables (plus the bundled data, or
    added to the knowledge graph *base*), ready for :func:`chaingraph.validation.validate` or the analysis."""
    from chaingraph.tables import add_to_source_map
    from chaingraph.tables.turtle import ntriples_chunks

    kg = base if base is not None else KnowledgeGraph.open(None if with_bundled else [], store=store)
    if isinstance(kg.store, OxigraphStore):
        for chunk in ntriples_chunks(result.triples):  # parsed piece by piece: never all the text at once
            kg.store.add_ntriples(chunk)
    else:
        kg.store.add(result.triples)
    kg.store.add(code_triples({o for _, _, o in result.triples}))
    add_to_source_map(kg.source_map, result)
    return kg
