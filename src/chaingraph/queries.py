"""Named SPARQL queries shipped with chaingraph (``chaingraph/sparql/*.rq``), and running queries safely.

Each file starts with a header of ``#+ key: value`` lines (the convention of grlc): ``title_zh``,
``title_en``, ``description`` and one ``param`` line per parameter::

    #+ param: NAME: TYPE = DEFAULT — description     optional, DEFAULT when not given
    #+ param: NAME: TYPE? — description              optional, unbound when not given
    #+ param: NAME: TYPE — description               required

Types: ``string``, ``integer``, ``decimal``, ``boolean``, ``iri`` (full IRI or prefixed name), and
``region``, ``chain``, ``link`` — resolved from an id, IRI or label (``綦江区``, ``aluminium``, ``AL07``).
Parameters are SPARQL variables, bound as RDF terms — never pasted into the query text.

>>> q = named_query("chains")
>>> q.title_en, [p.name for p in q.params]
('Chains', ['lang'])
>>> from chaingraph.store import KnowledgeGraph
>>> result = run_query(KnowledgeGraph.open(), "companies-in-link", {"link": "AL16", "region": "綦江区"})
>>> [(row["label"], row["local"]) for row in result.rows]
[('重庆友利森汽车科技有限公司', True)]
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chaingraph.errors import InputError, closest
from chaingraph.terms import plain

__all__ = ["NamedQuery", "Param", "QueryResult", "named_queries", "named_query", "run_query"]

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
    folder = files("chaingraph") / "sparql"
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


def check_syntax(query: NamedQuery, prologue: str) -> None:
    """Raise :class:`InputError` for an update, or for a syntax error with its line and column
    (found by Oxigraph's parser, whatever store will run the query)."""
    if re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b\s*(DATA|WHERE|GRAPH|SILENT|ALL|"
                 r"DEFAULT|NAMED|<|\{)", _strip(query.text), re.I):
        raise InputError.single("SPARQL updates are not allowed here: chaingraph queries are read-only",
                                file=query.name)
    try:
        ox.Store().query(prologue + query.text)
    except SyntaxError as error:
        text = str(error.msg if hasattr(error, "msg") else error)
        place = re.match(r"error at (\d+):(\d+): ", text)
        line = column = None
        if place:
            line, column = int(place.group(1)) - prologue.count("\n"), int(place.group(2))
            text = text[place.end():]
        raise InputError.single(f"SPARQL syntax error: {text}", file=query.name, line=line, column=column) from None
    except Exception:  # run-time errors on the empty store are not syntax errors
        pass


def _strip(text: str) -> str:
    """Query text without comments and string literals (to look for keywords)."""
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', '""', text)
    return re.sub(r"(?m)#.*$", "", text)


def _typed(kg: Any, param: Param, raw: str, origin: str) -> Node:
    from chaingraph.resolve import resolve
    from chaingraph.store import iri

    value = raw.strip()
    try:
        if param.type == "string":
            return Literal(value)
        if param.type == "integer":
            return Literal(int(value))
        if param.type == "decimal":
            return Literal(Decimal(value), datatype=XSD.decimal)
        if param.type == "boolean":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(value)
            return Literal(value.lower() in ("true", "1", "yes"))
        if param.type in ("region", "chain"):
            return resolve(kg, value, param.type)  # type: ignore[arg-type]
        if param.type == "link":
            return _resolve_link(kg, value)
        node = iri(value)
        ox.NamedNode(str(node))  # validates the IRI
        if ":" not in str(node):
            raise ValueError(value)
        return node
    except InputError:
        raise
    except (ValueError, InvalidOperation):
        raise InputError.single(f"parameter '{param.name}' of {origin} must be {_article(param.type)}, "
                                f"not '{raw}'") from None


def _article(kind: str) -> str:
    return {"iri": "an IRI or a prefixed name such as cgd:org-youlisen", "integer": "an integer",
            "decimal": "a number", "boolean": "true or false", "string": "a string"}.get(kind, f"a {kind}")


def _resolve_link(kg: Any, value: str) -> URIRef:
    from chaingraph.store import iri

    rows = kg.select("SELECT ?link ?id WHERE { ?link a cg:ChainLink ; skos:notation ?id }")
    by_id = {str(r["id"]): r["link"] for r in rows}
    by_iri = {str(r["link"]): r["link"] for r in rows}
    found = by_id.get(value) or by_id.get(value.upper()) or by_iri.get(str(iri(value)))
    if found is None:
        near = closest(value, by_id)
        raise InputError.single(f"unknown link '{value}'",
                                hint=f"did you mean {', '.join(near)}?" if near else "see chaingraph info")
    return URIRef(found)


def bind_params(kg: Any, query: NamedQuery, raw: Mapping[str, object]) -> dict[str, Node]:
    """Check *raw* against the query's declared parameters and turn each into an RDF term.

    Unknown parameter names and missing required ones are errors that say which; values that are
    already RDF terms are used as they are.
    """
    declared = {p.name: p for p in query.params}
    unknown = [name for name in raw if name not in declared]
    if unknown and declared:
        raise InputError.single(f"unknown parameter '{unknown[0]}' for query {query.name}",
                                hint=f"it takes {', '.join(declared)}")
    bindings: dict[str, Node] = {}
    for name, value in raw.items():
        if isinstance(value, Node):
            bindings[name] = value
        elif name in declared:
            bindings[name] = _typed(kg, declared[name], str(value), query.name)
        else:  # ad-hoc SPARQL text with no declared parameters: plain values
            bindings[name] = Literal(value)
    for param in query.params:
        if param.name not in bindings:
            if param.default is not None:
                bindings[param.name] = _typed(kg, param, param.default, query.name)
            elif param.required:
                raise InputError.single(f"query {query.name} needs the parameter '{param.name}' ({param.type})",
                                        hint=f"pass --param {param.name}=… ({param.description})")
    return bindings


@dataclass
class QueryResult:
    """The result of :func:`run_query`: columns and rows of plain values (SELECT), a boolean (ASK) or a
    graph (CONSTRUCT/DESCRIBE)."""

    variables: tuple[str, ...] = ()
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Any = None

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install 'chaingraph[pandas]'") from error
        return pd.DataFrame(self.rows, columns=list(self.variables))

    def to_csv(self, delimiter: str = ",") -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if row.get(v) is None else row[v] for v in self.variables])
        return out.getvalue()

    def to_json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"boolean": self.boolean})
        return json.dumps({"variables": list(self.variables), "rows": self.rows}, ensure_ascii=False, indent=2)


