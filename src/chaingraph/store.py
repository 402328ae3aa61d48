"""The store facade: the ontology plus data in a store, and SPARQL over it.

One small interface (:class:`Store`) hides where the triples live (``docs/stores.md``):

* ``store="memory"`` (default): an in-process rdflib graph;
* ``store="oxigraph"``: an in-process Oxigraph store held in memory, about ten times faster to load
  and up to a hundred times faster to query at scale (see ``shared/reference/tech-notes.md``);
* ``store="oxigraph:PATH"``: a persistent Oxigraph store on disk at PATH, loaded once (the first
  time, or with ``chaingraph load``) and reused as it is afterwards;
* ``store="http://…"`` or ``"https://…"``: a SPARQL 1.1 query endpoint, read-only
  (:mod:`chaingraph.remote`).

All answer the same calls, so analyses and queries never depend on the store.

>>> from chaingraph.namespaces import CGK
>>> kg = KnowledgeGraph.open()
>>> rows = kg.select('''SELECT ?id WHERE { ?l a cg:ChainLink ; skos:notation ?id ; cg:stage ?stage }
...                     ORDER BY ?id LIMIT 2''', stage=CGK["stage-primary"])
>>> [str(r["id"]) for r in rows]
['AL07', 'CU02']
"""

from __future__ import annotations

import gc
import io
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

from chaingraph._oxi import to_oxigraph, to_rdflib
from chaingraph.errors import InputError, Problem
from chaingraph.fileio import atomic_output
from chaingraph.loading import RDF_FORMATS, SourceMap, display_path, expand_paths, load_files, syntax_problem
from chaingraph.namespaces import PREFIXES, bind_prefixes
from chaingraph.ontology import code_files, code_lists, code_quads, code_triples, vocabulary_files
from chaingraph.paths import bundled_graph_dir
from chaingraph.result_cache import ResultCache
from chaingraph.sparql_values import with_values
from chaingraph.terms import plain, plain_oxigraph

__all__ = ["STORE_FORMS", "KnowledgeGraph", "LoadReport", "MemoryStore", "OxigraphStore", "Row", "Rows", "Store",
           "StoreSpec", "dump", "full_query_text", "iri", "load_persistent", "open_store", "parse_store", "to_term"]

log = logging.getLogger("chaingraph.store")

#: what ``store=`` / ``--store`` accepts, for messages
STORE_FORMS = ("memory (rdflib, the default), oxigraph (in memory), oxigraph:PATH (persistent, on disk) or the URL "
               "of a SPARQL 1.1 query endpoint (http://… or https://…, read-only)")

#: One solution of a SELECT query: variable name → RDF term (unbound variables are absent).
Row = dict[str, Node]
Triple = tuple[Node, Node, Node]
Codes = Literal["used", "all", "none"]

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def full_query_text(query: str, bindings: Mapping[str, Node]) -> str:
    """The text a store runs: the chaingraph prefixes, then *query* with *bindings* as a ``VALUES`` block."""
    return PROLOGUE + with_values(query, bindings)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    """rdflib's parse of a query, kept: parsing takes 5–10 ms, longer than many of the queries themselves."""
    from rdflib.plugins.sparql import prepareQuery  # its parser takes 50 ms to import: only for this store

    return prepareQuery(text)


class Rows(list[Row]):
    """The solutions of a SELECT query, with the projected variable names in order."""

    def __init__(self, variables: Sequence[str], rows: Sequence[Row] = ()) -> None:
        super().__init__(rows)
        self.variables = tuple(variables)


class Store(Protocol):
    """What chaingraph needs from a triple store."""

    name: str
    #: whether many small queries cost little, so that reading per item beats one broad query
    small_queries_are_cheap: bool
    #: whether queries run at once from several threads gain from it (pyoxigraph evaluates without the GIL)
    reads_in_parallel: bool

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        """Load RDF files, all or nothing; raise :class:`InputError` listing every problem."""

    def add(self, triples: Iterable[Triple]) -> None: ...

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows: ...

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph: ...

    def __len__(self) -> int: ...


