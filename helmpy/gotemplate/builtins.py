"""Go text/template's builtin functions (text/template/funcs.go) over helmpy's values.

Parameters typed ``reflect.Value`` accept any value, nil included, as Go's do. ``and``,
``or`` and ``call`` are compiled specially; their entries here serve arity checks and
the rare non-short-circuit path.
"""
from __future__ import annotations

import urllib.parse
from typing import Any

from helmpy.gotemplate.gofmt import format_value, sprint, sprintf, sprintln
from helmpy.gotemplate.gotypes import INTERFACE, STRING, FuncError, FuncSpec, GoStruct, Int64

REFLECT_VALUE = "reflect.Value"
NO_VALUE = "<no value>"


def type_name(value: Any) -> str:
    """Go's reflect type name, honouring a class-level ``go_type`` on maps and slices."""
    from helmpy.gotemplate.gotypes import go_type_name

    named = getattr(type(value), "go_type", None)
    if named and not isinstance(value, GoStruct):
        return named
    return go_type_name(value)


class Byte(int):
    """A Go ``uint8``: what ``index`` yields for a string."""

    __slots__ = ()
    go_type = "uint8"


# -- boolean logic ---------------------------------------------------------------------

def _and(first: Any, *rest: Any) -> Any:
    if not first:
        return first
    for arg in rest:
        first = arg
        if not arg:
            break
    return first


def _or(first: Any, *rest: Any) -> Any:
    if first:
        return first
    for arg in rest:
        first = arg
        if arg:
            break
    return first


def _not(arg: Any) -> bool:
    return not arg


# -- len, index, slice -----------------------------------------------------------------

def _len(item: Any) -> int:
    if item is None:
        raise FuncError("len of nil pointer")
    if isinstance(item, str):
        return len(item.encode("utf-8", "surrogateescape"))
    if isinstance(item, (list, tuple, dict, bytes, bytearray)):
        return len(item)
    raise FuncError(f"len of type {type_name(item)}")


def _index_arg(index: Any, cap: int) -> int:
    if type(index) is bool or not isinstance(index, int):
        if index is None:
            raise FuncError("cannot index slice/array with nil")
        raise FuncError(f"cannot index slice/array with type {type_name(index)}")
    if index < 0 or index > cap:
        raise FuncError(f"index out of range: {int(index)}")
    return int(index)


# Maps whose elements are not interfaces, by Go type: the zero value of the element.
TYPED_MAP_ZERO: dict[str, Any] = {"map[string]string": "", "engine.files": b""}


def map_zero(item: dict) -> Any:
    """What Go's missing-key lookup yields: the element type's zero value."""
    return TYPED_MAP_ZERO.get(getattr(type(item), "go_type", ""))


def _index(item: Any, *indexes: Any) -> Any:
    if item is None:
        raise FuncError("index of untyped nil")
    for index in indexes:
        if item is None:
            raise FuncError("index of nil pointer")
        if isinstance(item, str):
            data = item.encode("utf-8", "surrogateescape")
            x = _index_arg(index, len(data))
            if x == len(data):
                raise FuncError("reflect: string index out of range")
            item = Byte(data[x])
        elif isinstance(item, (bytes, bytearray)):
            x = _index_arg(index, len(item))
            if x == len(item):
                raise FuncError("reflect: slice index out of range")
            item = Byte(item[x])
        elif isinstance(item, (list, tuple)):
            x = _index_arg(index, len(item))
            if x == len(item):
                raise FuncError("reflect: slice index out of range")
            item = item[x]
        elif isinstance(item, dict):
            if index is None:
                raise FuncError("value is nil; should be of type string")
            if not isinstance(index, str):
                raise FuncError(f"value has type {type_name(index)}; should be string")
            item = item[index] if index in item else map_zero(item)
        else:
            raise FuncError(f"can't index item of type {type_name(item)}")
    return item


def _slice(item: Any, *indexes: Any) -> Any:
    if item is None:
        raise FuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise FuncError(f"too many slice indexes: {len(indexes)}")
    data: Any = item
    if isinstance(item, str):
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
        data = item.encode("utf-8", "surrogateescape")
    elif not isinstance(item, (list, tuple, bytes, bytearray)):
        raise FuncError(f"can't slice item of type {type_name(item)}")
    cap = len(data)
    idx = [0, len(data), 0]
    for i, index in enumerate(indexes):
        idx[i] = _index_arg(index, cap)
    if idx[0] > idx[1]:
        raise FuncError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise FuncError(f"invalid slice index: {idx[1]} > {idx[2]}")
    out = data[idx[0]:idx[1]]
    if isinstance(item, str):
        return out.decode("utf-8", "surrogateescape")
    return type(item)(out) if isinstance(item, list) else out


# -- comparison ------------------------------------------------------------------------

_BOOL, _COMPLEX, _INT, _FLOAT, _STRING = range(1, 6)


def _basic_kind(value: Any) -> int:
    t = type(value)
    if t is bool:
        return _BOOL
    if t is int or t is Int64:
        return _INT
    if t is float:
        return _FLOAT
    if t is str:
        return _STRING
    if t is complex:
        return _COMPLEX
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, str):
        return _STRING
    return 0


