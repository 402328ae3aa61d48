"""Turtle and N-Triples text of a set of triples, without building an rdflib graph.

An import of 100,000 companies makes 1.3 million triples: an rdflib ``Graph`` of them costs about 2 KB a
triple and rdflib's Turtle serializer minutes. :func:`turtle_text` writes, from the plain triples, the
same text as rdflib's serializer does for a graph with the chaingraph prefixes bound — byte for byte (the
tests compare both on the bundled tables) — following its order: the subjects by the number of times they
are objects, then by IRI; ``a`` first, then the predicates by IRI; the objects of a predicate in rdflib's
order of terms. IRIs in a bound namespace with a plain local name (letters, digits, ``_`` and ``-``) and
literals without a datatype are written here; every other term is handed to rdflib's own functions, and a
graph with blank nodes to rdflib's serializer. :func:`ntriples_text` is the same triples for a store to
parse (Oxigraph reads it at its own rate).

>>> from rdflib import Literal, URIRef
>>> from chaingraph.vocab.namespaces import CG, CGD, RDF, SKOS
>>> org = CGD["org-a"]
>>> print(turtle_text({(org, RDF.type, CG.Enterprise): None, (org, SKOS.prefLabel, Literal("甲", lang="zh")): None}))
@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<BLANKLINE>
cgd:org-a a cg:Enterprise ;
    skos:prefLabel "甲"@zh .
<BLANKLINE>
<BLANKLINE>
>>> print(ntriples_text([(org, SKOS.prefLabel, Literal('say "hi"'))]), end="")
<https://w3id.org/chaingraph/data/org-a> <http://www.w3.org/2004/02/skos/core#prefLabel> "say \\"hi\\"" .
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from chaingraph.vocab.namespaces import RDF, RDFS, bind_prefixes

__all__ = ["ntriples_chunks", "ntriples_text", "turtle_chunks", "turtle_text"]

Triple = tuple[Node, Node, Node]

#: a local name rdflib's split of an IRI leaves whole: letters, digits, _ and -, not starting with -
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # rdflib's TurtleSerializer escapes these in a local name
#: looked up once: an attribute of rdflib's closed namespaces is a Python call (10⁶ of them for an import)
_TYPE, _LABEL, _NIL, _CLASS = RDF.type, RDFS.label, RDF.nil, RDFS.Class
_FIRST = (_TYPE, _LABEL)  # rdflib's predicateOrder
_KEYWORDS: dict[Node, str] = {_NIL: "()", _TYPE: "a"}  # how rdflib writes these as a predicate


class _Names:
    """The prefixed names of IRIs and the prefixes used, as rdflib's ``TurtleSerializer.get_pname`` gives them."""

    def __init__(self, manager: NamespaceManager) -> None:
        self.manager = manager
        self.declared: dict[str, URIRef] = {}  # the prefixes the document declares (rdflib's ``namespaces``)
        self.rewrite: dict[str, str] = {}
        self.cache: dict[tuple[Node, bool], str | None] = {}
        self._reset_bound()

    def _reset_bound(self) -> None:
        namespaces = list(self.manager.namespaces())
        self.bound = {str(ns): (prefix, ns) for prefix, ns in namespaces if str(ns)[-1:] in ("/", "#")}
        self.other = [str(ns) for _, ns in namespaces if str(ns)[-1:] not in ("/", "#")]

    def pname(self, node: Node, generate: bool = False) -> str | None:
        """The prefixed name of *node* (None for a literal or an IRI written in full); declares its prefix."""
        key = (node, generate)
        if key in self.cache:
            return self.cache[key]
        found = self._fast(node) if isinstance(node, URIRef) and not generate else None
        if found is None:
            found = self._rdflib(node, generate)
        else:
            prefix, namespace, local = found
            found = (self._declare(prefix, namespace), namespace, local)
        text = None if found is None else f"{found[0]}:{found[2]}"
        self.cache[key] = text
        return text

    def _fast(self, iri: URIRef) -> tuple[str, URIRef, str] | None:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        bound = self.bound.get(iri[:cut])
        local = iri[cut:]
        if bound is None or not _PLAIN_LOCAL.fullmatch(local) or any(iri.startswith(o) for o in self.other):
            return None
        return bound[0], bound[1], local

    def _rdflib(self, node: Node, generate: bool) -> tuple[str, URIRef, str] | None:
        """``TurtleSerializer.get_pname``, for the terms :meth:`_fast` does not know."""
        if not isinstance(node, URIRef):
            return None
        try:
            prefix, namespace, local = self.manager.compute_qname(node, generate=generate)
        except Exception:
            pfx = self.manager.store.prefix(node)
            if pfx is None:
                return None
            prefix, namespace, local = pfx, node, ""
        if generate:
            self._reset_bound()  # a new prefix may have been bound
        local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        return self._declare(prefix, namespace), namespace, local

    def _declare(self, prefix: str, namespace: URIRef) -> str:
        """``TurtleSerializer.addNamespace``: record the prefix, renamed when it clashes."""
        if (prefix > "" and prefix[0] == "_") or self.declared.get(prefix, namespace) != namespace:
            if prefix not in self.rewrite:
                renamed = "p" + prefix
                while renamed in self.declared:
                    renamed = "p" + renamed
                self.rewrite[prefix] = renamed
            prefix = self.rewrite.get(prefix, prefix)
        self.declared[prefix] = namespace
        return prefix


