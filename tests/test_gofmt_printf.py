"""Go's fmt as helmpy implements it, compared with Helm's own printf output."""
from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.gotemplate.gofmt import format_value, sprint, sprintf, sprintln
from helmpy.gotemplate.gotypes import Int64, StrList
from tests.batch_differential import helm_outputs, literal


def printf_expr(fmt: str, args: list[Any]) -> str:
    return " ".join(["printf", json.dumps(fmt, ensure_ascii=False), *(literal(a) for a in args)])


def assert_printf_matches(cases: list[tuple[str, list[Any]]]) -> None:
    expected = helm_outputs([printf_expr(fmt, args) for fmt, args in cases])
    mismatches = [
        f"printf {fmt!r} {args!r}: helm={want!r} helmpy={sprintf(fmt, *args)!r}"
        for (fmt, args), want in zip(cases, expected, strict=True)
        if sprintf(fmt, *args) != want
    ]
    assert not mismatches, "\n".join(mismatches)


EXPLICIT_CASES: list[tuple[str, list[Any]]] = [
    ("%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%o|%#o|%O|%b|%c|%q|%U|%#U",
     [42, 42, 42, -42, 42, 42, 255, 255, 255, 8, 8, 8, 5, 65, 65, 0x1F600, 0x41]),
    ("%.3d|%8.3d|%08.3d|%.0d|%5.0d|%-08d|%+05d|% 05d", [7, 7, 7, 0, 0, 3, 3, 3]),
    ("%v|%v|%v|%v|%v|%v|%v|%v|%v",
     [1.0, 1e6, 1e-5, 123456.0, 1234567.0, 1.5e21, 0.1, 100.0, -2.5]),
    ("%f|%.2f|%8.3f|%-8.2f|%08.2f|%+.1f|% .1f|%e|%E|%.0e|%g|%G|%.3g|%10.4g",
     [3.14159, 3.14159, -3.14159, 2.5, -2.5, 2.0, 2.0, 123456.789, 0.000123, 5.5, 1e20,
      1e-7, 1234.5678, 0.00012345]),
    ("%s|%10s|%-10s|%.2s|%q|%+q|%#q|%x|%X|% x|%#x|%# x|%010s",
     ["hé", "hé", "hé", "hélo", 'a"b\n', "é☃", "a`b", "hi", "hi", "hi", "hi", "hi", "ab"]),
    ("%t|%v|%5t|%-6t|%d|%s", [True, False, True, False, True, False]),
    ("%d|%s|%v|%x|%q", [[1, 2], ["a", "b"], [1, "a", None, 2.5], [10, 255], ["a", "b"]]),
    ("%v|%+v|%#v|%s|%d", [{"b": 1, "a": "x"}, {"a": [1]}, {"a": 1, "b": [1, "x", None]},
                          {"a": "x"}, {"a": 1}]),
    ("%v|%#v|%T|%T|%T|%T|%T|%T|%T", [None, None, None, 1, Int64(2), 1.5, "s", [1], {"a": 1}]),
    ("%d %d", [1]),
    ("%d", [1, 2, "x", None]),
    ("%[2]d %[1]d", [1, 2]),
    ("%[3]d %d", [1, 2]),
    ("%[0]d|%[x]d|%[1]*d|%*d|%-*d|%.*f|%*d", [5, 3, 7, 4, 9, 2, 3.14159, "x", 1]),
    ("%!|%z|%|%.", [1, 2]),
    ("%s|%d|%f|%t|%x|%v", [1, "a", "b", 1, 1.5, "x"]),
    ("%v|%d|%s|%f", [None, None, None, None]),
    ("%5.1f|%5.1f|%v|%v|%f|%e|%g|%+v", [float("inf"), float("-inf"), float("nan"),
                                       float("inf"), float("nan"), float("-inf"),
                                       float("nan"), float("nan")]),
    ("%v|%v|%.3v|%10v|%-10v|%010v", [Int64(5), 0.0, "abcdef", 1.5, 1.5, -1.5]),
    ("%6.2f%%|%3c|%-3c|%05c|%q|%q", [99.5, 65, 66, 67, 0x7F, -1]),
    ("%#v|%#v|%#g|%#x|%#.3x|%x|%b|%b|%#.3g|%#g|%#g|%#e|%#.0f|%#.0e|%#v",
     [1.0, 1.5, 1.5, 1.5, 1.0, 0.0, 1.0, 5, 2.0, 0.0, 100000.0, 1.0, 3.0, 3.0, 1e21]),
    ("%x|%X|%.2x|%.20x|%x|%x|%8.3x", [3.75, -1e-300, 1.0, 1.0, 5e-324, 1.9999999999999998, 100.0]),
    ("%#v|%#v|%v|%s", [StrList(["a", "b"]), [StrList(["x"])], StrList([]), StrList(["a"])]),
    ("%5v|%-8v|%08v|%+v|%+d|%+v", [[1, 2], {"a": 1}, [1, -2], [1, 2], [1, 2], {"a": -1}]),
    ("%08.3e|%-12.4E|%+08d|%x|%X|%#X|%#o", [-1234.5, 0.000012345, -3, -255, -255, -255, -8]),
    ("%.1f|%.1f|%.1f|%.0f|%.0f|%.2f|%.2e", [0.25, 0.35, 0.05, 0.5, 1.5, 1.005, 1.125]),
    ("%g|%g|%g|%g|%g|%v|%v|%v", [1e-4, 1e-5, 123456.0, 1234567.0, 0.000123456789, 1e100,
                                  123456789.0, 1.7976931348623157e308]),
    ("%3.1q|%.1q|%q|%q", ["abc", "☃x", "\x7f\x00", "\u2028\ufeff"]),
    ("%v %v", [[None], {"a": None}]),
    ("%s-%s", ["release", "chart"]),
    ("%s:%d", ["port", 8080]),
    ("%d", [8080.0]),
]


