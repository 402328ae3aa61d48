"""The SPARQL queries of the export for the columns the named ``table-*`` queries do not read: keywords and
planning parameters of links and chains, other names of regions, and the ids, counts, groups and
figures of companies. Each answers one row per (thing, fact, value); the chaingraph prefixes are declared
by the store (``chaingraph.store.protocol.PROLOGUE``)."""

from __future__ import annotations

__all__ = ["ACTOR_CAPACITIES", "ACTOR_EXTRAS", "CHAIN_EXTRAS", "LINK_EXTRAS", "REGION_EXTRAS"]

#: keywords (cg:keyword), minimum firms (cg:minFirms) and the capacity cap (cg:capacityCapped) of each link
LINK_EXTRAS = """
SELECT ?thing ?fact ?value WHERE {
  ?thing a cg:ChainLink .
  { ?thing cg:keyword ?value BIND ("keywords" AS ?fact) }
  UNION { ?thing cg:minFirms ?value BIND ("min_firms" AS ?fact) }
  UNION { ?thing cg:capacityCapped ?value BIND ("capped" AS ?fact) }
}
ORDER BY ?thing ?fact ?value"""

#: minimum firms (cg:minFirms) of each chain
CHAIN_EXTRAS = """
SELECT ?thing ?fact ?value WHERE {
  ?thing a cg:IndustryChain ; cg:minFirms ?value BIND ("min_firms" AS ?fact)
}
ORDER BY ?thing ?fact ?value"""

#: other names (skos:altLabel) of each region
REGION_EXTRAS = """
SELECT ?thing ?fact ?value WHERE {
  ?thing a cg:Region ; skos:altLabel ?value BIND ("aliases" AS ?fact)
}
ORDER BY ?thing ?fact ?value"""

#: the id (dcterms:identifier) of each company and project, its counted-group size (cg:memberCount) and the
#: groups it is a member of (org:hasMember from another company or project). The class is matched in each
#: branch, not once outside the UNION: joined outside, Oxigraph 0.5 took minutes at 10⁵ companies (the group
#: branch against every company), against 2 s
ACTOR_EXTRAS = """
SELECT ?thing ?fact ?value ?bound ?stated WHERE {
  { ?thing a ?cls . VALUES ?cls { cg:Enterprise cg:Project }
    ?thing dcterms:identifier ?value BIND ("id" AS ?fact) }
  UNION { ?thing a ?cls . VALUES ?cls { cg:Enterprise cg:Project }
          ?thing cg:memberCount ?count . ?count qudt:numericValue ?value BIND ("count" AS ?fact)
          OPTIONAL { ?count cg:bound/skos:notation ?bound } OPTIONAL { ?count cg:statedAs ?stated } }
  UNION { ?thing a ?cls . VALUES ?cls { cg:Enterprise cg:Project }
          ?value org:hasMember ?thing ; a ?groupClass . VALUES ?groupClass { cg:Enterprise cg:Project }
          BIND ("group" AS ?fact) }
}
ORDER BY ?thing ?fact ?value"""

#: every capacity of a company or project, with what the capacity columns carry (the named query
#: actor-capacities without the bound and the link)
ACTOR_CAPACITIES = """
SELECT ?actor ?q ?value ?unit ?value_status ?year ?stated ?bound ?link_id WHERE {
  ?actor cg:capacity ?q . ?q qudt:numericValue ?value ; qudt:unit ?unit .
  OPTIONAL { ?q cg:valueStatus/skos:notation ?value_status }
  OPTIONAL { ?q cg:year ?year }
  OPTIONAL { ?q cg:statedAs ?stated }
  OPTIONAL { ?q cg:bound/skos:notation ?bound }
  OPTIONAL { ?q cg:forLink/skos:notation ?link_id }
}
ORDER BY ?actor ?q ?unit ?value ?stated"""
