"""Resolve code strings ("hs:7604.21", "GB/T 4754-2017:3252", …) to the IRIs of the code-list concepts.

A GB/T 4754 number means nothing without its edition: 3620 is 改装汽车制造 in GB/T 4754-2011 but
汽车用发动机制造 in GB/T 4754-2017. So a bare number is accepted only with an explicit ``default_scheme``,
and every code is checked against the code list (read from the CSV tables, not from RDF, so it is fast).

>>> from chaingraph.vocab.codes import parse_code
>>> parse_code("GB/T 4754-2017:3252")
rdflib.term.URIRef('https://w3id.org/chaingraph/kos/gbt4754-2017/3252')
>>> parse_code("HS 7604.21")
rdflib.term.URIRef('https://w3id.org/chaingraph/kos/hs2022/760421')
>>> try:
...     parse_code("3620")
... except AmbiguousCodeError as e:
...     print(e)
'3620' is a bare GB/T 4754 code: the edition is required (write gbt2017:3620 or gbt2011:3620). The number \
means different industries: GB/T 4754-2011 3620 改装汽车制造, GB/T 4754-2017 3620 汽车用发动机制造.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from rdflib import URIRef

from chaingraph.vocab.code_tables import (
    crosswalk_pairs,
    hs_notation,
    read_gbt4754_2011,
    read_gbt4754_2017,
    read_hs2022,
    source_dir,
)
from chaingraph.vocab.namespaces import GBT2011, GBT2017, HS

__all__ = [
    "SCHEMES", "AmbiguousCodeError", "CodeError", "MalformedCodeError", "UnknownCodeError",
    "crosswalk_2011_to_2017", "parse_code",
]

#: Scheme keys accepted as ``default_scheme``.
SCHEMES = ("hs2022", "gbt2017", "gbt2011")
_NAMESPACE = {"hs2022": HS, "gbt2017": GBT2017, "gbt2011": GBT2011}
_PREFIX = {"hs2022": "hs", "gbt2017": "gbt2017", "gbt2011": "gbt2011"}
_TITLE = {"hs2022": "HS 2022", "gbt2017": "GB/T 4754-2017", "gbt2011": "GB/T 4754-2011"}

# "hs:", "HS ", "HS2022:", "gbt2017:", "GB/T 4754-2017:", "GB/T4754-2017 ", "GBT 4754—2011：" …
_SCHEMED = re.compile(
    r"""^\s*(?:(?P<hs>hs(?:\s*-?\s*2022)?)|gb\s*/?\s*t\s*(?:4754\s*[-‐‑–—]?\s*)?(?P<gb>2017|2011))
        (?:\s*[:：]\s*|\s+)(?P<code>\S.*?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_OTHER_PREFIX = re.compile(r"^\s*(?P<prefix>[A-Za-z][\w/ .-]*?)\s*[:：]")
_HS_SECTION = re.compile(r"(?:section[-\s]*)?(?P<roman>[IVXL]+)", re.IGNORECASE)
_GB_CODE = re.compile(r"(?P<letter>[A-Z])?(?P<digits>\d*)")


class CodeError(ValueError):
    """A code string that does not name a concept of a code list."""

    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text  #: the string that was given


class MalformedCodeError(CodeError):
    """The string is not shaped like a code (or names no known code list)."""


class AmbiguousCodeError(CodeError):
    """A bare code without a code list: :attr:`candidates` maps each scheme having it to its label."""

    def __init__(self, message: str, text: str, candidates: dict[str, str]) -> None:
        super().__init__(message, text)
        self.candidates = candidates


class UnknownCodeError(CodeError):
    """A well-formed code that is not in its code list; :attr:`suggestions` are close existing codes."""

    def __init__(self, message: str, text: str, scheme: str, suggestions: list[str]) -> None:
        super().__init__(message, text)
        self.scheme = scheme
        self.suggestions = suggestions


@dataclass(frozen=True)
class _Tables:
    labels: dict[str, dict[str, str]]  #: scheme → code (HS: digits or "section-XV") → label
    sections: dict[str, dict[str, str]]  #: GB scheme → 大类 → its 门类 letter
    crosswalk: dict[str, list[str]]  #: 2011 class → 2017 classes


@functools.cache
def _tables() -> _Tables:
    src = source_dir()
    hs_rows = read_hs2022(src / "hs2022.csv")
    hs = {r.code: r.description for r in hs_rows}
    hs.update({f"section-{r.section}": f"Section {r.section}" for r in hs_rows if r.section})
    rows11 = read_gbt4754_2011(src / "gbt4754-2011.csv")
    rows17 = read_gbt4754_2017(src / "gbt4754-2017.csv")
    crosswalk: dict[str, list[str]] = {}
    for code11, code17, _relation in crosswalk_pairs(rows11, rows17):
        crosswalk.setdefault(code11, []).append(code17)
    return _Tables(
        labels={"hs2022": hs, "gbt2017": {r.code: r.name for r in rows17},
                "gbt2011": {r.code: r.name for r in rows11}},
        sections={"gbt2017": {r.code: r.parent for r in rows17 if r.level == 1},
                  "gbt2011": {r.code: r.parent for r in rows11 if r.level == 1}},
        crosswalk=crosswalk,
    )


def _display(scheme: str, code: str) -> str:
    """Prefixed notation, e.g. ``hs:7604.21``."""
    return f"{_PREFIX[scheme]}:{hs_notation(code) if scheme == 'hs2022' else code}"


def _suggest(key: str, candidates: list[str], n: int = 5) -> list[str]:
    """Closest candidates: longest common prefix first, then difflib similarity (at least 0.5).

    >>> _suggest("76042", ["7601", "7602", "7604", "760410", "760421", "760429"])
    ['760421', '760429', '7604', '760410', '7602']
    """
    pool = [c for c in candidates if c[:2] == key[:2]] or candidates
    scored = []
    for c in pool:
        ratio = difflib.SequenceMatcher(None, key, c).ratio()
        if ratio >= 0.5:
            pairs = zip(key, c, strict=False)
            prefix = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(key), len(c)))
            scored.append((-prefix, -ratio, c))
    return [c for *_, c in sorted(scored)[:n]]


