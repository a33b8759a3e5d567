"""Sprig list functions: helmpy's implementation against Helm's, case by case."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.funcs.lists import FUNCS
from helmpy.gotemplate.gotypes import Int64, StrList
from tests.funcs_differential import helm_result, ours_result

pytest.importorskip("helm_python")

S = StrList
CASES: list[tuple[str, list[Any]]] = [
    ("list", []), ("list", [1, "a", None, 2.5]), ("tuple", [1, 2]),
    ("first", [[1, 2, 3]]), ("first", [[]]), ("first", ["abc"]), ("first", [None]),
    ("first", [S(["a", "b"])]), ("mustFirst", [{"a": 1}]), ("first", [5]),
    ("last", [[1, 2, 3]]), ("last", [[]]), ("mustLast", [{"a": 1}]), ("last", [True]),
    ("rest", [[1, 2, 3]]), ("rest", [[]]), ("rest", [None]), ("rest", [S(["a", "b"])]),
    ("mustRest", [5]), ("initial", [[1, 2, 3]]), ("initial", [[]]), ("mustInitial", ["x"]),
    ("append", [[1, 2], 3]), ("push", [[], "x"]), ("append", [[1], [2, 3]]),
    ("append", [None, "x"]), ("append", ["abc", "d"]), ("mustPush", [S(["a"]), 1]),
    ("mustAppend", [{"a": 1}, 1]), ("prepend", [[1], 0]), ("prepend", ["s", 0]),
    ("mustPrepend", [None, 1]), ("concat", [[1], [2, 3], []]), ("concat", []),
    ("concat", [[1], S(["a", "b"])]), ("concat", [[1], "x"]), ("concat", [[1], None]),
    ("reverse", [[1, 2, 3]]), ("reverse", [[]]), ("mustReverse", [5]),
    ("reverse", [S(["a", "b"])]),
    ("uniq", [[1, 2, 1, 3, 2]]), ("uniq", [["a", "A", "a"]]),
    ("uniq", [[1, "1", 1.0, 1, Int64(1)]]), ("uniq", [[[1], [1], {"a": 1}, {"a": 1}]]),
    ("mustUniq", ["abc"]), ("without", [[1, 2, 3, 2], 2]), ("without", [[1, 2, 3], 1, 3]),
    ("without", [[1.0, 2.0], 2]), ("without", [[1.0, 2.0], 2.0]), ("mustWithout", ["a", 1]),
    ("has", [1, [1, 2]]), ("has", ["1", [1, 2]]), ("has", [None, [None]]),
    ("has", ["a", None]), ("has", ["a", {"a": 1}]), ("mustHas", ["a", "abc"]),
    ("has", [1, [1.0]]), ("compact", [[0, 1, "", "a", None, False, True, [], {}, [0]]]),
    ("mustCompact", ["abc"]), ("compact", [S(["", "a"])]),
    ("slice", [[1, 2, 3, 4], 1, 3]), ("slice", [[1, 2, 3, 4]]), ("slice", [[1, 2, 3, 4], 3]),
    ("slice", [[]]), ("mustSlice", [[1, 2], 3]), ("slice", ["abc", 1]),
    ("slice", [S(["a", "b", "c"]), 1]), ("slice", [[1, 2, 3], "1", 2.9]),
    ("slice", [[1, 2, 3], 2, 1]), ("slice", [[1, 2, 3], -1]),
    ("sortAlpha", [["b", 10, "a", 2, True]]), ("sortAlpha", ["cba"]),
    ("sortAlpha", [S(["b", "a"])]), ("sortAlpha", [[None, "b", 1.5]]), ("sortAlpha", [None]),
    ("sortAlpha", [{"a": 1}]), ("sortAlpha", [["é", "z", "Z", "a"]]),
    ("seq", [5]), ("seq", [2, 5]), ("seq", [5, 2]), ("seq", [0, 2, 10]), ("seq", [0]),
    ("seq", [-3]), ("seq", [1, 1]), ("seq", [10, -3, 1]), ("seq", [1, 0, 5]),
    ("seq", [1, -1, 5]), ("seq", []), ("seq", [1, 2, 3, 4]), ("seq", [5, 2, 1]),
]

# Go's []int and [][]interface{} have no stand-in in helmpy's value model; compare values.
UNTYPED: list[tuple[str, list[Any]]] = [
    ("until", [3]), ("until", [0]), ("until", [-3]), ("untilStep", [0, 10, 3]),
    ("untilStep", [10, 0, -3]), ("untilStep", [0, 10, 0]), ("untilStep", [0, 10, -1]),
    ("untilStep", [3, 3, 1]), ("chunk", [2, ["a", "b", "c"]]), ("chunk", [0, [1, 2]]),
    ("chunk", [0, []]), ("chunk", [0, [1]]), ("chunk", [-1, [1, 2]]), ("chunk", [-1, [1]]),
    ("chunk", [-5, [1]]), ("chunk", [3, []]), ("chunk", [2, [1, 2, 3, 4]]),
    ("mustChunk", [2, "abc"]), ("chunk", [5, S(["a", "b"])]),
]


@pytest.mark.parametrize(("name", "args"), CASES)
def test_list_function_matches_helm(name: str, args: list[Any]) -> None:
    assert ours_result(FUNCS, name, args) == helm_result(name, args)


@pytest.mark.parametrize(("name", "args"), UNTYPED)
def test_list_function_value_matches_helm(name: str, args: list[Any]) -> None:
    assert ours_result(FUNCS, name, args, False) == helm_result(name, args, False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-12, 12), max_size=4))
def test_seq_matches_helm(params: list[int]) -> None:
    assert ours_result(FUNCS, "seq", params) == helm_result("seq", params)


@settings(max_examples=100, deadline=None)
@given(st.integers(-12, 12), st.integers(-12, 12), st.integers(-5, 5))
def test_until_step_matches_helm(start: int, stop: int, step: int) -> None:
    args = [start, stop, step]
    assert ours_result(FUNCS, "untilStep", args, False) == helm_result("untilStep", args, False)


@settings(max_examples=100, deadline=None)
@given(st.integers(-4, 4), st.lists(st.integers(0, 9), max_size=7))
def test_chunk_matches_helm(size: int, items: list[int]) -> None:
    args: list[Any] = [size, items]
    assert ours_result(FUNCS, "chunk", args, False) == helm_result("chunk", args, False)
