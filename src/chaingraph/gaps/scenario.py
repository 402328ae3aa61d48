"""Scenarios (what if): assumptions about a region's companies and projects, laid over the data for one analysis.

A scenario is a list of assumptions, each one of:

* ``NAME=STATUS`` — a company or project to a status (``天鑫=operating``, ``旗能电铝=closed``; the Chinese
  words 在产, 计划, 已签约, 在建, 关停 too). A company that is not in the region but invests in projects
  there names its projects: ``天鑫`` is the investor of the district's signed 再生铜 project;
* ``+NAME@LINK[,LINK…][=STATUS]`` — a company in links (operating unless a status is given): a new local
  company, an outside company setting up a plant in the region, or a local one extending into a link;
* ``-NAME`` — a company or project that is not there (it leaves, or the project does not come).

A project assumed operating brings its planned capacity with it (it becomes actual); a company assumed
back in the pipeline has its actual capacity as planned. The data is never changed: the analysis reads the
region once (:func:`chaingraph.gaps.region.region_facts`) and applies the scenario to copies
(:mod:`chaingraph.gaps.assume`). Scenario files (TOML) are read by :func:`chaingraph.whatif.load_scenario`;
docs/scenarios.md documents both forms.

>>> scenario = Scenario.parse(["天鑫=operating", "+某铜杆厂@CU04", "-旗能电铝"])
>>> [(a.kind, a.name, a.status, a.links) for a in scenario.assumptions]
[('set', '天鑫', 'operating', ()), ('add', '某铜杆厂', 'operating', ('CU04',)), ('remove', '旗能电铝', None, ())]
>>> scenario.label("zh")
'天鑫=operating；+某铜杆厂@CU04；-旗能电铝'
>>> Scenario.parse(["天鑫=在产"]).assumptions[0].status
'operating'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from chaingraph.errors import InputError, Problem, closest
from chaingraph.words import ACTOR_STATUSES, TERMS, Lang, pick

__all__ = ["Assumption", "Scenario", "parse_assumption", "parse_status"]

#: how a status may be written: its code, its Chinese word, and a few common spellings
STATUS_WORDS: dict[str, str] = {
    **{code: code for code in ACTOR_STATUSES},
    **{TERMS["actor_status"][code][0]: code for code in ACTOR_STATUSES},
    **{TERMS["actor_status"][code][1]: code for code in ACTOR_STATUSES},
    "under-construction": "under_construction", "投产": "operating", "建成": "operating", "签约": "signed",
    "建设中": "under_construction", "关闭": "closed", "停产": "closed", "规划": "planned",
}
#: full-width forms of the operators, as a Chinese keyboard types them
_FULL_WIDTH = str.maketrans({"＝": "=", "＋": "+", "－": "-", "＠": "@", "，": ",", "；": ",", "、": ",", ";": ","})


@dataclass(frozen=True)
class Assumption:
    """One assumption of a scenario (see the module documentation)."""

    kind: str  #: "set" (a status or capacity), "add" (a company in links) or "remove"
    name: str  #: the company or project as written
    status: str | None = None  #: a code of chaingraph.words.ACTOR_STATUSES
    links: tuple[str, ...] = ()  #: for "add": the links, as written (ids or labels)
    capacity: float | None = None
    unit: str | None = None  #: the capacity's QUDT unit (TONNE-PER-YR, NUM-PER-YR …)
    stated: str | None = None  #: the capacity as written (「20万吨」)
    link: str | None = None  #: for "set": the link a capacity is for
    text: str = ""  #: the assumption as written, or as a file's entry reads
    where: str | None = None  #: where it was written: "--assume 2", "scenario.toml:7"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "status": self.status, "links": list(self.links),
                "capacity": None if self.capacity is None else {"value": self.capacity, "unit": self.unit,
                                                                 "stated": self.stated, "link": self.link},
                "text": self.text}


@dataclass(frozen=True)
class Scenario:
    """A named list of assumptions. Build one with :meth:`parse` (the ``--assume`` form) or read a file with
    :func:`chaingraph.whatif.load_scenario`; add two with ``+``."""

    assumptions: tuple[Assumption, ...]
    name: dict[str, str] = field(default_factory=dict)  #: {"zh": …, "en": …}; empty: named by its assumptions
    note: dict[str, str] = field(default_factory=dict)
    source: str | None = None  #: the file it was read from

    @classmethod
    def parse(cls, texts: Sequence[str], name: str | None = None) -> Scenario:
        """A scenario of ``--assume`` texts; every bad one is reported (:class:`InputError`), with its place."""
        problems: list[Problem] = []
        assumptions = []
        for number, text in enumerate(texts, start=1):
            try:
                assumptions.append(parse_assumption(text, where=f"--assume {number}" if len(texts) > 1 else
                                                    "--assume"))
            except InputError as error:
                problems += error.problems
        if problems:
            raise InputError(problems)
        return cls(tuple(assumptions), {"zh": name} if name else {})

    def label(self, lang: Lang) -> str:
        """The scenario's name in *lang*, else its assumptions as written."""
        return pick(self.name, lang) or "；".join(a.text for a in self.assumptions)

    def __add__(self, other: Scenario) -> Scenario:
        name = self.name if not other.assumptions else other.name if not self.assumptions else {}
        return Scenario(self.assumptions + other.assumptions, name, self.note or other.note,
                        self.source or other.source)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        return {"name": self.label(lang), "label": self.name or None, "source": self.source,
                "note": pick(self.note, lang) or None, "assumptions": [a.to_dict() for a in self.assumptions]}


