"""Read RDF files into an rdflib graph, all or nothing, with errors that point at the file and line.

>>> from chaingraph.paths import ontology_dir
>>> graph = load_files([ontology_dir() / "chaingraph.ttl", ontology_dir() / "kos.ttl"])
>>> len(graph) > 100
True
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import SAXParseException

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from chaingraph.errors import InputError, Problem
from chaingraph.paths import display_path
from chaingraph.store.lexical import ill_typed_problem, invalid

__all__ = ["RDF_FORMATS", "SourceMap", "expand_paths", "load_files", "oversized", "parse_file", "syntax_problem"]

#: rdflib's parser name → Oxigraph's format (the same files read by both)
_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "n3": ox.RdfFormat.N3,
               "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}

#: file suffix → rdflib parser name (the suffixes are :data:`chaingraph.paths.RDF_SUFFIXES`)
RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
}


@dataclass
class SourceMap:
    """Which file (and line) describes each subject, so later errors can say where to look.

    Files registered with :meth:`add_file` are read only when :meth:`locate` is first called: a large
    graph that validates cleanly never pays for a second parse or for holding its text.
    """

    texts: dict[str, str] = field(default_factory=dict)
    subjects: dict[URIRef | BNode, list[str]] = field(default_factory=dict)
    pending: list[tuple[str, Path, Callable[[], Iterable[URIRef | BNode]]]] = field(default_factory=list)

    def add(self, file: str, text: str, subjects: Iterable[URIRef | BNode]) -> None:
        self.texts[file] = text
        for subject in set(subjects):
            self.subjects.setdefault(subject, []).append(file)

    def add_file(self, file: str, path: Path, subjects: Callable[[], Iterable[URIRef | BNode]]) -> None:
        """Register *path* (shown as *file*) whose subjects *subjects()* lists, to be read on demand."""
        self.pending.append((file, path, subjects))

    def locate(self, node: URIRef | BNode) -> tuple[str, int | None] | None:
        """The first file that describes *node*, and the line where its name first appears there."""
        while self.pending:
            file, path, subjects = self.pending.pop(0)
            self.add(file, path.read_text(encoding="utf-8", errors="replace"), subjects())
        files = self.subjects.get(node)
        if not files:
            return None
        file = files[0]
        if isinstance(node, URIRef):
            local = re.split(r"[/#]", str(node))[-1]
            pattern = re.compile(rf"(<{re.escape(str(node))}>|:{re.escape(local)})(?![\w\-.])")
            for number, line in enumerate(self.texts[file].splitlines(), start=1):
                if pattern.search(line):
                    return file, number
        return file, None


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """RDF files to read for *paths*: files as given, directories searched recursively for RDF files.

    (Folders of tables and workbooks are sorted out before, by :func:`chaingraph.knowledge.expand_sources`.)
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RDF_FORMATS)
            if not found:
                problems.append(Problem("folder holds no RDF file", file=str(path),
                                        hint="expected " + ", ".join(sorted(set(RDF_FORMATS)))))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in RDF_FORMATS:
                problems.append(Problem(f"unknown file type '{path.suffix}'", file=str(path),
                                        hint="use one of " + ", ".join(sorted(set(RDF_FORMATS)))))
            else:
                files.append(path)
        else:
            problems.append(Problem("no such file or folder", file=str(path)))
    return files, problems


@contextmanager
def _quiet_rdflib():
    # rdflib logs ill-typed literals as warnings; chaingraph reports them itself, with their place.
    logger = logging.getLogger("rdflib.term")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def syntax_problem(file: str, text: str, error: Exception) -> Problem:
    if isinstance(error, BadSyntax):
        source = error._str.decode("utf-8", "replace") if isinstance(error._str, bytes) else error._str
        line = error.lines + 1
        column = error._i - source.rfind("\n", 0, error._i)
        why = error._why
        hint = None
        prefix = re.match(r'Prefix "([^"]*):" not bound', why)
        if prefix:
            why = f"unknown prefix '{prefix.group(1)}:'"
            hint = f"declare it with @prefix {prefix.group(1)}: <…> . at the top of the file"
        return Problem(f"Turtle syntax error: {why}", file, line, column, hint)
    if isinstance(error, SyntaxError) and error.lineno:  # pyoxigraph's parser
        why = str(error.msg if hasattr(error, "msg") else error)
        why = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", why)
        prefix = re.match(r"The prefix (\S*): has not been declared", why)
        if prefix:
            return Problem(f"syntax error: unknown prefix '{prefix.group(1)}:'", file, error.lineno, error.offset,
                           f"declare it with @prefix {prefix.group(1)}: <…> . at the top of the file")
        return Problem(f"syntax error: {why}", file, error.lineno, error.offset)
    if isinstance(error, SAXParseException):
        return Problem(f"RDF/XML syntax error: {error.getMessage()}", file,
                       error.getLineNumber(), error.getColumnNumber())
    match = re.search(r"line (\d+)", str(error))
    return Problem(f"cannot parse: {' '.join(str(error).split())[:300]}", file, int(match.group(1)) if match else None)