def to_term(value: object) -> Node:
    """A Python value as an RDF term for a query binding (IRIs stay IRIs, the rest become literals).

    >>> to_term("綦江区")
    rdflib.term.Literal('綦江区')
    >>> to_term(2)
    rdflib.term.Literal('2', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(value, Node):
        return value
    return RDFLiteral(value)


@dataclass
class MemoryStore:
    """The embedded store: an rdflib graph in this process (fine up to about 10⁵ triples)."""

    graph: Graph = field(default_factory=Graph)
    name: str = "memory"
    #: whether many small queries are cheap: not here (rdflib has a fixed cost per query, ~0.25 s at 10⁵ triples)
    small_queries_are_cheap: bool = field(default=False, init=False, repr=False)
    reads_in_parallel: bool = field(default=False, init=False, repr=False)  # rdflib: one thread at a time (GIL)

    def __post_init__(self) -> None:
        bind_prefixes(self.graph)

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        load_files(paths, self.graph, source_map)

    def add(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.graph.add(triple)

    def _run(self, query: str, bindings: Mapping[str, Node]):  # -> rdflib's Result
        # rdflib's own pre-binding: with a VALUES block its OPTIONAL evaluation loses rows (evalLeftJoin
        # re-checks the optional part without the VALUES variables). Pre-bound variables are visible even
        # in nested groups, where a VALUES block is not: named queries use parameters only in the top
        # group or in a top-level OPTIONAL, so both give the same rows (tests/test_queries.py).
        return self.graph.query(_prepared(PROLOGUE + query), initBindings=dict(bindings))

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows:
        result = self._run(query, bindings)
        names = [str(v) for v in result.vars or []]
        return Rows(names, [{n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in result])

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool:
        return bool(self._run(query, bindings).askAnswer)

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph:
        out = Graph()
        bind_prefixes(out)
        for triple in self._run(query, bindings):
            out.add(triple)
        return out

    def __len__(self) -> int:
        return len(self.graph)


_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "n3": ox.RdfFormat.N3,
               "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}


def _subjects(file: Path) -> set[Node]:
    """The subjects of one RDF file, parsed again by Oxigraph (only when an error needs its place)."""
    fmt = _OX_FORMATS[RDF_FORMATS[file.suffix.lower()]]
    return {to_rdflib(q.subject) for q in ox.parse(path=str(file), format=fmt, base_iri=file.resolve().as_uri())}


@dataclass
class OxigraphStore:
    """An Oxigraph store in this process: in memory (``store="oxigraph"``) or on disk at *path*
    (``store="oxigraph:PATH"``, see :func:`load_persistent`).

    Queries run on Oxigraph's own engine; parameters are bound with a ``VALUES`` block
    (:mod:`chaingraph.sparql_values`). Queries see the default graph only: a persistent store keeps
    what chaingraph knows about it (the files loaded into it) in a named graph of its own.
    """

    store: ox.Store = field(default_factory=ox.Store)
    name: str = "oxigraph"
    path: Path | None = None
    #: answers kept between runs (:mod:`chaingraph.result_cache`): for a persistent store opened read-only
    results: ResultCache | None = field(default=None, repr=False)
    small_queries_are_cheap: bool = field(default=True, init=False, repr=False)
    reads_in_parallel: bool = field(default=True, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.path is not None and self.name == "oxigraph":
            self.name = f"oxigraph:{self.path}"

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        from chaingraph.tables.detect import is_table_source

        files, problems = expand_paths(paths)
        tables = [file for file in files if is_table_source(file)]  # CSV/XLSX tables: chaingraph.tables
        files = [file for file in files if file not in tables]
        for file in files:
            fmt = _OX_FORMATS[RDF_FORMATS[file.suffix.lower()]]
            try:  # in memory, load is faster than bulk_load and peaks 40 % lower (tech-notes §3)
                self.store.load(path=str(file), format=fmt, base_iri=file.resolve().as_uri())
            except SyntaxError as error:
                text = file.read_text(encoding="utf-8", errors="replace")
                problems.append(syntax_problem(display_path(file), text, error))
            except (OSError, ValueError) as error:
                problems.append(Problem(f"cannot read: {error}", display_path(file)))
        converted: list[Graph] = []
        if tables:
            from chaingraph.tables import convert_sources

            converted, table_problems = convert_sources(tables, self, source_map)
            problems.extend(table_problems)
        if problems:
            raise InputError(problems)
        for graph in converted:
            self.add(graph)
        if source_map is not None:
            for file in files:
                source_map.add_file(display_path(file), file, partial(_subjects, file))

    def add(self, triples: Iterable[Triple]) -> None:
        try:
            self.store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples)
        except (OSError, RuntimeError) as error:  # RuntimeError: opened read-only
            raise InputError.single(f"cannot write to the Oxigraph store at {self.path}: {error}",
                                    hint="add files to a persistent store with chaingraph load") from None

    def _run(self, text: str):  # -> pyoxigraph's results
        try:
            return self.store.query(text)
        except SyntaxError as error:
            raise InputError.single(f"SPARQL syntax error: {error}") from None

    def _rows(self, text: str, convert: Callable[[ox.NamedNode | ox.BlankNode | ox.Literal], object]
              ) -> tuple[list[str], list[dict]]:
        result = self._run(text)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:  # its values in the order of the variables, each crossing into Oxigraph once
            rows.append({name: convert(value)
                         for name, value in zip(names, solution, strict=True) if value is not None})
        return names, rows

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows:
        return Rows(*self._rows(full_query_text(query, bindings), to_rdflib))

    def select_plain(self, query: str, bindings: Mapping[str, Node]) -> list[dict[str, object]]:
        """Rows of plain values (:func:`chaingraph.terms.plain_oxigraph`), without rdflib terms; from the
        :attr:`results` cache of a persistent store when it has them."""
        text = full_query_text(query, bindings)
        if self.results is None:
            return self._rows(text, plain_oxigraph)[1]
        key = self.results.key(text)
        rows = self.results.get(key)
        if rows is None:
            rows = self._rows(text, plain_oxigraph)[1]
            self.results.put(key, rows)
        return rows

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool:
        return bool(self._run(full_query_text(query, bindings)))

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph:
        out = Graph()
        bind_prefixes(out)
        for triple in self._run(full_query_text(query, bindings)):
            out.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return out

    def __len__(self) -> int:
        return len(self.store) - sum(1 for _ in self.store.quads_for_pattern(None, None, None, _META_GRAPH))

    def _referenced(self) -> list[ox.NamedNode]:
        """The code-list concepts the data refers to, found by index look-ups instead of a scan of every
        triple: a reference counts unless it is a code-list triple itself."""
        codes = code_lists()
        found = []
        for code in codes.concepts:
            for quad in self.store.quads_for_pattern(None, None, code, ox.DefaultGraph()):
                if quad not in codes.store:
                    found.append(code)
                    break
        return found

    def add_referenced_codes(self) -> None:
        """Add the code-list triples of the concepts the data refers to (:func:`chaingraph.ontology.code_quads`)."""
        self.store.extend(code_quads(self._referenced()))


#: RDF files larger than this in the memory store get a note that --store oxigraph is much faster
#: (about 10⁵ triples of N-Triples; benchmarks/README.md)
MEMORY_STORE_NOTE_BYTES = 16_000_000


def _suggest_oxigraph(paths: Sequence[Path]) -> None:
    files, _ = expand_paths(paths)
    size = sum(file.stat().st_size for file in files if file.is_file() and file.suffix.lower() in RDF_FORMATS)
    if size > MEMORY_STORE_NOTE_BYTES:
        log.info("%.0f MB of RDF in the memory store: --store oxigraph loads and analyses it 10–50× faster "
                 "(oxigraph:PATH keeps it loaded between runs)", size / 1e6)


# --- store kinds -------------------------------------------------------------------------------


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
    """Read a ``store=`` value; :class:`InputError` listing the accepted forms when it is none of them.

    >>> parse_store("oxigraph:/data/chains").path
    PosixPath('/data/chains')
    >>> parse_store("http://localhost:7878/query").kind
    'remote'
    """
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
        import urllib.parse

        if not urllib.parse.urlsplit(value).hostname:
            raise InputError.single(f"the SPARQL endpoint URL '{value}' has no host",
                                    hint="e.g. http://localhost:8890/sparql")
        return StoreSpec("remote", value)
    raise InputError.single(f"unknown store '{value}'", hint=f"use {STORE_FORMS}")


def open_store(kind: str = "memory") -> Store:
    """An empty store: ``"memory"`` (rdflib, the default) or ``"oxigraph"``; or the store a persistent
    path or endpoint URL names (opened read-only when a persistent store holds data)."""
    spec = parse_store(kind)
    if spec.kind == "memory":
        return MemoryStore()
    if spec.kind == "oxigraph":
        return OxigraphStore()
    if spec.kind == "remote":
        from chaingraph.remote import RemoteStore

        return RemoteStore(spec.target or "")
    state = _store_state(spec.path)
    return _open_persistent(spec.path, write=state != "store" or not _has_data_at(spec.path), cached=True)


# --- persistent Oxigraph stores ------------------------------------------------------------------

_META_GRAPH = ox.NamedNode("urn:x-chaingraph:store")
_META_SOURCES = ox.NamedNode("urn:x-chaingraph:sources")
_META_ONTOLOGY = ox.NamedNode("urn:x-chaingraph:ontology")


def _store_state(path: Path) -> Literal["absent", "empty", "store"]:
    """Whether *path* is free for a new store, or holds an Oxigraph store; :class:`InputError` otherwise."""
    if not path.exists():
        return "absent"
    if not path.is_dir():
        raise InputError.single("is a file, not an Oxigraph store", file=path,
                                hint="give a folder: a new one, an empty one or one holding an Oxigraph store")
    entries = [entry.name for entry in path.iterdir()]
    if not entries:
        return "empty"
    if "CURRENT" in entries and any(name.startswith("MANIFEST-") for name in entries):
        return "store"
    raise InputError.single("is not an Oxigraph store (the folder holds other files)", file=path,
                            hint="give a new or empty folder for a new store")


def _open_persistent(path: Path, *, write: bool, cached: bool = False) -> OxigraphStore:
    """The store at *path*, read-only unless *write*; *cached*: with its answers kept between runs."""
    try:
        store = ox.Store(str(path)) if write else ox.Store.read_only(str(path))
    except OSError as error:
        text = str(error)
        if "lock" in text.lower() or "Resource temporarily unavailable" in text:
            raise InputError.single("the Oxigraph store is in use by another process", file=path,
                                    hint="wait for the other chaingraph load (or server) to finish") from None
        raise InputError.single(f"cannot open the Oxigraph store: {' '.join(text.split())[:300]}",
                                file=path, hint="is it an Oxigraph 0.5 store?") from None
    return OxigraphStore(store, path=path, results=ResultCache.for_store(path) if cached and not write else None)


def _has_data(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def _has_data_at(path: Path) -> bool:
    backend = _open_persistent(path, write=False)
    return _has_data(backend.store)


def _meta(store: ox.Store, key: ox.NamedNode) -> object:
    for quad in store.quads_for_pattern(_META_GRAPH, key, None, _META_GRAPH):
        return json.loads(quad.object.value)
    return None


def _set_meta(store: ox.Store, key: ox.NamedNode, value: object) -> None:
    for quad in list(store.quads_for_pattern(_META_GRAPH, key, None, _META_GRAPH)):
        store.remove(quad)
    store.add(ox.Quad(_META_GRAPH, key, ox.Literal(json.dumps(value, ensure_ascii=False)), _META_GRAPH))


@dataclass
class LoadReport:
    """What :func:`load_persistent` did."""

    path: Path
    files: list[str]
    triples_before: int
    triples: int
    seconds: float
    created: bool
    #: of :attr:`seconds`, the time spent compacting the store after loading (0 when not compacted)
    compact_seconds: float = 0.0

    @property
    def added(self) -> int:
        return self.triples - self.triples_before


class LoadProgress(Protocol):
    """Told how loading goes: the bytes to read in all, then each file and the bytes read."""

    def start(self, total_bytes: int, files: int) -> None: ...

    def file(self, name: str, size: int) -> None: ...

    def advance(self, nbytes: int) -> None: ...

    def step(self, text: str) -> None:
        """A step without a byte count (compacting the store)."""


class _Counting(io.RawIOBase):
    """A binary file that reports how much has been read (bulk_load reads it in small chunks)."""

    def __init__(self, handle: IO[bytes], advance: Callable[[int], None]) -> None:
        super().__init__()
        self._handle = handle
        self._advance = advance
        self._pending = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        count = self._handle.readinto(buffer) or 0
        self._pending += count
        if self._pending >= 1 << 20 or count == 0:
            self._advance(self._pending)
            self._pending = 0
        return count


def load_persistent(path: str | Path, data: Sequence[str | Path] | None = None, *, codes: Codes = "used",
                    compact: bool = True, progress: LoadProgress | None = None) -> LoadReport:
    """Load *data* (files or folders; the bundled data if None) into the persistent Oxigraph store at
    *path*, with the ontology and the code concepts the data refers to (as :meth:`KnowledgeGraph.open`
    does), at Oxigraph's bulk-load rate. A new store is created when *path* is absent or an empty folder.

    All or nothing: when a file cannot be read or parsed, :class:`InputError` says where (file:line)
    and the store is put back as it was (a cheap hard-linked checkpoint is taken before loading).
    Loading more files into a store adds to it; the ontology is loaded once.

    With *compact* (the default) the store is then compacted (RocksDB's full compaction, pyoxigraph's
    ``Store.optimize``): a bulk load leaves its triples in many overlapping files, and every later query
    reads several of them per lookup — compacted, the analysis of a district runs 4× faster at 10⁷
    triples (benchmarks/README.md), for a tenth of the loading time spent once.
    """
    from chaingraph.tables.detect import is_table_source

    path = Path(path).expanduser()
    started = time.perf_counter()
    sources: list[Path] = [Path(p) for p in data] if data else []
    if data is None:
        sources.insert(0, bundled_graph_dir())
    files, problems = expand_paths(sources)
    if problems:
        raise InputError(problems)
    state = _store_state(path)
    backup = path.with_name(f".{path.name}.chaingraph-backup")
    if backup.exists():
        raise InputError.single(f"a checkpoint of an interrupted load is at {backup}", file=path,
                                hint=f"restore it (rm -r {path} && mv {backup} {path}) or delete it, then load again")
    backend = _open_persistent(path, write=True)
    store = backend.store
    try:
        before = len(backend) if state == "store" else 0
        if state == "store":
            store.flush()
            store.backup(str(backup))
        tables = [file for file in files if is_table_source(file)]
        rdf_files = [file for file in files if file not in tables]
        ontology = _meta(store, _META_ONTOLOGY) is None
        ontology_files = (vocabulary_files() + (code_files() if codes == "all" else [])) if ontology else []
        everything = rdf_files + ontology_files
        if progress is not None:
            progress.start(sum(f.stat().st_size for f in everything), len(everything))
        for file in everything:
            fmt = _OX_FORMATS[RDF_FORMATS[file.suffix.lower()]]
            name = display_path(file)
            if progress is not None:
                progress.file(name, file.stat().st_size)
            try:
                with open(file, "rb") as handle:
                    source = handle if progress is None else _Counting(handle, progress.advance)
                    if file in rdf_files:  # the data: at bulk-load speed
                        store.bulk_load(input=source, format=fmt, base_iri=file.resolve().as_uri())
                    else:  # the small ontology files: a bulk load's fixed cost is larger than theirs
                        store.load(input=source, format=fmt, base_iri=file.resolve().as_uri())
            except SyntaxError as error:
                raise InputError([syntax_problem(name, "", error)]) from None
            except (OSError, ValueError) as error:
                raise InputError([Problem(f"cannot read: {error}", name)]) from None
        if tables:
            from chaingraph.tables import convert_sources

            converted, table_problems = convert_sources(tables, backend, None)
            if table_problems:
                raise InputError(table_problems)
            for graph in converted:
                backend.add(graph)
        if codes == "used":
            backend.add_referenced_codes()
        recorded = _meta(store, _META_SOURCES) or []
        _set_meta(store, _META_SOURCES, [*recorded, *(str(s) for s in sources if str(s) not in recorded)])
        if ontology:
            _set_meta(store, _META_ONTOLOGY, codes)
        store.flush()
        compact_seconds = 0.0
        if compact:
            if progress is not None:
                progress.step("compacting the store")
            compact_started = time.perf_counter()
            store.optimize()
            compact_seconds = time.perf_counter() - compact_started
        triples = len(backend)
    except BaseException:
        del backend, store
        gc.collect()  # closes the store, so that its folder can be put back
        shutil.rmtree(path, ignore_errors=True)
        if backup.exists():
            os.replace(backup, path)
        elif state == "empty":
            path.mkdir()
        raise
    del backend, store  # closes the store (the last reference)
    if backup.exists():
        shutil.rmtree(backup, ignore_errors=True)
    return LoadReport(path, [display_path(f) for f in files], before, triples,
                      time.perf_counter() - started, state != "store", compact_seconds)


# --- dump ----------------------------------------------------------------------------------------


def _nt_lines(store: Store) -> Iterator[tuple[str, str, str]]:
    """Every triple of *store* as N-Triples terms (pyoxigraph's writer, whichever the store)."""
    if isinstance(store, OxigraphStore):
        for quad in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield str(quad.subject), str(quad.predicate), str(quad.object)
        return
    graph = store.graph if isinstance(store, MemoryStore) else store.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})
    for s, p, o in graph:
        yield str(to_oxigraph(s)), str(to_oxigraph(p)), str(to_oxigraph(o))


