"""The DOCX report, for offices that exchange Word documents (Word, WPS, LibreOffice): the same content as the
HTML report, with a cover, real headings (the navigation pane), tables whose header row repeats on every
page and whose rows do not break, the chain maps as pictures (:mod:`~chaingraph.output.reports.mapimage`),
A4. Text from data goes into plain runs: no field, no hyperlink, no formula. Needs python-docx and Pillow
(``pip install 'chaingraph[docx]'``).
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from chaingraph.cells import NOT_XML
from chaingraph.output.linknames import join_links, link_names
from chaingraph.output.reports.context import pick
from chaingraph.output.reports.mapimage import map_png, series_png
from chaingraph.output.reports.since import row_cells
from chaingraph.reproducible import fixed_zip_times
from chaingraph.words import status_word

__all__ = ["render_report_docx"]

#: fonts a Chinese office has (LibreOffice substitutes its own CJK fonts where they are missing)
BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Arial"
#: the text width of an A4 page with the margins below (cm)
TEXT_WIDTH = 16.6
Document = Any


def xml_safe(value: Any) -> Any:
    """*value* (the report context) with every character a Word document cannot hold shown as U+FFFD, as
    the XLSX writers do (:func:`chaingraph.cells.write_only_row`): a name from data with a stray control
    character (pasted from another program) is printed, not refused.

    >>> xml_safe({"name": ["旗能\x0b电铝"], "n": 3})
    {'name': ['旗能\ufffd电铝'], 'n': 3}
    """
    if isinstance(value, str):
        return NOT_XML.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(v) for v in value)
    return value


def render_report_docx(context: dict[str, Any]) -> bytes:
    """The report as DOCX bytes, the same for the same context."""
    try:
        import docx
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("DOCX reports need python-docx and Pillow: pip install 'chaingraph[docx]'") from error
    context = xml_safe(context)
    doc = docx.Document()
    _setup(doc, context)
    _cover(doc, context)
    _brief(doc, context)
    _figures(doc, context)
    _summary(doc, context)
    for chain in context["analysis"]["chains"]:
        _chain(doc, chain, context)
    _profiles(doc, context)
    _since(doc, context)
    _back(doc, context)
    out = io.BytesIO()
    doc.save(out)
    stamp = datetime.strptime(context["generated_at"], "%Y-%m-%d %H:%M UTC")
    return fixed_zip_times(out.getvalue(), stamp)


def _fonts(style: Any, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = LATIN_FONT
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _setup(doc: Document, context: dict[str, Any]) -> None:
    """A4 portrait with office margins, Chinese fonts, the document's properties (dated as the report)."""
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    _fonts(doc.styles["Normal"], BODY_FONT, 10.5)
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        _fonts(doc.styles[name], HEADING_FONT, size, bold=True)
    stamp = datetime.strptime(context["generated_at"], "%Y-%m-%d %H:%M UTC")
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = context["title"], "chaingraph", "chaingraph"
    props.comments = f"chaingraph {context['version']}"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.language = "zh-CN" if context["lang"] == "zh" else "en"


