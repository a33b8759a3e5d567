"""Sprig's arithmetic: integer maths through cast.ToInt64, float maths through decimals.

The integer functions convert every operand with spf13/cast (``mul 2 1.5`` is 2, a
string that does not parse is 0) and return Go ``int64``; ``div``/``mod`` by zero is
Go's runtime panic. The ``f`` functions go through shopspring/decimal (exact sums of the
operands' shortest decimal forms, 16 places for division), so ``addf 0.1 0.2`` is 0.3.
"""
from __future__ import annotations

import math
import random
import re
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation
from typing import Any

from helmpy.gotemplate.gotypes import (
    FLOAT64,
    INT,
    INTERFACE,
    FuncError,
    FuncTable,
    GoStruct,
    Int64,
)

FUNCS = FuncTable()

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
DIVIDE_BY_ZERO = "runtime error: integer divide by zero"


def wrap_int64(value: int) -> int:
    """Two's-complement wraparound, as Go's int64 arithmetic overflows."""
    return ((value - INT64_MIN) & ((1 << 64) - 1)) + INT64_MIN


def float_to_int64(value: float) -> int:
    """Go's int64(f) on amd64: truncation; NaN and out-of-range give the minimum int64."""
    if math.isnan(value) or math.isinf(value) or not INT64_MIN <= value < 2.0**63:
        return INT64_MIN
    return int(value)


# -- strconv ------------------------------------------------------------------------------
_HEX = set("0123456789abcdefABCDEF")


def _underscore_ok(text: str) -> bool:
    """strconv's rule: underscores only between digits (or after a base prefix)."""
    saw = "^"
    s = text[1:] if text[:1] in "+-" else text
    i = 0
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i, saw, hexa = 2, "0", s[1].lower() == "x"
    for ch in s[i:]:
        if ch.isdigit() and ch.isascii() or hexa and ch in _HEX:
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
    return saw != "_"


def parse_go_int(text: str, bits: int = 64) -> int | None:
    """strconv.ParseInt(text, 0, bits): Go literal syntax (0x, 0o, 0b, 0 octal, _)."""
    if not text:
        return None
    body = text[1:] if text[0] in "+-" else text
    negative = text[0] == "-"
    base = 10
    digits = body
    if len(body) >= 2 and body[0] == "0":
        prefix = body[1].lower()
        if prefix in "box":
            base = {"b": 2, "o": 8, "x": 16}[prefix]
            digits = body[2:]
        else:
            base = 8
            digits = body[1:]
    if "_" in digits and not _underscore_ok(text):
        return None
    digits = digits.replace("_", "")
    if not digits or not digits.isascii() or not digits.isalnum():
        return None
    try:
        value = int(digits, base)
    except ValueError:
        return None
    if negative:
        value = -value
    limit = 1 << (bits - 1)
    if not -limit <= value < limit:
        return None
    return value


_FLOAT_RE = re.compile(r"[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?")
_HEX_FLOAT_RE = re.compile(r"[+-]?0[xX](?:[\da-fA-F_]*\.?[\da-fA-F_]*)[pP][+-]?\d[\d_]*")
_SPECIAL_FLOATS = {"inf": math.inf, "infinity": math.inf, "nan": math.nan}


def parse_go_float(text: str) -> float | None:
    """strconv.ParseFloat(text, 64); None on syntax or range errors."""
    body = text[1:] if text[:1] in "+-" else text
    special = _SPECIAL_FLOATS.get(body.lower())
    if special is not None:
        return -special if text[0] == "-" else special
    if _FLOAT_RE.fullmatch(text):
        if "_" in text and not _underscore_ok(text):
            return None
        value = float(text.replace("_", ""))
    elif _HEX_FLOAT_RE.fullmatch(text):
        if "_" in text and not _underscore_ok(text):
            return None
        value = float.fromhex(text.replace("_", ""))
    else:
        return None
    return None if math.isinf(value) else value


