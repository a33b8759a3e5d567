"""Sprig date functions and Go time layouts: helmpy against Helm, computed in the test."""
from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.funcs.dates import FUNCS, GoTime
from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gotypes import FuncError, Int64
from tests.funcs_differential import helm_result, ours_result
from tests.helm_reference import helm_render_case

pytest.importorskip("helm_python")
pytestmark = pytest.mark.skipif(os.environ.get("TZ") != "UTC", reason="run with TZ=UTC")

CASES: list[tuple[str, list[Any]]] = [
    ("date", ["2006-01-02", Int64(1700000000)]), ("date", ["Mon Jan _2 15:04:05 2006", 86400 * 40]),
    ("dateInZone", ["2006-01-02 15:04:05 MST", 1700000000, "UTC"]),
    ("dateInZone", ["15:04 MST -07:00:00 Z07", 1700000000, "America/St_Johns"]),
    ("dateInZone", ["3:4:5 PM pm __2 002 06 Jan January Monday", 1700000000, "Asia/Kolkata"]),
    ("dateInZone", ["2006", 1700000000, "No/Such_Zone"]), ("dateInZone", ["MST", 0, "Local"]),
    ("date_in_zone", ["Z0700 Z07:00 -0700 -07", 1700000000, "Europe/Paris"]),
    ("htmlDate", [1700000000]), ("htmlDateInZone", [1700000000, "Asia/Tokyo"]),
    ("duration", ["95"]), ("duration", ["+7"]), ("duration", ["1_0"]), ("duration", [95]),
    ("duration", [Int64(-95)]), ("duration", ["9223372036854775807"]), ("duration", [1.5]),
    ("durationRound", ["2h10m5s"]), ("durationRound", ["-3h"]), ("durationRound", [Int64(5)]),
    ("durationRound", [Int64(-(2**63))]), ("durationRound", ["1.5µs"]), ("durationRound", [5]),
]


@pytest.mark.parametrize(("name", "args"), CASES)
def test_date_function_matches_helm(name: str, args: list[Any]) -> None:
    assert ours_result(FUNCS, name, args, False) == helm_result(name, args, False)


_TOKENS = [
    "2006", "06", "01", "1", "Jan", "January", "02", "2", "_2", "__2", "002", "15", "03", "3",
    "04", "4", "05", "5", "PM", "pm", "Mon", "Monday", "MST", "-0700", "-07:00", "-07",
    "-070000", "-07:00:00", "Z0700", "Z07:00", "Z07", "Z070000", ".000", ".999999999", ",000",
    ".9", " ", "-", ":", "T", "x", "Janx", "Mond", "_2006", "0", "07", "Z", ".", "..",
]
_ZONES = ["UTC", "Local", "Asia/Kolkata", "America/New_York", "Etc/GMT+5", "Australia/Lord_Howe"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=8).map("".join),
       st.integers(-(10**10), 10**10), st.sampled_from(_ZONES))
def test_layout_formatting_matches_helm(layout: str, seconds: int, zone: str) -> None:
    args = [layout, Int64(seconds), zone]
    assert ours_result(FUNCS, "dateInZone", args, False) == helm_result("dateInZone", args, False)


def _ours_parse(layout: str, value: str) -> tuple[str | None, str | None]:
    try:
        t = FUNCS["mustToDate"].fn(layout, value)
    except FuncError as err:
        return None, str(err)
    return f"{format_value(t)}|{format_value(GoTime.go_methods['UnixNano'].fn(t))}", None


def _helm_parse(layout: str, value: str) -> tuple[str | None, str | None]:
    out, err = helm_render_case(
        f"{{{{ $t := mustToDate `{layout}` `{value}` }}}}{{{{ $t }}}}|{{{{ $t.UnixNano }}}}"
    )
    if err is not None:
        return None, err.split("error calling mustToDate: ", 1)[1]
    return out, None


_VALUES = [
    "2024", "24", "03", "3", "Mar", "march", "15", " 5", "075", "366", "23", "11", "59", "07",
    "PM", "am", "Fri", "friday", "UTC", "JST", "GMT+5", "ChST", "+0530", "-07:00", "+05",
    "Z", ".123", ",5", ".1234567891", " ", "-", ":", "T", "x", "13", "00", "60", "+1", "",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_VALUES)), min_size=1,
                max_size=6))
def test_parsing_matches_helm(pairs: list[tuple[str, str]]) -> None:
    layout = "".join(p[0] for p in pairs)
    value = "".join(p[1] for p in pairs)
    assert _ours_parse(layout, value) == _helm_parse(layout, value)