def test_printf_explicit_cases() -> None:
    assert_printf_matches(EXPLICIT_CASES)


def test_sprint_and_sprintln_spacing() -> None:
    cases = [
        ["a", 1, 2, "b", "c", 3.5, None, True],
        [1, 2],
        ["x", "y"],
        [[1], {"k": "v"}],
        [],
    ]
    exprs = []
    for args in cases:
        joined = " ".join(literal(a) for a in args)
        exprs += [f"print {joined}", f"println {joined}"]
    expected = helm_outputs(exprs)
    for n, args in enumerate(cases):
        assert sprint(*args) == expected[2 * n]
        assert sprintln(*args) == expected[2 * n + 1]


def test_format_value_of_values_numbers() -> None:
    values = "a: 1000000\nb: 0.00001\nc: 123456\nd: 1.5e21\ne: 8080\nf: -0.5\ng: 3.0\n"
    expected = helm_outputs([f".Values.{k}" for k in "abcdefg"], values=values)
    got = [format_value(v) for v in (1e6, 1e-5, 123456.0, 1.5e21, 8080.0, -0.5, 3.0)]
    assert got == expected


# -- property: random printf calls behave as in Helm --------------------------------------

VERBS = "vdsqxXobeEfFgGtcTU%"
flag_sets = st.lists(st.sampled_from("+- #0"), max_size=3).map("".join)
widths = st.one_of(st.just(""), st.integers(0, 12).map(str), st.just("*"))
precisions = st.one_of(st.just(""), st.integers(0, 8).map(lambda p: f".{p}"), st.just(".*"),
                       st.just("."))
indexes = st.one_of(st.just(""), st.just(""), st.integers(0, 4).map(lambda i: f"[{i}]"))
directive = st.builds(lambda f, i, w, p, v: f"%{f}{i}{w}{p}{v}", flag_sets, indexes, widths,
                      precisions, st.sampled_from(VERBS))
literal_text = st.text(alphabet="ab -:|é", max_size=3)
format_strings = st.lists(st.one_of(directive, literal_text), min_size=1, max_size=4).map("".join)

scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.integers(-(2**63), 2**63 - 1),
    st.integers(0, 0x10FFFF).map(Int64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e7, 1e7).map(lambda f: round(f, 3)),
    st.text(max_size=6),
    st.booleans(),
    st.none(),
)
arguments = st.one_of(
    scalars,
    st.lists(st.one_of(st.integers(-99, 99), st.text(max_size=3), st.none()), max_size=3),
    st.dictionaries(st.text(alphabet="abc", min_size=1, max_size=2),
                    st.one_of(st.integers(-9, 9), st.text(max_size=2)), max_size=2),
)
printf_calls = st.tuples(format_strings, st.lists(arguments, max_size=4))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(printf_calls, min_size=1, max_size=12))
def test_printf_matches_helm_property(calls: list[tuple[str, list[Any]]]) -> None:
    assert_printf_matches(calls)
