"""Named SPARQL queries shipped with chaingraph (``chaingraph/sparql/*.rq``).

Each file starts with a header of ``#+ key: value`` lines (the convention of grlc): ``title_zh``,
``title_en``, ``description`` and one ``param`` line per parameter, written
``name: type = default — description``. Parameters are SPARQL variables bound at run time.

>>> q = named_query("chains")
>>> q.title_en, [p.name for p in q.params]
('Chains', ['lang'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from chaingraph.errors import InputError, closest

__all__ = ["NamedQuery", "Param", "named_queries", "named_query"]

_PARAM = re.compile(r"^(?P<name>\w+)\s*:\s*(?P<type>\w+)\s*(?:=\s*(?P<default>[^—]*?))?\s*(?:—\s*(?P<doc>.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title_zh: str = ""
    title_en: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)

    def defaults(self) -> dict[str, str]:
        return {p.name: p.default for p in self.params if p.default is not None}


def _parse(name: str, text: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        if key.strip() == "param":
            match = _PARAM.match(value.strip())
            if not match:
                raise ValueError(f"{name}.rq: malformed param line: {line}")
            params.append(Param(match["name"], match["type"], match["default"], (match["doc"] or "").strip()))
        else:
            meta[key.strip()] = value.strip()
    return NamedQuery(name, text, meta.get("title_zh", ""), meta.get("title_en", ""),
                      meta.get("description", ""), tuple(params))


@cache
def named_queries() -> dict[str, NamedQuery]:
    """All shipped named queries, by name (the file name without ``.rq``)."""
    folder = files("chaingraph") / "sparql"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return found


def named_query(name: str) -> NamedQuery:
    """The named query *name*; an unknown name is an error that lists the closest known names."""
    queries = named_queries()
    if name not in queries:
        near = closest(name, queries)
        hint = f"did you mean {', '.join(near)}?" if near else f"known queries: {', '.join(queries)}"
        raise InputError.single(f"unknown query '{name}'", hint=hint)
    return queries[name]
