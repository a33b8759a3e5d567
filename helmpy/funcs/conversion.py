"""Sprig's conversion, default and reflection functions.

Conversions follow spf13/cast as Sprig calls it (failures become 0): ``int "0x1F"`` is
31, ``int "1e3"`` is 0, ``int 1.9`` truncates to 1. Defaults follow Sprig's ``empty``
(zero numbers, false, nil, zero-length strings and collections; structs never).
Reflection answers with Go's type and kind names for helmpy's value model.
"""
from __future__ import annotations

from typing import Any

from helmpy.funcs.lists import deep_equal, go_empty
from helmpy.funcs.maths import to_float64, to_int, to_int64
from helmpy.gotemplate.gofmt import sprint, type_name
from helmpy.gotemplate.gotypes import (
    BOOL,
    INTERFACE,
    STRING,
    FuncTable,
    Int64,
    go_kind,
)

FUNCS = FuncTable()

_INT64_MAX = (1 << 63) - 1
_INT64_MIN = -(1 << 63)


# -- numbers --------------------------------------------------------------------------------
def go_atoi(text: str) -> int:
    """strconv.Atoi with Sprig's error dropping: 0 on syntax errors, clamped on overflow."""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not body.isascii() or not body.isdigit():
        return 0
    value = int(text)
    if value > _INT64_MAX:
        return _INT64_MAX
    if value < _INT64_MIN:
        return _INT64_MIN
    return value


@FUNCS.register("atoi", STRING)
def atoi(text: str) -> int:
    return go_atoi(text)


@FUNCS.register("int", INTERFACE)
def to_int_func(value: Any) -> int:
    return to_int(value)


@FUNCS.register("int64", INTERFACE)
def to_int64_func(value: Any) -> Int64:
    return Int64(to_int64(value))


@FUNCS.register("float64", INTERFACE)
def to_float64_func(value: Any) -> float:
    return to_float64(value)


@FUNCS.register("toDecimal", INTERFACE)
def to_decimal(value: Any) -> Int64:
    """Sprig's toDecimal: the %v text of the value read as an octal int64 (0 if not)."""
    text = sprint(value)
    body = text[1:] if text[:1] in "+-" else text
    digits = body.replace("_", "")
    if not digits or not digits.isascii() or any(ch not in "01234567" for ch in digits):
        return Int64(0)
    if "_" in body:  # ParseInt with an explicit base rejects underscores
        return Int64(0)
    result = int(digits, 8)
    if text[0] == "-":
        result = -result
    if not _INT64_MIN <= result <= _INT64_MAX:
        return Int64(0)
    return Int64(result)


# -- defaults -------------------------------------------------------------------------------
@FUNCS.register("default", INTERFACE, variadic=INTERFACE)
def default(fallback: Any, *given: Any) -> Any:
    if not given or go_empty(given[0]):
        return fallback
    return given[0]


@FUNCS.register("empty", INTERFACE)
def empty(value: Any) -> bool:
    return go_empty(value)


@FUNCS.register("coalesce", variadic=INTERFACE)
def coalesce(*values: Any) -> Any:
    for value in values:
        if not go_empty(value):
            return value
    return None


@FUNCS.register("all", variadic=INTERFACE)
def all_(*values: Any) -> bool:
    return not any(go_empty(value) for value in values)


@FUNCS.register("any", variadic=INTERFACE)
def any_(*values: Any) -> bool:
    return not all(go_empty(value) for value in values)


@FUNCS.register("ternary", INTERFACE, INTERFACE, BOOL)
def ternary(if_true: Any, if_false: Any, condition: bool) -> Any:
    return if_true if condition else if_false


# -- reflection -----------------------------------------------------------------------------
@FUNCS.register("typeOf", INTERFACE)
def type_of(value: Any) -> str:
    return type_name(value)


@FUNCS.register("typeIs", STRING, INTERFACE)
def type_is(target: str, value: Any) -> bool:
    return target == type_name(value)


@FUNCS.register("typeIsLike", STRING, INTERFACE)
def type_is_like(target: str, value: Any) -> bool:
    name = type_name(value)
    return target == name or "*" + target == name


@FUNCS.register("kindOf", INTERFACE)
def kind_of(value: Any) -> str:
    return go_kind(value)


@FUNCS.register("kindIs", STRING, INTERFACE)
def kind_is(target: str, value: Any) -> bool:
    return target == go_kind(value)


@FUNCS.register("deepEqual", INTERFACE, INTERFACE)
def deep_equal_func(a: Any, b: Any) -> bool:
    return deep_equal(a, b)
