"""The words of a SPARQL query that matter before it reaches an engine: keywords, IRIs and prefixed names.

Just enough lexing for what the endpoint decides itself — whether a query is an update or uses ``SERVICE``
(:func:`~chaingraph.server.protocol.refusal`) and which graphs its ``FROM`` clauses name
(:mod:`~chaingraph.server.dataset`) — so that neither looks inside strings, IRIs or comments. It is
not a parser: the engines parse the query, and report its syntax errors.

>>> list(tokens('PREFIX x: <http://x/> SELECT * FROM x:g WHERE { ?s x:p "FROM" } # FROM'))
[('word', 'PREFIX'), ('pname', 'x:'), ('iri', 'http://x/'), ('word', 'SELECT'), ('word', 'FROM'), \
('pname', 'x:g'), ('word', 'WHERE'), ('pname', 'x:p')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["code_words", "is_iri", "tokens"]

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[^\W\d][\w.-]*")
# a prefixed name (PNAME_LN or PNAME_NS): the local part may hold ':', '%xx', '\'-escapes, and dots inside
_PNAME = re.compile(r"(?:[^\W\d][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%\\-]))*")


def _skip_string(query: str, i: int) -> int:
    """The index just past the string literal that starts at *i*."""
    quote, n = query[i], len(query)
    if query.startswith(quote * 3, i):
        end = query.find(quote * 3, i + 3)
        return n if end < 0 else end + 3
    i += 1
    while i < n and query[i] not in (quote, "\n"):
        i += 2 if query[i] == "\\" else 1
    return i + 1


def tokens(query: str) -> Iterator[tuple[str, str]]:
    """The keywords (``word``, upper case), IRIs (``iri``, without ``<>``) and prefixed names (``pname``) of
    *query*, in order; strings, comments, variables, numbers and punctuation are left out."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            i = _skip_string(query, i)
        elif c == "<" and (match := _IRI.match(query, i)):
            yield "iri", match.group()[1:-1]
            i = match.end()
        elif (c.isalpha() or c == ":") and (i == 0 or (query[i - 1] not in "?$:_-.\\" and not query[i - 1].isalnum())):
            if (match := _PNAME.match(query, i)) or (match := _WORD.match(query, i)):
                kind = "pname" if ":" in match.group() else "word"
                yield kind, match.group() if kind == "pname" else match.group().upper()
                i = match.end()
            else:
                i += 1
        else:
            i += 1


def code_words(query: str) -> list[str]:
    """The bare words of *query* outside strings, IRIs, prefixed names and comments (keywords, in upper case).

    >>> code_words("SELECT ?insert WHERE { ?insert <http://x/drop> 'INSERT' ; load:DROP ?with } # CLEAR")
    ['SELECT', 'WHERE']
    """
    return [text for kind, text in tokens(query) if kind == "word"]


def is_iri(text: str) -> bool:
    """Whether *text* can stand between ``<`` and ``>`` in a query (no space, quote, brace…).

    >>> is_iri("http://127.0.0.1:8000/sparql"), is_iri("http://evil host/sparql")
    (True, False)
    """
    return bool(_IRI.fullmatch(f"<{text}>"))
