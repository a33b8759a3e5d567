"""Call one helmpy template function directly and the same Sprig function in real Helm.

Until the template runtime is complete, function families are checked by calling their
Python implementation with Python stand-ins for Go values and comparing with what Helm
renders for the equivalent template expression: ``%T`` and ``%v`` of the result, or the
function's error text.
"""
from __future__ import annotations

from typing import Any

from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gotypes import FuncError, FuncTable, Int64, StrList, go_type_name
from tests.helm_reference import helm_render_case


def go_literal(value: Any) -> str:
    """A template expression producing ``value`` with the same Go type."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Int64):
        return f"(int64 {int(value)})"
    if isinstance(value, int):
        return str(value) if value >= 0 else f"({value})"
    if isinstance(value, float):
        text = repr(value)
        return f'(float64 "{text}")'
    if isinstance(value, str):
        assert "`" not in value
        return f"`{value}`"
    if isinstance(value, StrList):
        inner = " ".join(go_literal(v) for v in value)
        return f"(toStrings (list {inner}))"
    if isinstance(value, list):
        return "(list " + " ".join(go_literal(v) for v in value) + ")"
    if isinstance(value, dict):
        inner = " ".join(f"{go_literal(k)} {go_literal(v)}" for k, v in value.items())
        return f"(dict {inner})"
    raise TypeError(value)


def helm_result(name: str, args: list[Any], show_type: bool = True) -> tuple[str, str | None]:
    """("%T|%v" of Helm's result, None) or ("", error text after ``error calling NAME:``)."""
    call = " ".join([name, *(go_literal(a) for a in args)])
    shown = 'printf "%T|%v" $r $r' if show_type else 'printf "%v" $r'
    out, err = helm_render_case(f"{{{{ $r := {call} }}}}{{{{ {shown} }}}}")
    if err is not None:
        marker = f"error calling {name}: "
        if marker not in err:
            return "", "UNEXPECTED: " + err
        return "", err.split(marker, 1)[1]
    assert out is not None
    return out, None


def ours_result(
    table: FuncTable, name: str, args: list[Any], show_type: bool = True
) -> tuple[str, str | None]:
    spec = table[name]
    try:
        value = spec.fn(*args)
    except FuncError as err:
        return "", str(err)
    # Invalid UTF-8 travels as surrogates in helmpy; the SDK hands Helm's bytes over decoded
    # with replacement characters, so compare the same way.
    text = format_value(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return (f"{go_type_name(value)}|{text}" if show_type else text), None
