"""The report's JSON writer (:func:`chaingraph.jsontext.dumps`) writes what
``json.dumps(data, ensure_ascii=False, indent=2)`` writes, character for character, on random data: nested
dicts, lists and tuples, empty ones, every kind of key, strings with quotes, controls, surrogates and CJK, big
integers, booleans, and floats with NaN, infinities, -0.0 and exponents."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingraph.jsontext import dumps

SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-(10**30), 10**30)
           | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 1e16, 1e-7, 5e-324])
           | st.text() | st.sampled_from(["", '"', "\\", "\n\t\x00\x1f\x7f", "\ud800", "綦江区「铝」", "\u2028"]))
KEYS = st.text(max_size=5) | st.integers() | st.floats(allow_nan=True) | st.booleans() | st.none()
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
                    | st.dictionaries(KEYS, inner, max_size=4), max_leaves=30)


@settings(max_examples=500, deadline=None)
@given(DATA)
def test_it_writes_what_json_writes(data: Any) -> None:
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("data", [{"a": {1, 2}}, [object()], {(1, 2): 3}])
def test_what_json_refuses_it_refuses(data: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps(data)