def _cover(doc: Document, context: dict[str, Any]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    w = context["w"]
    for _ in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph(context["title"], style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for layer in context.get("layers", []):  # what the analysis is of when not the data as it is (date, scenario)
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(layer).bold = True
    lines = [(w["region"], context["region"]), (w["chains"], "、".join(context["chain_names"])),
             (w["cover_date"], context["generated_at"][:10]), (w["data_sources"], "；".join(context["data_files"])),
             (w["tool"], f"chaingraph {context['version']}")]
    for key, value in lines:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(f"{key}：" if context["lang"] == "zh" else f"{key}: ").bold = True
        line.add_run(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _heading(doc: Document, text: str, level: int, new_page: bool = False) -> None:
    heading = doc.add_heading(text, level=level)
    heading.paragraph_format.keep_with_next = True
    if new_page:
        heading.paragraph_format.page_break_before = True


def _table(doc: Document, header: list[str], rows: list[list[Any]], widths: list[float] | None = None) -> None:
    """A grid table: its header row bold and repeated on every page, no row broken across pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    all_rows: list[list[Any]] = [header, *rows]
    for row_index, values in enumerate(all_rows):
        row = table.rows[0] if row_index == 0 else table.add_row()
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # before tblHeader: Word reads trPr in the schema's order
        if row_index == 0:
            properties.append(OxmlElement("w:tblHeader"))
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run("" if value is None else str(value))
            run.font.size = Pt(9)
            run.bold = row_index == 0
            if row_index == 0:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:fill"), "F2F2F2")
                cell._tc.get_or_add_tcPr().append(shading)
    table.autofit = False
    sizes = widths or _widths(all_rows)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, sizes, strict=True):
        column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, sizes, strict=True):
            cell.width = Cm(width)
    doc.add_paragraph()


def _widths(rows: list[list[object]], total: float = TEXT_WIDTH) -> list[float]:
    """Column widths (cm) in proportion to the longest text of each column (capped), at least 1.4 cm each (a
    three-character header on one line)."""
    def size(value: object) -> float:
        text = "" if value is None else str(value)
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # a Chinese character is two Latin ones wide

    longest = [min(60.0, max(4.0, *(size(row[i]) for row in rows))) for i in range(len(rows[0]))]
    scale = total / sum(longest)
    widths = [max(1.4, n * scale) for n in longest]
    shrink = total / sum(widths)
    return [round(w * shrink, 2) for w in widths]


def _brief(doc: Document, context: dict[str, Any]) -> None:
    w, page = context["w"], context["brief"]
    _heading(doc, w["brief"], 1)
    if page["scenario"]:  # first: a leader must not take an assumed scenario for the situation as it is
        notice = doc.add_paragraph()
        notice.add_run(w["scenario_notice"]).bold = True
        for line in page["scenario"]:
            notice.add_run().add_break()
            notice.add_run(line)
    _heading(doc, w["position"], 2)
    for chain in page["position"]:
        doc.add_paragraph(chain["text"]).paragraph_format.first_line_indent = _indent()
    for sentence in page["region"]:
        doc.add_paragraph(sentence["text"]).paragraph_format.first_line_indent = _indent()
    for key, heading in (("recommendations", "recommendations"), ("projects", "key_projects")):
        if page[key]:
            _heading(doc, w[heading], 2)
            for number, sentence in enumerate(page[key], start=1):
                doc.add_paragraph(f"{number}. {sentence['text']}")
    note = doc.add_paragraph()
    note.add_run(w["brief_note"]).italic = True


def _indent() -> Any:
    from docx.shared import Pt

    return Pt(21)


def _figures(doc: Document, context: dict[str, Any]) -> None:
    from docx.shared import Cm

    w, facts = context["w"], context["facts"]
    _heading(doc, w["figures"], 1, new_page=True)
    if facts.get("as_of_note"):  # at a date: what was left out, how the undated are treated
        doc.add_paragraph(facts["as_of_note"])
    if facts["figures"]:
        _table(doc, [w["figure_entity"], w["metric"], w["value"], w["year"], w["value_status"], w["stated"],
                     w["source"]],
               [[f["entity"], f["metric"], f["value"], f["year"], f["kind"],
                 f"「{f['stated']}」" if f["stated"] else "", f["source"]] for f in facts["figures"]],
               [3.0, 2.6, 2.2, 1.2, 1.4, 4.6, 1.6])
        for series in facts["series"]:  # a small chart where a series exists, as in the HTML report
            doc.add_picture(io.BytesIO(series_png(series, w, context["lang"])), width=Cm(12))
    else:
        doc.add_paragraph(w["no_figures"])
    if facts["designations"]:
        _heading(doc, w["designations"], 2)
        _table(doc, [w["designations"], w["level"], w["holder"], w["source"]],
               [[d["name"], d["level"], d["holders"], d["source"]] for d in facts["designations"]])
    if facts["clusters"]:
        _heading(doc, w["clusters"], 2)
        _table(doc, [w["clusters"], w["chain"], w["leader"], w["source"]],
               [[c["name"], c["chain"], c["leader"], c["source"]] for c in facts["clusters"]])
    if facts["projects"]:
        _heading(doc, w["projects"], 2)
        _table(doc, [w["projects"], w["investor"], w["project_status"], w["date"], w["links_of"], w["source"]],
               [[p["name"], p["investor"], p["status"], p["date"], p["links"], p["source"]] for p in facts["projects"]])


def _summary(doc: Document, context: dict[str, Any]) -> None:
    w, lang = context["w"], context["lang"]
    _heading(doc, w["summary"], 1)  # a few rows: after the figures, not a page of its own
    rows = []
    for c in context["analysis"]["chains"]:
        leader = pick(c["chain_leader"]["label"], lang) if c["chain_leader"]["iri"] else w["none"]
        counts = " · ".join(f"{w[s]} {c['coverage']['by_status'][s]}"
                            for s in ("present", "weak", "planned", "missing"))
        broken = join_links((b["id"] for b in c["broken_links"]), link_names(c, lang), lang) or w["none"]
        rows.append([pick(c["label"], lang), f"{c['coverage']['operating']}/{c['coverage']['total']}", counts, broken,
                     leader])
    _table(doc, [w["chains"], w["coverage"], w["status_counts"], w["broken"], w["leader"]], rows)


def _chain(doc: Document, c: dict[str, Any], context: dict[str, Any]) -> None:  # long: one section, in order
    from docx.shared import Cm

    w, lang = context["w"], context["lang"]
    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else ": "
    names = link_names(c, lang)
    _heading(doc, pick(c["label"], lang), 1, new_page=True)
    if c["formula"]:
        doc.add_paragraph(f"{w['formula']}{colon}{c['formula']}")
    for key in ("head", "tail"):
        if c["truncation"][key]:
            doc.add_paragraph(f"{w['truncation_' + key]}{colon}{join_links(c['truncation'][key], names, lang)}")
    basis = c["absence"]
    doc.add_paragraph(w["absence_basis"].format(operating=basis["operating"], confirmed=len(basis["confirmed"]),
                                                unconfirmed=len(basis["unconfirmed"])))
    _heading(doc, w["map"], 2)
    doc.add_picture(io.BytesIO(map_png(c, lang, w)), width=Cm(16.5))
    doc.add_paragraph(w["map_note"]).runs[0].italic = True
    _heading(doc, w["coverage_chart"], 2)
    _table(doc, [w["segment"], w["coverage"], w["present"], w["weak"], w["planned"], w["missing"]],
           [[cell["label"] or "—", f"{cell['operating']}/{cell['total']}",
             *(cell["by_status"][s] for s in ("present", "weak", "planned", "missing"))]
            for cell in c["coverage"]["by_segment"]])
    absence = {link["id"]: link["absence"] for link in c["links"]}
    _heading(doc, w["gaps"], 2)
    _table(doc, [w["rank"], w["id"], w["name"], w["status"], w["action"], w["score"], w["reasons"]],
           [[g["rank"], g["id"], pick(g["label"], lang), status_word(g["status"], absence.get(g["id"]), lang),
             g["action_label"], f"{g['score']:.2f}", sep.join(r["text"] for r in g["reasons"])] for g in c["gaps"]],
           [1.2, 1.3, 2.6, 2.4, 1.2, 1.2, 6.7])
    _heading(doc, w["targets"], 2)
    if c["targets"]:
        _table(doc, [w["rank"], w["company"], w["route"], w["place"], w["gap_links"], w["reasons"]],
               [[t["rank"], pick(t["label"], lang), t["route_label"], pick(t["place_label"], lang) or "—",
                 join_links(t["links"], names, lang), sep.join(r["text"] for r in t["reasons"])] for t in c["targets"]])
    else:
        doc.add_paragraph(w["none"])
    if c["candidates"] == "none_in_data":
        doc.add_paragraph(w["no_candidates"])
    if c["matches"]["pairs"]:
        _heading(doc, w["matches"], 2)
        for m in c["matches"]["pairs"]:
            doc.add_paragraph(m["text"], style="List Bullet")
    _heading(doc, w["links"], 2)
    _table(doc, [w["id"], w["name"], w["segment"], w["stage"], w["status"], w["local_firms"], w["supply_ratio"]],
           [[link["id"] + (" ★" if link["targeted"] else ""), pick(link["label"], lang), link["segment_label"],
             w[link["stage"]], status_word(link["status"], link["absence"], lang)
             + (f" · {w['broken']}" if link["broken"] else ""), sep.join(f["label"] for f in link["local_firms"]),
             "" if link["local_supply_ratio"] is None else f"{link['local_supply_ratio']:.0%}"] for link in c["links"]])
    if any(link["targeted"] for link in c["links"]):
        doc.add_paragraph(f"★ {w['targeted']}")


def _profiles(doc: Document, context: dict[str, Any]) -> None:
    w, lang = context["w"], context["lang"]
    groups = [g for g in context["profiles"] if g["profiles"]]
    if not groups:
        return
    sep = "；" if lang == "zh" else "; "
    _heading(doc, w["profiles"], 1, new_page=True)
    first = True
    for group in groups:
        for p in group["profiles"]:
            _heading(doc, f"{group['chain']} · {p['rank']}. {p['name']}", 2, new_page=not first)
            first = False
            place = f"{p['place']}（{p['kind']}）" if lang == "zh" else f"{p['place']} ({p['kind']})"
            rows = [[w["place"], place], [w["route"], p["route"]], [w["profile_links"], p["links"]]]
            rows += [[w["profile_capacity"], p["capacity"]]] if p["capacity"] else []
            rows += [[w["profile_gap"], sep.join(p["gaps"])]]
            rows += [[w["profile_ties"], sep.join(p["ties"])]] if p["ties"] else []
            rows += [[w["profile_why"], sep.join(p["why"])], [w["profile_evidence"], sep.join(p["evidence"])]]
            _table(doc, [w["item"], w["detail"]], rows, [3.2, 13.4])
        if group["more"]:
            doc.add_paragraph(w["profiles_more"].format(n=group["more"]))


def _since(doc: Document, context: dict[str, Any]) -> None:
    """What changed since an older snapshot (``report --since``), as the HTML shows it."""
    since = context.get("since")
    if not since:
        return
    _heading(doc, since["title"], 1, new_page=True)
    for line in [since["note"], *since["dates"],
                 *(f"{c['chain']}：{context['w']['coverage']} {c['coverage']}" for c in since["chains"])]:
        doc.add_paragraph(line)
    if since["rows"]:
        _table(doc, since["header"], [row_cells(r) for r in since["rows"]])
    else:
        doc.add_paragraph(since["none"])


def _back(doc: Document, context: dict[str, Any]) -> None:
    """Glossary, evidence (sources cited, what the region's facts rest on) and parameters."""
    w, params = context["w"], context["analysis"]["parameters"]
    _heading(doc, w["glossary"], 1, new_page=True)
    _table(doc, [w["term"], w["meaning"]], [list(pair) for pair in context["glossary"]], [4.0, 12.6])
    _heading(doc, w["evidence"], 1)
    doc.add_paragraph(w["caveat"])
    if context["facts"]["sources"]:
        _heading(doc, w["cited"], 2)
        for source in context["facts"]["sources"]:
            doc.add_paragraph(f"[{source['n']}] {source['title']}")
    if not context["evidence_read"]:
        doc.add_paragraph(w["no_evidence"])
    _table(doc, [w["source"], w["kind"], w["entities"], w["facts"]],
           [[e["source_title"], e["kind_label"], e["entities"], e["facts"]] for e in context["evidence"]])
    _heading(doc, w["parameters"], 1)
    _table(doc, [w["setting"], w["setting_value"]],
           [[w["region"], context["region"]], [w["chains"], "、".join(context["chain_names"])],
            [w["min_firms"], params["min_firms"]], [w["named_only"], w["yes"] if params["named_only"] else w["no"]],
            [w["data_files"], "；".join(context["data_files"])], [w["generated"], context["generated_at"]],
            [w["tool"], f"chaingraph {context['version']}"]], [5.0, 11.6])
