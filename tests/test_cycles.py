"""Loops of mutual supply are data, not errors (docs/gap-analysis.md, "Loops").

Expected values are derived by hand from the definitions, on the condensation of the forward graph:
each strongly connected group of links is one node, operating when any of its links is.

The chain ``loop`` of the tables below::

    segment s1        segment s2                 segment s3
    L1 → L2 → L3 ⇄ L4 → L5 → L6 → L7
                              ↖─────────┘        (L7 feeds L5: a loop across s2 and s3)

groups: {L3, L4} (mutual supply), {L5, L6, L7} (a loop across segments); L1, L2 on their own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from chaingraph.analysis.structure import broken_links, loop_groups, truncation
from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph

LINKS = """chain,id,label_zh,label_en,stage,segment,feeds
loop,L1,一号,One,input,s1,L2
loop,L2,二号,Two,primary,s1,L3
loop,L3,三号,Three,midstream,s2,L4
loop,L4,四号,Four,midstream,s2,L3; L5
loop,L5,五号,Five,midstream,s2,L6
loop,L6,六号,Six,downstream,s3,L7
loop,L7,七号,Seven,downstream,s3,L5
plain,P1,甲,P-one,input,p,P2
plain,P2,乙,P-two,midstream,p,P3
plain,P3,丙,P-three,downstream,p,
"""
REGIONS = "id,label_zh,label_en,parent\ncounty,某县,Some County,\n"


def _tables(folder: Path, operating: list[str], with_loop_chain: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    links = LINKS if with_loop_chain else "\n".join(
        line for line in LINKS.splitlines() if not line.startswith("loop,")) + "\n"
    (folder / "links.csv").write_text(links, encoding="utf-8")
    (folder / "regions.csv").write_text(REGIONS, encoding="utf-8")
    rows = [f"{link}厂,,county,{link},operating" for link in operating]
    (folder / "companies.csv").write_text("name,aliases,region,links,status\n" + "\n".join(rows) + "\n",
                                          encoding="utf-8")
    return folder


FORWARD = nx.DiGraph([("L1", "L2"), ("L2", "L3"), ("L3", "L4"), ("L4", "L3"), ("L4", "L5"), ("L5", "L6"),
                      ("L6", "L7"), ("L7", "L5")])


def test_loop_groups_are_found() -> None:
    assert loop_groups(FORWARD) == [["L3", "L4"], ["L5", "L6", "L7"]]
    assert loop_groups(nx.DiGraph([("A", "A"), ("A", "B")])) == [["A"]]  # a link that feeds itself


@pytest.mark.parametrize(("operating", "broken", "head", "tail"), [
    # L2 cuts L1 from the group {L3, L4}, operating through L3; L4, L5, L6 sit in operating groups
    ({"L1", "L3", "L7"}, {"L2": [("L1", "L3")]}, [], []),
    # nothing operates after L1: every later link is a missing chain tail, the loops included
    ({"L1"}, {}, [], ["L2", "L3", "L4", "L5", "L6", "L7"]),
    # only the far loop operates: everything before it is a missing chain head, nothing is cut
    ({"L7"}, {}, ["L1", "L2", "L3", "L4"], []),
    # the near loop operates through L4: L2 is cut between L1 and it, L5–L7 are its missing tail
    ({"L1", "L4"}, {"L2": [("L1", "L4")]}, [], ["L5", "L6", "L7"]),
])
def test_structure_on_the_condensation(operating: set[str], broken: dict, head: list[str], tail: list[str]) -> None:
    assert broken_links(FORWARD, operating) == broken
    assert truncation(FORWARD, operating) == {"head": head, "tail": tail}


def test_a_loop_is_cut_as_a_whole() -> None:
    # U → {A ⇄ B} → D with only U and D operating: both links of the loop are broken, for the same pair
    graph = nx.DiGraph([("U", "A"), ("A", "B"), ("B", "A"), ("B", "D")])
    assert broken_links(graph, {"U", "D"}) == {"A": [("U", "D")], "B": [("U", "D")]}


def test_gaps_on_a_cyclic_chain(tmp_path: Path) -> None:
    kg = KnowledgeGraph.open([_tables(tmp_path / "t", ["L1", "L3", "L7", "P1", "P3"])])
    result = analyze(kg, region="某县", evidence=False)
    data = json.loads(result.to_json())
    loop = next(c for c in data["chains"] if c["id"] == "loop")
    assert loop["loops"] == [["L3", "L4"], ["L5", "L6", "L7"]]
    assert [b["id"] for b in loop["broken_links"]] == ["L2"]
    assert loop["truncation"] == {"head": [], "tail": []}
    statuses = {link["id"]: link["status"] for link in loop["links"]}
    assert statuses == {"L1": "weak", "L2": "missing", "L3": "weak", "L4": "missing", "L5": "missing",
                        "L6": "missing", "L7": "weak"}  # each link keeps its own status
    l4 = next(link for link in loop["links"] if link["id"] == "L4")
    assert any(r["code"] == "in_loop" for r in l4["reasons"])


def test_a_loop_in_one_chain_does_not_change_another(tmp_path: Path) -> None:
    both = analyze(KnowledgeGraph.open([_tables(tmp_path / "a", ["L1", "L3", "L7", "P1", "P3"])]), region="某县",
                   evidence=False)
    alone = analyze(KnowledgeGraph.open([_tables(tmp_path / "b", ["P1", "P3"], with_loop_chain=False)]),
                    region="某县", evidence=False)
    ours, theirs = both.to_dict()["chains"], alone.to_dict()["chains"]
    plain = next(c for c in ours if c["id"] == "plain")
    assert plain == next(c for c in theirs if c["id"] == "plain")
    assert [b["id"] for b in plain["broken_links"]] == ["P2"] and plain["loops"] == []


@pytest.mark.parametrize("command", ["gaps", "render", "report", "validate"])
def test_every_command_runs_on_a_cyclic_chain(tmp_path: Path, command: str) -> None:
    tables = _tables(tmp_path / "t", ["L1", "L3", "L7"])
    args = {"gaps": ["gaps", "--graph", str(tables), "--region", "某县", "--format", "json"],
            "render": ["render", "--graph", str(tables), "--region", "某县", "--out", str(tmp_path / "g.html")],
            "report": ["report", "--graph", str(tables), "--region", "某县", "--out", str(tmp_path / "r"),
                       "--formats", "html,md,json"],
            "validate": ["validate", str(tables)]}[command]
    done = subprocess.run([sys.executable, "-m", "chaingraph", *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_validate_reports_loops_as_information(tmp_path: Path) -> None:
    from chaingraph.validation import validate

    report = validate([_tables(tmp_path / "t", ["L1"])], lang="en")
    loops = [f for f in report.findings if f.severity == "info" and f.path == "cg:feeds"]
    assert report.conforms
    assert [f.focus for f in loops] == ["loop", "loop"]
    assert "L3 Three, L4 Four" in loops[0].message and "L5 Five, L6 Six, L7 Seven" in loops[1].message
