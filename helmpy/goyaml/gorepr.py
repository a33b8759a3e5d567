"""Go's ``%#v`` rendering of decoded YAML values (used in yaml.v2 / sigs.k8s.io errors)."""
from __future__ import annotations

from typing import Any

from helmpy.goyaml.gofloat import format_float
from helmpy.goyaml.resolve import UInt64


class GoMapItems(list):
    """A yaml.v2 map as (key, value) pairs: Python dicts would merge True with 1 and 1.0."""

    __slots__ = ()


def go_quote(text: str) -> str:
    """strconv.Quote: double-quoted with Go escapes, printable Unicode kept."""
    from helmpy.gotemplate.gostrconv import quote

    return quote(text)


# fmt sorts interface{} map keys nil first, then by type (in the order Helm's binary lays
# the types out, observed), then by value.
_TYPE_RANK = {str: 1, UInt64: 2, int: 3, float: 4, bool: 5}


def _key_order(item: tuple[Any, Any]) -> tuple[int, Any]:
    key = item[0]
    if key is None:
        return (0, 0)
    rank = _TYPE_RANK.get(type(key), 6)
    return (rank, key if rank < 6 else str(key))


def go_syntax(value: Any, nested: bool = False) -> str:
    """``fmt.Sprintf("%#v", value)`` for yaml.v2's interface{} values."""
    if value is None:
        return "interface {}(nil)" if nested else "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, UInt64):
        return hex(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value, "g")
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, GoMapItems | dict):
        pairs = value.items() if isinstance(value, dict) else value
        items = sorted(pairs, key=_key_order)
        body = ", ".join(f"{go_syntax(k, True)}:{go_syntax(v, True)}" for k, v in items)
        return "map[interface {}]interface {}{" + body + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_syntax(v, True) for v in value) + "}"
    return str(value)
