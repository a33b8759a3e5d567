"""YAML, JSON and TOML template functions: Helm's own (pkg/engine/funcs.go) and Sprig's.

Helm: toYaml, mustToYaml, toYamlPretty, fromYaml, fromYamlArray, toJson, mustToJson,
fromJson, fromJsonArray, toToml, mustToToml, fromToml.
Sprig: toPrettyJson, mustToPrettyJson, toRawJson, mustToRawJson, mustFromJson.

The ``to*`` forms swallow marshal errors (empty text), the ``must*`` forms fail with
Go's message, and the ``from*`` forms report failure inside their result, as Helm does.
"""
from __future__ import annotations

from typing import Any

from helmpy.gotemplate.gotypes import INTERFACE, STRING, FuncError, FuncTable
from helmpy.goyaml import gojson, toml
from helmpy.goyaml.gojson import GoJSONError
from helmpy.goyaml.gojson_decode import JSONDecodeFailure, decode_prefix, quote_char
from helmpy.goyaml.reader import GoYAMLError, load
from helmpy.goyaml.writer import dump, dump_pretty, to_json_data

FUNCS = FuncTable()

GO_MAP = "map[string]interface {}"
GO_LIST = "[]interface {}"


# --- YAML -----------------------------------------------------------------------------


@FUNCS.register("toYaml", INTERFACE)
def to_yaml(value: Any) -> str:
    try:
        return dump(value).removesuffix("\n")
    except GoYAMLError:
        return ""  # Helm swallows marshal errors inside templates


@FUNCS.register("mustToYaml", INTERFACE)
def must_to_yaml(value: Any) -> str:
    try:
        return dump(value).removesuffix("\n")
    except GoYAMLError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("toYamlPretty", INTERFACE)
def to_yaml_pretty(value: Any) -> str:
    try:
        return dump_pretty(value).removesuffix("\n")
    except GoYAMLError:
        return ""


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object"


def _yaml_into(text: str, want: type, go_type: str) -> Any:
    """sigs.k8s.io/yaml.Unmarshal into a Go map or slice: the value, or raises its error."""
    value = load(text)
    if value is None:
        return want()
    if not isinstance(value, want):
        raise GoYAMLError(
            f"while decoding JSON: json: cannot unmarshal {_json_kind(value)} "
            f"into Go value of type {go_type}",
            prefix="error unmarshaling JSON: ",
        )
    return value


@FUNCS.register("fromYaml", STRING)
def from_yaml(text: str) -> dict[str, Any]:
    try:
        return _yaml_into(text, dict, GO_MAP)
    except GoYAMLError as err:
        return {"Error": str(err)}


@FUNCS.register("fromYamlArray", STRING)
def from_yaml_array(text: str) -> list[Any]:
    try:
        return _yaml_into(text, list, GO_LIST)
    except GoYAMLError as err:
        return [str(err)]


# --- JSON writers ---------------------------------------------------------------------


def _marshal(value: Any, escape_html: bool = True, indent: str = "") -> str:
    """encoding/json of a Go value; raises GoJSONError with Go's message."""
    return gojson.dumps(to_json_data(value), escape_html=escape_html, indent=indent)


@FUNCS.register("toJson", INTERFACE)
def to_json(value: Any) -> str:
    try:
        return _marshal(value)
    except GoJSONError:
        return ""


@FUNCS.register("mustToJson", INTERFACE)
def must_to_json(value: Any) -> str:
    try:
        return _marshal(value)
    except GoJSONError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("toPrettyJson", INTERFACE)
def to_pretty_json(value: Any) -> str:
    try:
        return _marshal(value, indent="  ")
    except GoJSONError:
        return ""


@FUNCS.register("mustToPrettyJson", INTERFACE)
def must_to_pretty_json(value: Any) -> str:
    try:
        return _marshal(value, indent="  ")
    except GoJSONError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("toRawJson", INTERFACE)
def to_raw_json(value: Any) -> str:
    # Sprig's toRawJson panics on error; the template reports it like an error.
    return must_to_raw_json(value)


@FUNCS.register("mustToRawJson", INTERFACE)
def must_to_raw_json(value: Any) -> str:
    try:
        return _marshal(value, escape_html=False)
    except GoJSONError as err:
        raise FuncError(str(err)) from None


# --- JSON readers ---------------------------------------------------------------------


