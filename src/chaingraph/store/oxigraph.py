"""An Oxigraph store in this process: in memory (``store="oxigraph"``) or on disk
(``store="oxigraph:PATH"``, :mod:`chaingraph.store.persistent`).

Queries run on Oxigraph's own engine; parameters are bound with a ``VALUES`` block
(:mod:`chaingraph.store.values`). Queries see the default graph only: a persistent store keeps what
chaingraph knows about it (the files loaded into it) in a named graph of its own (:data:`META_GRAPH`).

>>> from rdflib import Literal, URIRef
>>> store = OxigraphStore()
>>> store.add([(URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("铝"))])
>>> store.select_plain("SELECT ?o WHERE { ?s ?p ?o }", {})
[{'o': '铝'}]
"""

from __future__ import annotations

import mmap
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from chaingraph.errors import InputError, Problem
from chaingraph.paths import display_path
from chaingraph.store.early import take
from chaingraph.store.lexical import ill_typed_problem, invalid, sparql_typed_scan, typed_forms
from chaingraph.store.loading import RDF_FORMATS, SourceMap, expand_paths, oversized, syntax_problem
from chaingraph.store.protocol import Rows, Triple, full_query_text
from chaingraph.store.result_cache import ResultCache
from chaingraph.vocab.namespaces import bind_prefixes
from chaingraph.vocab.ontology import code_lists, code_quads
from chaingraph.vocab.oxi import to_oxigraph, to_rdflib
from chaingraph.vocab.terms import plain_tsv

__all__ = ["META_GRAPH", "OX_FORMATS", "OxigraphStore"]

#: the named graph in which a persistent store keeps what chaingraph knows about it
META_GRAPH = ox.NamedNode("urn:x-chaingraph:store")

#: rdflib's parser name (:data:`chaingraph.store.loading.RDF_FORMATS`) → Oxigraph's format
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "n3": ox.RdfFormat.N3,
              "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}


def ox_format(file: Path) -> ox.RdfFormat:
    """Oxigraph's format for an RDF file, by its suffix."""
    return OX_FORMATS[RDF_FORMATS[file.suffix.lower()]]


def ill_typed(store: ox.Store, files: Sequence[Path], *, only_files: bool = False,
              written: Sequence[Written] | None = None) -> list[Problem]:
    """The literals of *store* whose lexical form their datatype does not allow, each placed in the first of
    *files* that writes it (files are read only when there is one). *only_files*: the store holds the triples of
    *files* and nothing else — then Turtle and N-Triples files are first read for the forms they write with a
    datatype (:func:`written_forms`, or *written*: those forms, read already, one per file), and the store is
    scanned only when one of those is not lexical and in the store."""
    if only_files:
        forms = written if written is not None else [written_forms(file) for file in files]
        if all(_well_typed(store, found) for found in forms):
            return []
    # one scan in Rust for the distinct literals of the checked datatypes (≈ 1 s at 1.6M triples), their forms
    # matched in Python: matching them in the query (REGEX per literal) took twice as long
    solutions = store.query(sparql_typed_scan())
    assert isinstance(solutions, ox.QuerySolutions)
    found = sorted({(value, datatype) for value, datatype in ((row["o"].value, row["d"].value) for row in solutions)
                    if invalid(value, datatype)})
    if not found:
        return []
    texts = {display_path(file): file.read_text(encoding="utf-8", errors="replace") for file in files}
    return [ill_typed_problem(value, datatype, texts) for value, datatype in found]


#: the forms a file writes with a datatype, each with the datatypes it may have; ``None``: only a scan can tell
Written = dict[str, set[str]] | None


def written_forms(file: Path) -> Written:
    """The forms Turtle or N-Triples *file* writes with a datatype (:func:`~chaingraph.store.lexical.typed_forms`:
    0.05–0.1 s for a 68 MB file, where a scan of the store's 1.6M triples takes 1 s); ``None`` for another
    syntax, or when only a scan of the store can tell."""
    if RDF_FORMATS.get(file.suffix.lower()) not in ("turtle", "nt"):
        return None
    try:
        handle = file.open("rb")
    except OSError:  # the load names the problem
        return None
    with handle:
        try:
            text = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return {}
        with text:
            return typed_forms(text)


def _well_typed(store: ox.Store, forms: Written) -> bool:
    """Whether a file whose forms written with a datatype are *forms* (:func:`written_forms`), loaded into
    *store*, certainly holds no ill-typed literal: every form is lexical, or no literal of the store has it with
    that datatype."""
    return forms is not None and not any(
        invalid(form, datatype) and next(store.quads_for_pattern(
            None, None, ox.Literal(form, datatype=ox.NamedNode(datatype)), None), None) is not None
        for form, datatypes in forms.items() for datatype in datatypes)


