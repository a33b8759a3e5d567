"""Static facts the compiler needs about a Go template tree: which declaration each
variable use refers to (Go's scoping), and where Go's error context points after a
pipeline has been evaluated."""
from __future__ import annotations

from helmpy.gotemplate import nodes as N


class Var:
    """One Go variable declaration: its Python name and what a nil value of it means."""

    __slots__ = ("jname", "boxed", "iface", "in_expr")

    def __init__(self, jname: str, iface: bool, in_expr: bool = False) -> None:
        self.jname = jname
        self.boxed = in_expr
        self.iface = iface
        self.in_expr = in_expr


class Resolver:
    """Binds every variable use to its declaration, following Go's scoping, and marks
    the variables that need a box."""

    def __init__(self) -> None:
        self.refs: dict[int, Var | None] = {}
        self.scope: list[tuple[str, Var]] = []
        self.count = 0
        self.all: list[Var] = []

    def new(self, name: str, iface: bool, in_expr: bool = False) -> Var:
        self.count += 1
        var = Var(f"v{self.count}", iface, in_expr)
        self.scope.append((name, var))
        self.all.append(var)
        return var

    def lookup(self, name: str) -> Var | None:
        for vname, var in reversed(self.scope):
            if vname == name:
                return var
        return None

    def run(self, tree: N.Tree) -> Var:
        root = self.new("$", False)
        self.block(tree.root)
        return root

    def block(self, lst: N.ListNode | None) -> None:
        if lst is None:
            return
        for node in lst.nodes:
            if isinstance(node, N.ActionNode):
                self.pipe(node.pipe)
            elif isinstance(node, N.RangeNode):
                mark = len(self.scope)
                self.cmds(node.pipe)
                for decl in node.pipe.decl:
                    self.declare(decl, node.pipe.is_assign, iface=True)
                self.block(node.list)
                self.block(node.else_list)
                del self.scope[mark:]
            elif isinstance(node, N.BranchNode):
                mark = len(self.scope)
                self.pipe(node.pipe)
                self.block(node.list)
                self.block(node.else_list)
                del self.scope[mark:]
            elif isinstance(node, N.TemplateNode) and node.pipe is not None:
                self.pipe(node.pipe)

    def declare(self, decl: N.VariableNode, is_assign: bool, iface: bool = False,
                in_expr: bool = False) -> None:
        name = decl.ident[0]
        if is_assign:
            var = self.lookup(name)
            self.refs[id(decl)] = var
        else:
            self.refs[id(decl)] = self.new(name, iface, in_expr)

    def pipe(self, pipe: N.PipeNode, in_expr: bool = False) -> None:
        self.cmds(pipe)
        for decl in pipe.decl:
            self.declare(decl, pipe.is_assign, in_expr=in_expr)

    def cmds(self, pipe: N.PipeNode) -> None:
        for cmd in pipe.cmds:
            for arg in cmd.args:
                self.arg(arg)

    def arg(self, arg: N.Node) -> None:
        if isinstance(arg, N.VariableNode):
            self.refs[id(arg)] = self.lookup(arg.ident[0])
        elif isinstance(arg, N.PipeNode):
            self.pipe(arg, in_expr=True)
        elif isinstance(arg, N.ChainNode):
            self.arg(arg.node)


def last_at(node: N.Node) -> N.Node:
    """The node Go's state.at last pointed to after evaluating ``node`` (error context)."""
    if isinstance(node, N.PipeNode):
        return last_at(node.cmds[-1]) if node.cmds else node
    if isinstance(node, N.CommandNode):
        first = node.args[0]
        if isinstance(first, N.PipeNode):
            return last_at(first)
        if len(node.args) > 1 and isinstance(first, (N.IdentifierNode, N.FieldNode,
                                                     N.VariableNode, N.ChainNode)):
            return last_at(node.args[-1])
        return last_at(first)
    if isinstance(node, N.ChainNode):
        return last_at(node.node)
    return node
