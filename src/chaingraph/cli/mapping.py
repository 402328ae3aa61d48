"""``chaingraph map``: a company register (企业名录) to the companies table, each firm on the links its products,
business scope and industry code point to (:mod:`chaingraph.mapping`, docs/mapping.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chaingraph._runtime import keep_until_exit
from chaingraph.cli.console import make_console
from chaingraph.cli.opening import open_graph
from chaingraph.cli.options import DEFAULT_STORE, GraphOption, Lang, LangOption, StoreOption
from chaingraph.fileio import check_output

__all__ = ["map_command"]


def map_command(
    register: Annotated[Path, typer.Argument(
        help="The company register: a CSV (UTF-8 or GBK) or XLSX file with 企业名称, 统一社会信用代码, 登记状态, the "
             "region or 注册地址, 国民经济行业代码, 经营范围 and 主营产品 (see docs/mapping.md).", show_default=False)],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The companies table to write (.csv or .xlsx); a review file with each link's confidence "
        "and evidence is written beside it (companies-review.csv).", show_default=False)],
    region: Annotated[str | None, typer.Option(
        "--region", "-r", help="Keep only the firms in this region or inside it (id or name: 綦江区, 綦江).")] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="The confidence a firm–link mapping needs to be written (0–1; docs/mapping.md).")] = 0.5,
    graph: GraphOption = None,
    lang: LangOption = Lang.zh,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Map a company register to the chain links: the companies table, ready to review and import.

    Each firm gets the links its 主营产品, 经营范围 and industry code point to, with a confidence and the evidence
    (the words found, the code that matched) in the review file; 注销/吊销 firms are kept, as closed. Exit 0 when
    written; 2 when the register cannot be read or a cell is wrong (file, row, column; nothing written).
    """
    from chaingraph.mapping import map_register

    check_output(out)
    kg = open_graph(graph, store)
    result = map_register(register, kg, region=region, min_confidence=min_confidence, lang=lang.value)
    keep_until_exit(result)
    err = make_console(stderr=True, highlight=False, soft_wrap=True)
    for note in result.notes:
        err.print(f"note: {note}", markup=False)
    for path in result.write(out):
        print(path)
