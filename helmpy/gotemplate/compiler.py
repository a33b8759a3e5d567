"""Compile Go template trees into Python through Jinja2's code generator.

Each parsed text becomes one Jinja2 ``Template`` AST whose blocks are the text's trees
(the file itself and its ``define``s). Go's semantics stay in :mod:`runtime`, reached
through filters the generated code calls directly; control flow (if/with/range/break)
maps onto Jinja's own If/For nodes, so the generated functions are plain Python loops.

Go variables become plain Python locals of the generated function (Jinja's
InternalName), one per declaration, so assignments inside ``range`` bodies reach the
outer variable as Go's do. A variable declared inside a parenthesized pipeline, and a
value piped into and/or, live in one-element lists (boxes) set from within expressions.
"""
from __future__ import annotations

import gc
import marshal
import pickle
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import generate

from helmpy.gotemplate import nodes as N
from helmpy.gotemplate.builtins import BUILTINS
from helmpy.gotemplate.exec_errors import TemplateExecError, TemplateParseError
from helmpy.gotemplate.gotypes import FuncSpec
from helmpy.gotemplate.parser import parse
from helmpy.gotemplate.runtime import (
    FILTERS,
    K_CONST,
    K_IFACE,
    K_INVALID,
    K_NIL,
    Site,
    _converter,
    ideal_constant,
)
from helmpy.gotemplate.scopes import Resolver, Var, last_at

ENV = Environment(autoescape=False, optimized=True, cache_size=0)
ENV.filters.update(FILTERS)

_ROOT_DOT = "d0"
_STATE = "S"
_SITES = "Z"


class CompiledTree:
    __slots__ = ("name", "tree", "fn", "empty", "sites")

    def __init__(self, name: str, tree: N.Tree, fn: Any, empty: bool, sites: list) -> None:
        self.name = name
        self.tree = tree
        self.fn = fn
        self.empty = empty
        self.sites = sites


def _filter(node: nodes.Expr, name: str, *args: nodes.Expr) -> nodes.Filter:
    return nodes.Filter(node, name, list(args), [], None, None)


def _internal(name: str) -> nodes.InternalName:
    # Jinja's own way to make one (Parser.free_identifier): a raw Python local that
    # Jinja's scoping leaves alone, so Go's variables keep Go's (function-wide) lifetime.
    node = object.__new__(nodes.InternalName)
    nodes.Node.__init__(node, f"g_{name}", lineno=1)
    return node


def _load(name: str) -> nodes.InternalName:
    return _internal(name)


def _store(name: str) -> nodes.InternalName:
    return _internal(name)