def parse_status(word: str, where: str | None = None) -> str:
    """The status code *word* names (``operating``, ``在产``, ``under-construction`` …)."""
    code = STATUS_WORDS.get(word.strip()) or STATUS_WORDS.get(word.strip().casefold())
    if code is None:
        near = closest(word, [*ACTOR_STATUSES, *(TERMS["actor_status"][c][0] for c in ACTOR_STATUSES)])
        hint = f"did you mean {', '.join(near)}?" if near else f"use one of {', '.join(ACTOR_STATUSES)}"
        raise InputError.single(f"{_at(where)}unknown status '{word.strip()}'", hint=hint)
    return code


def parse_assumption(text: str, where: str | None = None) -> Assumption:
    """One assumption as ``--assume`` writes it (``NAME=STATUS``, ``+NAME@LINKS[=STATUS]``, ``-NAME``)."""
    written = text.strip()
    body = written.translate(_FULL_WIDTH)
    if body.startswith("+"):
        body, _, status = body[1:].rpartition("=") if "=" in body else (body[1:], "", "")
        name, at, links = body.rpartition("@")
        names = tuple(part.strip() for part in links.split(",") if part.strip())
        if not at or not name.strip() or not names:
            raise _usage(written, where, "a company in links is written +NAME@LINK (e.g. +某铜杆厂@CU04)")
        return Assumption("add", name.strip(), parse_status(status, where) if status.strip() else "operating",
                          links=names, text=written, where=where)
    if body.startswith("-"):
        if not body[1:].strip():
            raise _usage(written, where, "a company or project removed is written -NAME")
        return Assumption("remove", body[1:].strip(), text=written, where=where)
    name, equals, status = body.rpartition("=")
    if not equals or not name.strip() or not status.strip():
        raise _usage(written, where, "write NAME=STATUS, +NAME@LINK or -NAME, or give a scenario file (.toml)")
    return Assumption("set", name.strip(), parse_status(status, where), text=written, where=where)


def _at(where: str | None) -> str:
    return f"{where}: " if where else ""


def _usage(text: str, where: str | None, hint: str) -> InputError:
    return InputError.single(f"{_at(where)}cannot read the assumption '{text}'", hint=hint)


def slug(name: str) -> str:
    """An IRI-safe form of a name (letters of any script kept): the local part of an assumed company's IRI.

    >>> slug("某 铜杆厂/2")
    '某%20铜杆厂%2F2'
    """
    return re.sub(r"[^\w.-]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), name)
