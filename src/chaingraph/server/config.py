"""How the endpoint runs: :class:`ServerConfig`, the options of ``chaingraph serve``, checked when it is made;
and sizes as people write them (``512M``, ``2G``: :func:`parse_size`, :func:`format_size`)."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field

from chaingraph.errors import InputError

__all__ = ["MIN_MEMORY", "ServerConfig", "format_size", "parse_size"]


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
#: the smallest --max-memory: a worker needs some room to parse a query and write its results
MIN_MEMORY = 64 << 20


def parse_size(text: str) -> int:
    """A size in bytes from ``512M``, ``2G``, ``1.5G``, ``800MB``, ``2GiB`` or a number of bytes (units of 1024).

    >>> parse_size("512M"), parse_size("2g"), parse_size("1.5GiB"), parse_size("1048576")
    (536870912, 2147483648, 1610612736, 1048576)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text, flags=re.I)
    if not match:
        raise InputError.single(f"--max-memory {text!r} is not a size", hint="give e.g. 512M, 2G or 1.5G")
    return int(float(match[1]) * _UNITS[match[2].upper()])


def format_size(size: int) -> str:
    """*size* bytes as people write it.

    >>> format_size(1 << 30), format_size(512 << 20), format_size(1536 << 20)
    ('1 GB', '512 MB', '1.5 GB')
    """
    for unit, scale in (("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


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
    #: memory one query may add to its worker process, in bytes (the loaded graph, shared, is not counted)
    max_memory: int = 1 << 30

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise InputError.single(f"--port {self.port} is not a TCP port (0–65535)")
        if self.timeout <= 0:
            raise InputError.single("--timeout must be a positive number of seconds")
        if self.max_rows < 1 or self.workers < 1 or self.max_query_bytes < 1:
            raise InputError.single("--max-rows and --workers must be at least 1")
        if self.max_memory < MIN_MEMORY:
            raise InputError.single(f"--max-memory {format_size(self.max_memory)} is too small: a query needs at "
                                    f"least {format_size(MIN_MEMORY)}")
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
