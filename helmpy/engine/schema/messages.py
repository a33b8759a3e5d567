"""Validation error trees and their text, as santhosh-tekuri/jsonschema v6.0.2 prints them.

Helm v4 shows the library's ``ValidationError.Error()`` text. Messages go through
golang.org/x/text's English printer, which groups integers (``1,234``) and writes large or
tiny floats with superscript exponents (``1×10²¹``); plain ``fmt`` formatting is used only
where the library calls it directly (enum and const values, format errors).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gostrconv import quote as go_quote


class JsonNumber(str):
    """A number of a schema document, kept as its literal text (Go's json.Number)."""

    __slots__ = ()

    def fraction(self) -> Fraction:
        return Fraction(Decimal(str(self)))


# --- Go and x/text formatting -------------------------------------------------------------

def quote(text: str) -> str:
    """The library's quote(): Go's %q, then single quotes outside and ``\\'`` inside."""
    # Replacing on the whole %q text, outer quotes included, is the library's own quirk: a
    # trailing backslash then loses its escape (a lone backslash prints as '\'), as in Helm.
    quoted = go_quote(text).replace('\\"', '"').replace("'", "\\'")
    return "'" + quoted[1:-1] + "'"


def join_quoted(items: list[str]) -> str:
    return ", ".join(quote(item) for item in items)


def display(value: Any) -> str:
    """The library's display(): quoted strings, ``value`` for containers, else Go's %v."""
    if isinstance(value, JsonNumber):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, (list, dict)):
        return "value"
    return format_value(value)


def group_int(number: int) -> str:
    """x/text's English %d: thousands separated by commas."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}"


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def localized_float(number: float) -> str:
    """x/text's English %v of a float64: shortest digits, grouped or in ×10ⁿ notation."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "-∞" if number < 0 else "∞"
    sign = "-" if math.copysign(1.0, number) < 0 else ""
    if number == 0:
        return sign + "0"
    digits, point = _shortest_digits(abs(number))
    exp = point - 1
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exponent = ("-" if exp < 0 else "") + f"{abs(exp):02d}"
        return sign + mantissa + "×10" + exponent.translate(_SUPERSCRIPT)
    if point <= 0:
        return sign + "0." + "0" * -point + digits
    if point >= len(digits):
        return sign + group_int(int(digits + "0" * (point - len(digits))))
    return sign + group_int(int(digits[:point])) + "." + digits[point:]


def _shortest_digits(number: float) -> tuple[str, int]:
    """Shortest round-trip digits of a positive float and its decimal point position."""
    _, digit_tuple, exponent = Decimal(repr(number)).as_tuple()
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    point = len(digits) + int(exponent)
    return digits.rstrip("0") or "0", point


def rat_float(value: Fraction) -> str:
    """big.Rat.Float64 printed through the English printer."""
    try:
        return localized_float(float(value))
    except OverflowError:
        return "∞" if value > 0 else "-∞"


# --- error kinds -------------------------------------------------------------------------

@dataclass
class Kind:
    """One failure; ``message()`` is the library's English LocalizedString."""

    text: str

    def message(self) -> str:
        return self.text


class SchemaKind(Kind):
    """The root of an error tree (``jsonschema validation failed with '<url>'``)."""


class GroupKind(Kind):
    """Several failures of one schema; unwrapped at the root and under a $ref."""


class ReferenceKind(Kind):
    """A failed $ref/$dynamicRef/$recursiveRef; hidden when it has exactly one cause."""


@dataclass
class ValidationError:
    location: tuple[str, ...]
    kind: Kind
    causes: list[ValidationError] = field(default_factory=list)

    def skip(self) -> bool:
        return len(self.causes) == 1 and isinstance(self.kind, ReferenceKind)

    def render(self) -> str:
        out: list[str] = []
        self._display(out, 0)
        return "".join(out)

    def _display(self, out: list[str], indent: int) -> None:
        if not self.skip():
            if indent > 0:
                out.append("\n" + "  " * (indent - 1) + "- ")
            indent += 1
            if isinstance(self.kind, SchemaKind):
                out.append(self.kind.message())
            else:
                out.append(f"at {quote(json_pointer(self.location))}: {self.kind.message()}")
        for cause in self.causes:
            cause._display(out, indent)


def json_pointer(tokens: tuple[str, ...] | list[str]) -> str:
    return "".join("/" + tok.replace("~", "~0").replace("/", "~1") for tok in tokens)


# Constructors for every message the validator produces, worded as the library words them.

def type_kind(got: str, want: list[str]) -> Kind:
    return Kind(f"got {got}, want {' or '.join(want)}")


def enum_kind(want: list[Any]) -> Kind:
    if any(isinstance(item, (list, dict)) for item in want):
        return Kind("'enum' failed")
    if len(want) == 1:
        return Kind(f"value must be {display(want[0])}")
    return Kind("value must be one of " + ", ".join(display(item) for item in want))


def const_kind(want: Any) -> Kind:
    if isinstance(want, (list, dict)):
        return Kind("'const' failed")
    return Kind(f"value must be {display(want)}")


def required_kind(missing: list[str]) -> Kind:
    if len(missing) == 1:
        return Kind(f"missing property {quote(missing[0])}")
    return Kind(f"missing properties {join_quoted(missing)}")


def dependency_kind(prop: str, missing: list[str]) -> Kind:
    return Kind(f"properties {join_quoted(missing)} required, if {quote(prop)} exists")


def count_kind(keyword: str, got: int, want: int) -> Kind:
    """minLength, maxItems, minProperties ...: ``keyword: got N, want M``."""
    return Kind(f"{keyword}: got {group_int(got)}, want {group_int(want)}")


def number_kind(keyword: str, got: Fraction, want: Fraction) -> Kind:
    return Kind(f"{keyword}: got {rat_float(got)}, want {rat_float(want)}")


def contains_kind(keyword: str, matched: list[int], want: int) -> Kind:
    listed = " ".join(str(i) for i in matched)
    if keyword == "minContains":
        if not matched:
            return Kind(f"min {group_int(want)} items required to match contains schema, "
                        "but none matched")
        return Kind(f"min {group_int(want)} items required to match contains schema, but "
                    f"matched {group_int(len(matched))} items at {listed}")
    return Kind(f"max {group_int(want)} items required to match contains schema, but "
                f"matched {group_int(len(matched))} items at {listed}")


def format_kind(got: Any, want: str, err: str) -> Kind:
    return Kind(f"{display(got)} is not valid {want}: {err}")