def _reflect_kind(value: Any) -> str:
    from helmpy.gotemplate.gotypes import go_kind

    return go_kind(value)


def _eq(arg1: Any, *arg2: Any) -> bool:
    if not arg2:
        raise FuncError("missing argument for comparison")
    k1 = _basic_kind(arg1)
    for arg in arg2:
        k2 = _basic_kind(arg)
        if k1 != k2:
            if arg1 is not None and arg is not None:
                raise FuncError(f"incompatible types for comparison: {type_name(arg1)} and "
                                f"{type_name(arg)}")
            truth = False
        elif k1:
            truth = arg1 == arg
        else:
            r1, r2 = _reflect_kind(arg1), _reflect_kind(arg)
            if r1 != r2 and r1 != "invalid" and r2 != "invalid":
                raise FuncError(
                    f"non-comparable types {sprintf('%s', arg1)}: {type_name(arg1)}, "
                    f"{type_name(arg)}: {format_value(arg)}")
            if arg1 is None or arg is None:
                truth = arg1 is None and arg is None
            else:
                if isinstance(arg, (list, tuple, dict, bytes, bytearray)):
                    raise FuncError(f"non-comparable type {sprintf('%s', arg)}: {type_name(arg)}")
                truth = arg1 is arg or arg1 == arg
        if truth:
            return True
    return False


def _ne(arg1: Any, arg2: Any) -> bool:
    return not _eq(arg1, arg2)


def _lt(arg1: Any, arg2: Any) -> bool:
    k1 = _basic_kind(arg1)
    if not k1:
        raise FuncError("invalid type for comparison")
    k2 = _basic_kind(arg2)
    if not k2:
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        raise FuncError(f"incompatible types for comparison: {type_name(arg1)} and "
                        f"{type_name(arg2)}")
    if k1 in (_BOOL, _COMPLEX):
        raise FuncError("invalid type for comparison")
    return arg1 < arg2


def _le(arg1: Any, arg2: Any) -> bool:
    return _lt(arg1, arg2) or _eq(arg1, arg2)


def _gt(arg1: Any, arg2: Any) -> bool:
    return not _le(arg1, arg2)


def _ge(arg1: Any, arg2: Any) -> bool:
    return not _lt(arg1, arg2)


# -- escaping --------------------------------------------------------------------------

def _eval_args(args: tuple) -> str:
    if len(args) == 1 and type(args[0]) is str:
        return args[0]
    return sprint(*(NO_VALUE if a is None else a for a in args))


_HTML = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _html(*args: Any) -> str:
    text = _eval_args(args)
    if not any(ch in text for ch in _HTML):
        return text
    return "".join(_HTML.get(ch, ch) for ch in text)


_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026",
       "=": "\\u003D"}


def _js(*args: Any) -> str:
    text = _eval_args(args)
    out = []
    for ch in text:
        if ch in _JS:
            out.append(_JS[ch])
        elif ch < " ":
            out.append(f"\\u00{ord(ch):02X}")
        elif ord(ch) < 0x80:
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:
            out.append("\\uFFFD")  # an invalid UTF-8 byte decodes to RuneError
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04X}")
    return "".join(out)


def _urlquery(*args: Any) -> str:
    text = _eval_args(args)
    return urllib.parse.quote_plus(text.encode("utf-8", "surrogateescape"), safe="")


def _call(fn: Any, *args: Any) -> Any:
    if fn is None:
        raise FuncError("call of nil")
    if isinstance(fn, FuncSpec):
        return fn.fn(*args)
    if callable(fn) and not isinstance(fn, type):
        return fn(*args)
    raise FuncError(f"non-function of type {type_name(fn)}")


RV = REFLECT_VALUE
BUILTINS: dict[str, FuncSpec] = {
    "and": FuncSpec("and", _and, (RV,), RV),
    "or": FuncSpec("or", _or, (RV,), RV),
    "not": FuncSpec("not", _not, (RV,)),
    "len": FuncSpec("len", _len, (RV,)),
    "index": FuncSpec("index", _index, (RV,), RV),
    "slice": FuncSpec("slice", _slice, (RV,), RV),
    "call": FuncSpec("call", _call, (RV,), RV),
    "eq": FuncSpec("eq", _eq, (RV,), RV),
    "ne": FuncSpec("ne", _ne, (RV, RV)),
    "lt": FuncSpec("lt", _lt, (RV, RV)),
    "le": FuncSpec("le", _le, (RV, RV)),
    "gt": FuncSpec("gt", _gt, (RV, RV)),
    "ge": FuncSpec("ge", _ge, (RV, RV)),
    "print": FuncSpec("print", sprint, (), INTERFACE),
    "printf": FuncSpec("printf", sprintf, (STRING,), INTERFACE),
    "println": FuncSpec("println", sprintln, (), INTERFACE),
    "html": FuncSpec("html", _html, (), INTERFACE),
    "js": FuncSpec("js", _js, (), INTERFACE),
    "urlquery": FuncSpec("urlquery", _urlquery, (), INTERFACE),
}
