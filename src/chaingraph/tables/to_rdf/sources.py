"""Sources: the texts of the ``source`` column (a title or a URL) as ``cg:Source`` entities."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal, URIRef

from chaingraph.tables.slugs import mint, slug
from chaingraph.tables.to_rdf.core import ImportOutput, lang_of
from chaingraph.vocab.namespaces import CG, CGD, DCTERMS, RDF, SCHEMA, XSD

__all__ = ["mint_sources"]


def mint_sources(out: ImportOutput, texts: Iterable[str]) -> dict[str, URIRef]:
    """A ``cg:Source`` for each text: titled by it, and with it as ``schema:url`` when it is a URL."""
    ordered = sorted(set(texts))
    minted = mint(ordered, {f"tables-{slug(out.tables.name)}"})
    iris = {}
    for text in ordered:
        iri = CGD[f"source-{minted[text]}"]
        iris[text] = iri
        out.add(iri, RDF.type, CG.Source)
        if re.match(r"https?://\S+$", text):
            out.add(iri, DCTERMS.title, Literal(text))
            out.add(iri, SCHEMA.url, Literal(text, datatype=XSD.anyURI))
        else:
            out.add(iri, DCTERMS.title, Literal(text, lang=lang_of(text)))
    return iris