def _unknown(text: str, scheme: str, key: str, what: str = "") -> UnknownCodeError:
    labels = _tables().labels[scheme]
    suggestions = [_display(scheme, c) for c in _suggest(key, list(labels))]
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    message = f"{text!r}: {what or 'no such code'} in {_TITLE[scheme]}.{hint}"
    return UnknownCodeError(message, text, scheme, suggestions)


def _normalise(text: str, scheme: str, code: str) -> str:
    """The key of ``code`` in ``scheme``'s table; raises if malformed or unknown."""
    labels = _tables().labels[scheme]
    if scheme == "hs2022":
        m = _HS_SECTION.fullmatch(code)
        if m:
            key = f"section-{m['roman'].upper()}"
            if key not in labels:
                raise _unknown(text, scheme, key)
            return key
        key = re.sub(r"[.\s]", "", code)
        if not re.fullmatch("[0-9]+", key):
            raise MalformedCodeError(f"{text!r}: an HS code is 2, 4 or 6 digits (e.g. hs:7604.21)", text)
        if len(key) > 6:
            raise _unknown(text, scheme, key[:6], "national subheadings beyond 6 digits are not")
        if key not in labels:
            raise _unknown(text, scheme, key)
        return key
    m = _GB_CODE.fullmatch(code.upper())
    if not m or not (m["letter"] or m["digits"]):
        raise MalformedCodeError(
            f"{text!r}: a GB/T 4754 code is a 门类 letter or 2 to 4 digits (e.g. gbt2017:3252)", text)
    key = m["digits"] or m["letter"]
    if key not in labels:
        raise _unknown(text, scheme, key)
    if m["letter"] and m["digits"]:  # "C3252": check the 门类 letter
        section = _tables().sections[scheme][key[:2]]
        if section != m["letter"]:
            message = f"{text!r}: {_TITLE[scheme]} {key} {labels[key]} is in"
            message += f" 门类 {section}, not {m['letter']}"
            raise MalformedCodeError(message, text)
    return key


def _bare_code_error(text: str) -> CodeError:
    """The error for a code given without a code list: ambiguous if it is shaped like a code."""
    code = text.strip()
    labels = _tables().labels
    m = _GB_CODE.fullmatch(code.upper())
    if m and (m["letter"] or m["digits"]) and len(m["digits"]) <= 4:
        key, shown = m["digits"] or m["letter"], code.upper()
        candidates = {s: labels[s][key] for s in ("gbt2011", "gbt2017") if key in labels[s]}
        if not candidates:
            message = f"{text!r} has no code list: prefix it with hs:, gbt2017: or gbt2011:."
        else:
            message = (f"{text!r} is a bare GB/T 4754 code: the edition is required "
                       f"(write gbt2017:{shown} or gbt2011:{shown}).")
        if len(candidates) == 2 and candidates["gbt2011"] != candidates["gbt2017"]:
            message += (f" The number means different industries: GB/T 4754-2011 {key} "
                        f"{candidates['gbt2011']}, GB/T 4754-2017 {key} {candidates['gbt2017']}.")
        elif len(candidates) == 2:
            message += f" Both editions name it {candidates['gbt2017']}."
        elif candidates:
            ((scheme, name),) = candidates.items()
            message += f" Only {_TITLE[scheme]} has it: {name}."
        if key in labels["hs2022"]:
            candidates["hs2022"] = labels["hs2022"][key]
            message += f" (hs:{key} is HS 2022 {labels['hs2022'][key]!r}.)"
        return AmbiguousCodeError(message, text, candidates)
    if not re.fullmatch(r"[0-9][0-9.\s]*", code):
        return MalformedCodeError(f"{text!r} is not a code (e.g. hs:7604.21, gbt2017:3252)", text)
    key = re.sub(r"[.\s]", "", code)
    candidates = {"hs2022": labels["hs2022"][key]} if key in labels["hs2022"] else {}
    message = f"{text!r} has no code list: write it as hs:{code} (HS 2022) or pass default_scheme."
    return AmbiguousCodeError(message, text, candidates)