def _form(text: str) -> str:
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", _strip(text), re.I)
    return match.group(1).upper() if match else "SELECT"


def run_query(kg: Any, spec: str | NamedQuery, params: Mapping[str, object] | None = None) -> QueryResult:
    """Run a named query, a ``.rq`` file or SPARQL text on *kg*, with *params* bound safely.

    The chaingraph prefixes are declared for you. Syntax errors, unknown names and bad parameters raise
    :class:`~chaingraph.errors.InputError` saying where and what.
    """
    from chaingraph.store import PROLOGUE

    query = spec if isinstance(spec, NamedQuery) else load_query(spec)
    check_syntax(query, PROLOGUE)
    bindings = bind_params(kg, query, params or {})
    form = _form(query.text)
    if form == "ASK":
        return QueryResult(boolean=kg.store.ask(query.text, bindings))
    if form in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(graph=kg.store.construct(query.text, bindings))
    rows = kg.store.select(query.text, bindings)
    return QueryResult(rows.variables, [{v: plain(r.get(v)) for v in rows.variables} for r in rows])


_CATALOGUE_INTRO = """# Named SPARQL queries

chaingraph ships its questions as named SPARQL queries in `src/chaingraph/sparql/*.rq`. The CLI
(`chaingraph query NAME --param KEY=VALUE`), Python (`chaingraph.queries.run_query(kg, NAME, {...})`)
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

**Writing your own.** Any `.rq` file with the same header works with `chaingraph query FILE.rq`. The
chaingraph prefixes are declared for you. Use a parameter only in the top-level group or in a
top-level `OPTIONAL` (SPARQL evaluates nested groups bottom-up, so a variable bound outside is not
visible inside them on most engines), prefer `MINUS` or `OPTIONAL … COUNT = 0` to `FILTER NOT EXISTS`
(very slow on Oxigraph, oxigraph#885), and fetch the labels of an optional thing inside the `OPTIONAL`
that binds it, choosing the language in a top-level `BIND`. `tests/test_queries.py` checks that every
named query gives the same rows on rdflib and on Oxigraph.

This file is generated: `python -m chaingraph.queries > docs/queries.md`.

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
