"""JSON written as Go's encoding/json writes Go values (json.Marshal / MarshalIndent)."""
from __future__ import annotations

import math
from typing import Any

from helmpy.goyaml.deep import recursion_room
from helmpy.goyaml.gofloat import format_float, json_float


class RawJSON(str):
    """JSON text a Go value's MarshalJSON produced (written as is)."""

    __slots__ = ()


class StructJSON(dict):
    """A Go struct's JSON object: fields keep their declaration order (maps are sorted)."""

    __slots__ = ()


class GoJSONError(ValueError):
    """json.Marshal failed; ``str()`` is Go's message (``json: unsupported value: NaN``)."""


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                  "\b": "\\b", "\f": "\\f"}
_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def quote(text: str, escape_html: bool = True) -> str:
    """A JSON string literal as encoding/json writes it."""
    out = ['"']
    for char in text:
        escaped = _SHORT_ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char < " ":
            out.append(f"\\u{ord(char):04x}")
        elif escape_html and char in _HTML:
            out.append(_HTML[char])
        elif char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        elif "\ud800" <= char <= "\udfff":
            out.append("\\ufffd")  # a byte that is not UTF-8 (carried as a surrogate)
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        raise GoJSONError("json: unsupported type: map[bool]interface {}")
    if isinstance(key, int):
        return str(int(key))
    if isinstance(key, float):
        raise GoJSONError("json: unsupported type: map[float64]interface {}")
    return str(key)


def _reparse(raw: str) -> Any:
    """MarshalIndent re-indents what a MarshalJSON wrote, keeping its field order."""
    import json

    return json.loads(raw, object_pairs_hook=StructJSON)


def _encode(value: Any, out: list[str], escape_html: bool, indent: str, depth: int) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, RawJSON):
        if indent:
            _encode(_reparse(value), out, escape_html, indent, depth)
        else:
            out.append(str(value))
    elif isinstance(value, str):
        out.append(quote(value, escape_html))
    elif isinstance(value, int):
        out.append(str(int(value)))
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise GoJSONError("json: unsupported value: " + format_float(value))
        out.append(json_float(value))
    elif isinstance(value, dict):
        if not value:
            # a nil Go map (is_nil) marshals as null, an empty one as {}
            out.append("null" if getattr(value, "is_nil", False) else "{}")
            return
        items = [(_key_text(k), v) for k, v in value.items()]
        if not isinstance(value, StructJSON):
            items.sort(key=lambda item: item[0])
        out.append("{")
        for position, (key, item) in enumerate(items):
            if position:
                out.append(",")
            if indent:
                out.append("\n" + indent * (depth + 1))
            out.append(quote(key, escape_html))
            out.append(": " if indent else ":")
            _encode(item, out, escape_html, indent, depth + 1)
        if indent:
            out.append("\n" + indent * depth)
        out.append("}")
    elif isinstance(value, bytes | bytearray):
        import base64

        out.append('"' + base64.b64encode(bytes(value)).decode() + '"')
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(",")
            if indent:
                out.append("\n" + indent * (depth + 1))
            _encode(item, out, escape_html, indent, depth + 1)
        if indent:
            out.append("\n" + indent * depth)
        out.append("]")
    elif hasattr(value, "go_json"):
        raw = value.go_json()
        if indent:
            _encode(_reparse(raw), out, escape_html, indent, depth)
        else:
            out.append(raw)
    else:
        raise GoJSONError(f"json: unsupported type: {type(value).__name__}")


def dumps(value: Any, escape_html: bool = True, indent: str = "") -> str:
    """json.Marshal (or MarshalIndent with prefix "" and ``indent``) of a Go value."""
    out: list[str] = []
    with recursion_room():
        _encode(value, out, escape_html, indent, 0)
    return "".join(out)
