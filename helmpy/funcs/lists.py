"""Sprig's list functions.

Sprig takes ``interface{}`` and inspects it with reflection, so any slice works (a
``[]string`` from ``splitList``, a ``[]int`` from ``until``) and anything else is an
error naming the Go kind (``Cannot find first on type string``). A nil list makes
``reflect.TypeOf(nil).Kind()`` dereference nil, which Go reports as a runtime error.
The non-``must`` forms panic with the same text, so both raise the same FuncError.
"""
from __future__ import annotations

import math
from typing import Any

from helmpy.funcs.maths import INT64_MIN, to_int
from helmpy.gotemplate.gofmt import format_value, stringer_text
from helmpy.gotemplate.gotypes import (
    INT,
    INTERFACE,
    FuncError,
    FuncTable,
    GoStruct,
    StrList,
    go_kind,
    go_type_name,
)

FUNCS = FuncTable()

NIL_DEREF = "runtime error: invalid memory address or nil pointer dereference"


# -- reflection helpers shared with dicts.py ----------------------------------------------
def kind_of(value: Any) -> str:
    """reflect.TypeOf(value).Kind(), with Go's nil-pointer panic for nil."""
    if value is None:
        raise FuncError(NIL_DEREF)
    return go_kind(value)


def elements(value: Any) -> list[Any] | None:
    """The items of a Go slice value, or None when the value is not a slice."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, bytes | bytearray):
        return list(value)
    return None


def deep_equal(a: Any, b: Any) -> bool:
    """reflect.DeepEqual: same Go type and recursively equal contents."""
    if a is None or b is None:
        return a is None and b is None
    if go_type_name(a) != go_type_name(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(deep_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def go_empty(value: Any) -> bool:
    """Sprig's empty(): zero numbers, false, nil and zero-length strings/collections."""
    if value is None:
        return True
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str | bytes | bytearray | list | tuple | dict):
        return len(value) == 0
    return False


