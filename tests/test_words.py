"""One vocabulary: every output says the same word for the same thing, and the ontology's lists agree."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, Literal

from chaingraph.output.render.style import UI
from chaingraph.paths import ontology_dir
from chaingraph.vocab.namespaces import CGK, SKOS
from chaingraph.words import (
    ACTIONS,
    ACTOR_STATUSES,
    FLOW_KINDS,
    LANGS,
    LINK_STATUSES,
    STAGES,
    TERMS,
    graph_words,
    report_words,
    term,
    terminal_words,
    terms,
)

#: word group → the controlled list of ontology/kos.ttl that names the same codes
KOS_SCHEMES = {"stage": "stages", "actor_status": "statuses", "flow_kind": "flow-kinds", "action": "intents",
               "evidence": "evidence-kinds", "leader_how": "leader-evidence"}


@pytest.fixture(scope="module")
def kos() -> Graph:
    return Graph().parse(ontology_dir() / "kos.ttl")


@pytest.mark.parametrize("group", sorted(KOS_SCHEMES))
def test_terms_the_ontology_lists_are_spelt_as_it_labels_them(group: str, kos: Graph) -> None:
    scheme = CGK[KOS_SCHEMES[group]]
    concepts = {str(kos.value(c, SKOS.notation)): c for c in kos.subjects(SKOS.inScheme, scheme)}
    assert set(concepts) == set(TERMS[group]), f"{group}: the codes differ from cgk:{KOS_SCHEMES[group]}"
    for code, concept in concepts.items():
        for lang in LANGS:
            label = next(str(o) for o in kos.objects(concept, SKOS.prefLabel)
                         if isinstance(o, Literal) and o.language == lang)
            assert term(group, code, lang) == label, (group, code, lang)


def test_the_code_lists_are_in_their_documented_order() -> None:
    assert tuple(TERMS["status"]) == LINK_STATUSES
    assert tuple(TERMS["actor_status"]) == ACTOR_STATUSES
    assert tuple(TERMS["stage"]) == STAGES
    assert tuple(TERMS["flow_kind"]) == FLOW_KINDS
    assert tuple(TERMS["action"]) == ACTIONS


@pytest.mark.parametrize("lang", LANGS)
def test_every_output_names_a_status_and_an_action_the_same_way(lang: str) -> None:
    status, action, stage = terms("status", lang), terms("action", lang), terms("stage", lang)
    report, graph = report_words(lang), graph_words(lang)
    assert {code: report[code] for code in LINK_STATUSES} == status
    assert {code: report[code] for code in ACTIONS} == action
    assert {code: report[code] for code in STAGES} == stage
    assert graph["status_short"] == status and graph["actions"] == action and graph["stages"] == stage
    # the legend's long form starts with the short word
    assert all(str(long).startswith(status[code]) for code, long in graph["status"].items())
    assert UI[lang] == graph


def test_each_key_of_an_output_is_one_word_across_outputs() -> None:
    # the terminal and the report share their phrases; the graph's side panel names its fields with the same
    # words wherever it shows the same thing (its "operating" is a count of actors, its "links" an actor's links)
    from chaingraph.words import _COMMON, phrases

    for lang in LANGS:
        common = phrases(_COMMON, lang)
        terminal, report, panel = terminal_words(lang), report_words(lang), graph_words(lang)["f"]
        for key in set(terminal) & set(report):
            assert terminal[key] == report[key], (lang, key)
        for key in set(panel) & set(common) - {"operating"}:
            assert panel[key] == common[key], (lang, key)


def test_the_chinese_words_have_no_english_and_the_english_no_han() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    for group, entries in TERMS.items():
        for code, (zh, en) in entries.items():
            assert han.search(zh), (group, code)
            assert not han.search(en), (group, code)


def test_the_terminal_the_legend_and_the_report_say_the_same_status(tmp_path, bundled) -> None:
    from chaingraph.gaps import analyze
    from chaingraph.output.render import to_html
    from chaingraph.output.reports import write_report

    result = analyze(bundled, region="綦江区", chains=["aluminium"])
    page = to_html(result)
    island = json.loads(re.search(r'id="cg-data">(.*?)</script>', page, flags=re.S).group(1))
    markdown = write_report(result, tmp_path, formats=("md",))["md"].read_text(encoding="utf-8")
    for code in LINK_STATUSES:
        word = term("status", code, "zh")
        assert island["ui"]["status_short"][code] == word
        if any(link.status == code for link in result.chains[0].links):
            assert f"| {word} |" in markdown or f"| {word} ·" in markdown, code
    assert "具备" not in markdown and "已成链" not in page
