"""Map a company register (企业名录) to the links of the knowledge graph: :func:`map_register`.

Each firm of the register is read and checked (:mod:`~chaingraph.mapping.firms`), placed in a region of the
graph (:mod:`~chaingraph.mapping.regions`) and given the links its 主营产品, 经营范围 and industry code point to,
each with a confidence and its evidence (:mod:`~chaingraph.mapping.score`). A mapping is a suggestion for a
person to review, not a fact: the output says why each link was suggested.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "r.csv").write_text("企业名称,登记状态,注册地址,行业代码,经营范围,主营产品\\n"
...     "重庆甲铝业有限公司,存续,重庆市綦江区古南街道1号,C3252,铝合金型材制造；金属材料销售,工业铝型材\\n"
...     "重庆乙贸易有限公司,注销,重庆市綦江区,F5164,铝锭销售；金属材料销售,\\n", encoding="utf-8")
>>> result = map_register(folder / "r.csv", KnowledgeGraph.open(), region="綦江")
>>> [(r["name"], r["region"], r["links"], r["status"]) for r in result.rows]
[('重庆乙贸易有限公司', '綦江区', '', 'closed'), ('重庆甲铝业有限公司', '綦江区', 'AL10', 'operating')]
>>> result.review[1]["confidence"], result.review[1]["evidence"]
('0.88', 'AL10（0.88）：主营产品「工业铝型材」，经营范围「铝合金型材」，行业代码3252与环节代码3252一致（4位）')
>>> [p.name for p in result.write(folder / "companies.csv")]
['companies.csv', 'companies-review.csv']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chaingraph.errors import InputError, Problem
from chaingraph.mapping.firms import CLOSED_WORDS, OPERATING_WORDS, Firm, is_credit_code, parse_industry, parse_status
from chaingraph.mapping.links import LinkVocabulary
from chaingraph.mapping.output import write_tables
from chaingraph.mapping.regions import Gazetteer
from chaingraph.mapping.register import Register, RegisterRow, read_register
from chaingraph.mapping.score import DEFAULT_MIN_CONFIDENCE, Suggestion, suggest
from chaingraph.sparql.resolve import resolve
from chaingraph.store.protocol import QueryableGraph
from chaingraph.words import Lang, mapping_words

__all__ = ["MappedFirm", "MappingResult", "map_register", "map_rows"]


@dataclass
class MappedFirm:
    firm: Firm
    kept: list[Suggestion]  #: the links at or above the threshold, by link id
    below: list[Suggestion]  #: the other candidates, best first


@dataclass
class MappingResult:
    """What :func:`map_register` found: :attr:`rows` for ``companies.csv``, :attr:`review` for the review file,
    :attr:`notes` on the register as a whole."""

    rows: list[dict[str, str]]
    review: list[dict[str, str]]
    notes: list[str]
    firms: list[MappedFirm]
    min_confidence: float

    def pairs(self) -> set[tuple[str, str]]:
        """The (credit code or name, link) pairs kept."""
        return {(m.firm.id or m.firm.name, s.link) for m in self.firms for s in m.kept}

    def write(self, path: str | Path) -> list[Path]:
        """Write ``companies.csv`` (or ``.xlsx``) at *path* and the review file beside it; return both paths."""
        return write_tables(path, self.rows, self.review)


def _firm(row: RegisterRow, columns: dict[str, int], display: str, problems: list[Problem]) -> Firm:
    firm = Firm(row.number, row["name"], row["id"].replace(" ", "").upper(), scope=row["scope"],
                products=row["products"], industry_text=row["industry"])
    status_column = columns.get("status")
    if status_column is not None:
        text = row["status"]
        status = parse_status(text) if text else "operating"
        if status is None:
            problems.append(Problem(f"unknown registration status '{text}'", display, row.number, status_column,
                                    hint="expected one of " + "、".join((*OPERATING_WORDS[:-1], *CLOSED_WORDS[:-1]))))
        firm.status = status or "operating"
        if not text:
            firm.notes.append("no_status")
    if not firm.name:
        problems.append(Problem("no name", display, row.number, None, hint="every firm needs its 企业名称"))
    if firm.id and not is_credit_code(firm.id):
        firm.notes.append("bad_id")
    elif not firm.id and "id" in columns:
        firm.notes.append("no_id")
    if firm.industry_text:
        firm.industry = parse_industry(firm.industry_text)
        if firm.industry is None:
            firm.notes.append("bad_code")
    return firm


def _place(firm: Firm, row: RegisterRow, gazetteer: Gazetteer) -> None:
    cells = [row["province"], row["city"], row["county"]]
    firm.region = gazetteer.from_columns(cells) if any(cells) else None
    if firm.region is None and row["address"]:
        firm.region = gazetteer.from_address(row["address"])
    if firm.region is None:
        firm.notes.append("no_region")


def read_firms(register: Register, gazetteer: Gazetteer) -> list[Firm]:
    """The firms of *register*, checked and placed; raise :class:`InputError` listing every bad cell."""
    problems: list[Problem] = []
    firms = []
    for row in register.rows:
        firm = _firm(row, register.columns, register.display, problems)
        _place(firm, row, gazetteer)
        firms.append(firm)
    if problems:
        raise InputError(problems)
    return firms


def _note(firm: Firm, key: str, words: dict[str, str], row: RegisterRow | None) -> str:
    text = words[key]
    if key == "no_region":
        where = " ".join(x for x in (row["province"], row["city"], row["county"], row["address"]) if x) if row else ""
        return text.format(text=where or "—")
    return text.format(id=firm.id, code=firm.industry_text)


def _evidence(suggestion: Suggestion, words: dict[str, str], lang: Lang) -> str:
    comma = "，" if lang == "zh" else ", "
    space = "" if lang == "zh" else " "
    parts = [f"{words[place]}{space}「{'」「'.join(found)}」" for place, found in suggestion.words.items()]
    if suggestion.sold:
        parts.append(words["sold"].format(words="」「".join(suggestion.sold)))
    if suggestion.code and suggestion.code[2] > 1:
        firm_code, link_code, depth = suggestion.code
        key = "code" if suggestion.words else "code_only"
        parts.append(words[key].format(firm=firm_code, link=link_code, depth=words[f"depth_{depth}"],
                                       shared=suggestion.shared))
    head = f"{suggestion.link}（{suggestion.confidence:.2f}）：" if lang == "zh" else \
        f"{suggestion.link} ({suggestion.confidence:.2f}): "
    return head + comma.join(parts)


def _rows(mapped: MappedFirm, gazetteer: Gazetteer, source: str, words: dict[str, str], lang: Lang,
          row: RegisterRow | None) -> tuple[dict[str, str], dict[str, str]]:
    firm = mapped.firm
    region = gazetteer.label(firm.region, lang) if firm.region else ""
    links = "; ".join(s.link for s in mapped.kept)
    company = {"name": firm.name, "region": region, "links": links, "status": firm.status, "source": source,
               "id": firm.id}
    evidence = [_evidence(s, words, lang) for s in mapped.kept] or [words["no_link"]]
    evidence += [_evidence(s, words, lang) for s in mapped.below if s.sold and not s.words]
    evidence += [_note(firm, key, words, row) for key in firm.notes]
    review = {"id": firm.id, "name": firm.name, "row": str(firm.row), "region": region, "status": firm.status,
              "links": links, "confidence": "; ".join(f"{s.confidence:.2f}" for s in mapped.kept),
              "evidence": "; ".join(evidence),
              "candidates": "; ".join(f"{s.link} {s.confidence:.2f}" for s in mapped.below if s.confidence > 0)}
    return company, review


def map_rows(firms: Sequence[Firm], links: LinkVocabulary, min_confidence: float) -> list[MappedFirm]:
    """The suggestions for each firm, split at *min_confidence*."""
    mapped = []
    for firm in firms:
        suggestions = suggest(firm, links)
        kept = sorted((s for s in suggestions if s.confidence >= min_confidence), key=lambda s: s.link)
        mapped.append(MappedFirm(firm, kept, [s for s in suggestions if s.confidence < min_confidence]))
    return mapped


def _in_region(firms: list[Firm], kg: QueryableGraph, gazetteer: Gazetteer, region: str,
               notes: list[str]) -> list[Firm]:
    wanted = str(resolve(kg, region, "region"))
    kept = [f for f in firms if f.region is not None and gazetteer.inside(f.region, wanted)]
    if len(kept) < len(firms):
        notes.append(f"{len(firms) - len(kept)} of {len(firms)} firms are outside {region} "
                     "(or of unknown region) and left out")
    return kept


def _unique(firms: list[Firm], display: str, notes: list[str]) -> list[Firm]:
    seen: dict[str, int] = {}
    kept = []
    for firm in firms:
        if firm.id and firm.id in seen:
            notes.append(f"{display} row {firm.row}: credit code {firm.id} repeats row {seen[firm.id]}; "
                         "the later row is left out")
            continue
        if firm.id:
            seen[firm.id] = firm.row
        kept.append(firm)
    return kept


def map_register(register: str | Path, kg: QueryableGraph, *, region: str | None = None,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE, lang: Lang = "zh") -> MappingResult:
    """Map the firms of the register at *register* (CSV or XLSX) to the links of *kg*.

    *region* (an id or name of a region of *kg*) keeps the firms in it or inside it; *min_confidence* (in
    [0, 1]) is the threshold a link's confidence must reach; *lang* is the language of the region names
    and the evidence. Raises :class:`~chaingraph.errors.InputError` listing every problem of the register
    (unreadable file, missing name column, unknown status word), or for an unknown region.
    """
    if not 0 <= min_confidence <= 1:
        raise InputError.single(f"min_confidence must be between 0 and 1, not {min_confidence}")
    table = read_register(register)
    gazetteer = Gazetteer.read(kg)
    links = LinkVocabulary.read(kg)
    notes = list(table.notes)
    firms = _unique(read_firms(table, gazetteer), table.display, notes)
    if region is not None:
        firms = _in_region(firms, kg, gazetteer, region, notes)
    words = mapping_words(lang)
    source = words["source"].format(file=Path(register).name)
    by_row = {row.number: row for row in table.rows}
    mapped = map_rows(firms, links, min_confidence)
    mapped.sort(key=lambda m: (m.firm.name, m.firm.id, m.firm.row))
    pairs = [_rows(m, gazetteer, source, words, lang, by_row.get(m.firm.row)) for m in mapped]
    _count_notes(mapped, notes)
    return MappingResult([c for c, _ in pairs], [r for _, r in pairs], notes, mapped, min_confidence)


def _count_notes(mapped: list[MappedFirm], notes: list[str]) -> None:
    counts: dict[str, int] = {}
    for m in mapped:
        for key in m.firm.notes:
            counts[key] = counts.get(key, 0) + 1
    described = {"no_region": "without a known region", "bad_id": "with a credit code that fails its check",
                 "no_id": "without a credit code", "bad_code": "with an industry code not in GB/T 4754-2017",
                 "no_status": "without a registration status (taken as operating)"}
    for key, text in described.items():
        if counts.get(key):
            notes.append(f"{counts[key]} firms {text}")
    unmapped = sum(1 for m in mapped if not m.kept)
    notes.append(f"{len(mapped) - unmapped} of {len(mapped)} firms mapped to at least one link; "
                 f"{sum(len(m.kept) for m in mapped)} firm–link suggestions")