def _oversized(file: Path, error: MemoryError) -> Problem:
    """The problem of a file with a term too long for Oxigraph's parser; any other MemoryError goes on."""
    problem = oversized(file, display_path(file), error)
    if problem is None:
        raise error
    return problem


def _remembering(convert: Callable[[Any], Node]) -> Callable[[Any], Node]:
    """*convert* made once per distinct term of one result: a company, a link, a fact's name repeat on many rows,
    and rdflib checks every IRI and literal it builds (``export`` of 100k companies, 600,000 rows of
    ``table-actors``: 7.4 → 3.9 s). rdflib terms are immutable, so the rows may share them."""
    made: dict[Any, Node] = {}

    def converted(term: Any) -> Node:
        node = made.get(term)
        if node is None:
            node = made[term] = convert(term)
        return node
    return converted


def _failed(error: OSError) -> InputError:
    """A query that failed while Oxigraph evaluated it (a ``SERVICE`` call that failed, a store's files)."""
    return InputError.single(f"the query failed: {' '.join(str(error).split())[:300]}")


def _subjects(file: Path) -> set[URIRef | BNode]:
    """The subjects of one RDF file, parsed again by Oxigraph (only when an error needs its place)."""
    subjects = (to_rdflib(q.subject) for q in ox.parse(path=str(file), format=ox_format(file),
                                                        base_iri=file.resolve().as_uri()))
    return {s for s in subjects if isinstance(s, URIRef | BNode)}


