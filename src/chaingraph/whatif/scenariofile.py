"""Scenario files: a small TOML document of assumptions (docs/scenarios.md).

.. code-block:: toml

    name = "天鑫项目投产"                 # optional; name_en, note too
    assume = ["天鑫=operating"]          # the --assume forms, as a list

    [[set]]                              # a status and/or a capacity
    actor = "旗能电铝"
    capacity = "60万吨"                  # a number, or text with 万/亿 and a unit (吨, 套 …)
    link = "AL07"                        # the link the capacity is for (optional)

    [[add]]                              # a company in links
    name = "某铜杆厂"
    links = ["CU04"]
    status = "operating"                 # the default
    capacity = "20万吨"

    [[remove]]
    actor = "某公司"

Every problem is reported with the file and the line of its entry, and a misspelt key with the closest one.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
>>> _ = path.write_text('name = "试"\\n[[add]]\\nname = "甲"\\nlinks = ["CU04"]\\ncapacity = "20万吨"\\n', "utf-8")
>>> scenario = load_scenario(path)
>>> a = scenario.assumptions[0]
>>> scenario.label("zh"), a.kind, a.links, a.capacity, a.unit, a.where.endswith("s.toml:2")
('试', 'add', ('CU04',), 200000.0, 'TONNE-PER-YR', True)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from chaingraph.errors import InputError, Problem, closest
from chaingraph.gaps.scenario import Assumption, Scenario, parse_assumption, parse_status

__all__ = ["load_scenario", "parse_capacity"]

#: the keys of each kind of entry (the first is required)
_KEYS = {"set": ("actor", "status", "capacity", "unit", "link"),
         "add": ("name", "links", "status", "capacity", "unit"),
         "remove": ("actor",)}
_TOP = ("name", "name_en", "note", "assume", *_KEYS)
#: unit text → QUDT unit (a count per year for pieces, sets, vehicles …)
_UNITS = {**{u: "TONNE-PER-YR" for u in ("吨", "吨/年", "t", "t/a", "t/yr", "tpa")},
          **{f"{u}{y}": "NUM-PER-YR" for u in ("套", "件", "台", "辆", "个", "只", "片") for y in ("", "/年")}}
_MAGNITUDES = {"": 1, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
_AMOUNT = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<magnitude>千|万|十万|百万|千万|亿)?\s*(?P<unit>\S*)$")


def parse_capacity(value: object, unit: object = None) -> tuple[float, str | None, str]:
    """A capacity as a scenario writes it: a number (with *unit*, a QUDT name or 吨, 套 …), or text such as
    ``20万吨``; returns (value, QUDT unit or None, the text). A ``ValueError`` says what is wrong.

    >>> parse_capacity("20万吨"), parse_capacity(5000, "套/年"), parse_capacity("1.5亿", "NUM-PER-YR")
    ((200000.0, 'TONNE-PER-YR', '20万吨'), (5000.0, 'NUM-PER-YR', '5000'), (150000000.0, 'NUM-PER-YR', '1.5亿'))
    """
    text = str(value).strip().replace(",", "")
    match = _AMOUNT.match(text) if not isinstance(value, bool) else None
    if match is None:
        raise ValueError(f"capacity '{value}' is not a number (such as 500000 or 20万吨)")
    written = str(unit).strip() if unit is not None else match["unit"]
    if written and written not in _UNITS and not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*", written):
        near = closest(written, _UNITS)
        raise ValueError(f"unknown unit '{written}'" + (f" (did you mean {', '.join(near)}?)" if near else ""))
    return (float(match["number"]) * _MAGNITUDES[match["magnitude"] or ""],
            _UNITS.get(written, written) or None, str(value).strip())


def load_scenario(path: str | Path) -> Scenario:
    """The scenario of a TOML file; an unreadable file or a bad entry is an :class:`InputError` with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except OSError as error:
        raise InputError.single(f"cannot read the scenario file: {error.strerror}", file=path) from None
    except UnicodeDecodeError:
        raise InputError.single("the scenario file is not UTF-8 text", file=path) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError.single(f"not a TOML file: {error}", file=path,
                                hint="see docs/scenarios.md for the format") from None
    lines = _entry_lines(text)
    problems: list[Problem] = []
    problems += [_problem(path, 1, f"unknown key '{key}'", closest(key, _TOP)) for key in document if key not in _TOP]
    assumptions: list[Assumption] = []
    for written in _list(document.get("assume", [])):
        try:
            assumptions.append(parse_assumption(str(written), where=f"{path}:{lines.get(('assume', 0), 1)}"))
        except InputError as error:
            problems += error.problems
    for kind in _KEYS:
        for index, entry in enumerate(_list(document.get(kind, []))):
            where = f"{path}:{lines.get((kind, index), 1)}"
            try:
                assumptions.append(_entry(kind, entry, where))
            except (InputError, ValueError) as error:
                problems += error.problems if isinstance(error, InputError) else [Problem(f"{where}: {error}")]
    if problems:
        raise InputError(problems)
    name = {lang: str(document[key]) for lang, key in (("zh", "name"), ("en", "name_en")) if key in document}
    note = {"zh": str(document["note"])} if "note" in document else {}
    return Scenario(tuple(assumptions), name, note, str(path))


