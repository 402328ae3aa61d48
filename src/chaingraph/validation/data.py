"""What the fast engine reads of the data graph, from an Oxigraph store or an rdflib graph, in bulk.

Both backends answer with their own terms (rdflib's; on Oxigraph an IRI as its string, the other terms
pyoxigraph's), never copying the store: the values of a predicate for every subject at once (:meth:`values`),
the instances of a class with its subclasses (:meth:`instances`), a SPARQL query (:meth:`select`), and what a
term is (:meth:`kind`, :meth:`literal`).
:class:`OxigraphView` lets the report read a few facts of an Oxigraph store the way it reads an rdflib graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from chaingraph.vocab.namespaces import RDF, RDFS, XSD, bind_prefixes
from chaingraph.vocab.oxi import to_oxigraph, to_rdflib

__all__ = ["OxigraphData", "OxigraphView", "RdflibData"]

_STRING, _LANG_STRING = str(XSD.string), str(RDF.langString)
_DEFAULT = ox.DefaultGraph()


class _Data:
    """The caches both backends share: a predicate's values by subject, a class's instances."""

    def __init__(self) -> None:
        self._values: dict[URIRef, dict[Any, list[Any]]] = {}
        self._instances: dict[Node, set[Any]] = {}

    def values(self, predicate: URIRef) -> dict[Any, list[Any]]:
        """Every subject of *predicate* → its objects (read once, kept)."""
        found = self._values.get(predicate)
        if found is None:
            found = self._values[predicate] = self._read(predicate)
        return found

    def instances(self, cls: Node) -> set[Any]:
        """The instances of *cls* and of its subclasses (``rdf:type/rdfs:subClassOf*``), as pySHACL finds them."""
        found = self._instances.get(cls)
        if found is None:
            classes, todo = {self.term(cls)}, [self.term(cls)]
            subclass_of = self.values(RDFS.subClassOf)
            parents: dict[Any, list[Any]] = {}
            for sub, supers in subclass_of.items():
                for sup in supers:
                    parents.setdefault(sup, []).append(sub)
            while todo:
                for sub in parents.get(todo.pop(), ()):
                    if sub not in classes:
                        classes.add(sub)
                        todo.append(sub)
            found = set()
            types = self._by_object(RDF.type)
            for c in classes:
                found.update(types.get(c, ()))
            self._instances[cls] = found
        return found

    def _by_object(self, predicate: URIRef) -> dict[Any, list[Any]]:
        key = URIRef(f"{predicate}#inverse")
        found = self._values.get(key)
        if found is None:
            found = {}
            for s, objects in self.values(predicate).items():
                for o in objects:
                    found.setdefault(o, []).append(s)
            self._values[key] = found
        return found

    def subjects_of(self, predicate: URIRef) -> list[Any]:
        return list(self.values(predicate))

    def objects_of(self, predicate: URIRef) -> list[Any]:
        return list(dict.fromkeys(o for objects in self.values(predicate).values() for o in objects))

    def _read(self, predicate: URIRef) -> dict[Any, list[Any]]:
        raise NotImplementedError

    def term(self, node: Node) -> Any:
        raise NotImplementedError


class OxigraphData(_Data):
    """An Oxigraph store's default graph (a persistent store's bookkeeping graph is not data). Its IRIs are kept as
    plain strings, its blank nodes and literals as pyoxigraph's terms: a string's hash is computed once, a
    pyoxigraph term's at every look-up (the engine makes 10⁷ of them at 10⁵ companies, a third of its time)."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self.store = store

    def _read(self, predicate: URIRef) -> dict[Any, list[Any]]:
        found: dict[Any, list[Any]] = {}
        get, named = found.get, ox.NamedNode
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, _DEFAULT):
            subject: Any = quad.subject
            value: Any = quad.object
            if type(subject) is named:
                subject = subject.value
            if type(value) is named:
                value = value.value
            objects = get(subject)
            if objects is None:  # not setdefault: a list made for every one of 10⁶ quads
                found[subject] = [value]
            else:
                objects.append(value)
        return found

    def term(self, node: Node) -> Any:
        return str(node) if isinstance(node, URIRef) else to_oxigraph(node)

    def rdflib(self, term: Any) -> Node:
        return URIRef(term) if type(term) is str else to_rdflib(term)

    @staticmethod
    def native(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """The pyoxigraph term of a term of the data."""
        return ox.NamedNode(term) if type(term) is str else term

    @staticmethod
    def kind(term: Any) -> str:
        """``"iri"``, ``"bnode"`` or ``"literal"``."""
        return "iri" if type(term) is str else "bnode" if isinstance(term, ox.BlankNode) else "literal"

    @staticmethod
    def literal(term: Any) -> tuple[str, str | None, str]:
        """A literal's lexical form, language tag and datatype IRI (``xsd:string`` for a plain literal)."""
        return term.value, term.language, term.datatype.value

    def stringify(self, term: Any) -> str:
        """pySHACL's name of a data node, read from the node's description (its blank nodes followed)."""
        from pyshacl.rdfutil import stringify_node

        described, todo, seen = Graph(), [term], set()
        bind_prefixes(described)
        while todo:
            node = todo.pop()
            if node in seen or not isinstance(node, ox.BlankNode):
                continue
            seen.add(node)
            for quad in self.store.quads_for_pattern(node, None, None, _DEFAULT):
                described.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),  # type: ignore[arg-type]
                               to_rdflib(quad.object)))  # type: ignore[arg-type]
                todo.append(quad.object)
        return str(stringify_node(described, self.rdflib(term)))

    def select(self, query: str) -> list[dict[str, Any]]:
        result = self.store.query(query)
        assert isinstance(result, ox.QuerySolutions), "a SPARQL constraint is a SELECT query"
        names = [v.value for v in result.variables]
        return [{n: _data_term(v) for n, v in zip(names, row, strict=True) if v is not None} for row in result]

    def select_by_substitution(self, query: str, this: Any) -> list[dict[str, Any]]:
        """Rows of *query* with ``?this`` substituted (a blank node cannot be bound by ``VALUES``)."""
        result = self.store.query(query, substitutions={ox.Variable("this"): self.native(this)})
        assert isinstance(result, ox.QuerySolutions), "a SPARQL constraint is a SELECT query"
        names = [v.value for v in result.variables]
        return [{"this": this, **{n: _data_term(v) for n, v in zip(names, row, strict=True) if v is not None}}
                for row in result]