def parse_code(text: str, default_scheme: str | None = None) -> URIRef:
    """Resolve a code string to the IRI of its concept, checking that the code exists.

    Parameters
    ----------
    text : str
        ``"hs:7604.21"``, ``"HS 7604.21"``, ``"HS2022:760421"``, ``"hs:section-XV"``, ``"gbt2017:3252"``,
        ``"GB/T 4754-2017:3252"``, ``"GB/T4754-2017 3252"``, ``"gbt2011:3262"``, ``"gbt2017:C3252"``
        (门类 letter checked), or a concept IRI. A bare code (``"3252"``, ``"7604.21"``) needs
        ``default_scheme``.
    default_scheme : {"hs2022", "gbt2017", "gbt2011"}, optional
        The code list of bare codes.

    Returns
    -------
    URIRef
        E.g. ``gbt2017:3252``, ``hs:760421``.

    Raises
    ------
    AmbiguousCodeError
        A bare code without ``default_scheme``; for a GB number the message names what it means in each
        edition.
    UnknownCodeError
        A well-formed code that is not in the code list; ``suggestions`` lists the closest codes.
    MalformedCodeError
        Anything else.

    Examples
    --------
    >>> parse_code("gbt2011:3262")
    rdflib.term.URIRef('https://w3id.org/chaingraph/kos/gbt4754-2011/3262')
    >>> parse_code("3252", default_scheme="gbt2017") == parse_code("GB/T4754-2017 3252")
    True
    >>> try:
    ...     parse_code("hs:7604.2")
    ... except UnknownCodeError as e:
    ...     print(e.suggestions)
    ['hs:7604.21', 'hs:7604.29', 'hs:7604', 'hs:7604.10', 'hs:7602']
    """
    if default_scheme is not None and default_scheme not in SCHEMES:
        raise ValueError(f"default_scheme must be one of {', '.join(SCHEMES)}, not {default_scheme!r}")
    if not isinstance(text, str) or not text.strip():
        raise MalformedCodeError(f"{text!r} is not a code", str(text))
    for scheme, ns in _NAMESPACE.items():
        if text.startswith(str(ns)):
            return ns[_normalise(text, scheme, text[len(str(ns)):])]
    m = _SCHEMED.match(text)
    if m:
        scheme = "hs2022" if m["hs"] else f"gbt{m['gb']}"
        code = m["code"]
    elif (other := _OTHER_PREFIX.match(text)) is not None:
        raise MalformedCodeError(
            f"{text!r}: unknown code list {other['prefix']!r} (use hs:, gbt2017: or gbt2011:)", text)
    elif default_scheme is None:
        raise _bare_code_error(text)
    else:
        scheme, code = default_scheme, text.strip()
    return _NAMESPACE[scheme][_normalise(text, scheme, code)]


def crosswalk_2011_to_2017(code: str) -> list[URIRef]:
    """The GB/T 4754-2017 classes a GB/T 4754-2011 code corresponds to.

    Uses the pairs of ``ontology/codes/gbt4754-crosswalk.ttl``
    (:func:`chaingraph.vocab.code_tables.crosswalk_pairs`): exact matches, or the narrower 2017 classes of a split
    class (2011 3610 → 3611, 3612). A class with the same code and name in both editions maps to its 2017
    namesake; a class with no counterpart gives ``[]``.

    Parameters
    ----------
    code : str
        A 2011 code, bare (``"3262"``) or prefixed (``"gbt2011:3262"``).

    Examples
    --------
    >>> crosswalk_2011_to_2017("3262")
    [rdflib.term.URIRef('https://w3id.org/chaingraph/kos/gbt4754-2017/3252')]
    >>> [str(iri)[-4:] for iri in crosswalk_2011_to_2017("gbt2011:3610")]
    ['3611', '3612']
    """
    iri = parse_code(code, default_scheme="gbt2011")
    if not iri.startswith(str(GBT2011)):
        raise MalformedCodeError(f"{code!r} is not a GB/T 4754-2011 code", code)
    key = iri[len(str(GBT2011)):]
    tables = _tables()
    if key in tables.crosswalk:
        return [GBT2017[c] for c in tables.crosswalk[key]]
    if tables.labels["gbt2017"].get(key) == tables.labels["gbt2011"][key]:
        return [GBT2017[key]]
    return []
