"""The ontology every store starts with: the vocabulary, its controlled lists and the code lists.

The code lists are large (HS 2022 alone has ~35,000 triples) and rdflib's in-memory store adds only
~50,000 triples a second, so by default a store receives only the code concepts its data refers to,
with their ancestors and their scheme; ``codes="all"`` loads the full lists.

>>> from rdflib import URIRef
>>> triples = code_triples([URIRef("https://w3id.org/chaingraph/kos/hs2022/760421")])
>>> sorted(str(o) for s, p, o in triples if str(p).endswith("#notation"))  # the code and its ancestors
['76', '7604', '7604.21', 'XV']
"""

from __future__ import annotations

import hashlib
import logging
import marshal
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from chaingraph.errors import OutputError
from chaingraph.fileio import write_bytes
from chaingraph.paths import cache_dir, cache_enabled, ontology_dir
from chaingraph.vocab.namespaces import GBT2011, GBT2017, HS, SKOS
from chaingraph.vocab.oxi import to_rdflib

__all__ = ["CODE_NAMESPACES", "CodeLists", "code_files", "code_lists", "code_quads", "code_triples", "vocabulary_files"]

CODE_NAMESPACES = (str(HS), str(GBT2017), str(GBT2011))
Triple = tuple[Node, Node, Node]
log = logging.getLogger("chaingraph.store")


def vocabulary_files() -> list[Path]:
    return [ontology_dir() / "chaingraph.ttl", ontology_dir() / "kos.ttl"]


def code_files() -> list[Path]:
    return sorted((ontology_dir() / "codes").glob("*.ttl"))


def _is_code(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(CODE_NAMESPACES)


#: the version of the index's layout (a cached index of another layout is built again)
_INDEX_LAYOUT = 3
_BROADER, _IN_SCHEME, _TOP_OF = (str(term) for term in (SKOS.broader, SKOS.inScheme, SKOS.topConceptOf))
_CLOSING = frozenset({_BROADER, _IN_SCHEME, _TOP_OF})  # followed from a concept: its ancestors and schemes


@dataclass(frozen=True)
class CodeLists:
    """The bundled code lists as an index of N-Triples lines (the lists hold IRIs and literals only).

    Built from the Turtle files once (0.3 s: a parse of 54,000 triples and a walk of them) and kept in the
    cache folder (:func:`~chaingraph.paths.cache_dir`) as a ``marshal`` file that loads in a few
    milliseconds: every command that opens a graph looks up the codes its data refers to.
    """

    # UTF-8 bytes, one value per IRI: marshal loads them as they are (no decoding of 11 MB of text), and
    # Oxigraph parses them as they are
    concepts: tuple[str, ...]  #: every IRI of the code namespaces the lists describe, sorted
    triples: dict[str, bytes]  #: subject IRI → its triples, N-Triples lines each ending with a line break
    closing: dict[str, bytes]  #: subject IRI → its skos:broader, skos:inScheme, skos:topConceptOf, space-separated
    incoming: dict[str, bytes]  #: object IRI → the lines pointing at it (not broader, not inScheme)

    def holds(self, quad: ox.Quad) -> bool:
        """Whether *quad* (in any graph) is a triple of the code lists."""
        lines = self.triples.get(quad.subject.value, b"") if isinstance(quad.subject, ox.NamedNode) else b""
        line = f"{quad.subject} {quad.predicate} {quad.object} .\n".encode()
        return lines.startswith(line) or b"\n" + line in lines


def _build_code_lists(files: list[Path]) -> CodeLists:
    store = ox.Store()
    for file in files:
        store.load(path=str(file), format=ox.RdfFormat.TURTLE)
    triples: dict[str, list[str]] = {}
    closing: dict[str, list[str]] = {}
    incoming: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if not isinstance(quad.subject, ox.NamedNode):  # the lists describe IRIs only
            continue
        subject, predicate, value = quad.subject.value, quad.predicate.value, quad.object
        line = f"{quad.subject} {quad.predicate} {value} ."
        triples.setdefault(subject, []).append(line)
        if isinstance(value, ox.NamedNode):
            if predicate in _CLOSING:
                closing.setdefault(subject, []).append(value.value)
            if predicate not in (_BROADER, _IN_SCHEME):  # a match or a top concept, not a child
                incoming.setdefault(value.value, []).append(line)
    concepts = sorted(s for s in triples if s.startswith(CODE_NAMESPACES))
    def lines(by_iri: dict[str, list[str]]) -> dict[str, bytes]:
        return {k: "".join(f"{line}\n" for line in sorted(v)).encode() for k, v in by_iri.items()}

    return CodeLists(tuple(concepts), lines(triples), {k: " ".join(sorted(v)).encode() for k, v in closing.items()},
                     lines(incoming))


def _index_file(files: list[Path]) -> Path:
    stamp = [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    key = hashlib.sha256(repr((_INDEX_LAYOUT, ox.__version__, stamp)).encode()).hexdigest()[:20]
    return cache_dir() / f"code-lists-{key}.marshal"


@cache
def code_lists() -> CodeLists:
    """The index of the bundled code lists: read from the cache folder, else built (and kept there)."""
    files = code_files()
    if not cache_enabled():
        return _build_code_lists(files)
    path = _index_file(files)
    try:
        return CodeLists(*marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):  # not built yet, or unreadable: build it again
        pass
    lists = _build_code_lists(files)
    try:
        write_bytes(path, marshal.dumps((lists.concepts, lists.triples, lists.closing, lists.incoming)))
    except (OSError, OutputError) as error:  # a read-only home: build it every time
        log.debug("code-list index not kept at %s: %s", path, error)
    return lists


def code_quads(referenced: Iterable[ox.NamedNode]) -> set[ox.Quad]:
    """The code-list triples (as Oxigraph quads) for the *referenced* code concepts: the concepts, their
    ancestors, their schemes and their crosswalk matches (found from either end)."""
    lists = code_lists()
    todo = {node.value for node in referenced if node.value.startswith(CODE_NAMESPACES)}
    done: set[str] = set()
    text: list[bytes] = []
    while todo:
        node = todo.pop()
        done.add(node)
        text += (lists.triples.get(node, b""), lists.incoming.get(node, b""))
        todo.update(o for o in lists.closing.get(node, b"").decode().split() if o not in done)
    return set(ox.parse(b"".join(text), format=ox.RdfFormat.N_TRIPLES))


def code_triples(referenced: Iterable[Node]) -> list[Triple]:
    """:func:`code_quads` as rdflib triples, in a stable order."""
    quads = code_quads(ox.NamedNode(str(node)) for node in referenced if _is_code(node))
    # code-list triples hold IRIs and literals only (no RDF-star triple terms)
    triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))  # type: ignore[arg-type]
               for q in quads]
    return sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
