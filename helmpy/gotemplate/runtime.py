"""Go template semantics called from the generated code (registered as Jinja filters).

Each call site in a compiled text is a :class:`Site` in that text's site list (the
context variable ``Z``); the generated code passes the list and the site's index, so the
runtime reaches the parse node (for Go's error context), the field names, and the
argument kinds without per-call setup. The code itself holds no node and no name, which
lets one compiled module serve every copy of a text and be cached on disk.
"""
from __future__ import annotations

from itertools import repeat
from typing import Any

from helmpy.gotemplate.builtins import BUILTINS, TYPED_MAP_ZERO, map_zero, type_name
from helmpy.gotemplate.exec_errors import TemplateExecError
from helmpy.gotemplate.gofmt import format_template_value, format_value
from helmpy.gotemplate.gotypes import (
    INTERFACE,
    FuncError,
    FuncSpec,
    GoStruct,
    Int64,
    Values,
)
from helmpy.gotemplate.nodes import BoolNode, Node, NumberNode, StringNode

NO_VALUE = "<no value>"
MAX_EXEC_DEPTH = 100000  # Go's limit, quoted in the error
PRACTICAL_DEPTH = 1000  # Python's stack gives out long before Go's; report Go's error here

# Argument kinds: what a nil (None) argument value means in Go terms.
K_IFACE = 0  # a valid nil interface{} (map lookup, range element)
K_INVALID = 1  # no value at all (unwrapped pipeline result, nil dot)
K_CONST = 2  # a literal: bool, number, string
K_NIL = 3  # the nil literal

_ANY = frozenset({INTERFACE, "reflect.Value", "any"})
_MAP = "map[string]interface {}"


class Site:
    """What the runtime needs to know about one place in a template."""

    __slots__ = ("node", "name", "names", "iface", "kinds", "arg_nodes", "has_final",
                 "message", "ident", "ndecl", "builtin", "at", "missing_error", "inline", "_spec",
                 "_plan", "_converters")

    def __init__(self, node: Node, **kw: Any) -> None:
        self.node = node
        self.name = kw.get("name", "")
        self.names: tuple[str, ...] = kw.get("names", ())
        self.iface: bool = kw.get("iface", False)
        self.kinds: tuple[int, ...] = kw.get("kinds", ())
        self.arg_nodes: tuple[Node, ...] = kw.get("arg_nodes", ())
        self.has_final: bool = kw.get("has_final", False)
        self.message: str = kw.get("message", "")
        self.ident: Node = kw.get("ident", node)
        self.ndecl: int = kw.get("ndecl", 0)
        self.builtin: bool = kw.get("builtin", False)
        self.missing_error: bool = kw.get("missing_error", False)
        # argument index -> Go parameter type, checked by the generated code right after
        # that argument is evaluated (Go converts each before evaluating the next)
        self.inline: dict[int, str] = {}
        self._converters: dict[int, Any] | None = None
        self.at: Node = kw.get("at", node)  # Go's s.at() node when a field step fails
        self._spec: FuncSpec | None = None
        self._plan: tuple | None = None

    def __getstate__(self) -> tuple:
        # the caches hold functions; a site is pickled (for the disk cache) without them
        return tuple(None if name in ("_spec", "_plan", "_converters") else getattr(self, name)
                     for name in self.__slots__)

    def __setstate__(self, state: tuple) -> None:
        # one unpacking assignment: sites are unpickled by the hundred thousand
        (self.node, self.name, self.names, self.iface, self.kinds, self.arg_nodes,
         self.has_final, self.message, self.ident, self.ndecl, self.builtin, self.at,
         self.missing_error, self.inline, self._spec, self._plan, self._converters) = state


def exec_error(node: Node, message: str, func_name: str | None = None) -> TemplateExecError:
    tree = node.tree
    assert tree is not None
    line, col = tree.source.location(node.pos)
    return TemplateExecError(tree.source.name, line, col, node.string(), tree.name, message,
                             func_name)


class ExecState:
    """One execution: the template set, its functions, options, and template depth."""

    __slots__ = ("templates", "funcs", "missing_error", "depth")

    def __init__(self, templates: dict, funcs: dict, missing_error: bool) -> None:
        self.templates = templates
        self.funcs = funcs
        self.missing_error = missing_error
        self.depth = 0


class Context:
    """The little of jinja2's Context that the generated functions use."""

    __slots__ = ("vars", "resolve_or_missing", "eval_ctx")

    def __init__(self, state: ExecState, dot: Any, sites: list) -> None:
        self.vars = {"S": state, "d0": dot, "Z": sites}
        self.resolve_or_missing = self.vars.get
        self.eval_ctx = None


# -- printing --------------------------------------------------------------------------