def _quote(text: str) -> str:
    """rdflib's ``Literal._quote_encode`` for a text without a line break."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    return f'"{escaped}"'


class _Labels:
    """How each term is written in the document (rdflib's ``TurtleSerializer.label``)."""

    def __init__(self, names: _Names) -> None:
        self.names = names
        self.cache: dict[Node, str] = {}
        self.verbs: dict[Node, str] = {}

    def object(self, node: Node) -> str:
        if type(node) is Literal and node._datatype is None and "\n" not in node:  # most literals: no cache,
            return f"{_quote(str(node))}@{node._language}" if node._language else _quote(str(node))  # rdflib's
        text = self.cache.get(node)  # hash and __eq__ of a Literal are Python code, dearer than this
        if text is None:
            text = self.cache[node] = self._label(node)
        return text

    def _label(self, node: Node) -> str:
        if type(node) is type(_NIL) and str.__eq__(node, _NIL):  # rdflib's __eq__ (Python code): same type and text
            return "()"
        if isinstance(node, Literal):
            if node.datatype is None and "\n" not in node:
                return f"{_quote(str(node))}@{node.language}" if node.language else _quote(str(node))
            return node._literal_n3(use_plain=True, qname_callback=lambda dt: self.names.pname(dt))
        return self.names.pname(node) or node.n3()

    def verb(self, node: Node) -> str:
        text = self.verbs.get(node)
        if text is None:
            special = _KEYWORDS.get(node)
            text = self.verbs[node] = special or self.names.pname(node, True) or node.n3()
        return text


class _Index:
    """Subject → predicate → objects (in the order given); how often each term that is not a literal is an
    object (rdflib orders the subjects by it); the datatypes of the literals; every predicate."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        subjects: dict[Node, dict[Node, list[Node]]] = {}
        others: list[Node] = []  # the objects that are not literals, counted at the end (in C)
        datatypes: set[URIRef | None] = set()
        last: Node | None = None
        by_predicate: dict[Node, list[Node]] = {}
        for s, p, o in triples:
            if s is not last:  # an import adds a subject's triples one after the other, with the same term
                by_predicate = subjects.get(s)  # type: ignore[assignment]
                if by_predicate is None:
                    by_predicate = subjects[s] = {}
                last = s
            objects = by_predicate.get(p)
            if objects is None:
                by_predicate[p] = [o]
            else:
                objects.append(o)
            if type(o) is Literal:  # never a subject: not counted (a Literal's hash is Python code)
                datatypes.add(o._datatype)
            else:
                others.append(o)
        references: dict[Node, int] = Counter(others)
        self.subjects, self.references, self.datatypes = subjects, references, datatypes
        self.predicates = {p for by_predicate in subjects.values() for p in by_predicate}

    def blank(self) -> bool:
        """Whether a blank node is a subject or an object."""
        return any(isinstance(t, BNode) for t in self.subjects) or any(isinstance(t, BNode) for t in self.references)


def _declare_all(index: _Index, names: _Names) -> None:
    """rdflib's ``preprocess``: every term's prefix is declared, predicates first (they may bind a new one).
    The rest are bound namespaces' names, declared in any order to the same effect."""
    for p in sorted(index.predicates, key=str):
        if p != _TYPE:
            names.pname(p, True)
    for s in index.subjects:
        names.pname(s)
    for o in index.references:
        if not isinstance(o, Literal):
            names.pname(o)
    for datatype in sorted(d for d in index.datatypes if d is not None):
        names.pname(datatype)


def _order(subjects: dict[Node, dict[Node, list[Node]]], references: dict[Node, int]) -> list[Node]:
    """rdflib's ``orderSubjects``: the classes (rdfs:Class) first, then by references and IRI."""
    classes = sorted((s for s, by_predicate in subjects.items() if _CLASS in by_predicate.get(_TYPE, ())), key=str)
    first = set(classes)
    rest = sorted((references.get(s, 0), str(s), s) for s in subjects if s not in first)
    return [*classes, *(s for _, _, s in rest)]


def _predicate_order(predicates: Iterable[Node]) -> list[Node]:
    """rdflib's ``predicateList`` order: ``a`` and ``rdfs:label`` first, the others by their IRI."""
    predicates = list(predicates)
    if len(predicates) == 1:
        return predicates
    order = [p for p in _FIRST if p in predicates]
    rest = [p for p in predicates if p not in order] if order else predicates
    return order + sorted(rest, key=str)  # IRIs: by their text


def _statement(subject: Node, by_predicate: dict[Node, list[Node]], labels: _Labels,
               orders: dict[tuple[Node, ...], list[tuple[Node, str]]]) -> str:
    """One subject with its predicates and objects (rdflib's ``s_default`` and ``predicateList``); *orders*
    keeps the order of each set of predicates met, with the text before each one's objects (10⁵ subjects share
    a few dozen)."""
    key = tuple(by_predicate)
    order = orders.get(key)
    if order is None:
        order = orders[key] = [(p, f"{' ;' + chr(10) + '    ' if n else ' '}{labels.verb(p)} ")
                               for n, p in enumerate(_predicate_order(key))]
    label, known = labels.object, labels.cache
    parts = ["\n", label(subject)]
    for predicate, before in order:
        objects = by_predicate[predicate]
        if len(objects) > 1:
            # rdflib orders IRIs among themselves by their text: str's sort does that without rdflib's __lt__
            iris = all(type(o) is URIRef for o in objects)
            objects = sorted(objects, key=str) if iris else sorted(objects)  # type: ignore[type-var]
            parts.append(before + ",\n        ".join(map(label, objects)))
        else:
            o = objects[0]  # an IRI met before: its text without a call (a third of 1.6 million objects)
            parts.append(before + ((known.get(o) if type(o) is URIRef else None) or label(o)))
    parts.append(" .")
    return "".join(parts)


def turtle_text(triples: Collection[Triple], prefixes: Graph | None = None) -> str:
    """The Turtle text rdflib's serializer writes for a graph of *triples* with the prefixes of *prefixes*
    (by default the chaingraph prefixes, :func:`~chaingraph.vocab.namespaces.bind_prefixes`)."""
    return "".join(turtle_chunks(triples, prefixes))


def turtle_chunks(triples: Collection[Triple], prefixes: Graph | None = None, size: int = 20_000) -> Iterator[str]:
    """:func:`turtle_text` in pieces of about *size* subjects, to be written as they come (a file of 10⁶
    triples is not held twice, as text and as bytes)."""
    if prefixes is None:
        prefixes = Graph()
        bind_prefixes(prefixes)
    index = _Index(triples)
    if index.blank():  # nested [ … ]: rdflib's own way
        graph = Graph(namespace_manager=prefixes.namespace_manager)
        for triple in triples:
            graph.add(triple)
        yield graph.serialize(format="turtle")
        return
    names = _Names(prefixes.namespace_manager)
    _declare_all(index, names)
    labels = _Labels(names)
    yield "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(names.declared.items()))
    subjects = index.subjects
    orders: dict[tuple[Node, ...], list[tuple[Node, str]]] = {}
    order = _order(subjects, index.references)
    for start in range(0, len(order), size):
        yield "".join(_statement(s, subjects[s], labels, orders) + "\n" for s in order[start:start + size])
    yield "\n"


def _nt(term: Node) -> str:
    if isinstance(term, Literal):
        escaped = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        text = f'"{escaped}"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^<{term.datatype}>" if term.datatype is not None else text
    return term.n3()


def ntriples_text(triples: Iterable[Triple]) -> str:
    """*triples* as N-Triples (one line each), for a store to parse."""
    return "".join(ntriples_chunks(triples))


def ntriples_chunks(triples: Iterable[Triple], size: int = 100_000) -> Iterator[str]:
    """:func:`ntriples_text` in pieces of *size* triples; a term met again is written from a cache."""
    cache: dict[Node, str] = {}
    lines = []
    for triple in triples:
        parts = []
        for term in triple:
            text = cache.get(term)
            if text is None:
                text = cache[term] = _nt(term)
            parts.append(text)
        lines.append(f"{parts[0]} {parts[1]} {parts[2]} .\n")
        if len(lines) == size:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
