"""Go's value model as helmpy's template runtime and function library see it.

Templates operate on plain Python values that stand for Go values:

=================  ===============================  ==========================
Go type            Python value                     notes
=================  ===============================  ==========================
string             ``str``
bool               ``bool``
int                ``int``                          template literals, ``len``
int64              :class:`Int64`                   Sprig maths, ``--set`` ints
float64            ``float``                        every number from YAML/JSON
nil                ``None``
[]interface {}     ``list``
[]string           :class:`StrList`                 Sprig's splitList, keys, ...
[]byte             ``bytes``
map[string]iface   ``dict``
common.Values      :class:`Values`                  ``.Values`` and its tables
structs            :class:`GoStruct` subclasses     ``.Release``, ``.Chart``, ...
=================  ===============================  ==========================

Functions callable from templates are registered as :class:`FuncSpec` with Go parameter
types, so that the runtime can check and convert arguments exactly as Go's
``text/template`` does (``wrong type for value; expected int; got float64``).
A function reports failure by raising :class:`FuncError` with Go's message; the runtime
wraps it as ``error calling NAME: MESSAGE``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar


class Int64(int):
    """A Go ``int64`` (Sprig's arithmetic results, ``--set`` integers)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Int64({int(self)})"


class StrList(list):
    """A Go ``[]string``; behaves as a list, reports its Go type."""

    __slots__ = ()


class Values(dict):
    """Helm's ``common.Values``: the type of ``.Values`` (a map[string]interface{}).

    Its methods (``YAML``, ``Table``, ...) are Helm's, so the engine fills ``go_methods``.
    """

    __slots__ = ()
    go_methods: ClassVar[dict[str, FuncSpec]] = {}


class GoStruct:
    """Base for Go structs exposed to templates (``.Release``, ``.Chart``, ``.Files``...).

    Exported fields are instance attributes with their Go names (``Name``, ``IsInstall``);
    methods callable from templates are listed in ``go_methods`` as name -> FuncSpec whose
    function takes the struct as its first argument.
    """

    go_type: ClassVar[str] = "struct"
    go_fields: ClassVar[tuple[str, ...]] = ()
    go_methods: ClassVar[dict[str, FuncSpec]] = {}


class FuncError(Exception):
    """Raised by a template function; ``str()`` is Go's error (or panic) text."""


# Go reflect type names, spelled exactly as Go prints them in error messages.
INTERFACE = "interface {}"
STRING = "string"
INT = "int"
INT64 = "int64"
FLOAT64 = "float64"
BOOL = "bool"
LIST = "[]interface {}"
STRINGS = "[]string"
BYTES = "[]uint8"
MAP = "map[string]interface {}"


@dataclass(frozen=True, slots=True)
class FuncSpec:
    """A template-callable function with its Go signature.

    ``params`` are the Go types of the fixed parameters; ``variadic`` is the element type
    of a trailing ``...`` parameter, or ``None``. ``fn`` receives already-converted Python
    values positionally (variadic ones spread) and returns one value or raises FuncError.
    """

    name: str
    fn: Callable[..., Any]
    params: tuple[str, ...] = ()
    variadic: str | None = None


class FuncTable(dict[str, FuncSpec]):
    """A name -> FuncSpec map with a decorator for declaring functions::

        FUNCS = FuncTable()

        @FUNCS.register("trunc", INT, STRING)
        def trunc(n: int, s: str) -> str: ...

        @FUNCS.register("list", variadic=INTERFACE)
        def make_list(*items): ...
    """

    def register(
        self, name: str, *params: str, variadic: str | None = None
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
            self[name] = FuncSpec(name, fn, tuple(params), variadic)
            return fn

        return wrap

    def alias(self, name: str, target: str) -> None:
        spec = self[target]
        self[name] = FuncSpec(name, spec.fn, spec.params, spec.variadic)


def go_type_name(value: Any) -> str:
    """Go's ``%T`` / reflect type name of a value (``<nil>`` for nil)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, Int64):
        return INT64
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT64
    if isinstance(value, str):
        return STRING
    if isinstance(value, StrList):
        return STRINGS
    if isinstance(value, list | tuple):
        return LIST
    if isinstance(value, Values):
        return "common.Values"
    if isinstance(value, dict):
        return MAP
    if isinstance(value, bytes | bytearray):
        return BYTES
    if isinstance(value, GoStruct):
        return value.go_type
    return type(value).__name__


def go_kind(value: Any) -> str:
    """Go's reflect.Kind name of a value (``invalid`` for nil)."""
    if value is None:
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "int64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple | bytes | bytearray):
        return "slice"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, GoStruct):
        return "ptr" if value.go_type.startswith("*") else "struct"
    return "invalid"
