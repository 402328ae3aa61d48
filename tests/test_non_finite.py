"""Numbers no output can hold (issue 19): a capacity of ``1e400`` became ``"value": Infinity`` in the JSON.

Tables refuse it at import with a located error; in RDF (where ``INF``, ``NaN`` and ``1e400`` are valid
literals) ``validate`` names it, and the analysis leaves it out as no data rather than write ``Infinity``.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from chaingraph.errors import InputError
from chaingraph.tables import read_tables

from .test_cli import _run

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "examples" / "qijiang-tables"
FIXTURE = ROOT / "tests" / "data" / "violations" / "non-finite-capacity.ttl"


def _tables_with(tmp_path: Path, column: str, value: str) -> Path:
    folder = tmp_path / "tables"
    shutil.copytree(TABLES, folder)
    path = folder / "companies.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    index = rows[0].index(column)
    rows[1][index] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return folder


@pytest.mark.parametrize(("column", "value", "message"), [
    ("capacity", "1e400", "too large a number"),
    ("capacity", "1e305亿", "too large a number"),  # finite as written, not once scaled to tonnes
    ("count", "1e400家", "not a count of firms"),
])
def test_tables_refuse_a_number_no_output_can_hold(tmp_path: Path, column: str, value: str, message: str) -> None:
    folder = _tables_with(tmp_path, column, value)
    with pytest.raises(InputError) as caught:
        read_tables(folder)
    [problem] = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.column_name, problem.value) == (
        "companies.csv", 2, column, value)
    assert problem.message == message


def test_import_of_such_a_table_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    result = _run("import", str(_tables_with(tmp_path, "capacity", "1e400")), "--out", str(out))
    assert result.returncode == 2 and "row 2, column capacity" in result.stderr and "10³⁰⁸" in result.stderr
    assert not out.exists()


def test_validate_names_infinite_and_not_a_number_capacities() -> None:
    result = _run("validate", "--format", "json", "--with-bundled", str(FIXTURE))
    assert result.returncode == 1
    found = {(f["focus_label"], f["message"]) for f in json.loads(result.stdout)["findings"]}
    finite = "a numeric value must be finite (at most 1.8×10³⁰⁸; INF and NaN are not quantities)"
    assert {("无穷产能公司 → cg:capacity", finite), ("超大产能公司 → cg:capacity", finite),
            ("非数产能公司", "capacity must be a number ≥ 0")} <= found


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_the_analysis_leaves_non_finite_figures_out_and_writes_valid_json(tmp_path: Path, store: str) -> None:
    folder = tmp_path / "graph"
    shutil.copytree(ROOT / "graph", folder)
    shutil.copy(FIXTURE, folder)
    result = _run("gaps", "--graph", str(folder), "--store", store, "--region", "綦江区", "--format", "json")
    assert result.returncode == 0, result.stderr

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the JSON")

    json.loads(result.stdout, parse_constant=refuse)  # Infinity / NaN are not JSON
    assert "无穷产能公司" in result.stdout  # the firms are still there, their figures left out
