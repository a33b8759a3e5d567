"""Write YAML exactly as Helm's ``toYaml`` (sigs.k8s.io/yaml.Marshal) and
``toYamlPretty`` (yaml.v3 encoder, indent 2) do.

sigs.k8s.io/yaml.Marshal goes through JSON: Go's encoding/json writes the value (sorted
keys, Go float text), yaml.v2 reads that JSON back (so numbers take the YAML types their
text resolves to, and line breaks only JSON leaves raw get folded), and yaml.v2's encoder
writes the YAML. :func:`dump` reproduces each step's effect.
"""
from __future__ import annotations

import base64
import functools
import math
import re
from typing import Any

from helmpy.goyaml import resolve as rs
from helmpy.goyaml.deep import recursion_room
from helmpy.goyaml.emitter import DOUBLE, LITERAL, PLAIN, Emitter, YamlMap, YamlScalar, YamlSeq
from helmpy.goyaml.errors import GoYAMLError
from helmpy.goyaml.gofloat import format_float, json_float
from helmpy.goyaml.gojson import GoJSONError, RawJSON, StructJSON

# --- Go values -> the JSON data model, as encoding/json sees them ---------------------


def to_json_data(value: Any) -> Any:
    """The JSON value encoding/json would write for a Go value (dict/list/str/int/float/
    bool/None); raises GoJSONError with Go's text for NaN and infinities."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise GoJSONError("json: unsupported value: " + format_float(value))
        return value
    if isinstance(value, dict):
        if not value and getattr(value, "is_nil", False):
            return None  # a nil Go map marshals as null
        return {str(k): to_json_data(v) for k, v in value.items()}
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, list | tuple):
        return [to_json_data(v) for v in value]
    marshal = getattr(value, "go_json", None)
    if callable(marshal):
        # MarshalJSON: JSON text, or a struct's fields in declaration order
        result = marshal()
        if isinstance(result, str):
            return RawJSON(result)
        if isinstance(result, dict):
            return StructJSON((str(k), to_json_data(v)) for k, v in result.items())
        return to_json_data(result)
    fields = getattr(value, "go_fields", None)
    if fields:
        return StructJSON((name, to_json_data(getattr(value, name, None))) for name in fields)
    return str(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_utf8(text: str) -> str:
    """Go strings are bytes; helmpy carries bytes that are not UTF-8 as surrogate escapes,
    and encoding/json writes each such byte as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


# --- yaml.v2 reading the JSON back ----------------------------------------------------

# Characters libyaml's reader refuses (JSON leaves them unescaped).
_YAML_FORBIDDEN = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")
# A run of spaces and NEL line breaks inside a double-quoted scalar gets folded.
_NEL_RUN = re.compile("[ \x85]*\x85[ \x85]*")


def _fold_nel(match: re.Match[str]) -> str:
    breaks = match.group(0).count("\x85")
    return " " if breaks == 1 else "\n" * (breaks - 1)


def _json_string_as_yaml(text: str) -> str:
    text = _valid_utf8(text)  # JSON wrote each non-UTF-8 byte as \ufffd
    if _YAML_FORBIDDEN.search(text):
        # sigs.k8s.io/yaml returns this JSONToYAML error unwrapped
        raise GoYAMLError("yaml: control characters are not allowed", prefix="")
    if "\x85" in text:
        text = _NEL_RUN.sub(_fold_nel, text)
    return text


def _json_number_as_yaml(value: int | float) -> Any:
    """The yaml.v2 value of a JSON number's text."""
    if isinstance(value, int):
        text = str(value)
    else:
        text = json_float(value)
    return rs.resolve_plain(text)[1]


# --- yaml.v2's map key order (sorter.go) ----------------------------------------------


def _wrap64(number: int) -> int:
    number &= (1 << 64) - 1
    return number - (1 << 64) if number >= (1 << 63) else number


def key_less(a: str, b: str) -> bool:
    """yaml.v2/v3 keyList.Less for two string keys: a 'natural' order of letters and numbers."""
    length = min(len(a), len(b))
    for i in range(length):
        ca, cb = a[i], b[i]
        if ca == cb:
            continue
        la, lb = ca.isalpha(), cb.isalpha()
        if la and lb:
            return ca < cb
        if la or lb:
            return lb
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdecimal():
            an = _wrap64(an * 10 + ord(a[ai]) - 48)
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdecimal():
            bn = _wrap64(bn * 10 + ord(b[bi]) - 48)
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def _key_cmp(a: str, b: str) -> int:
    if key_less(a, b):
        return -1
    if key_less(b, a):
        return 1
    return 0


sorted_keys_key = functools.cmp_to_key(_key_cmp)


# --- yaml.v2 encoder: Go values -> styled scalars and collections ---------------------

_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_TIMESTAMP_SHAPE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))"
    r"|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?))?\Z"
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_timestamp(text: str) -> bool:
    """yaml.v2's parseTimestamp: one of its four Go time layouts, with valid ranges."""
    match = _TIMESTAMP_SHAPE.match(text)
    if not match:
        return False
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if day > (_DAYS[month - 1] if month != 2 or leap else 28):
        return False
    clock = [g for g in match.groups()[3:] if g is not None]
    if clock:
        hour, minute, second = (int(x) for x in clock)
        if hour > 23 or minute > 59 or second > 59:
            return False
    return True


