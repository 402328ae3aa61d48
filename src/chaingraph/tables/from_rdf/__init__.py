"""RDF → tables: the chains, links, flows, regions and companies of any knowledge graph as table rows.

Everything is read through SPARQL queries (the named queries ``table-*``, ``flows``, ``link-codes``,
``coverage``, ``chain-leaders``, and those of ``queries.py`` for the columns they do not read), so the
export works on every store. The rows are sorted, so the same graph always gives the same tables, and
importing them gives back the facts the tables carry (``docs/tables.md`` lists them); an import → export →
import gives the same graph as the first import. One module per table: ``links`` (chains, links, flows),
``regions``, ``companies`` (with the figure cells of ``figures``).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> rows, warnings = export_rows(KnowledgeGraph.open())
>>> [r["id"] for r in rows["chains"]]
['aluminium', 'copper', 'gear']
>>> next(r for r in rows["companies"] if r["name"] == "旗能电铝")["role"]
'leader'
"""

from __future__ import annotations

from chaingraph.store.protocol import QueryableGraph
from chaingraph.tables.from_rdf.common import Rows
from chaingraph.tables.from_rdf.companies import CompanyRows
from chaingraph.tables.from_rdf.links import chain_rows, flow_rows, link_rows
from chaingraph.tables.from_rdf.regions import Places, region_rows
from chaingraph.tables.schema import TABLES

__all__ = ["export_rows"]


def export_rows(kg: QueryableGraph) -> tuple[Rows, list[str]]:
    """The rows of every table for the graph of *kg*, and warnings about facts the tables cannot hold."""
    warnings: list[str] = []
    chain_ids, chains = chain_rows(kg)
    places = Places(kg)
    rows: Rows = {"chains": chains, "links": link_rows(kg, chain_ids), "flows": flow_rows(kg),
                  "regions": region_rows(kg, places, chain_ids, warnings),
                  "companies": CompanyRows(kg, places, warnings).rows()}
    for name, table_rows in rows.items():  # every column, in the documented order
        rows[name] = [{c: row.get(c, "") for c in TABLES[name].column_names} for row in table_rows]
    return rows, warnings