def strval(value: Any) -> str:
    """Sprig's strval: strings as-is, bytes decoded, Stringers called, else %v."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "surrogateescape")
    if isinstance(value, GoStruct):
        text = stringer_text(value)
        if text is not None:
            return text
    return format_value(value)


def strslice(value: Any) -> list[str]:
    """Sprig's strslice: a []string as-is, other slices' non-nil items through strval."""
    if isinstance(value, StrList):
        return value
    items = elements(value)
    if items is not None:
        return [strval(item) for item in items if item is not None]
    return [] if value is None else [strval(value)]


# -- the functions ------------------------------------------------------------------------
@FUNCS.register("list", variadic=INTERFACE)
def make_list(*items: Any) -> list[Any]:
    return list(items)


FUNCS.alias("tuple", "list")


def _require_list(value: Any, message: str) -> list[Any]:
    kind = kind_of(value)
    items = elements(value)
    if items is None:
        raise FuncError(message.format(kind=kind))
    return items


@FUNCS.register("push", INTERFACE, INTERFACE)
def push(lst: Any, value: Any) -> list[Any]:
    return [*_require_list(lst, "Cannot push on type {kind}"), value]


for _name in ("append", "mustPush", "mustAppend"):
    FUNCS.alias(_name, "push")


@FUNCS.register("prepend", INTERFACE, INTERFACE)
def prepend(lst: Any, value: Any) -> list[Any]:
    return [value, *_require_list(lst, "Cannot prepend on type {kind}")]


FUNCS.alias("mustPrepend", "prepend")


@FUNCS.register("first", INTERFACE)
def first(lst: Any) -> Any:
    items = _require_list(lst, "Cannot find first on type {kind}")
    return items[0] if items else None


@FUNCS.register("last", INTERFACE)
def last(lst: Any) -> Any:
    items = _require_list(lst, "Cannot find last on type {kind}")
    return items[-1] if items else None


@FUNCS.register("rest", INTERFACE)
def rest(lst: Any) -> list[Any]:
    return _require_list(lst, "Cannot find rest on type {kind}")[1:]


@FUNCS.register("initial", INTERFACE)
def initial(lst: Any) -> list[Any]:
    return _require_list(lst, "Cannot find initial on type {kind}")[:-1]


@FUNCS.register("reverse", INTERFACE)
def reverse(lst: Any) -> list[Any]:
    return _require_list(lst, "Cannot find reverse on type {kind}")[::-1]


@FUNCS.register("compact", INTERFACE)
def compact(lst: Any) -> list[Any]:
    return [x for x in _require_list(lst, "Cannot compact on type {kind}") if not go_empty(x)]


@FUNCS.register("uniq", INTERFACE)
def uniq(lst: Any) -> list[Any]:
    result: list[Any] = []
    for item in _require_list(lst, "Cannot find uniq on type {kind}"):
        if not any(deep_equal(item, seen) for seen in result):
            result.append(item)
    return result


@FUNCS.register("without", INTERFACE, variadic=INTERFACE)
def without(lst: Any, *omit: Any) -> list[Any]:
    items = _require_list(lst, "Cannot find without on type {kind}")
    return [x for x in items if not any(deep_equal(x, o) for o in omit)]


@FUNCS.register("has", INTERFACE, INTERFACE)
def has(needle: Any, haystack: Any) -> bool:
    if haystack is None:
        return False
    items = _require_list(haystack, "Cannot find has on type {kind}")
    return any(deep_equal(needle, item) for item in items)


@FUNCS.register("slice", INTERFACE, variadic=INTERFACE)
def slice_(lst: Any, *indices: Any) -> Any:
    items = _require_list(lst, "list should be type of slice or array but {kind}")
    if not items:
        return None
    start = to_int(indices[0]) if indices else 0
    end = to_int(indices[1]) if len(indices) >= 2 else len(items)
    if start < 0 or end < start or end > len(items):
        raise FuncError("reflect.Value.Slice: slice index out of bounds")
    part = items[start:end]
    if isinstance(lst, StrList):
        return StrList(part)
    if isinstance(lst, bytes | bytearray):
        return bytes(part)
    return part


@FUNCS.register("concat", variadic=INTERFACE)
def concat(*lists: Any) -> list[Any]:
    result: list[Any] = []
    for lst in lists:
        kind = kind_of(lst)
        items = elements(lst)
        if items is None:
            raise FuncError(f"Cannot concat type {kind} as list")
        result.extend(items)
    return result


def _go_int_of_float(value: float) -> int:
    """int(f) on amd64: NaN and infinities become the minimum int."""
    if math.isnan(value) or math.isinf(value) or abs(value) >= 2.0**63:
        return INT64_MIN
    return int(value)


@FUNCS.register("chunk", INT, INTERFACE)
def chunk(size: int, lst: Any) -> list[list[Any]]:
    items = _require_list(lst, "Cannot chunk type {kind}")
    length = len(items)
    # Sprig computes the chunk count in floating point; size 0 gives +-Inf or NaN.
    try:
        ratio = (length - 1) / size
    except ZeroDivisionError:
        ratio = math.nan if length == 1 else math.copysign(math.inf, length - 1)
    finite = not (math.isnan(ratio) or math.isinf(ratio))
    count = _go_int_of_float(math.floor(ratio) + 1.0) if finite else INT64_MIN
    if count < 0:
        raise FuncError("runtime error: makeslice: len out of range")
    result: list[list[Any]] = []
    for i in range(count):
        width = size
        if i == count - 1:
            width = int(math.fmod(length, size)) if size else 0
            if width == 0:
                width = size
        if width < 0:
            raise FuncError("runtime error: makeslice: len out of range")
        row = []
        for j in range(width):
            index = i * size + j
            if not 0 <= index < length:
                raise FuncError(
                    f"runtime error: index out of range [{index}] with length {length}"
                )
            row.append(items[index])
        result.append(row)
    return result


FUNCS.alias("mustChunk", "chunk")

# The must* forms return Sprig's errors where the plain forms panic with the same text.
for _name in (
    "First", "Last", "Rest", "Initial", "Reverse", "Compact", "Uniq", "Without", "Has", "Slice"
):
    FUNCS.alias("must" + _name, _name[0].lower() + _name[1:])


@FUNCS.register("sortAlpha", INTERFACE)
def sort_alpha(lst: Any) -> StrList:
    if isinstance(lst, StrList):
        lst.sort()  # Go sorts a []string in place
        return lst
    if elements(lst) is not None:
        return StrList(sorted(strslice(lst)))
    return StrList([strval(lst)])


def until_step(start: int, stop: int, step: int) -> list[int]:
    if stop < start:
        return list(range(start, stop, step)) if step < 0 else []
    return list(range(start, stop, step)) if step > 0 else []


@FUNCS.register("until", INT)
def until(count: int) -> list[int]:
    return until_step(0, count, -1 if count < 0 else 1)


@FUNCS.register("untilStep", INT, INT, INT)
def until_step_func(start: int, stop: int, step: int) -> list[int]:
    return until_step(start, stop, step)


@FUNCS.register("seq", variadic=INT)
def seq(*params: int) -> str:
    if len(params) == 1:
        start, end, step = 1, params[0], 1
        if end < start:
            step = -1
        numbers = until_step(start, end + step, step)
    elif len(params) == 2:
        start, end = params
        step = -1 if end < start else 1
        numbers = until_step(start, end + step, step)
    elif len(params) == 3:
        start, step, end = params
        increment = 1
        if end < start:
            increment = -1
            if step > 0:
                return ""
        numbers = until_step(start, end + increment, step)
    else:
        return ""
    return " ".join(str(n) for n in numbers)
