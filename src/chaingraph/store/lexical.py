"""Literals whose lexical form their datatype does not allow (``"abc"^^xsd:decimal``), found the same way on
every store: one table of XSD lexical forms, checked in Python for rdflib's store and as one SPARQL scan on
Oxigraph's (built from the same table), with the same message.

rdflib flags some ill-typed literals and rewrites others (``"tru"^^xsd:boolean`` becomes ``false``); Oxigraph
keeps them all as they are. Neither is what a user needs: a number that is not a number is a data error,
to be fixed at its line.

>>> invalid("abc", XSD + "decimal"), invalid("12.50", XSD + "decimal"), invalid("x7", XSD + "nonNegativeInteger")
(True, False, True)
>>> invalid("anything", "https://example.org/own-datatype")  # only the XSD types of the table are checked
False
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Mapping

from chaingraph.errors import Problem, clip

__all__ = ["LEXICAL", "XSD", "ill_typed_problem", "invalid", "shown", "sparql_scan", "sparql_typed_scan",
           "typed_forms"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_TZ = "(Z|[+-][0-9]{2}:[0-9]{2})?"
_INT = "[+-]?[0-9]+"

#: datatype (local name in XSD) → the regular expression of its lexical forms (XSD 1.1, without range checks).
#: The integer types derived by range (nonNegativeInteger, byte …) are checked as integers: Oxigraph stores them
#: as xsd:integer, so a range check could only be made on one store; the shapes check the ranges that matter.
LEXICAL: dict[str, str] = {
    "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    **dict.fromkeys(("integer", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger",
                     "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                     "unsignedByte"), _INT),
    "double": r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)",
    "float": r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)",
    "boolean": "(true|false|1|0)",
    "gYear": "-?[0-9]{4,}" + _TZ,
    "gYearMonth": "-?[0-9]{4,}-(0[1-9]|1[0-2])" + _TZ,
    "date": "-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ,
}
_WHOLE = {XSD + name: re.compile(pattern) for name, pattern in LEXICAL.items()}


def invalid(value: str, datatype: str | None) -> bool:
    """Whether *value* is not a lexical form of *datatype* (a full IRI; only the XSD types of :data:`LEXICAL`).

    The whole value must match, as :func:`sparql_scan`'s ``REGEX(STR(?o), "^…$")`` does on Oxigraph (there ``$``
    is the end of the text; Python's ``$`` allows a final newline): ``"12\\n"`` is not an integer on any store.

    >>> invalid("12", XSD + "integer"), invalid("12\\n", XSD + "integer"), invalid(" 12", XSD + "integer")
    (False, True, True)
    """
    pattern = _WHOLE.get(datatype or "")
    return pattern is not None and pattern.fullmatch(value) is None


def shown(datatype: str) -> str:
    """A datatype as a message shows it: ``xsd:decimal``."""
    return "xsd:" + datatype[len(XSD):] if datatype.startswith(XSD) else f"<{datatype}>"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSEEN = re.compile(r"[\x00-\x1f\x7f]")


def _visible(value: str) -> str:
    r"""*value* with its line breaks, tabs and other control characters written as escapes, for a message.

    >>> _visible("12\n")
    '12\\n'
    """
    return _UNSEEN.sub(lambda m: _ESCAPES.get(m[0]) or f"\\x{ord(m[0]):02x}", value)


def ill_typed_problem(value: str, datatype: str, texts: Mapping[str, str]) -> Problem:
    r"""The problem of an ill-typed *value*, placed at the first line of the first of *texts* (file name → its
    text) that writes it, as it is or with Turtle's escapes (``"12\n"``).

    >>> str(ill_typed_problem("12\n", XSD + "integer", {"a.ttl": '<x> <p> 1 .\n<y> <p> "12\\n"^^<i> .\n'}))
    "a.ttl:2: '12\\n' is not a valid xsd:integer (write the value in the datatype's lexical form)"
    """
    written = ('"' + value + '"', '"' + "".join(_ESCAPES.get(c, c) for c in value) + '"')
    place = next(((name, text.count("\n", 0, at) + 1) for name, text in texts.items()
                  for at in (text.find(form) for form in written) if at >= 0), (None, None))
    return Problem(f"'{clip(_visible(value))}' is not a valid {shown(datatype)}", place[0], place[1],
                   hint="write the value in the datatype's lexical form")


def sparql_typed_scan() -> str:
    """A SELECT of the distinct literals (``?o``, with their datatype ``?d``) of the datatypes of :data:`LEXICAL`,
    to check with :func:`invalid` (what :func:`sparql_scan` selects, matched in Python)."""
    types = ", ".join(f"<{XSD}{name}>" for name in LEXICAL)
    return ("SELECT DISTINCT ?o ?d WHERE { ?s ?p ?o . FILTER (isLiteral(?o)) BIND (datatype(?o) AS ?d) "
            f"FILTER (?d IN ({types})) }}")


def sparql_scan() -> str:
    """A SELECT of every literal (``?o``, with its datatype ``?d``) that :func:`invalid` would flag."""
    tests = " || ".join(f'(?d = <{XSD}{name}> && !REGEX(STR(?o), "^{pattern.replace(chr(92), chr(92) * 2)}$"))'
                        for name, pattern in LEXICAL.items())
    datatypes = ", ".join(f"<{XSD}{name}>" for name in LEXICAL)  # first: most literals are of none of them
    return ("SELECT DISTINCT ?o ?d WHERE { ?s ?p ?o . FILTER (isLiteral(?o)) BIND (datatype(?o) AS ?d) "
            f"FILTER (?d IN ({datatypes})) FILTER ({tests}) }}")


#: what may follow ``^^`` in Turtle or N-Triples: an IRI (absolute: with a scheme), or a prefixed name whose local
#: part is plain letters, ended by what may end a term (else it is read as any datatype of :data:`LEXICAL`)
_DATATYPE = re.compile(rb"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*)>"
                       rb"|(?:[A-Za-z][A-Za-z0-9_.-]*)?:([A-Za-z]+)(?=[\s;,)\]}>|#]|\.(?:[\s#]|$)|$)")
_ALL = frozenset(XSD + name for name in LEXICAL)


def typed_forms(text: bytes | mmap.mmap) -> dict[str, set[str]] | None:
    r"""The lexical forms written with a datatype (``"…"^^dt``) in Turtle or N-Triples *text* (bytes, or an
    ``mmap``), each with the datatypes of :data:`LEXICAL` it may have; ``None`` when a ``^^`` is not of the
    plain form ``"form"^^dt`` (a long or single-quoted string, an escape, a comment or a space before ``^^``):
    then only a scan of the store can tell.

    In these syntaxes a literal can only be ill-typed when written with ``^^`` (a bare number or boolean is
    valid by the grammar), so a file whose forms are all lexical (:func:`invalid`) holds no ill-typed
    literal. A prefixed datatype ``p:local`` may be any type whose IRI ends with *local* (the prefix is not
    resolved); ``^^`` inside a string or comment only adds forms to check.

    >>> sorted(typed_forms(b'<a> <p> "2024"^^xsd:gYear ; <q> "x"^^<http://www.w3.org/2001/XMLSchema#date> .').items())
    [('2024', {'http://www.w3.org/2001/XMLSchema#gYear'}), ('x', {'http://www.w3.org/2001/XMLSchema#date'})]
    >>> typed_forms(b"<a> <p> '3'^^xsd:int .") is None, typed_forms(rb'<a> <p> "a\"b"^^xsd:int .') is None
    (True, True)
    """
    written: set[tuple[bytes, bytes | None]] = set()  # each form with its datatype as written, once
    find, rfind, match = text.find, text.rfind, _DATATYPE.match
    at = find(b"^^")
    while at >= 0:
        start = rfind(b'"', 0, at - 1) if at and text[at - 1:at] == b'"' else -1
        if start < 0 or (start and text[start - 1:start] in (b'"', b"\\")):  # a long string, an escaped quote
            return None
        raw = text[start + 1:at - 1]
        if b"\\" in raw or b"\n" in raw or b"\r" in raw:
            return None
        found = match(text, at + 2)
        written.add((raw, found.group(0) if found else None))
        at = find(b"^^", at + 2)
    forms: dict[str, set[str]] = {}
    for raw, datatype in written:
        try:
            form = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        forms.setdefault(form, set()).update(_datatypes(datatype))
    return forms


def _datatypes(written: bytes | None) -> frozenset[str] | set[str]:
    """The datatypes of :data:`LEXICAL` a datatype *written* so (:data:`_DATATYPE`; ``None``: not plainly) may be."""
    found = None if written is None else _DATATYPE.fullmatch(written)
    if found is None:
        return _ALL
    if found.group(1) is not None:
        return {found.group(1).decode("utf-8", errors="replace")} & _ALL
    local = found.group(2).decode("ascii")
    return {iri for iri in _ALL if iri.endswith(local)}
