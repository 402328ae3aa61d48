"""Map a company register (企业名录) to the links of the chains: which firm makes what.

A district has a register — a 规上企业 list, a market-regulation export, a commercial-database download —
with each firm's name, 统一社会信用代码, registration status, address, GB/T 4754-2017 industry code and
经营范围, not the links of its chains. :func:`map_register` suggests each firm's links from its 主营产品,
经营范围 and industry code (the links' keywords and codes in the knowledge graph), with a confidence and its
evidence, and writes them as ``companies.csv`` for the import plus a review file; see ``docs/mapping.md``.

Modules: :mod:`~chaingraph.mapping.register` reads the file, :mod:`~chaingraph.mapping.firms` checks status,
credit code and industry code, :mod:`~chaingraph.mapping.regions` places firms, :mod:`~chaingraph.mapping.text`
reads business scopes and finds keywords, :mod:`~chaingraph.mapping.links` holds what the graph says of the
links, :mod:`~chaingraph.mapping.score` is the confidence rule, :mod:`~chaingraph.mapping.output` writes the
tables and :mod:`~chaingraph.mapping.mapper` ties them together.
"""

from chaingraph.mapping.mapper import MappedFirm, MappingResult, map_register
from chaingraph.mapping.score import DEFAULT_MIN_CONFIDENCE

__all__ = ["DEFAULT_MIN_CONFIDENCE", "MappedFirm", "MappingResult", "map_register"]
