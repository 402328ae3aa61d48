"""chaingraph.vocab.codes: code strings → concept IRIs, with clear errors."""

from __future__ import annotations

import pytest

from chaingraph.vocab.code_tables import source_dir
from chaingraph.vocab.codes import (
    AmbiguousCodeError,
    CodeError,
    MalformedCodeError,
    UnknownCodeError,
    crosswalk_2011_to_2017,
    parse_code,
)
from chaingraph.vocab.namespaces import GBT2011, GBT2017, HS


@pytest.mark.parametrize(("text", "expected"), [
    ("hs:7604.21", HS["760421"]),
    ("HS 7604.21", HS["760421"]),
    ("HS2022:760421", HS["760421"]),
    ("hs:7604", HS["7604"]),
    ("hs:76", HS["76"]),
    ("hs:section-XV", HS["section-XV"]),
    ("gbt2017:3252", GBT2017["3252"]),
    ("GB/T 4754-2017:3252", GBT2017["3252"]),
    ("GB/T4754-2017 3252", GBT2017["3252"]),
    ("GB/T 4754-2017：C", GBT2017["C"]),
    ("gbt2017:C3252", GBT2017["3252"]),
    ("gbt2011:3262", GBT2011["3262"]),
    ("GB/T 4754-2011 3620", GBT2011["3620"]),
    ("  gbt2017:3670 ", GBT2017["3670"]),  # added by the errata
    (str(GBT2017["3252"]), GBT2017["3252"]),
])
def test_parse_code(text, expected):
    assert parse_code(text) == expected


@pytest.mark.parametrize(("text", "scheme", "expected"), [
    ("3252", "gbt2017", GBT2017["3252"]),
    ("3262", "gbt2011", GBT2011["3262"]),
    ("7604.21", "hs2022", HS["760421"]),
    ("760421", "hs2022", HS["760421"]),
    ("hs:7604", "gbt2017", HS["7604"]),  # an explicit prefix wins
])
def test_parse_code_with_default_scheme(text, scheme, expected):
    assert parse_code(text, default_scheme=scheme) == expected


def test_default_scheme_must_be_known():
    with pytest.raises(ValueError, match="default_scheme"):
        parse_code("3252", default_scheme="gbt2019")


def test_bare_gb_code_needs_the_edition_and_names_both_meanings():
    with pytest.raises(AmbiguousCodeError) as info:
        parse_code("3620")
    message = str(info.value)
    assert "edition is required" in message
    assert "改装汽车制造" in message and "汽车用发动机制造" in message
    assert info.value.candidates == {"gbt2011": "改装汽车制造", "gbt2017": "汽车用发动机制造"}


def test_bare_hs_code_needs_a_scheme():
    with pytest.raises(AmbiguousCodeError, match=r"hs:7604\.21"):
        parse_code("7604.21")


@pytest.mark.parametrize("text", ["hs:7604.2", "hs:760422", "HS 7604.22"])
def test_unknown_hs_code_suggests_close_codes(text):
    with pytest.raises(UnknownCodeError) as info:
        parse_code(text)
    assert info.value.suggestions[:2] == ["hs:7604.21", "hs:7604.29"]
    assert "hs:7604.21" in str(info.value)


def test_unknown_gb_code_suggests_close_codes():
    with pytest.raises(UnknownCodeError) as info:
        parse_code("gbt2011:3670")  # 3670 is 2017 only
    assert "gbt2011:3620" in info.value.suggestions
    with pytest.raises(UnknownCodeError) as info:
        parse_code("gbt2017:32525")
    assert info.value.suggestions[0] == "gbt2017:3252"


def test_national_hs_subheadings_are_not_in_the_list():
    with pytest.raises(UnknownCodeError, match="national subheadings") as info:
        parse_code("hs:8507.6000.10")
    assert info.value.suggestions[0] == "hs:8507.60"


@pytest.mark.parametrize("text", ["", "   ", "hs:76x4", "foo:3252", "abc", "gbt2017:3.2", "gbt2017:C0111"])
def test_malformed_codes(text):
    with pytest.raises(MalformedCodeError):
        parse_code(text)


def test_errors_are_value_errors():
    assert issubclass(CodeError, ValueError)
    for cls in (AmbiguousCodeError, UnknownCodeError, MalformedCodeError):
        assert issubclass(cls, CodeError)


@pytest.mark.parametrize(("code", "expected"), [
    ("3262", [GBT2017["3252"]]),
    ("gbt2011:3262", [GBT2017["3252"]]),
    ("3620", [GBT2017["3630"]]),
    ("3660", [GBT2017["3670"]]),
    ("3130", [GBT2017["3391"]]),
    ("3610", [GBT2017["3611"], GBT2017["3612"]]),
    ("0111", [GBT2017["0111"]]),  # same code, same name
])
def test_crosswalk_2011_to_2017(code, expected):
    assert crosswalk_2011_to_2017(code) == expected


def test_crosswalk_rejects_2017_codes():
    with pytest.raises(MalformedCodeError):
        crosswalk_2011_to_2017("gbt2017:3252")
    with pytest.raises(UnknownCodeError):
        crosswalk_2011_to_2017("3670")


def test_reference_dir_has_the_tables():
    ref = source_dir()
    assert {p.name for p in ref.glob("*.csv")} >= {"hs2022.csv", "gbt4754-2017.csv", "gbt4754-2011.csv"}