@dataclass
class OxigraphStore:
    """An Oxigraph store in this process: in memory, or on disk at *path* (see the module documentation)."""

    store: ox.Store = field(default_factory=ox.Store)
    name: str = "oxigraph"
    path: Path | None = None
    #: answers kept between runs (:mod:`chaingraph.store.result_cache`): for a persistent store opened read-only
    results: ResultCache | None = field(default=None, repr=False)
    small_queries_are_cheap: bool = field(default=True, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.path is not None and self.name == "oxigraph":
            self.name = f"oxigraph:{self.path}"

    @property
    def read_threads(self) -> int:
        """On disk, three: RocksDB's reads run at once. In memory, two: queries from two threads on one
        in-memory store each run about half as fast (they contend inside Oxigraph, not on a lock), so a second
        thread gains little as a reader; it lets the longest read (the nearest sources') start at once, while
        the other reads the region and the analysis takes its rows."""
        return 3 if self.path is not None else 2

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None, *, shipped: bool = False) -> None:
        """Load RDF files; every problem (syntax, ill-typed literals) of every file raised together. *shipped*:
        chaingraph's own vocabulary, whose literals its tests check — not scanned again with the whole store's
        (the scan reads every triple: a third of the time the data's load took)."""
        files, problems = expand_paths(paths)
        empty = not shipped and next(self.store.quads_for_pattern(None, None, None, None), None) is None
        # the forms the files write with a datatype, read meanwhile: Oxigraph parses without Python's lock
        with ThreadPoolExecutor(max_workers=1) as pool:
            written = pool.map(written_forms, files) if empty else None
            # in memory, the files may have been loading since the command line started (store.early)
            head_start = take(files) if empty and self.path is None else None
            if head_start is not None:
                self.store, loaded = head_start, list(files)
            else:
                loaded = self._load_files(files, problems)
            forms = list(written) if written is not None and not problems else None
        if source_map is not None:
            for file in loaded:
                source_map.add_file(display_path(file), file, partial(_subjects, file))
        if not shipped:
            problems += ill_typed(self.store, loaded, only_files=forms is not None, written=forms)
        if problems:
            raise InputError(problems)

    def _load_files(self, files: Sequence[Path], problems: list[Problem]) -> list[Path]:
        """Load *files* one by one; return those loaded, and add the problems of the others to *problems*."""
        loaded = []
        for file in files:
            try:  # in memory, load is faster than bulk_load and peaks 40 % lower (benchmarks/README.md)
                self.store.load(path=str(file), format=ox_format(file), base_iri=file.resolve().as_uri())
                loaded.append(file)
            except SyntaxError as error:
                text = file.read_text(encoding="utf-8", errors="replace")
                problems.append(syntax_problem(display_path(file), text, error))
            except (OSError, ValueError) as error:
                problems.append(Problem(f"cannot read: {error}", display_path(file)))
            except MemoryError as error:
                problems.append(_oversized(file, error))
        return loaded

    def add(self, triples: Iterable[Triple]) -> None:
        try:
            # a subject is an IRI or a blank node and a predicate an IRI, in any triple rdflib holds
            self.store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                              for s, p, o in triples)
        except (OSError, RuntimeError) as error:  # RuntimeError: opened read-only
            raise InputError.single(f"cannot write to the Oxigraph store at {self.path}: {error}",
                                    hint="add files to a persistent store with chaingraph load") from None

    def add_ntriples(self, text: str, *, turtle: bool = False) -> None:
        """Add the triples of the N-Triples (or, with *turtle*, Turtle) *text*: Oxigraph parses them at its own
        rate, several times faster than :meth:`add` converts rdflib terms one by one (``chaingraph import``;
        benchmarks/README.md)."""
        try:
            self.store.load(text, format=ox.RdfFormat.TURTLE if turtle else ox.RdfFormat.N_TRIPLES)
        except (OSError, RuntimeError) as error:  # RuntimeError: opened read-only
            raise InputError.single(f"cannot write to the Oxigraph store at {self.path}: {error}",
                                    hint="add files to a persistent store with chaingraph load") from None

    def _run(self, text: str) -> Any:  # pyoxigraph's results
        try:
            return self.store.query(text)
        except SyntaxError as error:
            raise InputError.single(f"SPARQL syntax error: {error}") from None
        except OSError as error:
            raise _failed(error) from None

    def _rows(self, text: str, convert: Callable[[Any], Any]) -> tuple[list[str], list[dict[str, Any]]]:
        result = self._run(text)
        names = [v.value for v in result.variables]
        rows = []
        try:
            for solution in result:  # its values in the order of the variables, each crossing into Oxigraph once
                rows.append({name: convert(value)
                             for name, value in zip(names, solution, strict=True) if value is not None})
        except OSError as error:  # met while evaluating: a SERVICE call that failed, the store's files
            raise _failed(error) from None
        return names, rows

    def _plain_rows(self, text: str) -> list[dict[str, Any]]:
        """Rows of plain values, the solutions written by Oxigraph as SPARQL TSV in one call and read back here
        (:func:`~chaingraph.vocab.terms.plain_tsv`): Oxigraph so evaluates the whole query without Python's lock.
        Iterating its solutions takes the lock back for every row, and waits for it up to the switch interval
        (5 ms) while another thread runs Python: 15,060 rows of ``region-figures`` took 66 s beside a thread busy
        in Python, 0.45 s this way. TSV rather than JSON: JSON's dict per term took 0.8 GB for 137,000 rows."""
        result = self._run(text)
        try:
            lines = result.serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")
        except OSError as error:  # met while evaluating: a SERVICE call that failed, the store's files
            raise _failed(error) from None
        names = [name[1:] for name in lines[0].split("\t")]  # ?name
        return [{name: plain_tsv(term) for name, term in zip(names, line.split("\t"), strict=True) if term}
                for line in lines[1:] if line]

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows:
        return Rows(*self._rows(full_query_text(query, bindings), _remembering(to_rdflib)))

    def select_plain(self, query: str, bindings: Mapping[str, Node]) -> list[dict[str, Any]]:
        """Rows of plain values (:func:`chaingraph.vocab.terms.plain_tsv`), without rdflib terms; from the
        :attr:`results` cache of a persistent store when it has them."""
        text = full_query_text(query, bindings)
        if self.results is None:
            return self._plain_rows(text)
        key = self.results.key(text)
        rows = self.results.get(key)
        if rows is None:
            rows = self._plain_rows(text)
            self.results.put(key, rows)
        return rows

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool:
        return bool(self._run(full_query_text(query, bindings)))

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph:
        out = Graph()
        bind_prefixes(out)
        try:
            for triple in self._run(full_query_text(query, bindings)):
                out.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        except OSError as error:
            raise _failed(error) from None
        return out

    def __len__(self) -> int:
        return len(self.store) - sum(1 for _ in self.store.quads_for_pattern(None, None, None, META_GRAPH))

    def _referenced(self) -> list[ox.NamedNode]:
        """The code-list concepts the data refers to, found by index look-ups instead of a scan of every
        triple: a reference counts unless it is a code-list triple itself."""
        codes = code_lists()
        # one query binding every concept (Oxigraph looks each up in its index; a loop of 10⁴ look-ups from
        # Python cost 0.1 s), then a check of the few found
        values = " ".join(f"<{iri}>" for iri in codes.concepts)
        solutions = self.store.query(f"SELECT DISTINCT ?o {{ VALUES ?o {{ {values} }} ?s ?p ?o }}")
        assert isinstance(solutions, ox.QuerySolutions)
        hits = [row[0] for row in solutions]
        found = []
        for code in sorted(hits, key=lambda node: node.value):
            if any(not codes.holds(q) for q in self.store.quads_for_pattern(None, None, code, ox.DefaultGraph())):
                found.append(code)
        return found

    def add_referenced_codes(self) -> None:
        """Add the code-list triples of the concepts the data refers to
        (:func:`chaingraph.vocab.ontology.code_quads`)."""
        self.store.extend(code_quads(self._referenced()))
