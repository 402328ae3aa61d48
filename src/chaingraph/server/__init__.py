"""``chaingraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a knowledge graph.

``docs/sparql-endpoint.md`` says how to run it and point clients at it. The design avoids what a
plain Python endpoint does: answer each query in the web server's event loop (one slow query holds up
every client, and none can be stopped) with no timeout or row limit, use rdflib's engine even over an
Oxigraph store, load its query page from the internet, and open CORS to every origin with credentials.

The modules, from the bottom:

* :mod:`~chaingraph.server.config` — :class:`ServerConfig`, the options, checked;
* :mod:`~chaingraph.server.protocol` — what a request asks (``Job``) and what it gets (``Reply``), result
  formats and content negotiation, the queries refused (updates, ``SERVICE``), the service description;
* :mod:`~chaingraph.server.lexer` — the keywords, IRIs and prefixed names of a query, for what the endpoint
  decides itself;
* :mod:`~chaingraph.server.dataset` — the dataset a query runs on (one default graph, no named graphs) and
  the base of its relative IRIs;
* :mod:`~chaingraph.server.engines` — a query run on the store's own engine (Oxigraph or rdflib), picked
  once from the store;
* :mod:`~chaingraph.server.memory` — the memory limit of a worker, and how its end is told;
* :mod:`~chaingraph.server.forkserver` — the fork server that makes the workers, and the workers' loop;
* :mod:`~chaingraph.server.workers` — :class:`WorkerPool`, which lends the workers to requests;
* :mod:`~chaingraph.server.page` — the inline HTML query page;
* :mod:`~chaingraph.server.app` — the Starlette application and :func:`serve`.

**Limits**: a per-query timeout and a per-worker memory limit (503 with a message), a row limit (the result
is cut and the ``X-SPARQL-MaxRows`` header says so), a query size limit (413).
"""

from chaingraph.server.app import create_app, serve
from chaingraph.server.config import ServerConfig, parse_size
from chaingraph.server.protocol import negotiate, refusal
from chaingraph.server.workers import WorkerPool

__all__ = ["ServerConfig", "WorkerPool", "create_app", "negotiate", "parse_size", "refusal", "serve"]
