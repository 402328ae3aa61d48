"""The command line, run as users run it (the console script) and through Typer's runner."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from chaingraph.cli import app

from .conftest import DATA

runner = CliRunner()
COMMANDS = ["gaps", "query", "report", "serve", "validate", "info", "compare", "diff"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real entry point in a subprocess, as the installed console script would."""
    code = "import sys; from chaingraph.launch import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal, so table cells are not wrapped
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env=env)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output) > 200


def test_python_dash_m_runs_the_cli_with_its_exit_codes() -> None:
    listed = subprocess.run([sys.executable, "-m", "chaingraph", "query", "--list"], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert listed.returncode == 0 and "scope-operators" in listed.stdout
    unknown = subprocess.run([sys.executable, "-m", "chaingraph", "gaps", "--region", "Qijang"], capture_output=True,
                             text=True, encoding="utf-8", timeout=120)
    assert unknown.returncode == 2 and "did you mean" in unknown.stderr


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.startswith("chaingraph ")


def test_validate_bundled_data_exits_0() -> None:
    result = _run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout and "0 violations" in result.stdout


def test_validate_violation_exits_1_and_lists_it() -> None:
    result = _run("validate", "--with-bundled", str(DATA / "violations" / "unknown-link.ttl"))
    assert result.returncode == 1
    assert "unknown-link.ttl:11" in result.stdout
    assert "笔误公司" in result.stdout and "cg:operatesIn" in result.stdout and "cgk:AL07" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("name", "place"), [
    ("malformed.ttl", "malformed.ttl:13:"),
    ("unknown-prefix.ttl", "unknown-prefix.ttl:13:"),
    ("non-numeric-quantity.ttl", "non-numeric-quantity.ttl:14:"),
])
def test_validate_unreadable_file_exits_2_with_its_place(name: str, place: str) -> None:
    result = _run("validate", str(DATA / "broken" / name))
    assert result.returncode == 2
    assert place in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_json_format() -> None:
    result = _run("validate", "--format", "json", "--with-bundled", str(DATA / "violations" / "negative-capacity.ttl"))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["findings"][0]["message"] == "capacity must be a number ≥ 0"


def test_unknown_option_is_a_usage_error() -> None:
    result = _run("info", "--colour")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_info_shows_the_qijiang_picture() -> None:
    result = _run("info")
    assert result.returncode == 0, result.stderr
    for text in ("綦江区", "重庆市", "原铝—铝基材—终端产品/轻量化产品—循环再生", "50万吨再生铜", "已签约"):
        assert text in result.stdout


def test_info_json_counts() -> None:
    result = _run("info", "--format", "json", "--lang", "en")
    data = json.loads(result.stdout)
    chains = {c["id"]: c for c in data["chains"]}
    assert {k: chains[k]["links"] for k in chains} == {"aluminium": 25, "copper": 10, "gear": 25}
    qijiang = next(r for r in data["regions"] if r["id"] == "qijiang")
    assert qijiang["label"] == "Qijiang District"
    assert qijiang["companies"] >= 10 and qijiang["projects"] == 3
    assert data["triples"] > 1000


def test_info_on_a_missing_file_exits_2() -> None:
    result = _run("info", "--graph", "no-such-file.ttl")
    assert result.returncode == 2
    assert "no-such-file.ttl: no such file or folder" in result.stderr


def test_gaps_table_in_chinese() -> None:
    result = _run("gaps", "--region", "綦江区", "--chain", "gear")
    assert result.returncode == 0, result.stderr
    expected = ("齿轮—动力系统—传动系统—各类专用车、特种车", "排序缺口", "各类专用车、特种车 ⚠", "招商目标", "长安汽车")
    for text in expected:
        assert text in result.stdout


def test_gaps_json_matches_the_library() -> None:
    from chaingraph.gaps import analyze

    result = _run("gaps", "--region", "Qijiang", "--chain", "copper", "--format", "json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == analyze(region="Qijiang", chains=["copper"], lang="en").to_dict()


def test_gaps_csv_targets() -> None:
    import csv
    import io

    result = _run("gaps", "-r", "qijiang", "-f", "csv", "-t", "targets")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"长安汽车", "赛力斯", "比亚迪"} <= {r["label_zh"] for r in rows}


def test_gaps_unknown_region_lists_the_closest() -> None:
    result = _run("gaps", "--region", "Qijang")
    assert result.returncode == 2
    assert "unknown region 'Qijang'" in result.stderr and "Qijiang" in result.stderr
    assert "Traceback" not in result.stderr


def test_gaps_unknown_chain_lists_the_closest() -> None:
    result = _run("gaps", "--region", "綦江", "--chain", "aluminum")
    assert result.returncode == 2
    assert "did you mean aluminium" in result.stderr


def test_gaps_on_oxigraph_store_gives_the_same_json() -> None:
    memory = _run("gaps", "-r", "綦江区", "-c", "aluminium", "-f", "json")
    oxigraph = _run("gaps", "-r", "綦江区", "-c", "aluminium", "-f", "json", "--store", "oxigraph")
    assert oxigraph.returncode == 0, oxigraph.stderr
    assert json.loads(oxigraph.stdout) == json.loads(memory.stdout)


def test_gaps_on_an_80_column_terminal_are_entries_that_fit_it() -> None:
    """Narrower than a table needs, gaps and targets are numbered entries whose reasons wrap within the width,
    never inside a link id (a table's reason column was four characters wide and broke 「GR」/「24」)."""
    from rich.cells import cell_len

    code = "import sys; from chaingraph.launch import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    result = subprocess.run([sys.executable, "-c", code, "gaps", "--region", "綦江区"], capture_output=True,
                            text=True, encoding="utf-8", timeout=120, env={**os.environ, "COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "  1. 【补链】GR14 变速器与减速器 · 缺链（数据未覆盖） · 分数 2.75" in lines
    assert "┃ 理由" not in result.stdout  # no table of gaps
    # a material balance: its link's head line, then its reasons under the indent
    assert "  GR16 半轴与传动轴 [本地无下游 · 现有产能]" in lines
    assert lines[lines.index("  GR16 半轴与传动轴 [本地无下游 · 现有产能]") + 1].startswith("     本地供应主体")
    text = "\n".join(lines)
    assert not re.search(r"[A-Z]{1,2}\n\s*\d|[A-Z]{2}\d\n\s*\d", text), "a link id is split across lines"
    for gap_id in ("GR25", "GR23", "AL14", "CU08"):  # named in reasons that wrap
        assert gap_id in text
    english = subprocess.run([sys.executable, "-c", code, "gaps", "--region", "Qijiang", "--lang", "en"],
                             capture_output=True, text=True, encoding="utf-8", timeout=120,
                             env={**os.environ, "COLUMNS": "80"})
    assert max(cell_len(line) for line in english.stdout.splitlines()) <= 80
    assert "  1. [fill] CU03 Electrorefining to cathode · planned (not covered by the" in english.stdout


@pytest.mark.parametrize(("args", "allowed"), [(["export", "--format", "xls", "--out", "x"], "'csv', 'xlsx'"),
                                               (["gaps", "--region", "綦江区", "--format", "yaml"], "'table', 'json'")])
def test_a_bad_choice_names_the_allowed_values_in_plain_words(args: list[str], allowed: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    assert f"is not one of {allowed}" in done.stderr
    assert "Value error" not in done.stderr  # the validation library's own prefix, not for a planner
