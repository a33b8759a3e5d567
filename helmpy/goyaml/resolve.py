"""Plain-scalar resolution exactly as Go's yaml.v2 does it (YAML 1.1 flavoured)."""
from __future__ import annotations

import math
import re
from typing import Any

STR_TAG = "tag:yaml.org,2002:str"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
BINARY_TAG = "tag:yaml.org,2002:binary"
MERGE_TAG = "tag:yaml.org,2002:merge"

# Tags yaml.v2 resolves; any other explicit tag leaves the scalar a string.
RESOLVABLE_TAGS = frozenset(
    {"", STR_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, TIMESTAMP_TAG, NULL_TAG}
)

MERGE_KEY = object()


class UInt64(int):
    """An integer that only fits Go's uint64 (it matters for map keys)."""

    __slots__ = ()


_FIXED: dict[str, tuple[str, Any]] = {}
for _words, _tag, _value in (
    ("y Y yes Yes YES true True TRUE on On ON", BOOL_TAG, True),
    ("n N no No NO false False FALSE off Off OFF", BOOL_TAG, False),
    ("~ null Null NULL", NULL_TAG, None),
    (".nan .NaN .NAN", FLOAT_TAG, math.nan),
    (".inf .Inf .INF +.inf +.Inf +.INF", FLOAT_TAG, math.inf),
    ("-.inf -.Inf -.INF", FLOAT_TAG, -math.inf),
):
    for _word in _words.split():
        _FIXED[_word] = (_tag, _value)
_FIXED[""] = (NULL_TAG, None)
_FIXED["<<"] = (MERGE_TAG, MERGE_KEY)

_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
# Go's strconv.ParseFloat syntax for decimal input (no underscores without a base prefix).
_GO_DECIMAL_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_GO_SPECIAL_FLOAT = re.compile(r"[-+]?(inf|infinity|nan)\Z", re.IGNORECASE)
_HINT_NUMERIC = frozenset("+-0123456789")

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
UINT64_MAX = (1 << 64) - 1


_DIGITS = {2: frozenset("01"), 8: frozenset("01234567"), 10: frozenset("0123456789"),
           16: frozenset("0123456789abcdefABCDEF")}


def _parse_digits(text: str, base: int) -> int | None:
    # (Python's int() would also take a "0x"/"0b" prefix inside the digits)
    if not text or not set(text) <= _DIGITS[base]:
        return None
    try:
        return int(text, base)
    except ValueError:
        return None


def go_parse_int(text: str, signed: bool = True) -> int | None:
    """strconv.ParseInt/ParseUint(text, 0, 64) after underscores were removed; None on error."""
    body = text
    negative = False
    if signed and body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if not body or not body[0].isdigit():
        return None
    if not body.isascii():
        return None
    lower = body.lower()
    if lower.startswith("0x"):
        value = _parse_digits(body[2:], 16)
    elif lower.startswith("0o"):
        value = _parse_digits(body[2:], 8)
    elif lower.startswith("0b"):
        value = _parse_digits(body[2:], 2)
    elif body.startswith("0") and len(body) > 1:
        value = _parse_digits(body[1:], 8)
    else:
        value = _parse_digits(body, 10) if body.isdigit() else None
    if value is None:
        return None
    if not signed:
        return value if value <= UINT64_MAX else None
    value = -value if negative else value
    return value if INT64_MIN <= value <= INT64_MAX else None


def go_parse_float(text: str) -> float | None:
    """strconv.ParseFloat(text, 64) for the forms yaml.v2 feeds it; None on error or overflow."""
    if _GO_SPECIAL_FLOAT.match(text):
        return float(text)
    if not _GO_DECIMAL_FLOAT.match(text):
        return None
    value = float(text)
    if math.isinf(value):
        return None  # Go reports a range error; yaml.v2 then keeps the string
    return value


def resolve_plain(value: str) -> tuple[str, Any]:
    """(tag, value) of an untagged plain scalar, as yaml.v2's resolve("", value)."""
    fixed = _FIXED.get(value)
    if fixed is not None:
        return fixed
    first = value[0]
    if first in _HINT_NUMERIC:
        plain = value.replace("_", "")
        number = go_parse_int(plain)
        if number is not None:
            return INT_TAG, number
        number = go_parse_int(plain, signed=False)
        if number is not None:
            return INT_TAG, UInt64(number)
        if _YAML_STYLE_FLOAT.match(plain):
            real = go_parse_float(plain)
            if real is not None:
                return FLOAT_TAG, real
        return STR_TAG, value
    if first == ".":
        real = go_parse_float(value)
        if real is not None:
            return FLOAT_TAG, real
    return STR_TAG, value


_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?"
    r"([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?\Z"
)


def short_tag(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag


def resolve_tagged(tag: str, value: str) -> tuple[str, Any]:
    """(tag, value) of a scalar with an explicit resolvable tag; raises ValueError
    with yaml.v2's message when the value does not fit the tag."""
    if tag in (STR_TAG, BINARY_TAG):
        return STR_TAG, value
    if tag == TIMESTAMP_TAG and _TIMESTAMP.match(value):
        return TIMESTAMP_TAG, value
    rtag, resolved = resolve_plain(value)
    if rtag == tag:
        return rtag, resolved
    if tag == FLOAT_TAG and rtag == INT_TAG:
        return FLOAT_TAG, float(resolved)
    raise ValueError(f"cannot decode {short_tag(rtag)} `{value}` as a {short_tag(tag)}")