def _trim_zero_decimal(text: str) -> str:
    """cast's trimZeroDecimal: "3.00" -> "3" (only all-zero fractions)."""
    found_zero = False
    for i in range(len(text), 0, -1):
        ch = text[i - 1]
        if ch == ".":
            if found_zero:
                return text[: i - 1]
        elif ch == "0":
            found_zero = True
        else:
            return text
    return text


# -- spf13/cast ---------------------------------------------------------------------------
def to_int64(value: Any) -> int:
    """cast.ToInt64 (errors become 0), the conversion behind Sprig's integer maths."""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float_to_int64(value)
    if isinstance(value, str):
        parsed = parse_go_int(_trim_zero_decimal(value))
        return 0 if parsed is None else parsed
    return _named_int(value, 0)


def _named_int(value: Any, default: int) -> int:
    """cast knows time.Month and time.Weekday (ints with names); not time.Duration."""
    as_int = getattr(value, "go_cast_int", None)
    if isinstance(value, GoStruct) and callable(as_int):
        return int(as_int())
    return default


def to_float64(value: Any) -> float:
    """cast.ToFloat64 (errors become 0)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        parsed = parse_go_float(value)
        return 0.0 if parsed is None else parsed
    return float(_named_int(value, 0))


def to_int(value: Any) -> int:
    """cast.ToInt: the same as ToInt64 on a 64-bit platform."""
    return to_int64(value)


# -- integer maths ------------------------------------------------------------------------
@FUNCS.register("add1", INTERFACE)
def add1(value: Any) -> Int64:
    return Int64(wrap_int64(to_int64(value) + 1))


@FUNCS.register("add", variadic=INTERFACE)
def add(*values: Any) -> Int64:
    return Int64(wrap_int64(sum(to_int64(v) for v in values)))


@FUNCS.register("sub", INTERFACE, INTERFACE)
def sub(a: Any, b: Any) -> Int64:
    return Int64(wrap_int64(to_int64(a) - to_int64(b)))


def _go_quotient(a: int, b: int) -> int:
    if b == 0:
        raise FuncError(DIVIDE_BY_ZERO)
    q = abs(a) // abs(b)  # Go truncates toward zero
    return q if (a < 0) == (b < 0) else -q


@FUNCS.register("div", INTERFACE, INTERFACE)
def div(a: Any, b: Any) -> Int64:
    return Int64(wrap_int64(_go_quotient(to_int64(a), to_int64(b))))


@FUNCS.register("mod", INTERFACE, INTERFACE)
def mod(a: Any, b: Any) -> Int64:
    x, y = to_int64(a), to_int64(b)
    return Int64(x - _go_quotient(x, y) * y if y != -1 else 0)


@FUNCS.register("mul", INTERFACE, variadic=INTERFACE)
def mul(first: Any, *rest: Any) -> Int64:
    product = to_int64(first)
    for value in rest:
        product = wrap_int64(product * to_int64(value))
    return Int64(product)


@FUNCS.register("max", INTERFACE, variadic=INTERFACE)
def int_max(first: Any, *rest: Any) -> Int64:
    return Int64(max([to_int64(first), *(to_int64(v) for v in rest)]))


FUNCS.alias("biggest", "max")


@FUNCS.register("min", INTERFACE, variadic=INTERFACE)
def int_min(first: Any, *rest: Any) -> Int64:
    return Int64(min([to_int64(first), *(to_int64(v) for v in rest)]))


@FUNCS.register("randInt", INT, INT)
def rand_int(low: int, high: int) -> int:
    if high - low <= 0:
        raise FuncError("invalid argument to Intn")
    return random.randrange(high - low) + low


# -- float maths --------------------------------------------------------------------------
def _go_max(a: float, b: float) -> float:
    """math.Max: NaN wins, +0 beats -0."""
    if math.isinf(a) and a > 0 or math.isinf(b) and b > 0:
        return math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == b == 0:
        return b if math.copysign(1, a) < 0 else a
    return a if a > b else b


def _go_min(a: float, b: float) -> float:
    if math.isinf(a) and a < 0 or math.isinf(b) and b < 0:
        return -math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == b == 0:
        return a if math.copysign(1, a) < 0 else b
    return a if a < b else b


@FUNCS.register("maxf", INTERFACE, variadic=INTERFACE)
def maxf(first: Any, *rest: Any) -> float:
    result = to_float64(first)
    for value in rest:
        result = _go_max(result, to_float64(value))
    return result


@FUNCS.register("minf", INTERFACE, variadic=INTERFACE)
def minf(first: Any, *rest: Any) -> float:
    result = to_float64(first)
    for value in rest:
        result = _go_min(result, to_float64(value))
    return result


def _go_floor(x: float) -> float:
    if math.isinf(x) or math.isnan(x):
        return x
    result = float(math.floor(x))
    return math.copysign(0.0, x) if result == 0 else result  # Go keeps the zero's sign


def _go_ceil(x: float) -> float:
    if math.isinf(x) or math.isnan(x):
        return x
    result = float(math.ceil(x))
    return math.copysign(0.0, x) if result == 0 else result


@FUNCS.register("floor", INTERFACE)
def floor(value: Any) -> float:
    return _go_floor(to_float64(value))


@FUNCS.register("ceil", INTERFACE)
def ceil(value: Any) -> float:
    return _go_ceil(to_float64(value))


@FUNCS.register("round", INTERFACE, INT, variadic=FLOAT64)
def round_(value: Any, places: int, *round_on: float) -> float:
    threshold = round_on[0] if round_on else 0.5
    try:
        power = math.pow(10, float(places))
    except OverflowError:
        power = math.inf
    digit = power * to_float64(value)
    if math.isinf(digit) or math.isnan(digit):
        frac = math.nan if math.isnan(digit) else 0.0
    else:
        frac = math.modf(digit)[0]
    rounded = _go_ceil(digit) if frac >= threshold else _go_floor(digit)
    if power == 0:
        return math.nan if rounded == 0 else math.copysign(math.inf, rounded)
    return rounded / power


# shopspring/decimal keeps every digit of sums and products; 16 places for quotients.
_EXACT = Context(prec=2000, Emax=10**6, Emin=-(10**6))
_DIVISION_PLACES = Decimal(1).scaleb(-16)


def _decimal_of(value: Any) -> Decimal:
    number = to_float64(value)
    if math.isnan(number) or math.isinf(number):
        text = "NaN" if math.isnan(number) else ("+Inf" if number > 0 else "-Inf")
        raise FuncError(f"Cannot create a Decimal from {text}")
    return Decimal(repr(number))


def _decimal_op(first: Any, rest: tuple[Any, ...], op: str) -> float:
    result = _decimal_of(first)
    for value in rest:
        operand = _decimal_of(value)
        if op == "+":
            result = _EXACT.add(result, operand)
        elif op == "-":
            result = _EXACT.subtract(result, operand)
        elif op == "*":
            result = _EXACT.multiply(result, operand)
        else:
            if operand == 0:
                raise FuncError("decimal division by 0")
            try:
                quotient = _EXACT.divide(result, operand)
            except (DivisionByZero, InvalidOperation):
                raise FuncError("decimal division by 0") from None
            result = quotient.quantize(_DIVISION_PLACES, rounding=ROUND_HALF_UP, context=_EXACT)
    return float(result) if result else 0.0  # decimals have no negative zero


@FUNCS.register("add1f", INTERFACE)
def add1f(value: Any) -> float:
    return _decimal_op(value, (1,), "+")


@FUNCS.register("addf", variadic=INTERFACE)
def addf(*values: Any) -> float:
    return _decimal_op(0.0, values, "+")


@FUNCS.register("subf", INTERFACE, variadic=INTERFACE)
def subf(first: Any, *rest: Any) -> float:
    return _decimal_op(first, rest, "-")


@FUNCS.register("mulf", INTERFACE, variadic=INTERFACE)
def mulf(first: Any, *rest: Any) -> float:
    return _decimal_op(first, rest, "*")


@FUNCS.register("divf", INTERFACE, variadic=INTERFACE)
def divf(first: Any, *rest: Any) -> float:
    return _decimal_op(first, rest, "/")
