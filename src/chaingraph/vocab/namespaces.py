"""Namespaces of the chaingraph vocabulary, its controlled lists, its data and its code lists.

``CG`` is closed (generated from ``ontology/chaingraph.ttl``; see :mod:`chaingraph.vocab.cg`): a typo in a
term raises ``AttributeError`` instead of silently minting a new IRI. The other namespaces are open
because users mint their own chains, links and entities in them.

>>> from chaingraph.vocab.namespaces import CG, HS, GBT2017
>>> str(CG.operatesIn)
'https://w3id.org/chaingraph/ns#operatesIn'
>>> str(GBT2017["3252"])
'https://w3id.org/chaingraph/kos/gbt4754-2017/3252'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from chaingraph.vocab.cg import CG

__all__ = [
    "CG", "CGD", "CGK", "CUR", "DCTERMS", "GBT2011", "GBT2017", "HS", "ORG", "OWL", "PREFIXES", "PROV",
    "QUDT", "RDF", "RDFS", "ROV", "SCHEMA", "SH", "SKOS", "UNIT", "XSD", "bind_prefixes", "iri",
]

CGK = Namespace("https://w3id.org/chaingraph/kos/")
CGD = Namespace("https://w3id.org/chaingraph/data/")
HS = Namespace("https://w3id.org/chaingraph/kos/hs2022/")
GBT2017 = Namespace("https://w3id.org/chaingraph/kos/gbt4754-2017/")
GBT2011 = Namespace("https://w3id.org/chaingraph/kos/gbt4754-2011/")
ORG = Namespace("http://www.w3.org/ns/org#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
SCHEMA = Namespace("https://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")

#: prefix → namespace, as used in the bundled Turtle files and in the named SPARQL queries.
PREFIXES: dict[str, str] = {
    "cg": str(CG),
    "cgk": str(CGK),
    "cgd": str(CGD),
    "hs": str(HS),
    "gbt2017": str(GBT2017),
    "gbt2011": str(GBT2011),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "sh": str(SH),
    "org": str(ORG),
    "rov": str(ROV),
    "schema": str(SCHEMA),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "cur": str(CUR),
}


def bind_prefixes(graph) -> None:
    """Bind the chaingraph prefixes on an rdflib graph (for readable serialisations)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def iri(value: str) -> URIRef:
    """An IRI from a full IRI or a chaingraph prefixed name (``cgk:AL07``).

    >>> iri("cgk:AL07")
    rdflib.term.URIRef('https://w3id.org/chaingraph/kos/AL07')
    """
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(value)
