"""The query page: an inline HTML form (no script, no external style or font, so it works offline),
with SELECT results as a table and everything from the data escaped."""

from __future__ import annotations

import html
import json

from starlette.responses import HTMLResponse

from chaingraph.server.config import ServerConfig, format_size
from chaingraph.server.protocol import MAX_ROWS_HEADER, Reply
from chaingraph.vocab.namespaces import PREFIXES

__all__ = ["EXAMPLE_QUERY", "page", "results_html"]

_STYLE = ("body{font:14px system-ui,sans-serif;margin:1.5em;max-width:80em}textarea{width:100%;height:14em;"
          "font:13px monospace}table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #bbb;"
          "padding:2px 6px;text-align:left;vertical-align:top}th{background:#eee}pre{background:#f6f6f6;"
          "padding:.5em;overflow:auto}.note{color:#555}")
_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
#: the query the page shows at first
EXAMPLE_QUERY = """SELECT ?id ?label WHERE {
  ?link a cg:ChainLink ; skos:notation ?id ; skos:prefLabel ?label .
  FILTER (lang(?label) = "zh")
} ORDER BY ?id LIMIT 20"""


def page(config: ServerConfig, store: str, triples: int, query: str = EXAMPLE_QUERY, result: str = "") -> HTMLResponse:
    """The query page of an endpoint over *store* (its name) with *triples* triples: the form holding *query*,
    then *result* (HTML)."""
    e = html.escape
    options = "".join(f'<option value="{name}">{name}</option>' for name in ("html", "json", "xml", "csv", "tsv",
                                                                              "turtle", "ntriples"))
    prefixes = " ".join(f"{e(p)}:" for p in PREFIXES)
    text = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chaingraph SPARQL endpoint</title>
<style>{_STYLE}</style></head><body>
<h1>chaingraph SPARQL endpoint</h1>
<p class="note">Read-only SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST). Store: {e(store)},
{triples:,} triples. A query may run {config.timeout:g} s, use {format_size(config.max_memory)} of memory and
return {config.max_rows:,} rows (header <code>{MAX_ROWS_HEADER}</code> when cut). Declared for you:
<code>{prefixes}</code></p>
<form method="post" action="sparql"><textarea name="query" spellcheck="false">{e(query)}</textarea>
<p>Results as <select name="format">{options}</select> <button type="submit">Run query</button></p></form>
{result}</body></html>"""
    return HTMLResponse(text, headers={"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff"})


def _term_html(term: dict[str, str]) -> str:
    value = html.escape(term.get("value", ""))
    if term.get("type") == "uri":
        return f"&lt;{value}&gt;"
    if term.get("type") == "bnode":
        return f"_:{value}"
    if "xml:lang" in term:
        return f"{value} <small>@{html.escape(term['xml:lang'])}</small>"
    if "datatype" in term and not term["datatype"].endswith("#string"):
        return f"{value} <small>^^{html.escape(term['datatype'].rsplit('#', 1)[-1])}</small>"
    return value


def results_html(reply: Reply) -> str:
    """A worker's reply as HTML for the query page: SELECT/ASK results (JSON) as a table, anything else as text."""
    if reply.status != 200:
        return f"<h2>Error {reply.status}</h2><pre>{html.escape(reply.body.decode('utf-8', 'replace'))}</pre>"
    note = (f"<p class=\"note\">Cut at {html.escape(reply.headers[MAX_ROWS_HEADER])} rows.</p>"
            if MAX_ROWS_HEADER in reply.headers else "")
    if not reply.content_type.startswith("application/sparql-results+json"):
        return f"{note}<pre>{html.escape(reply.body.decode('utf-8', 'replace'))}</pre>"
    data = json.loads(reply.body)
    if "boolean" in data:
        return f"<p><b>{'true' if data['boolean'] else 'false'}</b></p>"
    names = data["head"].get("vars", [])
    rows = data["results"]["bindings"]
    head = "".join(f"<th>{html.escape(v)}</th>" for v in names)
    body = "".join("<tr>" + "".join(f"<td>{_term_html(row[v]) if v in row else ''}</td>" for v in names) + "</tr>"
                   for row in rows)
    return f"<p class=\"note\">{len(rows):,} rows.</p>{note}<table><tr>{head}</tr>{body}</table>"
