"""The named SPARQL queries shipped with chaingraph (``chaingraph/sparql/*.rq``): their catalogue and headers.

Each file starts with a header of ``#+ key: value`` lines (the convention of grlc): ``title_zh``,
``title_en``, ``description`` and one ``param`` line per parameter::

    #+ param: NAME: TYPE = DEFAULT — description     optional, DEFAULT when not given
    #+ param: NAME: TYPE? — description              optional, unbound when not given
    #+ param: NAME: TYPE — description               required

Types: ``string``, ``integer``, ``decimal``, ``boolean``, ``iri`` (full IRI or prefixed name), and
``region``, ``chain``, ``link`` — resolved from an id, IRI or label (``綦江区``, ``aluminium``, ``AL07``).
Running them, with their parameters bound as RDF terms, is :mod:`chaingraph.sparql.run`.

**Where a new query goes**: a ``.rq`` file in ``src/chaingraph/sparql/`` with this header; it is then in
:func:`named_queries`, ``chaingraph query --list`` and ``docs/queries.md`` (regenerate it:
``python -m chaingraph.sparql.catalogue > docs/queries.md``), and ``tests/test_queries.py`` runs it on every store.

>>> q = named_query("chains")
>>> q.title_en, [p.name for p in q.params]
('Chains', ['lang'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from chaingraph.errors import InputError, closest

__all__ = ["TYPES", "NamedQuery", "Param", "catalogue_markdown", "load_query", "named_queries", "named_query",
           "parse_query_file", "unordered"]

_PARAM = re.compile(r"^(?P<name>\w+)\s*:\s*(?P<type>\w+)(?P<optional>\?)?\s*(?:=\s*(?P<default>[^—]*?))?\s*"
                    r"(?:—\s*(?P<doc>.*))?$")
TYPES = ("string", "integer", "decimal", "boolean", "iri", "region", "chain", "link")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    description: str = ""
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


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

    def title(self, lang: str = "zh") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.title_en or self.title_zh


def parse_query_file(name: str, text: str) -> NamedQuery:
    """Read the ``#+`` header of a query (a shipped one or a user's ``.rq`` file)."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        if key.strip() == "param":
            match = _PARAM.match(value.strip())
            if not match or match["type"] not in TYPES:
                raise InputError.single(f"malformed parameter line: {line.strip()}", file=name, line=number,
                                        hint="write '#+ param: NAME: TYPE[?] [= DEFAULT] — description' with TYPE "
                                             "one of " + ", ".join(TYPES))
            params.append(Param(match["name"], match["type"], match["default"], (match["doc"] or "").strip(),
                                bool(match["optional"])))
        else:
            meta[key.strip()] = value.strip()
    return NamedQuery(name, text, meta.get("title_zh", ""), meta.get("title_en", ""),
                      meta.get("description", ""), tuple(params))


@cache
def named_queries() -> dict[str, NamedQuery]:
    """All shipped named queries, by name (the file name without ``.rq``)."""
    folder = files("chaingraph.sparql")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = parse_query_file(name, entry.read_text(encoding="utf-8"))
    return found


def named_query(name: str) -> NamedQuery:
    """The named query *name*; an unknown name is an error that lists the closest known names."""
    queries = named_queries()
    if name not in queries:
        near = closest(name, queries)
        hint = f"did you mean {', '.join(near)}?" if near else f"known queries: {', '.join(queries)}"
        raise InputError.single(f"unknown query '{name}'", hint=hint + " (chaingraph query --list shows them all)")
    return queries[name]


_FINAL_ORDER_BY = re.compile(r"\n\s*ORDER\s+BY((?:\s+\?\w+)+)\s*\Z", re.IGNORECASE)


@cache
def unordered(name: str) -> tuple[str, tuple[str, ...]]:
    """A named query without its final ``ORDER BY ?a ?b …`` clause, and the variables it sorted by: for a
    caller that sorts the rows itself (Oxigraph sorted 600,000 rows of ``table-actors`` in 4.6 s).

    >>> unordered("table-actors")[1]
    ('actor', 'fact', 'value', 'text')
    """
    text = named_query(name).text
    match = _FINAL_ORDER_BY.search(text)
    if match is None:
        return text, ()
    return text[:match.start()] + "\n", tuple(v.lstrip("?") for v in match.group(1).split())


def load_query(spec: str) -> NamedQuery:
    """A query from a shipped name, a ``.rq`` file, or SPARQL text."""
    if spec.endswith(".rq") or (("/" in spec or "\\" in spec) and Path(spec).is_file()):
        path = Path(spec)
        if not path.is_file():
            raise InputError.single("no such query file", file=spec)
        return parse_query_file(str(path), path.read_text(encoding="utf-8"))
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE)\b", spec, re.I) and \
            re.search(r"[{\s]", spec):
        return parse_query_file("<query>", spec)
    return named_query(spec)


_CATALOGUE_INTRO = """# Named SPARQL queries

chaingraph ships its questions as named SPARQL queries in `src/chaingraph/sparql/*.rq`. The CLI
(`chaingraph query NAME --param KEY=VALUE`), Python (`chaingraph.sparql.run.run_query(kg, NAME, {...})`)
and the gap analysis all run these same files. Each starts with a header:

```sparql
#+ title_zh: 某环节的企业
#+ title_en: Companies in a link
#+ description: …
#+ param: link: link — the link, by id (AL07) or IRI                      (required)
#+ param: region: region? — count as local the actors in this region       (optional, unbound if absent)
#+ param: lang: string = zh — language of the labels                      (optional, with a default)
```

Parameter types: `string`, `integer`, `decimal`, `boolean`, `iri` (a full IRI or a prefixed name such as
`cgd:org-youlisen`), and `region`, `chain`, `link`, which accept what users type (`綦江区`, `Qijiang`,
`aluminium`, `AL07`). Values are bound as RDF terms — never pasted into the query — and unknown or
missing parameters, unknown names and syntax errors (with line and column) are reported clearly.
Queries are read-only, and one with `SERVICE` (it would send parts of itself to other endpoints) is
refused before anything is sent unless `chaingraph query --allow-service` (`allow_service=True`).

**Writing your own.** Any `.rq` file with the same header works with `chaingraph query FILE.rq`. The
chaingraph prefixes are declared for you. Use a parameter only in the top-level group or in a
top-level `OPTIONAL` (SPARQL evaluates nested groups bottom-up, so a variable bound outside is not
visible inside them on most engines), prefer `MINUS` or `OPTIONAL … COUNT = 0` to `FILTER NOT EXISTS`
(very slow on Oxigraph, oxigraph#885), and fetch the labels of an optional thing inside the `OPTIONAL`
that binds it, choosing the language in a top-level `BIND`. `tests/test_queries.py` checks that every
named query gives the same rows on rdflib and on Oxigraph.

This file is generated: `python -m chaingraph.sparql.catalogue > docs/queries.md`.

## The queries
"""


def catalogue_markdown() -> str:
    """``docs/queries.md``: how named queries work, and every shipped query with its parameters."""
    out = [_CATALOGUE_INTRO]
    for q in named_queries().values():
        out += [f"### `{q.name}` — {q.title_en}（{q.title_zh}）", "", q.description, ""]
        if q.params:
            out += ["| parameter | type | default | description |", "|---|---|---|---|"]
            for p in q.params:
                default = p.default if p.default is not None else ("required" if p.required else "optional")
                out.append(f"| `{p.name}` | {p.type} | {default} | {p.description} |")
            out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(catalogue_markdown(), end="")
