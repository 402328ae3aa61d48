"""The JSON writer of reports and ``gaps --format json`` (:func:`chaingraph.jsontext.dumps`, orjson) writes what
``json.dumps(data, ensure_ascii=False, indent=2)`` writes, character for character, on random data — nested
dicts, lists and tuples, empty ones, every kind of key, strings with quotes, controls and CJK, big integers,
booleans, floats with -0.0 and exponents — but for the two documented differences: NaN and ±Infinity are
``null``, and a float below 10⁻⁴ is written in orjson's (equal) form. On any data, it reads back as the data."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingraph.jsontext import dumps

FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or abs(x) >= 1e-4) \
    | st.sampled_from([0.0, -0.0, 1e16, 1e22, 1.5e300, 0.0001, 123456.789])
TEXTS = st.text().filter(lambda s: not any("\ud800" <= c <= "\udfff" for c in s)) \
    | st.sampled_from(["", '"', "\\", "\n\t\x00\x1f\x7f", "綦江区「铝」", "\u2028", "=HYPERLINK(\"x\")"])
SCALARS = st.none() | st.booleans() | st.integers() | st.integers(-(10**30), 10**30) | FLOATS | TEXTS
KEYS = st.text(max_size=5) | st.integers() | FLOATS | st.booleans() | st.none()
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
                    | st.dictionaries(KEYS, inner, max_size=4), max_leaves=30)
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([1e-7, 5e-324, -1e-5])
ANY_DATA = st.recursive(st.none() | st.booleans() | st.integers(-(10**30), 10**30) | ANY_FLOAT | TEXTS,
                        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                                    max_size=4), max_leaves=30)


@settings(max_examples=500, deadline=None)
@given(DATA)
def test_it_writes_what_json_writes(data: Any) -> None:
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


@settings(max_examples=300, deadline=None)
@given(ANY_DATA)
def test_any_data_reads_back_with_no_number_as_null(data: Any) -> None:
    assert json.loads(dumps(data)) == _finite(data)  # json.loads reads NaN as a float: never equal to None


@pytest.mark.parametrize("value, ours, theirs", [(1e-7, "1e-7", "1e-07"), (1e-5, "0.00001", "1e-05"),
                                                 (float("nan"), "null", "NaN"), (float("-inf"), "null", "-Infinity")])
def test_the_documented_differences(value: float, ours: str, theirs: str) -> None:
    assert dumps([value]) == f"[\n  {ours}\n]" and json.dumps([value], indent=2) == f"[\n  {theirs}\n]"


@pytest.mark.parametrize("data", [{"big": 10**30, "n": float("nan")}, {"text": "\ud800", "n": float("inf")}])
def test_what_orjson_does_not_write_the_standard_library_does(data: dict) -> None:
    assert dumps(data) == json.dumps(_finite(data), ensure_ascii=False, indent=2)


@pytest.mark.parametrize("data", [{"a": {1, 2}}, [object()], {(1, 2): 3}])
def test_what_json_refuses_it_refuses(data: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps(data)