def _entry(kind: str, entry: Any, where: str) -> Assumption:
    if not isinstance(entry, dict):
        raise ValueError(f"[[{kind}]] must be a table of keys ({', '.join(_KEYS[kind])})")
    for key in entry:
        if key not in _KEYS[kind]:
            near = closest(key, _KEYS[kind])
            raise ValueError(f"[[{kind}]]: unknown key '{key}'" + (f" (did you mean {near[0]}?)" if near else
                                                                  f" (keys: {', '.join(_KEYS[kind])})"))
    required = _KEYS[kind][0]
    if not str(entry.get(required, "")).strip():
        raise ValueError(f"[[{kind}]] needs '{required}'")
    status = parse_status(str(entry["status"]), where) if "status" in entry else None
    capacity = parse_capacity(entry["capacity"], entry.get("unit")) if "capacity" in entry else None
    links = tuple(str(link) for link in _list(entry.get("links", [])))
    if kind == "add" and not links:
        raise ValueError("[[add]] needs 'links' (link ids such as [\"CU04\"])")
    if kind == "set" and status is None and capacity is None:
        raise ValueError("[[set]] needs a 'status' or a 'capacity'")
    name = str(entry[required]).strip()
    text = {"set": f"{name}={status or ''}" + (f" {capacity[2]}" if capacity else ""),
            "add": f"+{name}@{','.join(links)}" + (f"={status}" if status else ""), "remove": f"-{name}"}[kind]
    return Assumption(kind, name, status or ("operating" if kind == "add" else None), links,
                      capacity[0] if capacity else None, capacity[1] if capacity else None,
                      capacity[2] if capacity else None, str(entry["link"]) if entry.get("link") else None,
                      text.strip(), where)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _entry_lines(text: str) -> dict[tuple[str, int], int]:
    """The line of each ``[[kind]]`` header (by kind and index) and of the ``assume`` key."""
    lines: dict[tuple[str, int], int] = {}
    counts: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\[\s*(\w+)\s*\]\]", line)
        if header:
            kind = header.group(1)
            lines[(kind, counts.get(kind, 0))] = number
            counts[kind] = counts.get(kind, 0) + 1
        elif re.match(r"\s*assume\s*=", line):
            lines[("assume", 0)] = number
    return lines


def _problem(path: Path, line: int, message: str, near: list[str]) -> Problem:
    return Problem(message, str(path), line, hint=f"did you mean {', '.join(near)}?" if near else
                   f"known keys: {', '.join(_TOP)}")
