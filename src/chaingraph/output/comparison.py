"""The terminal view of ``chaingraph compare``: per chain, a table with the links as rows and the regions as
columns, the coverage per region, and what each region operates that the others it is compared with do not."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from chaingraph.output.changes import as_of_lines
from chaingraph.whatif.compare import Comparison
from chaingraph.words import Lang, pick, whatif_words

__all__ = ["print_comparison"]


def print_comparison(comparison: Comparison, console: Console, lang: Lang = "zh") -> None:
    """Print *comparison*; text from the data is printed as it is (never as markup)."""
    w = whatif_words(lang)
    names = [pick(r["label"], lang) or r["id"] for r in comparison.regions]
    for name, as_of in zip(names, comparison.as_of or (), strict=False):
        for line in as_of_lines(as_of, lang):
            console.print(f"{name} · {line.strip()}" if not line.startswith(" ") else line, markup=False)
    for chain in comparison.chains:
        console.rule(Text(w["compare_title"].format(chain=pick(chain.label, lang) or chain.id), style="bold"))
        table = Table(title_justify="left")
        for column in (w["id"], w["name"], w["segment"], *names):
            table.add_column(column, overflow="fold")
        for row in chain.links:
            cells = [Text(f"{c['status_label']}" + (f" · {c['operating']}" if c["covered"] else "")
                          + (f" · {c['capacity_text']}" if c["capacity_text"] else "")) for c in row["cells"]]
            table.add_row(Text(row["id"]), Text(pick(row["label"], lang)), Text(row["segment"] or ""), *cells)
        totals = [Text(f"{c['coverage']['operating']}/{c['coverage']['total']}" if c["covered"] else w["not_covered"])
                  for c in chain.regions]
        table.add_row(Text(w["coverage"], style="bold"), Text(""), Text(""), *totals)
        console.print(table)
        for entry in chain.distinct:
            links = ", ".join(entry["links"]) or w["distinct_none"]
            console.print(f"{w['distinct'].format(region=pick(entry['label'], lang))}: {links}", markup=False)
        console.print()
