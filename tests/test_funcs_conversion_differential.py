"""Sprig's conversion, default and reflection functions in helmpy against Helm."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.funcs.conversion import FUNCS
from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gotypes import Int64, StrList, Values
from tests.batch_differential import assert_same_as_helm, call_in, helm_outputs


def call(name: str, *args: Any) -> tuple[str, Callable[[], Any]]:
    return call_in(FUNCS, name, *args)


SAMPLES: list[Any] = [
    "0x1F", "1e3", " 12 ", "abc", "12.000", "12.50", "017", "0o17", "0b101", "1_000", "+5",
    "-5", "", "9223372036854775808", "1.5", "inf", "NaN", "0x1p-2", "1_000.5", ".5", "5.",
    "-0", "0x_1F", "1__0", "-017", "1e-3", "0x", "Inf", "-infinity", "1E5", "0X1P4",
    True, False, None, 1.9, -1.9, Int64(7), [1], {"a": 1}, 0, -7, 1e30, 0.0, [], {},
    StrList(["a"]), "0", "false", " ",
]


@pytest.mark.parametrize("name", ["int", "int64", "float64", "toDecimal", "empty", "typeOf",
                                  "kindOf"])
def test_unary_functions(name: str) -> None:
    assert_same_as_helm([call(name, sample) for sample in SAMPLES])


def test_atoi() -> None:
    texts = [s for s in SAMPLES if isinstance(s, str)]
    texts += ["99999999999999999999", "-99999999999999999999", "12", "+0", "007"]
    assert_same_as_helm([call("atoi", t) for t in texts])


def test_defaults_and_ternary() -> None:
    assert_same_as_helm([
        call("default", "x"), call("default", "x", "y", "z"), call("default", "x", ""),
        call("default", "x", 0), call("default", "x", []), call("default", "x", {"a": None}),
        call("default", "x", False), call("default", "x", 0.0), call("default", 1, None),
        call("coalesce", 0, "", False, [], "x"), call("coalesce", None, {}, Int64(3)),
        call("all"), call("any"), call("all", 1, "a", [1]), call("all", 1, ""),
        call("any", 0, "", {"a": 1}), call("any", 0, ""),
        call("ternary", "a", "b", True), call("ternary", "a", "b", False),
    ])


def test_reflection() -> None:
    assert_same_as_helm([
        call("typeIs", "int", 1), call("typeIs", "float64", 1.0),
        call("typeIs", "[]string", StrList(["a"])), call("typeIs", "<nil>", None),
        call("typeIsLike", "int", 1), call("typeIsLike", "string", 1),
        call("kindIs", "slice", StrList([])), call("kindIs", "map", {}),
        call("kindIs", "invalid", None), call("kindIs", "int64", Int64(1)),
        call("deepEqual", [1, {"a": ["x"]}], [1, {"a": ["x"]}]),
        call("deepEqual", [1], [1.0]), call("deepEqual", StrList(["a"]), ["a"]),
        call("deepEqual", Int64(1), 1), call("deepEqual", float("nan"), float("nan")),
        call("deepEqual", {}, {"a": None}), call("deepEqual", None, None),
        call("deepEqual", "a", "a"),
    ])


def test_values_typed_inputs() -> None:
    values = "num: 1900\nstr: \"0777\"\nobj: {a: 1}\nlst: [1]\nhuge: 1e30\n"
    exprs = ["int .Values.num", "float64 .Values.num", "toDecimal .Values.str",
             "toDecimal .Values.num", "int .Values.huge", "typeOf .Values",
             "kindOf .Values", "typeOf .Values.obj", "empty .Values.obj",
             "deepEqual .Values.obj (dict \"a\" 1.0)", "typeOf .Values.lst"]
    expected = helm_outputs(exprs, values=values)
    root = Values({"num": 1900.0, "str": "0777", "obj": {"a": 1.0}, "lst": [1.0],
                   "huge": 1e30})
    f = {name: spec.fn for name, spec in FUNCS.items()}
    got = [
        f["int"](root["num"]), f["float64"](root["num"]), f["toDecimal"](root["str"]),
        f["toDecimal"](root["num"]), f["int"](root["huge"]), f["typeOf"](root),
        f["kindOf"](root), f["typeOf"](root["obj"]), f["empty"](root["obj"]),
        f["deepEqual"](root["obj"], {"a": 1.0}), f["typeOf"](root["lst"]),
    ]
    assert [format_value(v) for v in got] == expected


number_texts = st.text(alphabet=st.sampled_from("0123456789xXoObB_.eE+-pP infNaA"), max_size=8)


@settings(max_examples=150, deadline=None)
@given(st.lists(number_texts, min_size=1, max_size=10))
def test_string_conversions_property(texts: list[str]) -> None:
    assert_same_as_helm([call(name, text) for text in texts
                         for name in ("int", "int64", "float64", "toDecimal", "atoi")])