#: the longest term (literal, IRI) Oxigraph's parsers read: 16 MiB (its message says the number)
_OXIGRAPH_TERM_LIMIT = 16 * 1024 * 1024


def oversized(path: Path, name: str, error: MemoryError) -> Problem | None:
    """The problem of a file with a term longer than Oxigraph's parsers read (they raise ``MemoryError:
    Reached the buffer maximal size``), at the first line longer than that; None for any other MemoryError."""
    found = re.search(r"buffer maximal size of (\d+)", str(error))
    if not found and "buffer maximal size" not in str(error):
        return None
    limit = int(found.group(1)) if found else _OXIGRAPH_TERM_LIMIT
    return Problem(f"a literal or IRI longer than {limit / 2**20:g} MiB, the most Oxigraph reads in one term", name,
                   _long_line(path, limit),
                   hint="shorten it, or keep long texts outside the graph (e.g. a link to the document)")


def _long_line(path: Path, limit: int) -> int | None:
    """The number of the first line of *path* longer than *limit* bytes (read in chunks), or None."""
    line, length = 1, 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                start = 0
                while True:
                    end = chunk.find(b"\n", start)
                    length += (len(chunk) if end < 0 else end) - start
                    if length > limit:
                        return line
                    if end < 0:
                        break
                    line, length, start = line + 1, 0, end + 1
    except OSError:
        return None
    return None


def parse_file(path: str | Path, source_map: SourceMap | None = None) -> Graph:
    """Parse one RDF file; raise :class:`InputError` naming the file and line on any problem.

    Besides syntax errors this rejects ill-typed literals (``"abc"^^xsd:decimal``): they parse, but
    a number that is not a number is a data error the user must fix.
    """
    path = Path(path)
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError.single(f"cannot read: {error.strerror}", file=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError.single("not UTF-8 text", file=name, line=line,
                                hint="save the file as UTF-8") from None
    fmt = RDF_FORMATS.get(path.suffix.lower(), "turtle")
    problems = _ill_typed(path, text, name)  # first: it refuses a term too long at once, where rdflib takes minutes
    graph = Graph()
    try:
        with _quiet_rdflib(), warnings.catch_warnings():  # rdflib warns of literals it rewrites: checked below
            warnings.simplefilter("ignore")
            graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as error:  # rdflib raises many unrelated types for syntax errors
        raise InputError([syntax_problem(name, text, error)]) from None
    if problems:
        raise InputError(problems)
    if source_map is not None:
        source_map.add(name, text, (s for s in graph.subjects() if isinstance(s, URIRef | BNode)))
    return graph


def _ill_typed(path: Path, text: str, name: str) -> list[Problem]:
    """The literals of the file whose lexical form their datatype does not allow (:mod:`chaingraph.store.lexical`),
    read from the file as written: rdflib rewrites some of them (``"tru"^^xsd:boolean`` becomes ``false``).

    The file is read again by Oxigraph's parser, so that every store refuses the same files with the same
    located error: rdflib lets through IRIs the RDF syntaxes forbid (``<http://a b>``, ``<x{y}>``), which
    Oxigraph refuses. A term longer than Oxigraph reads is refused here at once (:func:`oversized`),
    as Oxigraph refuses it."""
    if RDF_FORMATS.get(path.suffix.lower()) not in _OX_FORMATS:
        return []
    try:
        quads = ox.parse(input=text.encode("utf-8"), format=_OX_FORMATS[RDF_FORMATS[path.suffix.lower()]],
                         base_iri=path.resolve().as_uri())
        found = sorted({(q.object.value, q.object.datatype.value) for q in quads
                        if isinstance(q.object, ox.Literal) and invalid(q.object.value, q.object.datatype.value)})
    except SyntaxError as error:  # what the Oxigraph store says of this file
        return [syntax_problem(name, text, error)]
    except ValueError:  # rdflib read it and Oxigraph has no place to give: rdflib's reading stands
        return []
    except MemoryError as error:  # a term Oxigraph cannot read: refused on every store, as Oxigraph does
        problem = oversized(path, name, error)
        if problem is None:
            raise
        raise InputError([problem]) from None
    return [ill_typed_problem(value, datatype, {name: text}) for value, datatype in found]


def load_files(paths: Sequence[str | Path], graph: Graph | None = None,
               source_map: SourceMap | None = None) -> Graph:
    """Parse every RDF file (directories recursively) and add them all to *graph*, or nothing at all.

    All problems of all files are collected and raised together as one :class:`InputError`.
    """
    files, problems = expand_paths(paths)
    parsed: list[Graph] = []
    for file in files:
        try:
            parsed.append(parse_file(file, source_map))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    target = graph if graph is not None else Graph()
    for part in parsed:
        target += part
    return target