def _canonical_blank_nodes(triples: list[tuple[str, str, str]]) -> dict[str, str]:
    """Stable labels for the blank nodes: colour refinement (each node hashed with its neighbourhood,
    repeated until no new class splits), then ``_:b1``, ``_:b2`` … in the order of the colours, so that
    the same graph is written the same way whatever labels the store gave its blank nodes."""
    import hashlib

    edges: dict[str, list[tuple[str, str, str]]] = {}
    for s, p, o in triples:
        if s.startswith("_:"):
            edges.setdefault(s, []).append(("out", p, o))
        if o.startswith("_:"):
            edges.setdefault(o, []).append(("in", p, s))
    if not edges:
        return {}
    colour = dict.fromkeys(edges, "")
    classes = 1
    for _ in range(64):
        new = {node: hashlib.sha256("\n".join(sorted(
            f"{d} {p} {'_:' + colour[t] if t.startswith('_:') else t}" for d, p, t in incident)).encode("utf-8"))
            .hexdigest() for node, incident in edges.items()}
        count = len(set(new.values()))
        colour = new
        if count == classes:
            break
        classes = count
    order = sorted(edges, key=lambda node: (colour[node], node))
    return {node: f"_:b{i}" for i, node in enumerate(order, start=1)}


def dump(store: Store, out: str | Path, *, fmt: Literal["nt", "turtle"] | None = None,
         sort: bool = True) -> int:
    """Write everything *store* holds to *out* as N-Triples (``.nt``) or Turtle, atomically; return the
    number of triples. N-Triples are sorted, with stable blank-node labels, so that the same graph
    always gives the same file (``sort=False`` streams them unsorted, for very large stores)."""
    out = Path(out)
    fmt = fmt or ("turtle" if out.suffix.lower() in (".ttl", ".turtle") else "nt")
    count = 0
    with atomic_output(out, text=True) as stream:
        if fmt == "nt" and not sort:
            for s, p, o in _nt_lines(store):
                stream.write(f"{s} {p} {o} .\n")
                count += 1
        else:
            triples = list(_nt_lines(store))
            labels = _canonical_blank_nodes(triples)
            lines = sorted({f"{labels.get(s, s)} {p} {labels.get(o, o)} .\n" for s, p, o in triples})
            count = len(lines)
            if fmt == "nt":
                stream.writelines(lines)
            else:
                graph = Graph()
                bind_prefixes(graph)
                graph.parse(data="".join(lines), format="nt")
                stream.write(graph.serialize(format="turtle"))
    return count


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
    def open(cls, data: Sequence[str | Path] | None = None, *, with_bundled: bool = False,
             codes: Codes = "used", store: str = "memory") -> KnowledgeGraph:
        """Open the ontology plus *data* (files or folders), or plus the bundled data if *data* is None.

        Nothing is loaded unless every file reads cleanly; otherwise :class:`InputError` lists the
        problems of all files. *codes* chooses how much of the code lists to load: the concepts the
        data refers to (``"used"``, with their ancestors), ``"all"`` or ``"none"``. *store* is
        ``"memory"`` (default), ``"oxigraph"``, ``"oxigraph:PATH"`` or a SPARQL endpoint URL
        (:data:`STORE_FORMS`). A persistent store that holds data is used as it is (*data* must then
        be None: add files with ``chaingraph load``); an empty one is loaded first. An endpoint serves
        its own data (*data* must be None).
        """
        spec = parse_store(store)
        if spec.kind == "remote":
            return cls._open_remote(spec, data, with_bundled)
        if spec.kind == "persistent":
            path = spec.path
            if _store_state(path) == "store" and _has_data_at(path):
                if data is not None or with_bundled:
                    raise InputError.single(
                        "this persistent store already holds data, so --graph cannot be used with it", file=path,
                        hint=f"add files to it with: chaingraph load --store oxigraph:{path} FILES…; or give a "
                             "new folder")
                backend = _open_persistent(path, write=False, cached=True)
                sources = [Path(s) for s in _meta(backend.store, _META_SOURCES) or []]
                log.info("using the Oxigraph store at %s as it is (loaded from %s); chaingraph load adds files to "
                         "it", path, ", ".join(map(str, sources)) or "unknown files")
                return cls(backend, sources, SourceMap())
            paths = [Path(p) for p in data] if data else []
            if data is None or with_bundled:
                paths.insert(0, bundled_graph_dir())
            report = load_persistent(path, paths, codes=codes)
            log.info("loaded %d triples into the new Oxigraph store at %s in %.1f s", report.triples, path,
                     report.seconds)
            backend = _open_persistent(path, write=False, cached=True)
            return cls(backend, [Path(s) for s in _meta(backend.store, _META_SOURCES) or []], SourceMap())
        paths: list[Path] = [Path(p) for p in data] if data else []
        if data is None or with_bundled:
            paths.insert(0, bundled_graph_dir())
        backend = MemoryStore() if spec.kind == "memory" else OxigraphStore()
        if spec.kind == "memory":
            _suggest_oxigraph(paths)
        source_map = SourceMap()
        backend.load(paths, source_map)
        backend.load(vocabulary_files())
        if codes == "all":
            backend.load(code_files())
        elif codes == "used":
            if isinstance(backend, OxigraphStore):
                backend.add_referenced_codes()
            else:  # a scan of the objects in Python: rdflib's SPARQL scan is ten times slower
                backend.add(code_triples(o for o in backend.graph.objects() if isinstance(o, URIRef)))
        return cls(backend, paths, source_map)

    @classmethod
    def _open_remote(cls, spec: StoreSpec, data: Sequence[str | Path] | None, with_bundled: bool) -> KnowledgeGraph:
        from chaingraph.remote import RemoteStore

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
        return self.store.select(query, _bindings(params))

    def select_plain(self, query: str, /, **params: object) -> list[dict[str, object]]:
        """Rows of a SELECT query as plain values (:mod:`chaingraph.terms`): IRIs and text as ``str``,
        numbers as ``int``/``float``. What the analyses read; much faster on Oxigraph than :meth:`select`.

        >>> kg = KnowledgeGraph.open()
        >>> kg.select_plain("SELECT ?id WHERE { ?c a cg:IndustryChain ; skos:notation ?id } ORDER BY ?id")[0]
        {'id': 'aluminium'}
        """
        fast = getattr(self.store, "select_plain", None)
        if fast is not None:
            return fast(query, _bindings(params))
        return [{name: plain(value) for name, value in row.items()} for row in self.select(query, **params)]

    def ask(self, query: str, /, **params: object) -> bool:
        return self.store.ask(query, _bindings(params))

    def construct(self, query: str, /, **params: object) -> Graph:
        return self.store.construct(query, _bindings(params))

    def __len__(self) -> int:
        return len(self.store)

    @property
    def graph(self) -> Graph:
        """An rdflib graph of everything in the store (the store's own graph when it is in memory)."""
        if isinstance(self.store, MemoryStore):
            return self.store.graph
        return self.store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})


def _bindings(params: Mapping[str, object]) -> dict[str, Node]:
    return {name: to_term(value) for name, value in params.items() if value is not None}


def iri(value: str) -> URIRef:
    """An IRI from a full IRI or a chaingraph prefixed name (``cgk:AL07``).

    >>> iri("cgk:AL07")
    rdflib.term.URIRef('https://w3id.org/chaingraph/kos/AL07')
    """
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(value)
