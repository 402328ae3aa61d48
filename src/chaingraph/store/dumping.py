"""Write everything a store holds to one file: sorted N-Triples with stable blank-node labels, or Turtle.

>>> import tempfile, pathlib
>>> from rdflib import URIRef
>>> from chaingraph.store.memory import MemoryStore
>>> store = MemoryStore()
>>> p, c = URIRef("urn:x:p"), URIRef("urn:x:c")
>>> store.add([(URIRef("urn:x:b"), p, c), (URIRef("urn:x:a"), p, c)])
>>> out = pathlib.Path(tempfile.mkdtemp()) / "all.nt"
>>> dump(store, out)
2
>>> out.read_text(encoding="utf-8").splitlines()[0]
'<urn:x:a> <urn:x:p> <urn:x:c> .'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from rdflib import Graph

from chaingraph.fileio import atomic_output
from chaingraph.store.memory import MemoryStore
from chaingraph.store.oxigraph import OxigraphStore
from chaingraph.store.protocol import Store
from chaingraph.vocab.namespaces import bind_prefixes
from chaingraph.vocab.oxi import to_oxigraph

__all__ = ["dump", "graph_text"]


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
            lines = _sorted_lines(list(_nt_lines(store)))
            count = len(lines)
            stream.write("".join(lines) if fmt == "nt" else _turtle(lines))
    return count


def _sorted_lines(triples: list[tuple[str, str, str]]) -> list[str]:
    labels = _canonical_blank_nodes(triples)
    return sorted({f"{labels.get(s, s)} {p} {labels.get(o, o)} .\n" for s, p, o in triples})


def _turtle(lines: list[str]) -> str:
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(data="".join(lines), format="nt")
    return graph.serialize(format="turtle")


def graph_text(graph: Graph, fmt: Literal["nt", "turtle"] = "turtle") -> str:
    """*graph* (a CONSTRUCT or DESCRIBE result) as text, the same for the same graph whatever the store:
    sorted N-Triples with stable blank-node labels, or Turtle with the chaingraph prefixes.

    >>> from rdflib import BNode, URIRef
    >>> graph = Graph()
    >>> _ = graph.add((URIRef("urn:x:a"), URIRef("urn:x:p"), BNode("whatever")))
    >>> print(graph_text(graph, "nt"), end="")
    <urn:x:a> <urn:x:p> _:b1 .
    """
    lines = _sorted_lines([(str(to_oxigraph(s)), str(to_oxigraph(p)), str(to_oxigraph(o))) for s, p, o in graph])
    return "".join(lines) if fmt == "nt" else _turtle(lines)
