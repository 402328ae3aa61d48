"""The questions chaingraph asks, as named SPARQL queries (``*.rq`` in this folder), and running them.

* :mod:`chaingraph.sparql.catalogue` — the shipped queries and their ``#+`` headers (a new query is a new
  ``.rq`` file here);
* :mod:`chaingraph.sparql.resolve` — what users type (``綦江``, ``Qijiang``, ``aluminium``) to a region or chain;
* :mod:`chaingraph.sparql.run` — a query with its parameters typed and bound as RDF terms, on any store.
"""
