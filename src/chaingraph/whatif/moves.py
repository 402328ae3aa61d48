"""Companies that moved: where an actor is located in each snapshot, for ``chaingraph diff``.

A company is the same company in two snapshots when it has the same IRI (from the tables, the same ``id`` — its
统一社会信用代码 where it has one — or, without an id, the same name: :mod:`chaingraph.tables.to_rdf.companies`).
Its **place** is where the data says it is located (``cg:locatedIn``: a district, a town, a park). Between two
snapshots of a region:

* in the region's data before, located outside the region after: **moved out** (「迁出至X」), not gone;
* located outside before, in the region's data after: **moved in** (「迁入自X」), not new;
* in the region both times, in another place (one district of a city to another, one park to another): **moved**.

Only an actor the newer data states closed is closed; one the newer data no longer has at all is "no longer in
the data" (no data is not a closure).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> places = places_of(kg, ["https://w3id.org/chaingraph/data/org-youlisen"])
>>> [pick(label, "zh") for _, label in places.values()]
['綦江区']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.words import Lang, pick

__all__ = ["PLACES", "move_sections", "places_of"]

PLACES = """SELECT ?actor ?place ?zh ?en WHERE {
  ?actor cg:locatedIn ?place .
  OPTIONAL { ?place skos:prefLabel ?zh FILTER (lang(?zh) = "zh") }
  OPTIONAL { ?place skos:prefLabel ?en FILTER (lang(?en) = "en") }
}"""
#: actors asked about in one query
CHUNK = 500


def places_of(kg: QueryableGraph, actors: Iterable[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Where each of *actors* (IRIs) is located in *kg*: (place IRI, its labels); the first place by IRI where
    the data gives several. An actor *kg* does not locate is left out."""
    wanted = sorted(set(actors))
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for start in range(0, len(wanted), CHUNK):
        query = with_value_rows(PLACES, "actor", [URIRef(iri) for iri in wanted[start:start + CHUNK]])
        for row in sorted(kg.select_plain(query), key=lambda r: (str(r["actor"]), str(r["place"]))):
            labels = {lang: str(row[lang]) for lang in ("zh", "en") if row.get(lang) is not None}
            found.setdefault(str(row["actor"]), (str(row["place"]), labels))
    return found


def _name(place: tuple[str, dict[str, str]] | None, lang: Lang) -> str:
    if place is None:
        return ""
    return pick(place[1], lang) or place[0].rsplit("/", 1)[-1]


def move_sections(old: QueryableGraph, new: QueryableGraph, inside: tuple[frozenset[str], frozenset[str]],
                  gone: list[dict[str, Any]], added: list[dict[str, Any]],
                  both: list[tuple[dict[str, Any], dict[str, Any]]], words: dict[str, str],
                  lang: Lang, hidden: tuple[set[str], set[str]] = (set(), set())) -> dict[str, list[dict[str, Any]]]:
    """The moves among the actors *gone* from the region's data (by the older data), *added* to it (by the newer)
    and in it *both* times (older, newer); *inside* holds the places inside the region in the older and in the newer
    data, *hidden* the actors each side's date left out (not there at that date). Returns ``firms_moved_out``,
    ``firms_moved_in`` and ``firms_moved`` (items as :func:`~chaingraph.whatif.snapshot.snapshot_diff` makes them,
    with ``place_before``/``place_after`` ``{iri, label}``); ``gone``/``added``: the actors the other data does not
    locate (not in it); and ``left_chain``/``joined_chain``: those it locates in the region (in the region's data,
    in none of the chain's links there)."""
    iris = [a["iri"] for a in gone] + [a["iri"] for a in added] + [pair[0]["iri"] for pair in both]
    then, now = ({iri: place for iri, place in places_of(kg, iris).items() if iri not in left}
                 for kg, left in ((old, hidden[0]), (new, hidden[1])))
    out: dict[str, list[dict[str, Any]]] = {"firms_moved_out": [], "firms_moved_in": [], "firms_moved": [],
                                            "gone": [], "added": [], "left_chain": [], "joined_chain": []}

    def item(actor: dict[str, Any], text_before: str, text_after: str) -> dict[str, Any]:
        return {"chain": actor["chain"], "iri": actor["iri"], "label": actor["label"], "links": actor["links"],
                "before": text_before, "after": text_after, "status": actor["status"],
                "place_before": _place(then.get(actor["iri"]), lang),
                "place_after": _place(now.get(actor["iri"]), lang)}

    for actor in gone:
        place = now.get(actor["iri"])
        if place is None or place[0] in inside[1]:
            out["gone" if place is None else "left_chain"].append(actor)
        else:
            out["firms_moved_out"].append(item(actor, _name(then.get(actor["iri"]), lang),
                                               words["moved_to"].format(place=_name(place, lang))))
    for actor in added:
        place = then.get(actor["iri"])
        if place is None or place[0] in inside[0]:
            out["added" if place is None else "joined_chain"].append(actor)
        else:
            out["firms_moved_in"].append(item(actor, "", words["moved_from"].format(place=_name(place, lang))))
    for was, actor in both:
        before, after = then.get(was["iri"]), now.get(actor["iri"])
        if before and after and before[0] != after[0]:
            out["firms_moved"].append(item(actor, _name(before, lang),
                                           words["moved_within"].format(place=_name(after, lang))))
    return out


def _place(place: tuple[str, dict[str, str]] | None, lang: Lang) -> dict[str, Any] | None:
    return None if place is None else {"iri": place[0], "label": _name(place, lang)}
