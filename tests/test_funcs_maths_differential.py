"""Sprig maths functions: helmpy's implementation against Helm's, case by case."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.funcs.maths import FUNCS
from helmpy.gotemplate.gotypes import Int64
from tests.funcs_differential import helm_result, ours_result

pytest.importorskip("helm_python")

BIG = Int64(9223372036854775807)
CASES: list[tuple[str, list[Any]]] = [
    ("add", [1, 2]), ("add", [1, 2, 3, 4]), ("add", [-5, 3]), ("add", [1]), ("add", []),
    ("add", [2.7, 1.9]), ("add", ["9", "0x10", "010", "1_000", "1e3", " 5", "3.0", "3.50"]),
    ("add", [True, None, [1], "0b11", "-0x10", "+7", "0o17", "1__0", "_1", "3.", ".0"]),
    ("add", [BIG, 1]), ("add1", [1]), ("add1", ["9"]), ("add1", [BIG]), ("sub", [3, 1]),
    ("sub", [1.9, "2"]), ("div", [7, 2]), ("div", [-7, 2]), ("div", [7, -2]), ("div", [7.9, 2]),
    ("div", ["9", "3"]), ("div", [1, 0]), ("div", [1, "abc"]), ("div", [Int64(-(2**63)), -1]),
    ("mod", [7, 3]), ("mod", [-7, 3]), ("mod", [7, -3]), ("mod", [6, 3]), ("mod", [1, 0]),
    ("mod", [Int64(-(2**63)), -1]), ("mul", [2, 3, 4]), ("mul", [5]), ("mul", [2.5, 2]),
    ("mul", ["3", 3]), ("mul", [1024, 1024, 1024, 1024, 1024, 1024, 1024]),
    ("mul", [1e19, 1]), ("mul", [float("nan"), 1]), ("mul", [-1e300, 1]),
    ("max", [1.9, 1.2]), ("max", [1, 5, 3]), ("min", [1, -5, 3]), ("biggest", [1, "7"]),
    ("maxf", [1.9, 1.2]), ("minf", [1.9, 1.2]), ("maxf", [1, "nan", 2]), ("minf", [0.0, -0.0]),
    ("maxf", [-0.0, 0.0]), ("maxf", ["inf", "nan"]), ("minf", ["-inf", "nan"]),
    ("floor", [1.5]), ("floor", [-1.5]), ("floor", ["3.7"]), ("ceil", [1.2]), ("ceil", [-1.2]),
    ("ceil", [2]), ("floor", ["0x1p-2"]), ("floor", ["1_000.5"]), ("floor", ["Infinity"]),
    ("floor", ["1e400"]), ("ceil", ["0x10"]), ("floor", [" 1"]),
    ("round", [1.2345, 2]), ("round", [2.5, 0]), ("round", [-2.5, 0]), ("round", [1.005, 2]),
    ("round", [123.456, -1]), ("round", ["7.77", 1]), ("round", [2.45, 1, 0.6]),
    ("round", [2.45, 1, 0.4]), ("round", [1.5, 400]), ("round", [1.5, -400]),
    ("addf", [1.1, 2.2]), ("addf", [0.1, 0.2]), ("addf", [1, 2, 3]), ("addf", ["1.5", 1]),
    ("addf", []), ("add1f", [0.1]), ("subf", [1, 0.9]), ("subf", [5]), ("mulf", [3, 0.3333333]),
    ("mulf", [-1, 0]), ("divf", [22, 7]), ("divf", [1, 0]), ("divf", [2, 3]), ("divf", [-2, 3]),
    ("divf", [1, 3, 3]), ("divf", [1e-20, 3]), ("addf", ["nan"]), ("mulf", [1e300, 1e300]),
    ("addf", [0.1, 0.7]), ("randInt", [5, 6]), ("randInt", [-3, -2]), ("randInt", [3, 3]),
]


@pytest.mark.parametrize(("name", "args"), CASES)
def test_maths_function_matches_helm(name: str, args: list[Any]) -> None:
    assert ours_result(FUNCS, name, args) == helm_result(name, args)


_numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3)),
)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["addf", "subf", "mulf", "divf", "add", "mul", "maxf"]),
       st.lists(_numbers, min_size=1, max_size=3))
def test_arithmetic_matches_helm(name: str, args: list[Any]) -> None:
    if name == "divf" and any(a == 0 for a in args[1:]):
        args = [*args[:1], *(a or 1 for a in args[1:])]
    assert ours_result(FUNCS, name, args) == helm_result(name, args)


_numeric_text = st.one_of(
    st.integers(-(10**4), 10**4).map(str),
    st.sampled_from(["0x1F", "-0b101", "0o17", "017", "1_000", "1e3", "3.0", "2.50", "+4", "-0",
                     "1__0", "0x", "", "inf", "-Infinity", "nan", "1e400", "0x1p-2", ".5", "5."]),
)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["add1", "floor", "ceil", "add1f"]), _numeric_text)
def test_string_operands_match_helm(name: str, text: str) -> None:
    assert ours_result(FUNCS, name, [text]) == helm_result(name, [text])


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(-3, 5),
       st.sampled_from([None, 0.0, 0.25, 0.5, 0.75, 1.0]))
def test_round_matches_helm(value: float, places: int, round_on: float | None) -> None:
    args: list[Any] = [value, places] + ([] if round_on is None else [round_on])
    assert ours_result(FUNCS, "round", args) == helm_result("round", args)