def string_style(text: str) -> str:
    """The style yaml.v2's encoder asks for when writing a string (encode.go stringv)."""
    if "\n" in text:
        return LITERAL
    tag, _ = rs.resolve_plain(text) if text else (rs.NULL_TAG, None)
    if tag == rs.MERGE_TAG:
        tag = rs.STR_TAG  # "<<" stays plain (observed in Helm)
    if tag == rs.STR_TAG and text[:1] in "+-0123456789" and _is_timestamp(text):
        tag = rs.TIMESTAMP_TAG
    if tag == rs.STR_TAG and not _BASE60_FLOAT.match(text):
        return PLAIN
    return DOUBLE


def _scalar_text(value: Any) -> YamlScalar:
    if value is None:
        return YamlScalar("null")
    if isinstance(value, bool):
        return YamlScalar("true" if value else "false")
    if isinstance(value, int):
        return YamlScalar(str(int(value)))
    if isinstance(value, float):
        text = format_float(value, "g")
        text = {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
        return YamlScalar(text)
    text = str(value)
    return YamlScalar(text, string_style(text))


def _raw_json_value(text: str) -> Any:
    """yaml.v2's reading of a MarshalJSON text (numbers keep their YAML types)."""
    import json

    def number(token: str) -> Any:
        return rs.resolve_plain(token)[1]

    return json.loads(text, parse_int=number, parse_float=number)


def _v2_tree(data: Any) -> Any:
    """yaml.v2's view of JSON data, as emitter nodes."""
    if isinstance(data, RawJSON):
        data = _raw_json_value(data)
        if isinstance(data, int | float) and not isinstance(data, bool):
            return _scalar_text(data)
    if isinstance(data, dict):
        keys = sorted((_json_string_as_yaml(k), k) for k in data)
        keys.sort(key=lambda pair: sorted_keys_key(pair[0]))
        return YamlMap([(_scalar_text(yk), _v2_tree(data[k])) for yk, k in keys])
    if isinstance(data, list):
        return YamlSeq([_v2_tree(item) for item in data])
    if isinstance(data, str):
        return _scalar_text(_json_string_as_yaml(data))
    if isinstance(data, bool) or data is None:
        return _scalar_text(data)
    return _scalar_text(_json_number_as_yaml(data))


class _NotRereadable(Exception):
    """yaml.v2 cannot read Go's JSON text back: a raw line break (NEL, which JSON leaves
    unescaped) in a key, or one followed by a document marker ("---", "...")."""


# After a NEL a quoted scalar is on a new line, where "--- " or "... " ends the document.
_NEL_MARKER = re.compile("\x85(?:---|\\.\\.\\.)[ \x85]")


def _check_rereadable(data: Any) -> None:
    if isinstance(data, dict):
        for key, item in data.items():
            if "\x85" in key:
                raise _NotRereadable
            _check_rereadable(item)
    elif isinstance(data, list):
        for item in data:
            _check_rereadable(item)
    elif isinstance(data, str) and "\x85" in data and _NEL_MARKER.search(data):
        raise _NotRereadable


def dump(value: Any) -> str:
    """sigs.k8s.io/yaml.Marshal(value) as text (Helm's toYaml before its TrimSuffix).

    Raises GoYAMLError with Helm's wrapped message when Go's Marshal fails.
    """
    with recursion_room():
        try:
            data = to_json_data(value)
        except GoJSONError as err:
            raise GoYAMLError(str(err), prefix="error marshaling into JSON: ") from None
        try:
            _check_rereadable(data)
        except _NotRereadable:
            _reread_error(data)
        return Emitter("v2").document(_v2_tree(data))


def _reread_error(data: Any) -> None:
    """Fail as yaml.v2 fails reading Go's JSON text back (rare: raw breaks in keys)."""
    from helmpy.goyaml import gojson, reader

    try:
        reader.load(gojson.dumps(data))
    except GoYAMLError as err:
        raise GoYAMLError(err.detail, prefix="") from None


# --- yaml.v3 encoder (toYamlPretty): Go values directly -------------------------------


def _v3_tree(value: Any) -> Any:
    if isinstance(value, dict):
        keys = sorted((str(k) for k in value), key=sorted_keys_key)
        return YamlMap([(_scalar_text(k), _v3_tree(value[k])) for k in keys])
    if isinstance(value, list | tuple):
        return YamlSeq([_v3_tree(item) for item in value])
    if isinstance(value, float | int | bool) or value is None:
        return _scalar_text(value)
    if isinstance(value, str):
        return _scalar_text(_valid_utf8(value))
    return _v3_struct(value)


def _v3_struct(value: Any) -> Any:
    """yaml.v3's encoding of Go structs and marshalers."""
    import json

    marshal = getattr(value, "go_json", None)
    text = marshal() if callable(marshal) else None
    if isinstance(text, str):
        decoded = json.loads(text)
        if getattr(value, "go_type", "") == "time.Time":
            return YamlScalar(decoded)  # yaml.v3 writes times as plain timestamps
        return _v3_tree(decoded)  # a TextMarshaler's text
    fields = getattr(value, "go_fields", ())
    if fields:
        # struct fields keep their order; yaml.v3's default key is the lowercased name
        return YamlMap([(_scalar_text(name.lower()), _v3_tree(getattr(value, name, None)))
                        for name in fields])
    return _scalar_text(_valid_utf8(str(value)))


def dump_pretty(value: Any) -> str:
    """yaml.v3 Encoder with SetIndent(2) (Helm's toYamlPretty before its TrimSuffix)."""
    with recursion_room():
        return Emitter("v3", best_width=-1).document(_v3_tree(value))