def go_json_unmarshal(text: str) -> Any:
    """json.Unmarshal into interface{}: the value, or raises JSONDecodeFailure with Go's
    text (syntax errors first, as Go checks the whole input before decoding)."""
    try:
        value, end = decode_prefix(text)
    except JSONDecodeFailure as err:
        if str(err) in ("EOF", "unexpected EOF"):
            raise JSONDecodeFailure(_eof_error(text)) from None
        raise
    rest = text[end:].lstrip(" \t\r\n")
    if rest:
        shown = quote_char(rest[0])
        raise JSONDecodeFailure(f"invalid character {shown} after top-level value")
    return value


def _eof_error(text: str) -> str:
    """Go's scanner ends input by feeding it one space: inside a literal or a number that
    space is the error, anywhere else the input ended too early."""
    try:
        decode_prefix(text + " ")
    except JSONDecodeFailure as err:
        if str(err).startswith("invalid character ' '"):
            return str(err)
    return "unexpected end of JSON input"


def _mismatch_first(err: JSONDecodeFailure, text: str, go_type: str) -> str:
    """A top-level number too big for float64 is first of all not a map or slice."""
    if str(err).startswith("json: cannot unmarshal number ") and text.lstrip(" \t\r\n")[:1] in (
        "-0123456789"
    ):
        return f"json: cannot unmarshal number into Go value of type {go_type}"
    return str(err)


@FUNCS.register("fromJson", STRING)
def from_json(text: str) -> dict[str, Any]:
    try:
        value = go_json_unmarshal(text)
    except JSONDecodeFailure as err:
        return {"Error": _mismatch_first(err, text, GO_MAP)}
    if value is None:
        return {}
    if not isinstance(value, dict):
        return {"Error": f"json: cannot unmarshal {_json_kind(value)} into Go value of type {GO_MAP}"}
    return value


@FUNCS.register("fromJsonArray", STRING)
def from_json_array(text: str) -> list[Any]:
    try:
        value = go_json_unmarshal(text)
    except JSONDecodeFailure as err:
        return [_mismatch_first(err, text, GO_LIST)]
    if value is None:
        return []
    if not isinstance(value, list):
        return [f"json: cannot unmarshal {_json_kind(value)} into Go value of type {GO_LIST}"]
    return value


@FUNCS.register("mustFromJson", STRING)
def must_from_json(text: str) -> Any:
    try:
        return go_json_unmarshal(text)
    except JSONDecodeFailure as err:
        raise FuncError(str(err)) from None


# --- TOML -----------------------------------------------------------------------------


@FUNCS.register("toToml", INTERFACE)
def to_toml(value: Any) -> str:
    try:
        return toml.dumps(value)
    except toml.TomlEncodeError as err:
        return str(err)
    except toml.TomlPanic as err:
        raise FuncError(str(err)) from None


@FUNCS.register("mustToToml", INTERFACE)
def must_to_toml(value: Any) -> str:
    try:
        return toml.dumps(value)
    except (toml.TomlEncodeError, toml.TomlPanic) as err:
        raise FuncError(str(err)) from None


@FUNCS.register("fromToml", STRING)
def from_toml(text: str) -> dict[str, Any]:
    try:
        return _go_times(toml.loads(text))
    except toml.TomlDecodeError as err:
        return {"Error": str(err)}


def _go_times(value: Any) -> Any:
    """TOML dates and times as BurntSushi returns them: time.Time values, local ones in
    its ``datetime-local``/``date-local``/``time-local`` zones."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _go_times(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_times(v) for v in value]
    if not isinstance(value, dt.date | dt.time):
        return value
    from helmpy.funcs.dates import UTC_LOCATION, GoTime, Location

    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        if offset is None:
            loc = Location("datetime-local")
        elif not offset:
            loc = UTC_LOCATION
        else:
            loc = Location("", offset=int(offset.total_seconds()))
        return GoTime.from_civil(value.year, value.month, value.day, value.hour, value.minute,
                                 value.second, value.microsecond * 1000, loc)
    if isinstance(value, dt.date):
        return GoTime.from_civil(value.year, value.month, value.day, 0, 0, 0, 0,
                                 Location("date-local"))
    return GoTime.from_civil(0, 1, 1, value.hour, value.minute, value.second,
                             value.microsecond * 1000, Location("time-local"))
