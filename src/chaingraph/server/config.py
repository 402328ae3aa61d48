"""How the endpoint runs: :class:`ServerConfig`, the options of ``chaingraph serve``, checked when it is made."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field

from chaingraph.errors import InputError

__all__ = ["ServerConfig"]


@dataclass(frozen=True)
class ServerConfig:
    """How the endpoint runs; the constructor checks every value (:class:`InputError` if wrong)."""

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = field(default_factory=lambda: min(4, max(2, os.cpu_count() or 2)))
    cors_origins: tuple[str, ...] = ()
    max_query_bytes: int = 100_000

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise InputError.single(f"--port {self.port} is not a TCP port (0–65535)")
        if self.timeout <= 0:
            raise InputError.single("--timeout must be a positive number of seconds")
        if self.max_rows < 1 or self.workers < 1 or self.max_query_bytes < 1:
            raise InputError.single("--max-rows and --workers must be at least 1")
        for origin in self.cors_origins:
            if not re.fullmatch(r"https?://[^/\s*]+", origin):
                raise InputError.single(f"--cors-origin {origin!r} is not an origin",
                                        hint="give scheme://host[:port], e.g. http://intranet.example:8080; "
                                             "wildcards are not allowed")

    @property
    def loopback(self) -> bool:
        """Whether :attr:`host` is a loopback address (reachable from this machine only)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host.strip("[]")).is_loopback
        except ValueError:
            return False