def _data_term(term: Any) -> Any:
    """A pyoxigraph term as :class:`OxigraphData` keeps it: an IRI as its string."""
    return term.value if type(term) is ox.NamedNode else term


class RdflibData(_Data):
    """An rdflib graph (the memory store)."""

    def __init__(self, graph: Graph) -> None:
        super().__init__()
        self.graph = graph
        self._copy: OxigraphData | None = None

    def _read(self, predicate: URIRef) -> dict[Any, list[Any]]:
        found: dict[Any, list[Any]] = {}
        for s, o in self.graph.subject_objects(predicate):
            found.setdefault(s, []).append(o)
        return found

    def term(self, node: Node) -> Any:
        return node

    def rdflib(self, term: Any) -> Node:
        return term

    @staticmethod
    def kind(term: Any) -> str:
        return "iri" if isinstance(term, URIRef) else "bnode" if isinstance(term, BNode) else "literal"

    @staticmethod
    def literal(term: Any) -> tuple[str, str | None, str]:
        datatype = term.datatype
        return str(term), term.language, str(datatype) if datatype else _LANG_STRING if term.language else _STRING

    def stringify(self, term: Any) -> str:
        """pySHACL's name of a data node."""
        from pyshacl.rdfutil import stringify_node

        return str(stringify_node(self.graph, term))

    def oxigraph(self) -> OxigraphData:
        """An Oxigraph copy of the graph, made once, for the SPARQL constraints: rdflib's engine evaluates their
        joins as nested loops (40 s for the duplicate-id check of 1,000 links, 0.1 s on Oxigraph)."""
        if self._copy is None:
            store = ox.Store()
            store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                         for s, p, o in self.graph)
            self._copy = OxigraphData(store)
        return self._copy


class OxigraphView:
    """The few rdflib ``Graph`` look-ups the report makes (subjects, objects, predicates), on an Oxigraph store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        holder = Graph()
        bind_prefixes(holder)
        self.namespace_manager = holder.namespace_manager

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[ox.Quad]:
        return self.store.quads_for_pattern(None if s is None else to_oxigraph(s),  # type: ignore[arg-type]
                                            None if p is None else to_oxigraph(p),  # type: ignore[arg-type]
                                            None if o is None else to_oxigraph(o), _DEFAULT)

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        return (to_rdflib(q.subject) for q in self._quads(None, predicate, obj))  # type: ignore[arg-type]

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        return (to_rdflib(q.object) for q in self._quads(subject, predicate, None))  # type: ignore[arg-type]

    def predicates(self, subject: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        return (to_rdflib(q.predicate) for q in self._quads(subject, None, obj))
