"""``chaingraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a knowledge graph
(``docs/sparql-endpoint.md``)."""

from chaingraph.server.app import create_app, serve
from chaingraph.server.config import ServerConfig
from chaingraph.server.protocol import negotiate, refusal
from chaingraph.server.workers import WorkerPool

__all__ = ["ServerConfig", "WorkerPool", "create_app", "negotiate", "refusal", "serve"]
