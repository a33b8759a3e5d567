"""Hypothesis: mergo-style merges and list membership against Helm on random Go values."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.funcs.dicts import FUNCS as DICTS
from helmpy.funcs.lists import FUNCS as LISTS
from helmpy.gotemplate.gotypes import Int64
from tests.funcs_differential import helm_result, ours_result

pytest.importorskip("helm_python")

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 3), st.integers(0, 2).map(Int64),
    st.sampled_from([0.0, 1.0, 2.5]), st.sampled_from(["", "a", "b", "1"]),
)
_keys = st.sampled_from(["a", "b", "c"])
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_keys, inner, max_size=3)),
    max_leaves=6,
)
_maps = st.dictionaries(_keys, _values, max_size=3)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.sampled_from(["merge", "mergeOverwrite"]), st.lists(_maps, min_size=1, max_size=3))
def test_merge_matches_helm(name: str, maps: list[dict[str, Any]]) -> None:
    import copy

    ours = ours_result(DICTS, name, copy.deepcopy(maps))
    assert ours == helm_result(name, maps)


@SETTINGS
@given(st.sampled_from(["uniq", "compact", "reverse"]), st.lists(_values, max_size=5))
def test_list_reshaping_matches_helm(name: str, items: list[Any]) -> None:
    assert ours_result(LISTS, name, [items]) == helm_result(name, [items])


@SETTINGS
@given(_values, st.lists(_values, max_size=4))
def test_has_and_without_match_helm(needle: Any, items: list[Any]) -> None:
    assert ours_result(LISTS, "has", [needle, items]) == helm_result("has", [needle, items])
    assert ours_result(LISTS, "without", [items, needle]) == helm_result("without", [items, needle])
