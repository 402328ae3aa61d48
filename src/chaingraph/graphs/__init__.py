"""``to_networkx``: the single boundary between the RDF store and the graphs the analyses use.

Everything here reads the store through named SPARQL queries (``chaingraph/sparql``) and returns
networkx graphs whose nodes and edges carry plain Python attributes (strings, numbers, lists, dicts), or
plain rows. The analyses in :mod:`chaingraph.analysis` import networkx only, never rdflib or a store.

* :mod:`chaingraph.graphs.links` — the link graph of the chains, with a region's facts on its nodes;
* :mod:`chaingraph.graphs.firms` — the firm graph of a region (supply relations, 招商 candidates);
* :mod:`chaingraph.graphs.facts` — stated 链主, formulas, and the evidence outputs show;
* :mod:`chaingraph.graphs.regionfacts` — a region's figures, designations, clusters and projects;
* :mod:`chaingraph.graphs.reading` — sorted, cached, read-ahead rows of named queries.

**Where a new read goes**: a named query (``sparql/*.rq``) read here with :func:`select_rows`, turned into
node or edge attributes (or plain rows); the analysis then takes them from the graph.
"""

from chaingraph.graphs.facts import chain_formula, coverage, region_evidence, region_id, sources_of, stated_leaders
from chaingraph.graphs.firms import add_candidates, firm_graph, firm_link_graph
from chaingraph.graphs.links import add_nearest, link_graph, nearest_operating, prefetch_region
from chaingraph.graphs.reading import labels_of, places_inside, prefetch, region_scopes, select_rows, unordered
from chaingraph.graphs.regionfacts import region_facts

__all__ = ["add_candidates", "add_nearest", "chain_formula", "coverage", "firm_graph", "firm_link_graph", "labels_of",
           "link_graph", "nearest_operating", "places_inside", "prefetch", "prefetch_region", "region_evidence",
           "region_facts", "region_id", "region_scopes", "select_rows", "sources_of", "stated_leaders", "unordered"]
