"""``chaingraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a knowledge graph.

``docs/sparql-endpoint.md`` says how to run it and point clients at it. The design avoids what a
plain Python endpoint does: answer each query in the web server's event loop (one slow query holds up
every client, and none can be stopped) with no timeout or row limit, use rdflib's engine even over an
Oxigraph store, load its query page from the internet, and open CORS to every origin with credentials.

The modules, from the bottom:

* :mod:`~chaingraph.server.config` — :class:`ServerConfig`, the options, checked;
* :mod:`~chaingraph.server.protocol` — what a request asks (``Job``) and what it gets (``Reply``), result
  formats and content negotiation, the queries refused (updates, ``SERVICE``), the service description;
* :mod:`~chaingraph.server.engines` — a query run on the store's own engine (Oxigraph or rdflib), picked
  once from the store;
* :mod:`~chaingraph.server.workers` — the worker processes that run queries, and :class:`WorkerPool`;
* :mod:`~chaingraph.server.page` — the inline HTML query page;
* :mod:`~chaingraph.server.app` — the Starlette application and :func:`serve`.

**Limits**: a per-query timeout (503 with a message), a row limit (the result is cut and the
``X-SPARQL-MaxRows`` header says so), a query size limit (413).
"""

from chaingraph.server.app import create_app, serve
from chaingraph.server.config import ServerConfig
from chaingraph.server.protocol import negotiate, refusal
from chaingraph.server.workers import WorkerPool

__all__ = ["ServerConfig", "WorkerPool", "create_app", "negotiate", "refusal", "serve"]