class _TreeCompiler:
    def __init__(self, tree: N.Tree, funcs: Mapping[str, FuncSpec], missing_error: bool,
                 sites: list[Site]) -> None:
        self.tree = tree
        self.sites = sites
        self.funcs = funcs
        self.field_filter = "go_field_strict" if missing_error else "go_field"
        self.count = 0
        self.dot = _ROOT_DOT
        self.dot_kind = K_INVALID  # what a nil dot is: K_IFACE inside range
        self.resolver = Resolver()
        self.refs = self.resolver.refs
        self.cells: list[str] = []  # boxes for values piped into and/or

    def register(self, site: Site) -> int:
        self.sites.append(site)
        return len(self.sites) - 1

    def site_ref(self, site: int) -> tuple[nodes.Expr, nodes.Expr]:
        return _load(_SITES), nodes.Const(site)

    def fresh(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def compile(self) -> list[nodes.Node]:
        root = self.resolver.run(self.tree)
        context = object.__new__(nodes.InternalName)
        nodes.Node.__init__(context, "context", lineno=1)
        unpack = nodes.Tuple([_store(_STATE), _store(_SITES), _store(_ROOT_DOT)], "store")
        prefix: list[nodes.Node] = [nodes.Assign(unpack, _filter(context, "go_unpack")),
                                    nodes.Assign(_store(root.jname), _load(_ROOT_DOT))]
        for var in self.resolver.all:
            # Go reports a variable read where it is not set; a Python local must exist.
            value = _filter(nodes.Const(None), "go_box") if var.in_expr else nodes.Const(None)
            if var is not root:
                prefix.append(nodes.Assign(_store(var.jname), value))
        body = self.block(self.tree.root)
        for cell in self.cells:
            prefix.append(nodes.Assign(_store(cell), _filter(nodes.Const(None), "go_box")))
        return prefix + body

    # -- statements ------------------------------------------------------------------

    def block(self, lst: N.ListNode | None) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        pending: list[nodes.Expr] = []
        if lst is None:
            return out
        for node in lst.nodes:
            if isinstance(node, N.TextNode):
                pending.append(nodes.TemplateData(node.text))
                continue
            if isinstance(node, N.ActionNode) and not node.pipe.decl:
                _, expr = self.pipe(node.pipe)
                pending.append(_filter(expr, "go_print"))
                continue
            if pending:
                out.append(nodes.Output(pending))
                pending = []
            out.extend(self.statement(node))
        if pending:
            out.append(nodes.Output(pending))
        return out

    def statement(self, node: N.Node) -> list[nodes.Node]:
        if isinstance(node, N.ActionNode):
            stmts, _ = self.pipe(node.pipe)
            return stmts
        if isinstance(node, N.IfNode):
            stmts, test = self.pipe(node.pipe)
            return stmts + [nodes.If(test, self.block(node.list), [],
                                     self.block(node.else_list))]
        if isinstance(node, N.WithNode):
            stmts, value = self.pipe(node.pipe)
            dot = self.fresh("d")
            stmts.append(nodes.Assign(_store(dot), value))
            body = self.with_dot(dot, K_INVALID, node.list)
            return stmts + [nodes.If(_load(dot), body, [], self.block(node.else_list))]
        if isinstance(node, N.RangeNode):
            return self.range(node)
        if isinstance(node, N.TemplateNode):
            stmts, value = self.pipe(node.pipe) if node.pipe else ([], nodes.Const(None))
            site = self.register(Site(node, name=node.name))
            found = _filter(_load(_STATE), "go_find_template", *self.site_ref(site))
            call = _filter(found, "go_template", *self.site_ref(site), value)
            return stmts + [nodes.Output([call])]
        if isinstance(node, N.BreakNode):
            return [nodes.Break()]
        if isinstance(node, N.ContinueNode):
            return [nodes.Continue()]
        raise TemplateParseError(self.tree.source.name, 0, f"unknown node {node!r}")

    def with_dot(self, dot: str, kind: int, lst: N.ListNode | None,
                 prefix: list[nodes.Node] | None = None) -> list[nodes.Node]:
        saved = self.dot, self.dot_kind
        self.dot, self.dot_kind = dot, kind
        try:
            return (prefix or []) + self.block(lst)
        finally:
            self.dot, self.dot_kind = saved

    def range(self, node: N.RangeNode) -> list[nodes.Node]:
        pipe = node.pipe
        value: nodes.Expr | None = None
        for cmd in pipe.cmds:
            value = self.command(cmd, value, pipe)
        key, dot = self.fresh("k"), self.fresh("d")
        site = self.register(Site(last_at(pipe), ndecl=len(pipe.decl)))
        before: list[nodes.Node] = []
        if pipe.decl:
            # Go first sets the variables to the whole collection (what an else branch, or
            # an assigned variable after zero iterations, sees), then to each element.
            whole = self.fresh("c")
            before.append(nodes.Assign(_store(whole), value))
            for decl in pipe.decl:
                before.extend(self.set_var(decl, _load(whole), pipe.is_assign, pipe)[0])
            value = _load(whole)
        prefix: list[nodes.Node] = []
        sources = [key, dot] if len(pipe.decl) > 1 else [dot]
        for decl, source in zip(pipe.decl, sources, strict=False):
            prefix.extend(self.set_var(decl, _load(source), pipe.is_assign, pipe)[0])
        # Elements of []interface{} and map values are interfaces; integers ranged over
        # (a literal count) are plain ints, which shows in Go's error messages.
        last = pipe.cmds[-1].args[0] if pipe.cmds else None
        kind = K_INVALID if isinstance(last, N.NumberNode) and len(pipe.cmds[-1].args) == 1 \
            else K_IFACE
        body = self.with_dot(dot, kind, node.list, prefix)
        target = nodes.Tuple([_store(key), _store(dot)], "store")
        items = _filter(value, "go_range", *self.site_ref(site))
        if node.else_list is None:
            return before + [nodes.For(target, items, body, [], None, False)]
        # Not Jinja's for-else, which also runs after a {{break}} in the first pass: Go's
        # else is for an empty collection, and go_range returns () exactly then.
        seq = self.fresh("r")
        loop = nodes.For(target, _load(seq), body, [], None, False)
        return before + [nodes.Assign(_store(seq), items),
                         nodes.If(_load(seq), [loop], [], self.block(node.else_list))]

    # -- pipelines and commands ------------------------------------------------------

    def pipe(self, pipe: N.PipeNode) -> tuple[list[nodes.Node], nodes.Expr]:
        value: nodes.Expr | None = None
        for cmd in pipe.cmds:
            value = self.command(cmd, value, pipe)
        assert value is not None
        if not pipe.decl:
            return [], value
        return self.set_var(pipe.decl[0], value, pipe.is_assign, pipe)

    def set_var(self, decl: N.VariableNode, value: nodes.Expr, is_assign: bool,
                context: N.Node) -> tuple[list[nodes.Node], nodes.Expr]:
        var = self.refs.get(id(decl))
        if var is None:
            site = self.register(Site(last_at(context),
                                      message=f"undefined variable: {decl.ident[0]}"))
            return [nodes.ExprStmt(_filter(value, "go_fail", *self.site_ref(site)))], value
        if var.boxed:
            if is_assign or var.in_expr:
                setter = _filter(_load(var.jname), "go_set_box", value)
                return [nodes.ExprStmt(setter)], _filter(_load(var.jname), "go_unbox")
            return ([nodes.Assign(_store(var.jname), _filter(value, "go_box"))],
                    _filter(_load(var.jname), "go_unbox"))
        return [nodes.Assign(_store(var.jname), value)], _load(var.jname)

    def pipe_expr(self, pipe: N.PipeNode) -> nodes.Expr:
        """A parenthesized pipeline used as a value (declarations go through boxes)."""
        value: nodes.Expr | None = None
        for cmd in pipe.cmds:
            value = self.command(cmd, value, pipe)
        assert value is not None
        for decl in pipe.decl:
            var = self.refs.get(id(decl))
            if var is None:
                site = self.register(Site(last_at(pipe),
                                     message=f"undefined variable: {decl.ident[0]}"))
                return _filter(value, "go_fail", *self.site_ref(site))
            if var.boxed:
                value = _filter(_load(var.jname), "go_set_box", value)
        return value

    def fail(self, node: N.Node, message: str, first: nodes.Expr | None = None) -> nodes.Expr:
        site = self.register(Site(node, message=message))
        return _filter(first if first is not None else nodes.Const(None), "go_fail",
                       *self.site_ref(site))

    def command(self, cmd: N.CommandNode, final: nodes.Expr | None,
                pipe: N.PipeNode | None = None) -> nodes.Expr:
        first = cmd.args[0]
        args = cmd.args[1:]
        if isinstance(first, N.FieldNode):
            return self.field(_load(self.dot), first.ident, first, self.dot_kind == K_IFACE,
                              args, final)
        if isinstance(first, N.ChainNode):
            if isinstance(first.node, N.NilNode):
                return self.fail(first, f"indirection through explicit nil in {first.string()}",
                                 final)
            receiver, _ = self.arg(first.node)
            return self.field(receiver, first.field, first, False, args, final,
                              at=last_at(first.node))
        if isinstance(first, N.IdentifierNode):
            return self.func(first, cmd, args, final)
        not_a_function = bool(args) or final is not None
        message = f"can't give argument to non-function {first.string()}"
        if isinstance(first, N.PipeNode):
            if not_a_function:
                # Go's last s.at() was the enclosing pipeline (or the previous command)
                where = pipe if pipe is not None else first
                if pipe is not None and final is not None:
                    where = last_at(pipe.cmds[pipe.cmds.index(cmd) - 1])
                return self.fail(where, message, final)
            return self.pipe_expr(first)
        if isinstance(first, N.VariableNode):
            var = self.refs.get(id(first))
            value = self.var(first, var)
            if len(first.ident) == 1:
                return self.fail(first, message, final) if not_a_function else value
            return self.field(value, first.ident[1:], first, bool(var and var.iface), args,
                              final)
        if not_a_function:
            return self.fail(first, message, final)
        if isinstance(first, N.NilNode):
            return self.fail(first, "nil is not a command")
        return self.constant(first)

    def constant(self, node: N.Node) -> nodes.Expr:
        if isinstance(node, N.BoolNode):
            return nodes.Const(node.value)
        if isinstance(node, N.StringNode):
            return nodes.Const(node.text)
        if isinstance(node, N.DotNode):
            return _load(self.dot)
        assert isinstance(node, N.NumberNode)
        value, error = ideal_constant(node)
        if error:
            return self.fail(node, error)
        return nodes.Const(value)

    def var(self, node: N.VariableNode, var: Var | None) -> nodes.Expr:
        if var is None:
            return self.fail(node, f"undefined variable: {node.ident[0]}")
        if var.boxed:
            return _filter(_load(var.jname), "go_unbox")
        return _load(var.jname)

    def field(self, receiver: nodes.Expr, names: list[str], node: N.Node, iface: bool,
              args: list[N.Node], final: nodes.Expr | None,
              at: N.Node | None = None) -> nodes.Expr:
        at = at or node
        if not args and final is None:
            site = self.register(Site(node, names=tuple(names), iface=iface, at=at))
            return _filter(receiver, self.field_filter, *self.site_ref(site))
        site = self.register(Site(node, names=tuple(names), iface=iface, at=at,
                             missing_error=self.field_filter == "go_field_strict",
                             has_final=final is not None))
        prep = _filter(receiver, "go_method_prep", *self.site_ref(site))
        exprs, kinds, arg_nodes = self.args(args)
        self.sites[site].kinds, self.sites[site].arg_nodes = kinds, arg_nodes
        if final is not None:
            return _filter(final, "go_method_call_final", prep, *self.site_ref(site), *exprs)
        return _filter(prep, "go_method_call", *self.site_ref(site), *exprs)

    def func(self, ident: N.IdentifierNode, cmd: N.Node, args: list[N.Node],
             final: nodes.Expr | None) -> nodes.Expr:
        name = ident.ident
        builtin = name not in self.funcs
        spec = BUILTINS.get(name) if builtin else self.funcs[name]
        nargs = len(args) + (final is not None)
        if spec is not None:
            fixed = len(spec.params)
            if spec.variadic is not None and nargs < fixed:
                return self.fail(ident, f"wrong number of args for {name}: want at least "
                                        f"{fixed} got {len(args)}", final)
            if spec.variadic is None and nargs != fixed:
                return self.fail(ident, f"wrong number of args for {name}: want {fixed} got "
                                        f"{nargs}", final)
        if builtin and name == "not":  # arity was checked above: one operand
            operand = final if final is not None else (
                self.constant(args[0]) if isinstance(args[0], N.NumberNode)
                else self.arg(args[0])[0])
            return nodes.Not(operand)
        if builtin and name in ("and", "or"):
            exprs = [self.constant(a) if isinstance(a, N.NumberNode) else self.arg(a)[0]
                     for a in args]
            if final is not None:
                # Go evaluates the piped value first but returns it last: stash it in a
                # box, then short-circuit over the arguments as usual.
                cell = self.fresh("c")
                self.cells.append(cell)
                exprs.append(_filter(_load(cell), "go_unbox"))
                stash = nodes.And(_filter(_load(cell), "go_set_box", final), nodes.Const(False))
            result = exprs[0]
            for expr in exprs[1:]:
                result = nodes.And(result, expr) if name == "and" else nodes.Or(result, expr)
            if final is not None:
                result = nodes.Or(stash, result)
            return result
        exprs, kinds, arg_nodes = self.args(args)
        if spec is not None:
            early = self.constant_arg_error(spec, kinds, arg_nodes, exprs, final)
            if early is not None:
                return early
        site = self.register(Site(cmd, name=name, kinds=kinds, arg_nodes=arg_nodes,
                             has_final=final is not None, ident=ident, builtin=builtin))
        if spec is not None:
            self.convert_inline(self.sites[site], site, spec, kinds, arg_nodes, exprs)
        extra = [final] if final is not None else []
        return _filter(_load(_STATE), "go_call", *self.site_ref(site), *extra, *exprs)

    def convert_inline(self, site: Site, site_id: int, spec: FuncSpec, kinds: tuple[int, ...],
                       arg_nodes: tuple[N.Node, ...], exprs: list[nodes.Expr]) -> None:
        """Check typed parameters as each argument is evaluated, in Go's order."""
        for i, kind in enumerate(kinds):
            if kind in (K_CONST, K_NIL):
                continue
            ptype = spec.params[i] if i < len(spec.params) else spec.variadic
            conv = _converter(ptype or "", kind, arg_nodes[i])
            if conv is not None:
                site.inline[i] = ptype or ""
                exprs[i] = _filter(exprs[i], "go_arg", *self.site_ref(site_id), nodes.Const(i))

    def constant_arg_error(self, spec: FuncSpec, kinds: tuple[int, ...],
                           arg_nodes: tuple[N.Node, ...], exprs: list[nodes.Expr],
                           final: nodes.Expr | None) -> nodes.Expr | None:
        """Go converts each argument right after evaluating it, so a literal of the wrong
        type fails before later arguments run: compile that failure in place."""
        for i, kind in enumerate(kinds):
            if kind not in (K_CONST, K_NIL):
                continue
            ptype = spec.params[i] if i < len(spec.params) else spec.variadic
            conv = _converter(ptype or "", kind, arg_nodes[i])
            if conv is None:
                continue
            try:
                conv(None)
            except TemplateExecError as err:
                before = ([final] if final is not None else []) + exprs[:i]
                site = self.register(Site(arg_nodes[i], message=err.message))
                return _filter(nodes.List(before), "go_fail", *self.site_ref(site))
        return None

    def args(self, args: list[N.Node]) -> tuple[list[nodes.Expr], tuple[int, ...],
                                                tuple[N.Node, ...]]:
        """Compiled arguments, their kinds, and where Go reports a bad one: the node its
        evaluation last visited (a parenthesized pipeline's innermost last operand)."""
        exprs, kinds = [], []
        for arg in args:
            expr, kind = self.arg(arg)
            exprs.append(expr)
            kinds.append(kind)
        where = tuple(last_at(a) for a in args)
        return exprs, tuple(kinds), where

    def arg(self, node: N.Node) -> tuple[nodes.Expr, int]:
        """Go's evalArg: the value and what a nil result would mean."""
        if isinstance(node, N.DotNode):
            return _load(self.dot), self.dot_kind
        if isinstance(node, N.NilNode):
            return nodes.Const(None), K_NIL
        if isinstance(node, N.FieldNode):
            return self.field(_load(self.dot), node.ident, node, self.dot_kind == K_IFACE, [],
                              None), K_IFACE
        if isinstance(node, N.VariableNode):
            var = self.refs.get(id(node))
            value = self.var(node, var)
            if len(node.ident) == 1:
                return value, K_IFACE if var is not None and var.iface else K_INVALID
            return self.field(value, node.ident[1:], node, bool(var and var.iface), [],
                              None), K_IFACE
        if isinstance(node, N.PipeNode):
            return self.pipe_expr(node), K_INVALID
        if isinstance(node, N.IdentifierNode):
            return self.func(node, node, [], None), K_IFACE
        if isinstance(node, N.ChainNode):
            if isinstance(node.node, N.NilNode):
                return self.fail(node, f"indirection through explicit nil in {node.string()}"), \
                    K_IFACE
            receiver, _ = self.arg(node.node)
            return self.field(receiver, node.field, node, False, [], None,
                              at=last_at(node.node)), K_IFACE
        if isinstance(node, N.NumberNode):
            value, error = ideal_constant(node)
            return nodes.Const(value), K_CONST
        return self.constant(node), K_CONST


def _compile(name: str, text: str, funcs: Mapping[str, FuncSpec], missing_error: bool,
             names: frozenset[str]) -> dict[str, CompiledTree]:
    from helmpy.gotemplate import codecache

    code_key = (text, names, missing_error)
    entry = _ENTRIES.get(code_key)
    disk_key = None
    if entry is None:
        disk_key = codecache.key(text, funcs, names, missing_error)
        entry = codecache.load(disk_key)
    if entry is None:
        entry = _generate(name, text, funcs, missing_error)
        codecache.store(disk_key, entry)
    _ENTRIES[code_key] = entry
    functions = _FUNCTIONS.get(code_key)
    if functions is None:
        namespace: dict[str, Any] = {"environment": ENV, "__file__": "<gotemplate>"}
        exec(marshal.loads(entry[0]), namespace)  # noqa: S102 - our own generated code
        functions = [value for key, value in sorted(namespace.items())
                     if key.startswith("block_b")]
        functions.sort(key=lambda fn: int(fn.__name__[len("block_b"):]))
        _FUNCTIONS[code_key] = functions
    # The parse trees and sites, rebuilt for this name (errors cite it).
    # Unpickling builds hundreds of long-lived objects per text and no garbage: the cyclic
    # collector would only scan them over and over while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        order, sites, top = pickle.loads(entry[1])
    finally:
        if collecting:
            gc.enable()
    if order:
        order[0][1].source.name = name
        order[top][1].name = name
    return {tname if i != top else name: CompiledTree(tname if i != top else name, tree,
                                                      functions[i], empty, sites)
            for i, (tname, tree, empty) in enumerate(order)}


def _generate(name: str, text: str, funcs: Mapping[str, FuncSpec],
              missing_error: bool) -> tuple[bytes, bytes]:
    """Parse, compile through Jinja2, and return (marshalled code, pickled trees + sites)."""
    def has_function(fname: str) -> bool:
        return fname in funcs or fname in BUILTINS

    trees = parse(name, text, has_function)
    order = list(trees.items())
    sites: list[Site] = []
    body: list[nodes.Node] = []
    for i, (_, tree) in enumerate(order):
        stmts = _TreeCompiler(tree, funcs, missing_error, sites).compile()
        body.append(nodes.Block(f"b{i}", [nodes.Scope(stmts)], False, False))
    template = nodes.Template(body)
    template.set_environment(ENV)
    template.set_lineno(1)
    try:
        # Jinja's optimizer costs a quarter of code generation and has nothing to fold.
        source = generate(template, ENV, "gotemplate", "gotemplate", optimized=False)
        assert source is not None
        code = compile(source, "<gotemplate>", "exec")
    except (SyntaxError, RecursionError, MemoryError) as err:
        # Python limits nesting (blocks, parentheses) well below Go; say so plainly.
        reason = getattr(err, "msg", None) or type(err).__name__
        raise TemplateParseError(name, 1, f"template too deeply nested for helmpy ({reason})") \
            from None
    top = next(i for i, (tname, _) in enumerate(order) if tname == name) if name in trees \
        else 0
    info = [(tname, tree, N.is_empty_tree(tree.root)) for tname, tree in order]
    _freeze_lists([tree.root for _, tree in order], sites)
    return marshal.dumps(code), pickle.dumps((info, sites, top), protocol=pickle.HIGHEST_PROTOCOL)


def _freeze_lists(roots: list[Any], sites: list[Site]) -> None:
    """Turn the nodes' lists into tuples before they are pickled: once compiled, nothing
    changes them, and an empty tuple is a shared constant while a list of names is an
    object the cyclic GC tracks (each cached text is a few hundred such objects)."""
    stack: list[Any] = list(roots)
    for site in sites:
        stack += (site.node, site.ident, site.at, *site.arg_nodes)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, N.Node) or id(node) in seen:
            continue
        seen.add(id(node))
        for klass in type(node).__mro__:
            for slot in klass.__dict__.get("__slots__", ()):
                value = getattr(node, slot, None)
                if type(value) is list:
                    value = tuple(value)
                    setattr(node, slot, value)
                if type(value) is tuple:
                    stack.extend(value)
                elif isinstance(value, N.Node):
                    stack.append(value)


# Generated code is independent of the text's name (names live in the sites), so one
# module serves every chart that carries the same text.
_ENTRIES: dict[tuple, tuple[bytes, bytes]] = {}
_FUNCTIONS: dict[tuple, list[Any]] = {}
_CACHE: dict[tuple, dict[str, CompiledTree] | TemplateParseError] = {}
_CACHE_LIMIT = 20000


def compile_text(name: str, text: str, funcs: Mapping[str, FuncSpec], missing_error: bool,
                 names: frozenset[str] | None = None) -> dict[str, CompiledTree]:
    """Parse and compile one text (cached per process by name, text and function names)."""
    if names is None:
        names = frozenset(funcs)
    key = (name, text, names, missing_error)
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) > _CACHE_LIMIT:  # a long-lived process must not grow without bound
            _CACHE.clear()
            _ENTRIES.clear()
            _FUNCTIONS.clear()
        try:
            cached = _compile(name, text, funcs, missing_error, names)
        except TemplateParseError as err:
            cached = err
        _CACHE[key] = cached
    if isinstance(cached, TemplateParseError):
        raise TemplateParseError(cached.name, cached.line, cached.message)
    return cached
