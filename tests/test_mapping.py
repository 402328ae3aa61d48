"""chaingraph.mapping: a company register (企业名录) mapped to the links of the bundled chains.

The labelled register of tests/data/register/ (its README says how each firm was labelled) gives the
precision and recall that docs/mapping.md reports; the small registers here each test one rule.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.mapping import DEFAULT_MIN_CONFIDENCE, MappingResult, map_register
from chaingraph.mapping.firms import parse_industry, parse_status
from chaingraph.mapping.register import COLUMNS, read_register
from chaingraph.mapping.score import confidence
from chaingraph.mapping.text import split_items
from chaingraph.vocab.identifiers import credit_check_character, is_credit_code

from .conftest import DATA, ROOT

REGISTER = DATA / "register"
HEADER = "企业名称,统一社会信用代码,登记状态,注册地址,国民经济行业代码,经营范围,主营产品"


def _code(n: int, admin: str = "500110") -> str:
    body = f"91{admin}MA{n:07d}"
    return body + credit_check_character(body)


def _register(tmp_path: Path, rows: list[str], header: str = HEADER, encoding: str = "utf-8",
              name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def _firm(result: MappingResult, name: str) -> dict[str, str]:
    return next(r for r in result.review if r["name"] == name)


def _labels() -> dict[str, set[str]]:
    with (REGISTER / "labels.csv").open(encoding="utf-8") as handle:
        return {row["id"]: {x for x in row["links"].split("; ") if x} for row in csv.DictReader(handle)}


def _scores(result: MappingResult) -> tuple[float, float]:
    labels = _labels()
    found = {m.firm.id: {s.link for s in m.kept} for m in result.firms}
    assert set(found) == set(labels)
    tp = sum(len(found[i] & labels[i]) for i in labels)
    return tp / sum(len(v) for v in found.values()), tp / sum(len(v) for v in labels.values())


@pytest.fixture(scope="module")
def labelled(bundled: KnowledgeGraph) -> MappingResult:
    return map_register(REGISTER / "register.csv", bundled)


# --- the labelled register ---------------------------------------------------------------------------------

def test_precision_and_recall_on_the_labelled_register_at_the_default_threshold(labelled: MappingResult) -> None:
    precision, recall = _scores(labelled)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    docs = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    assert f"precision **{precision:.3f}**" in docs and f"recall **{recall:.3f}**" in docs, (precision, recall)


def test_the_xlsx_register_maps_like_the_gbk_csv(bundled: KnowledgeGraph, labelled: MappingResult) -> None:
    raw = (REGISTER / "register.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is GBK
    from_xlsx = map_register(REGISTER / "register.xlsx", bundled)
    assert [{**r, "source": ""} for r in from_xlsx.rows] == [{**r, "source": ""} for r in labelled.rows]
    assert any("0916" in m.firm.industry_text or m.firm.industry == "0916" for m in from_xlsx.firms)


def test_the_labelled_register_is_what_its_script_writes(tmp_path: Path) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("_make_register", REGISTER / "make_register.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.path.remove(str(REGISTER))
    module.main(tmp_path)
    for name in ("register.csv", "labels.csv"):
        assert (tmp_path / name).read_bytes() == (REGISTER / name).read_bytes(), name
    # the workbook's XML is spelled differently with and without lxml installed: compare what it holds
    written, committed = (openpyxl.load_workbook(p).worksheets[0] for p in (tmp_path / "register.xlsx",
                                                                           REGISTER / "register.xlsx"))
    assert list(written.values) == list(committed.values)
    ids = list(_labels())
    assert len(ids) >= 200 and len(set(ids)) == len(ids)
    assert sum(not is_credit_code(i) for i in ids) == 7  # the register's bad check characters


def test_closed_firms_are_kept_and_closed(labelled: MappingResult) -> None:
    closed = [r for r in labelled.review if r["status"] == "closed"]
    assert len(closed) == 35
    assert len(labelled.rows) == 271


def test_output_is_sorted_and_the_same_every_time(bundled: KnowledgeGraph, labelled: MappingResult,
                                                  tmp_path: Path) -> None:
    names = [r["name"] for r in labelled.rows]
    assert names == sorted(names)
    first = labelled.write(tmp_path / "a" / "companies.csv")
    again = map_register(REGISTER / "register.csv", bundled).write(tmp_path / "b" / "companies.csv")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    header = first[0].read_text(encoding="utf-8").splitlines()[0]
    assert header == "name,aliases,region,links,status,capacity,capacity_unit,customers,suppliers,role,source,id"
    assert first[1].name == "companies-review.csv"
    assert not list(first[0].parent.glob(".*.tmp"))


def test_the_output_imports_on_the_bundled_chains_once_the_import_takes_id(labelled: MappingResult,
                                                                           bundled: KnowledgeGraph,
                                                                           tmp_path: Path) -> None:
    from chaingraph.tables import read_tables

    folder = tmp_path / "tables"
    folder.mkdir()
    path = labelled.write(tmp_path / "companies.csv")[0]
    with path.open(encoding="utf-8") as handle:  # the import does not know `id` yet: leave it out
        rows = [{k: v for k, v in row.items() if k != "id"} for row in csv.DictReader(handle)]
    with (folder / "companies.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = read_tables(folder, bundled.store)
    assert len(set(result.graph.subjects())) > len(rows)


# --- reading a register ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("column", "spelling"), [(c, s) for c, spellings in COLUMNS.items() for s in spellings])
def test_every_header_spelling_is_read(column: str, spelling: str, tmp_path: Path) -> None:
    others = {"name": ["统一社会信用代码", "行业代码"], "scope": ["企业名称", "行业代码"]}
    header = others.get(column, ["企业名称", "经营范围"])
    header.insert(1, spelling)
    path = _register(tmp_path, ["甲,乙,丙"], header=",".join(header))
    register = read_register(path)
    assert register.columns[column] == 2
    assert register.ignored == []


def test_unknown_columns_are_ignored_and_listed_once(tmp_path: Path) -> None:
    path = _register(tmp_path, ["甲,3252,x,y"], header="企业名称,行业代码,法定代表人,成立日期")
    register = read_register(path)
    assert register.ignored == ["法定代表人", "成立日期"]
    assert sum("法定代表人" in note for note in register.notes) == 1


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    path = _register(tmp_path, ["企业名称,行业代码", "甲,3252"], header="綦江区企业名录,")
    assert [r.cells["name"] for r in read_register(path).rows] == ["甲"]


def test_status_words() -> None:
    assert [parse_status(w) for w in ("存续", "在业", "开业", "正常", "存续（在营、开业、在册）")] == ["operating"] * 5
    assert [parse_status(w) for w in ("注销", "吊销", "撤销", "迁出", "停业", "吊销，未注销")] == ["closed"] * 6
    assert parse_status("筹建") is None


def test_credit_codes_and_industry_codes() -> None:
    assert is_credit_code("91350100M000100Y43") and not is_credit_code("91350100M000100Y42")
    assert not is_credit_code("91350100M000100Y4")
    assert [parse_industry(c) for c in ("C3252", "3252", "325", "32", "C", "C3252铝压延加工", "0916", "916")] == \
        ["3252", "3252", "325", "32", "C", "3252", "0916", "0916"]
    assert parse_industry("A3252") is None  # 3252 is in 门类 C
    assert parse_industry("铝压延加工") is None


def test_trading_items_are_told_from_making_ones() -> None:
    items = split_items("一般项目：铝合金型材制造；金属材料销售；销售：铝锭，铝棒；生产、销售：铝板，铝带；铝模板租赁")
    assert [(i.text, i.trading) for i in items] == [
        ("铝合金型材制造", False), ("金属材料销售", True), ("销售:铝锭", True), ("铝棒", True),
        ("生产、销售:铝板", False), ("铝带", False), ("铝模板租赁", True)]


# --- mapping rules ---------------------------------------------------------------------------------------

def test_a_trader_is_not_a_maker(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = _register(tmp_path, [
        f"重庆甲贸易有限公司,{_code(1)},存续,重庆市綦江区,F5164,铝锭、铝棒销售；销售：电解铝，铝型材；金属材料销售,",
        f"重庆乙铝业有限公司,{_code(2)},存续,重庆市綦江区,C3252,铝合金型材制造；铝锭销售,工业铝型材"])
    result = map_register(path, bundled)
    trader, maker = _firm(result, "重庆甲贸易有限公司"), _firm(result, "重庆乙铝业有限公司")
    assert trader["links"] == ""
    assert "AL07（0.00）：仅见于销售类项目「铝锭」「电解铝」，不计为生产" in trader["evidence"]
    assert maker["links"] == "AL10" and "AL07" not in maker["candidates"]


@pytest.mark.parametrize(("code", "scope", "products", "expected"), [
    ("C3252", "", "工业铝型材", 0.85),       # 主营产品 and the 4-digit code
    ("325", "", "工业铝型材", 0.82),         # 主营产品 and a 3-digit code
    ("32", "", "工业铝型材", 0.76),          # 主营产品 and a 2-digit code
    ("", "", "工业铝型材", 0.70),            # 主营产品 alone
    ("3252", "铝合金型材制造", "", 0.73),     # 经营范围 and the 4-digit code
    ("", "铝合金型材制造", "", 0.45),         # 经营范围 alone: below the default threshold
    ("", "铝合金型材制造；铝管加工", "", 0.50),  # two keywords of the link in 经营范围
    ("3451", "", "", 0.40),                  # a code alone, matching one link (GR07)
    ("3252", "", "", 0.10),                  # a code alone, shared by four links
])
def test_the_documented_confidences(code: str, scope: str, products: str, expected: float,
                                    bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = _register(tmp_path, [f"甲公司,{_code(3)},存续,重庆市綦江区,{code},{scope},{products}"])
    result = map_register(path, bundled, min_confidence=0.0)
    best = max((s for m in result.firms for s in m.kept), key=lambda s: s.confidence)
    assert best.confidence == expected
    assert best.link == ("GR07" if code == "3451" else "AL10")
    kept = (expected >= DEFAULT_MIN_CONFIDENCE)
    assert bool(map_register(path, bundled).rows[0]["links"]) == kept


def test_the_rule_in_the_docstring_is_the_rule_in_the_code() -> None:
    assert confidence(0.70, 4, 1) == 0.85 and confidence(0.45, 4, 1) == 0.73 and confidence(0.45, 2, 1) == 0.56
    assert confidence(0.0, 4, 1) == 0.40 and confidence(0.0, 3, 2) == 0.15 and confidence(0.0, 0, 1) == 0.0


def test_region_from_the_columns_and_from_the_address(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    header = "企业名称,省份,城市,区县,注册地址,经营范围"
    path = _register(tmp_path, [
        "甲,重庆市,重庆市,綦江区,,铝型材制造",          # columns
        "乙,重庆,,綦江,,铝型材制造",                    # columns without suffixes
        "丙,,,,重庆市綦江区古南街道1号,铝型材制造",      # address
        "丁,,,,重庆綦江古南街道1号,铝型材制造",          # address without suffixes
        "戊,,,,重庆市江津区双福街道綦江路8号,铝型材制造",  # a district the graph does not know, a street named 綦江
        "己,,,,广东深圳宝安区福永街道,铝型材制造",
        "庚,浙江省,宁波市,北仑区,浙江省宁波市北仑区小港街道,铝型材制造",  # not in the graph
    ], header=header)
    result = map_register(path, bundled)
    regions = {r["name"]: r["region"] for r in result.rows}
    assert regions == {"甲": "綦江区", "乙": "綦江区", "丙": "綦江区", "丁": "綦江区", "戊": "重庆市", "己": "深圳市",
                       "庚": ""}
    assert "未找到所在地区" in _firm(result, "庚")["evidence"]
    inside = map_register(path, bundled, region="重庆")
    assert sorted(r["name"] for r in inside.rows) == ["丁", "丙", "乙", "戊", "甲"]
    assert [r["name"] for r in map_register(path, bundled, region="綦江区").rows] == ["丁", "丙", "乙", "甲"]
    english = map_register(path, bundled, region="Qijiang", lang="en", min_confidence=0.4)
    assert {r["region"] for r in english.rows} == {"Qijiang District"}
    assert english.review[0]["evidence"] == "AL10 (0.45): business scope 「铝型材」"


def test_closed_status_comes_out_closed(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = _register(tmp_path, [f"甲,{_code(4)},注销,重庆市綦江区,3252,铝型材制造,",
                                f"乙,{_code(5)},吊销，未注销,重庆市綦江区,3252,铝型材制造,"])
    result = map_register(path, bundled)
    assert [(r["status"], r["links"]) for r in result.rows] == [("closed", "AL10"), ("closed", "AL10")]


# --- errors and output -------------------------------------------------------------------------------------

def test_a_missing_name_column_is_located_with_the_closest_header(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = _register(tmp_path, ["甲,铝型材制造"], header="企业名字,经营范围")
    with pytest.raises(InputError) as caught:
        map_register(path, bundled)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 1, 1)
    assert "企业名字" in str(problem) and "did you mean 企业名称?" in str(problem)


def test_bad_status_words_are_all_located_and_nothing_is_written(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = _register(tmp_path, [f"甲,{_code(6)},筹建,綦江区,3252,铝型材制造,", f"乙,{_code(7)},存续,綦江区,3252,,",
                                f"丙,{_code(8)},正在清退,綦江区,3252,,"])
    out = tmp_path / "out" / "companies.csv"
    with pytest.raises(InputError) as caught:
        map_register(path, bundled).write(out)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, 3), (4, 3)]
    assert "存续" in str(caught.value) and "注销" in str(caught.value)
    assert not out.parent.exists()


@pytest.mark.parametrize("name", ["register.csv", "register.xlsx"])
def test_an_unreadable_file_is_an_input_error(name: str, bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x81\xff\x00\xfe not text" * 10)
    with pytest.raises(InputError, match=re.escape(str(path))):
        map_register(path, bundled)
    with pytest.raises(InputError, match="no such file"):
        map_register(tmp_path / "missing.csv", bundled)


def test_an_unknown_region_is_an_input_error(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = _register(tmp_path, ["甲,,存续,綦江区,3252,铝型材制造,"])
    with pytest.raises(InputError, match="unknown region"):
        map_register(path, bundled, region="Qijang")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_like_cells_are_written_inert(suffix: str, bundled: KnowledgeGraph, tmp_path: Path) -> None:
    path = _register(tmp_path, ['"=HYPERLINK(""http://x"",""甲"")",,存续,綦江区,3252,铝型材制造,',
                                "+甲公司,,存续,綦江区,3252,铝型材制造,", "@SUM(A1),,存续,綦江区,,,"])
    written = map_register(path, bundled).write(tmp_path / f"companies{suffix}")
    if suffix == ".csv":
        text = written[0].read_text(encoding="utf-8") + written[1].read_text(encoding="utf-8")
        assert "'=HYPERLINK" in text and "'+甲公司" in text and "'@SUM" in text
        assert not re.search(r"(^|,)[=+@-]", text, flags=re.M)
    else:
        for file in written:
            sheet = openpyxl.load_workbook(file).worksheets[0]
            cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)
                     and c.value[:1] in "=+@"]
            assert len(cells) >= 3 and all(c.data_type == "s" for c in cells)
            # a sheet to work in: header frozen, a filter over the table, every cell text
            assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
            assert {c.number_format for row in sheet.iter_rows() for c in row if c.value is not None} == {"@"}


@pytest.mark.parametrize("name", ["register.csv", "register.xlsx"])
def test_the_command_maps_a_gbk_csv_and_a_workbook(tmp_path: Path, name: str) -> None:
    import subprocess
    import sys

    out = tmp_path / "companies.csv"
    done = subprocess.run([sys.executable, "-m", "chaingraph", "map", str(REGISTER / name), "--region", "綦江区",
                           "--out", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out), str(tmp_path / "companies-review.csv")]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(row["region"] == "綦江区" for row in rows)
    assert any(row["status"] == "closed" for row in rows)  # 注销 firms are kept, closed
    assert "mapped to at least one link" in done.stderr


def test_the_command_reports_a_bad_register_and_writes_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "r.csv"
    bad.write_text("公司名,登记状态\n甲,存续\n", encoding="utf-8")
    out = tmp_path / "companies.csv"
    done = subprocess.run([sys.executable, "-m", "chaingraph", "map", str(bad), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "error:" in done.stderr and "r.csv" in done.stderr
    assert not out.exists()