@pytest.mark.parametrize(("layout", "value"), [
    ("2006-01-02T15:04:05Z07:00", "2024-03-15T10:00:00+05:30"),
    ("2006-01-02T15:04:05Z07:00", "2024-03-15T10:00:00Z"),
    ("2006-01-02 15:04:05 MST", "2024-03-15 10:00:00 PST"),
    ("2006-01-02 15:04:05 MST", "2024-03-15 10:00:00 GMT-3"),
    ("2006-01-02 15:04:05", "2024-03-15 10:00:00.123456"), ("2006-002", "2024-060"),
    ("2006-002", "2023-366"), ("2006-01-002", "2024-03-060"), ("Jan 2", "Feb 30"),
    ("15:04", "24:00"), ("2006-01-02", "2024-02-29x"), ("3PM", "13PM"), ("15:04:05", "10:60:00"),
    ("2006-01-02 -0700", "2024-01-01 +2500"), ("January 2006", "Sept 2024"),
])
def test_parse_edge_cases_match_helm(layout: str, value: str) -> None:
    assert _ours_parse(layout, value) == _helm_parse(layout, value)


@pytest.mark.parametrize("spec", [
    "+24h", "-90m", "1.5h", "tomorrow", "", "0", "-0", "1", "1h2m3.5s", ".5s", "5.s", "1µs",
    "1μs", "2us", "3ns", "1d", "9223372036s", "9223372037s", "2562047h47m16.854775807s",
    "2562047h47m16.854775808s", "-2562047h47m16.854775808s", "1.0000000000000000000001h", "+",
])
def test_duration_parsing_matches_helm(spec: str) -> None:
    out, err = helm_render_case(
        f"{{{{ $t := mustDateModify `{spec}` (toDate `2006` `2000`) }}}}{{{{ $t.UnixNano }}}}"
    )
    base = FUNCS["toDate"].fn("2006", "2000")
    try:
        ours = format_value(GoTime.go_methods["UnixNano"].fn(FUNCS["mustDateModify"].fn(spec, base)))
    except FuncError as failure:
        assert err is not None and err.endswith(f"error calling mustDateModify: {failure}")
        return
    assert err is None and out == ours


METHOD_EXPRS = [
    ("Year", []), ("Month", []), ("Weekday", []), ("YearDay", []), ("UTC", []), ("Unix", []),
    ("AddDate", [1, 0, 0]), ("AddDate", [0, 1, 1]), ("AddDate", [0, -3, -400]), ("IsZero", []),
    ("Nanosecond", []), ("UnixMilli", []), ("UnixNano", []), ("Location", []), ("Local", []),
    ("Day", []), ("Hour", []), ("Minute", []), ("Second", []), ("String", []),
]


@pytest.mark.parametrize(("method", "args"), METHOD_EXPRS)
def test_time_methods_match_helm(method: str, args: list[int]) -> None:
    layout, value = "2006-01-02 15:04:05.000", "2024-02-29 23:59:58.123"
    call = " ".join([f"$t.{method}", *(f"({a})" for a in args)])
    out, err = helm_render_case(f"{{{{ $t := toDate `{layout}` `{value}` }}}}{{{{ {call} }}}}")
    t = FUNCS["toDate"].fn(layout, value)
    assert err is None
    assert out == format_value(GoTime.go_methods[method].fn(t, *args))


@pytest.mark.parametrize("method", ["Hours", "Minutes", "Seconds", "Milliseconds", "String",
                                    "Nanoseconds", "Abs"])
@pytest.mark.parametrize("other", ["2024", "2025"])
def test_duration_methods_match_helm(method: str, other: str) -> None:
    layout, value = "2006-01-02 15:04:05.000", "2024-02-29 23:59:58.123"
    out, err = helm_render_case(
        f"{{{{ $t := toDate `{layout}` `{value}` }}}}"
        f"{{{{ ($t.Sub (toDate `2006` `{other}`)).{method} }}}}"
    )
    d = GoTime.go_methods["Sub"].fn(FUNCS["toDate"].fn(layout, value),
                                    FUNCS["toDate"].fn("2006", other))
    assert err is None
    assert out == format_value(type(d).go_methods[method].fn(d))


def test_cast_of_time_values_matches_helm() -> None:
    from helmpy.funcs.maths import FUNCS as MATHS

    out, err = helm_render_case(
        "{{ $a := toDate `2006` `2001` }}{{ $b := toDate `2006` `2000` }}"
        "{{ add1 ($a.Sub $b) }}|{{ add1 $a.Month }}|{{ add1 $a.Weekday }}|{{ floor $a.Month }}"
    )
    a, b = FUNCS["toDate"].fn("2006", "2001"), FUNCS["toDate"].fn("2006", "2000")
    m = GoTime.go_methods
    ours = "|".join(format_value(v) for v in (
        MATHS["add1"].fn(m["Sub"].fn(a, b)), MATHS["add1"].fn(m["Month"].fn(a)),
        MATHS["add1"].fn(m["Weekday"].fn(a)), MATHS["floor"].fn(m["Month"].fn(a)),
    ))
    assert err is None and out == ours
