"""Batched differential checks of fmt and Sprig string/regex/conversion functions.

Many template expressions are rendered by real Helm in one chart (one SDK call); each
result is compared with helmpy's function called directly and printed with Go's %v.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gotypes import FuncError, FuncTable, Int64, StrList
from tests.helm_reference import helm_render_case

SEPARATOR = "\n@@--@@\n"


def literal(value: Any) -> str:
    """A template expression that evaluates to ``value`` (same Go type) in Helm."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Int64):
        return f"(int64 {int(value)})"
    if isinstance(value, int):
        return str(value) if value >= 0 else f"({value})"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'(float64 "{"NaN" if math.isnan(value) else "+Inf" if value > 0 else "-Inf"}")'
        return f'(float64 "{value!r}")'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, StrList):
        return "(toStrings (list " + " ".join(literal(v) for v in value) + "))"
    if isinstance(value, list):
        return "(list " + " ".join(literal(item) for item in value) + ")"
    if isinstance(value, dict):
        pairs = " ".join(literal(k) + " " + literal(v) for k, v in value.items())
        return "(dict " + pairs + ")"
    raise TypeError(f"no template literal for {value!r}")


def call_in(table: FuncTable, name: str, *args: Any) -> tuple[str, Callable[[], Any]]:
    """(the template expression calling ``name`` on ``args``, helmpy's direct call of it)."""
    expr = " ".join([name, *(literal(a) for a in args)])
    return expr, lambda: table[name].fn(*args)


def helm_outputs(expressions: Sequence[str], values: str | None = None) -> list[str]:
    """Helm's rendering of each ``{{ expression }}`` (all must succeed)."""
    template = SEPARATOR.join("{{ " + expr + " }}" for expr in expressions)
    output, error = helm_render_case(template, values=values)
    assert error is None, error
    assert output is not None
    parts = output.split(SEPARATOR)
    assert len(parts) == len(expressions)
    return parts


def helm_error(expression: str, function: str) -> str:
    """The message after ``error calling FUNCTION: `` for one failing expression."""
    output, error = helm_render_case("{{ " + expression + " }}")
    assert error is not None, f"Helm rendered {output!r}"
    marker = f"error calling {function}: "
    assert marker in error, error
    return error.split(marker, 1)[1]


def helmpy_text(call: Callable[[], Any]) -> str:
    """What ``{{ call }}`` prints (Helm's output drops a nil's <no value>).

    Invalid UTF-8 bytes (surrogate escapes in helmpy) are shown the way the SDK hands
    Helm's bytes to Python: one U+FFFD per bad byte.
    """
    result = call()
    text = "" if result is None else format_value(result)
    raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
    return "".join("\ufffd" if 0xDC80 <= ord(ch) <= 0xDCFF else ch for ch in raw)


def assert_same_as_helm(cases: Sequence[tuple[str, Callable[[], Any]]]) -> None:
    """Render every expression with Helm and compare with helmpy's direct call."""
    expected = helm_outputs([expr for expr, _ in cases])
    mismatches = []
    for (expr, call), want in zip(cases, expected, strict=True):
        try:
            got = helmpy_text(call)
        except FuncError as err:
            got = f"<error {err}>"
        if got != want:
            mismatches.append(f"{expr}: helm={want!r} helmpy={got!r}")
    assert not mismatches, "\n".join(mismatches)


def assert_same_error(expression: str, function: str, call: Callable[[], Any]) -> None:
    """helmpy raises FuncError with exactly Helm's message for a failing call."""
    want = helm_error(expression, function)
    try:
        result = call()
    except FuncError as err:
        assert str(err) == want
    else:
        raise AssertionError(f"{expression}: helmpy returned {result!r}, Helm failed: {want}")