def go_print(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        return NO_VALUE
    return format_template_value(value)


# Helm's common.Values methods (the engine fills this shared table); Go finds a method
# before a map key of the same name.
_VALUES_METHODS = Values.go_methods


# -- fields and methods ----------------------------------------------------------------

def _field_step(recv: Any, iface: bool, name: str, site: Site, missing_error: bool,
                args: tuple | None) -> tuple[Any, bool]:
    """Go's evalField for one name; ``args`` is None for a plain field access."""
    if recv is None:
        if iface:
            raise exec_error(site.at, f"nil pointer evaluating interface {{}}.{name}")
        if missing_error:
            raise exec_error(site.at, f"nil data; no entry for key {_q(name)}")
        return None, False
    methods = getattr(type(recv), "go_methods", None)
    if methods and name in methods:
        return _call_method(recv, methods[name], name, site, args or ()), False
    has_args = bool(args)
    if isinstance(recv, dict):
        if has_args:
            raise exec_error(site.at, f"{name} is not a method but has arguments")
        # elements of typed maps (map[string]string, engine.files) are not interfaces
        iface = getattr(type(recv), "go_type", "") not in TYPED_MAP_ZERO
        if name in recv:
            return recv[name], iface
        if missing_error:
            raise exec_error(site.at, f"map has no entry for key {_q(name)}")
        return map_zero(recv), iface
    if isinstance(recv, GoStruct) and name[:1].isupper() and hasattr(recv, name):
        if has_args:
            raise exec_error(site.at,
                             f"{name} has arguments but cannot be invoked as function")
        return getattr(recv, name), False
    typ = "interface {}" if iface else type_name(recv)
    raise exec_error(site.at, f"can't evaluate field {name} in type {typ}")


def field(recv: Any, sites: list, site_id: int) -> Any:
    """``.a.b.c`` with missingkey=zero (the fast path of Go's evalFieldChain)."""
    site = sites[site_id]
    iface = site.iface
    for name in site.names:
        t = type(recv)
        if t is dict or (t is Values and name not in _VALUES_METHODS):
            try:
                recv = recv[name]
            except KeyError:
                recv = None
            iface = True
            continue
        recv, iface = _field_step(recv, iface, name, site, False, None)
    return recv


def field_strict(recv: Any, sites: list, site_id: int) -> Any:
    """``.a.b.c`` with missingkey=error."""
    site = sites[site_id]
    iface = site.iface
    for name in site.names:
        recv, iface = _field_step(recv, iface, name, site, True, None)
    return recv


def method_prep(recv: Any, sites: list, site_id: int) -> tuple[Any, FuncSpec | None]:
    """Walk a chain up to a method called with arguments; Go resolves it (and fails on a
    map key or struct field given arguments) before evaluating those arguments."""
    site = sites[site_id]
    iface = site.iface
    missing = site.missing_error
    names = site.names
    for name in names[:-1]:
        recv, iface = _field_step(recv, iface, name, site, missing, None)
    name = names[-1]
    if recv is not None:
        methods = getattr(type(recv), "go_methods", None)
        if methods and name in methods:
            return recv, methods[name]
    _field_step(recv, iface, name, site, missing, (True,))
    return None, None  # a nil receiver without type yields no value, as in Go


def method_call(prep: tuple[Any, FuncSpec | None], sites: list, site_id: int,
                *args: Any) -> Any:
    recv, spec = prep
    if spec is None:
        return None
    site = sites[site_id]
    return _call_method(recv, spec, site.names[-1], site, args)


def method_call_final(final: Any, prep: tuple[Any, FuncSpec | None], sites: list,
                      site_id: int, *args: Any) -> Any:
    return method_call(prep, sites, site_id, *args, final)


def _call_method(recv: Any, spec: FuncSpec, name: str, site: Site, args: tuple) -> Any:
    argv = _bind(site, spec, name, args, site.at)
    try:
        return spec.fn(recv, *argv)
    except RecursionError:
        raise
    except Exception as err:  # Go recovers panics and reports them like errors
        raise exec_error(site.node, f"error calling {name}: {_err_text(err)}",
                         name) from err


# -- function calls --------------------------------------------------------------------

def call(state: ExecState, sites: list, site_id: int, *args: Any) -> Any:
    site = sites[site_id]
    name = site.name
    spec = state.funcs.get(name) if not site.builtin else None
    if spec is None:
        spec = BUILTINS.get(name)
        if spec is None:
            raise exec_error(site.ident, f"{_q(name)} is not a defined function")
    if site.has_final:
        args = args[1:] + args[:1]
    if site._spec is spec:
        plan = site._plan
    else:
        plan = _make_plan(site, spec, name, len(args), site.ident)
        site._spec, site._plan = spec, plan
    if plan:
        args = list(args)  # type: ignore[assignment]
        for i, conv in plan:
            args[i] = conv(args[i])  # type: ignore[index]
    try:
        return spec.fn(*args)
    except RecursionError:
        raise
    except Exception as err:
        raise exec_error(site.node, f"error calling {name}: {_err_text(err)}", name) from err


def _err_text(err: BaseException) -> str:
    if isinstance(err, FuncError | TemplateExecError):
        return str(err)
    if isinstance(err, KeyError | IndexError | TypeError | ValueError | ZeroDivisionError):
        return f"runtime error: {err}" if not str(err) else str(err)
    return str(err)


def _q(text: str) -> str:
    from helmpy.gotemplate.gostrconv import quote

    return quote(text)


def _bind(site: Site, spec: FuncSpec, name: str, args: tuple, arity_node: Node) -> tuple:
    plan = _make_plan(site, spec, name, len(args), arity_node)
    if not plan:
        return args
    converted = list(args)
    for i, conv in plan:
        converted[i] = conv(converted[i])
    return tuple(converted)


def _make_plan(site: Site, spec: FuncSpec, name: str, nargs: int,
               arity_node: Node) -> tuple | None:
    """Check arity and prepare one converter per argument (None: pass unchanged)."""
    fixed = len(spec.params)
    explicit = nargs - 1 if site.has_final else nargs
    if spec.variadic is not None:
        if nargs < fixed:
            raise exec_error(arity_node, f"wrong number of args for {name}: want at least "
                                         f"{fixed} got {explicit}")
    elif nargs != fixed:
        raise exec_error(arity_node, f"wrong number of args for {name}: want {fixed} got {nargs}")
    plan: list = []
    for i in range(nargs):
        ptype = spec.params[i] if i < fixed else spec.variadic
        if i in site.inline and not (site.has_final and i == nargs - 1):
            plan.append(None)  # converted by the generated code
            continue
        if site.has_final and i == nargs - 1:
            kind, node = K_INVALID, arity_node
        else:
            kind, node = site.kinds[i], site.arg_nodes[i]
        if spec is BUILTINS["len"] and kind in (K_INVALID, K_NIL):
            plan.append(_len_of_invalid(site.node))
        else:
            plan.append(_converter(ptype, kind, node))
    return tuple((i, conv) for i, conv in enumerate(plan) if conv is not None) or None


def _len_of_invalid(node: Node):  # noqa: ANN202
    def conv(value: Any) -> Any:
        if value is None:  # Go's length() asks an untyped nil for its type and panics
            cause = FuncError("reflect: call of reflect.Value.Type on zero Value")
            raise exec_error(node, f"error calling len: {cause}", "len") from cause
        return value

    return conv


def _raiser(node: Node, message: str):  # noqa: ANN202
    def conv(_value: Any) -> Any:
        raise exec_error(node, message)

    return conv


def _constant(value: Any):  # noqa: ANN202
    return lambda _v: value


def _nilable(ptype: str) -> bool:
    return ptype.startswith(("[]", "map[", "*", "func")) or ptype in _ANY or ptype == "error"


def _converter(ptype: str, kind: int, node: Node):  # noqa: ANN202
    if ptype in _ANY:
        if kind == K_CONST and isinstance(node, NumberNode):
            value, error = ideal_constant(node)
            if error:
                return _raiser(node, error)
        return None
    if kind == K_NIL:
        return None if _nilable(ptype) else _raiser(node, f"cannot assign nil to {ptype}")
    if kind == K_CONST:
        return _const_converter(ptype, node)
    return _validator(ptype, kind, node)


def _const_converter(ptype: str, node: Node):  # noqa: ANN202
    if ptype == "string":
        if isinstance(node, StringNode):
            return _constant(node.text)
        return _raiser(node, f"expected string; found {node.string()}")
    if ptype in ("int", "int64"):
        if isinstance(node, NumberNode) and node.is_int:
            return _constant(Int64(node.int64) if ptype == "int64" else node.int64)
        return _raiser(node, f"expected integer; found {node.string()}")
    if ptype == "float64":
        if isinstance(node, NumberNode) and node.is_float:
            return _constant(node.float64)
        return _raiser(node, f"expected float; found {node.string()}")
    if ptype == "bool":
        if isinstance(node, BoolNode):
            return _constant(node.value)
        return _raiser(node, f"expected bool; found {node.string()}")
    return _raiser(node, f"can't handle {node.string()} for arg of type {ptype}")


def assignable(value: Any, ptype: str) -> bool:
    t = type(value)
    if ptype == "string":
        return t is str
    if ptype == "int":
        return t is int
    if ptype == "int64":
        return t is Int64
    if ptype == "float64":
        return t is float
    if ptype == "bool":
        return t is bool
    name = type_name(value)
    if name == ptype:
        return True
    if ptype == _MAP:
        return name == "common.Values"
    if ptype == "common.Values":
        return name == _MAP
    if ptype == "[]string":
        from helmpy.gotemplate.gotypes import StrList

        return isinstance(value, StrList)
    if ptype == "[]interface {}":
        return t is list or t is tuple
    return False


def _validator(ptype: str, kind: int, node: Node):  # noqa: ANN202
    nilable = _nilable(ptype)

    def conv(value: Any) -> Any:
        if value is None:
            if kind == K_IFACE:
                raise exec_error(node, f"wrong type for value; expected {ptype}; got interface {{}}")
            if nilable:
                return None
            raise exec_error(node, f"invalid value; expected {ptype}")
        if assignable(value, ptype):
            return value
        raise exec_error(node, f"wrong type for value; expected {ptype}; got {type_name(value)}")

    return conv


def ideal_constant(node: NumberNode) -> tuple[Any, str | None]:
    """Go's idealConstant: (value, error message)."""
    text = node.text
    if node.is_complex:
        return node.complex128, None
    is_hex_int = (len(text) > 2 and text[0] == "0" and text[1] in "xX"
                  and not any(c in text for c in "pP"))
    if (node.is_float and not is_hex_int and not text.startswith("'")
            and any(c in text for c in ".eEpP")):
        return node.float64, None
    if node.is_int:
        return node.int64, None
    if node.is_uint:
        return None, f"{text} overflows int"
    return None, None


# -- control flow ----------------------------------------------------------------------

def range_items(value: Any, sites: list, site_id: int) -> Any:
    """The (key, element) pairs Go's range visits, in Go's order."""
    t = type(value)
    if t is list or t is tuple:
        return enumerate(value) if value else ()
    if isinstance(value, dict):
        return sorted(value.items()) if value else ()
    if value is None:
        return ()
    if t is int or t is Int64:
        site = sites[site_id]
        if site.ndecl > 1:
            raise exec_error(site.node, f"can't use {value} to iterate over more than one "
                                        "variable")
        if value <= 0:
            return ()
        if t is Int64:
            return zip(repeat(None), map(Int64, range(value)))
        return zip(repeat(None), range(value))
    if isinstance(value, (list, tuple, bytes, bytearray)):
        return enumerate(value) if value else ()
    raise exec_error(sites[site_id].node, f"range can't iterate over {format_value(value)}")


def convert_arg(value: Any, sites: list, site_id: int, index: int) -> Any:
    site = sites[site_id]
    converters = site._converters
    if converters is None:
        converters = site._converters = {
            i: _converter(ptype, site.kinds[i], site.arg_nodes[i])
            for i, ptype in site.inline.items()}
    return converters[index](value)


def fail(value: Any, sites: list, site_id: int) -> Any:
    """Raise the error recorded at a site (after its operand has been evaluated)."""
    site = sites[site_id]
    raise exec_error(site.node, site.message)


def unpack(context: Context) -> tuple[Any, Any, Any]:
    """The state, the site list and the dot a generated function starts from."""
    found = context.vars
    return found["S"], found["Z"], found["d0"]


def box(value: Any) -> list:
    return [value]


def unbox(cell: list) -> Any:
    return cell[0]


def set_box(cell: list, value: Any) -> Any:
    cell[0] = value
    return value


def find_template(state: ExecState, sites: list, site_id: int) -> tuple[ExecState, Any]:
    """Go's walkTemplate looks the template up (and checks the depth) before it
    evaluates the argument pipeline."""
    site = sites[site_id]
    tmpl = state.templates.get(site.name)
    if tmpl is None:
        raise exec_error(site.node, f"template {_q(site.name)} not defined")
    if state.depth >= PRACTICAL_DEPTH:
        raise exec_error(site.node, f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
    return state, tmpl


def run_template(found: tuple[ExecState, Any], sites: list, site_id: int, dot: Any) -> str:
    state, tmpl = found
    state.depth += 1
    try:
        return "".join(tmpl.fn(Context(state, dot, tmpl.sites)))
    except RecursionError:
        raise exec_error(sites[site_id].node,
                         f"exceeded maximum template depth ({MAX_EXEC_DEPTH})") from None
    finally:
        state.depth -= 1


FILTERS = {
    "go_print": go_print,
    "go_field": field,
    "go_field_strict": field_strict,
    "go_method_prep": method_prep,
    "go_method_call": method_call,
    "go_method_call_final": method_call_final,
    "go_call": call,
    "go_range": range_items,
    "go_fail": fail,
    "go_arg": convert_arg,
    "go_box": box,
    "go_unpack": unpack,
    "go_unbox": unbox,
    "go_set_box": set_box,
    "go_find_template": find_template,
    "go_template": run_template,
}
