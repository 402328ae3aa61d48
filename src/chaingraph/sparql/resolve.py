"""Resolve what users type — an id, an IRI or a label in either language — to a region or a chain.

A region's administrative suffix may differ from the data's (``深圳`` for 深圳市, ``綦江`` for 綦江区),
as long as one region matches.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> str(resolve(kg, "綦江", "region")).rsplit("/", 1)[-1]
'region-qijiang'
>>> resolve(kg, "Qijang", "region")
Traceback (most recent call last):
...
chaingraph.errors.InputError: unknown region 'Qijang' (did you mean Qijiang, Jiangxi, Qijiang District?)
"""

from __future__ import annotations

from typing import Literal

from rdflib import Literal as RDFLiteral
from rdflib import URIRef

from chaingraph.errors import InputError, closest
from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.vocab.namespaces import CG, iri

__all__ = ["names", "resolve"]

Kind = Literal["region", "chain"]


def names(kg: QueryableGraph, kind: Kind) -> dict[str, set[URIRef]]:
    """Every name (id, label, alternative label; also the IRI) of the regions or chains, to what it names."""
    if ("names", kind) not in kg.cache:  # one query for both kinds
        found: dict[str, dict[str, set[URIRef]]] = {"region": {}, "chain": {}}
        for row in kg.select_plain(named_query("names").text):
            if row["type"] in found:
                thing = URIRef(row["thing"])
                found[row["type"]].setdefault(str(row["name"]), set()).add(thing)
                found[row["type"]].setdefault(str(thing), set()).add(thing)
        for key, value in found.items():
            kg.cache[("names", key)] = value
    return kg.cache[("names", kind)]  # type: ignore[return-value]


#: the regions or chains with one exact name: a lookup in the store's index, where reading every name
#: (:func:`names`) takes 0.2 s at 10⁶ triples; the name is bound as a plain, a Chinese and an English literal
_NAMED = """SELECT DISTINCT ?thing WHERE {
  ?thing skos:notation|skos:prefLabel|skos:altLabel ?name ; a ?class .
}"""
_CLASSES = {"region": CG.Region, "chain": CG.IndustryChain}
_LANGUAGES = (None, "zh", "en")


def _exactly_named(kg: QueryableGraph, name: str, kind: Kind) -> set[URIRef]:
    """What *name* names exactly, as an IRI, an id or a Chinese or English label (without reading every name)."""
    wanted = name.strip()
    if not wanted:
        return set()
    cls = _CLASSES[kind]
    if ":" in wanted:
        thing = iri(wanted)
        if kg.ask("ASK { ?thing a ?class }", thing=thing, **{"class": cls}):
            return {thing}
    names = [RDFLiteral(wanted, lang=lang) for lang in _LANGUAGES]
    rows = kg.select_plain(with_value_rows(_NAMED, "name", names), **{"class": cls})
    return {URIRef(str(row["thing"])) for row in rows}


#: the suffixes of Chinese administrative names (longest first), left out when a region name is compared
ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "省", "市", "区", "县", "州", "盟", "旗")


def _without_suffix(name: str) -> str:
    """*name* without its administrative suffix (where at least two characters remain), case-folded.

    >>> _without_suffix("深圳市"), _without_suffix("广西壮族自治区"), _without_suffix("市")
    ('深圳', '广西壮族', '市')
    """
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)].casefold()
    return name.casefold()


def resolve(kg: QueryableGraph, name: str, kind: Kind) -> URIRef:
    """The region or chain *name* refers to; an unknown or ambiguous name is an :class:`InputError`."""
    exact = _exactly_named(kg, name, kind)
    if len(exact) == 1:  # the common case; anything else (no match, several, other case) reads every name
        return next(iter(exact))
    known = names(kg, kind)
    wanted = str(iri(name)) if ":" in name else name
    matches = known.get(wanted) or known.get(name.strip()) or {
        thing for key, things in known.items() if key.casefold() == name.strip().casefold() for thing in things}
    if not matches and kind == "region":  # 深圳 for 深圳市, 重庆市 for 重庆: the administrative suffix may differ
        core = _without_suffix(name.strip())
        matches = {thing for key, things in known.items() if _without_suffix(key) == core for thing in things}
    if len(matches) == 1:
        return next(iter(matches))
    if len(matches) > 1:
        options = ", ".join(sorted(str(m) for m in matches))
        raise InputError.single(f"{kind} '{name}' is ambiguous", hint=f"it names {options}; use the id or IRI")
    spellings: dict[str, str] = {}  # one spelling per name whatever its case ("Qijiang", not also "qijiang")
    for key in sorted(k for k in known if not k.startswith("http")):
        spellings.setdefault(key.casefold(), key)
    near = closest(name, spellings.values())
    hint = f"did you mean {', '.join(near)}?" if near else \
        f"known {kind}s: {', '.join(sorted(k for k in known if not k.startswith('http')))}"
    raise InputError.single(f"unknown {kind} '{name}'", hint=hint)
