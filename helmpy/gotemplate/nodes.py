"""Parse-tree nodes of Go's text/template (text/template/parse/node.go).

Every node keeps its byte offset in the source (``pos``) and the :class:`Tree` it belongs
to, because execution errors quote ``FILE:LINE:COL`` and the node's Go ``String()``.
"""
from __future__ import annotations

import bisect
from typing import Any


class Source:
    """One parsed text: the name errors cite (Go's ParseName) and its newline offsets."""

    __slots__ = ("name", "text", "_newlines", "_bytes")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self._newlines: list[int] | None = None
        self._bytes: bytes | None = None

    def line_of(self, pos: int) -> int:
        """1-based line of character offset ``pos``."""
        if self._newlines is None:
            self._newlines = [i for i, ch in enumerate(self.text) if ch == "\n"]
        return bisect.bisect_left(self._newlines, pos) + 1

    def location(self, pos: int) -> tuple[int, int]:
        """Go's ErrorContext (line, column): the column is a 0-based byte offset in the line,
        except on the first line, where Go reports the offset itself (also 0-based)."""
        line = self.line_of(pos)
        start = 0 if line == 1 else self._newlines[line - 2] + 1  # type: ignore[index]
        col = len(self.text[start:pos].encode("utf-8", "surrogateescape"))
        return line, col


class Tree:
    """A named template body: the file itself or one ``define``/``block``."""

    __slots__ = ("name", "source", "root")

    def __init__(self, name: str, source: Source) -> None:
        self.name = name
        self.source = source
        self.root: ListNode | None = None


class Node:
    __slots__ = ("pos", "tree")

    def __init__(self, pos: int, tree: Tree | None) -> None:
        self.pos = pos
        self.tree = tree

    def __str__(self) -> str:
        return self.string()

    def string(self) -> str:
        raise NotImplementedError


class ListNode(Node):
    __slots__ = ("nodes",)

    def __init__(self, pos: int, tree: Tree | None) -> None:
        super().__init__(pos, tree)
        self.nodes: list[Node] = []

    def string(self) -> str:
        return "".join(n.string() for n in self.nodes)


class TextNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos: int, tree: Tree | None, text: str) -> None:
        super().__init__(pos, tree)
        self.text = text

    def string(self) -> str:
        return self.text


class PipeNode(Node):
    __slots__ = ("line", "is_assign", "decl", "cmds")

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.is_assign = False
        self.decl: list[VariableNode] = []
        self.cmds: list[CommandNode] = []

    def string(self) -> str:
        out = ""
        if self.decl:
            out = ", ".join(v.string() for v in self.decl)
            out += " = " if self.is_assign else " := "
        return out + " | ".join(c.string() for c in self.cmds)


class ActionNode(Node):
    __slots__ = ("line", "pipe")

    def __init__(self, pos: int, tree: Tree | None, line: int, pipe: PipeNode) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.pipe = pipe

    def string(self) -> str:
        return "{{" + self.pipe.string() + "}}"


class CommandNode(Node):
    __slots__ = ("args",)

    def __init__(self, pos: int, tree: Tree | None) -> None:
        super().__init__(pos, tree)
        self.args: list[Node] = []

    def string(self) -> str:
        parts = []
        for arg in self.args:
            if isinstance(arg, PipeNode):
                parts.append("(" + arg.string() + ")")
            else:
                parts.append(arg.string())
        return " ".join(parts)


class IdentifierNode(Node):
    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: Tree | None, ident: str) -> None:
        super().__init__(pos, tree)
        self.ident = ident

    def string(self) -> str:
        return self.ident


class VariableNode(Node):
    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: Tree | None, ident: str) -> None:
        super().__init__(pos, tree)
        self.ident = ident.split(".")

    def string(self) -> str:
        return ".".join(self.ident)


class DotNode(Node):
    __slots__ = ()

    def string(self) -> str:
        return "."


class NilNode(Node):
    __slots__ = ()

    def string(self) -> str:
        return "nil"


class FieldNode(Node):
    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: Tree | None, ident: str) -> None:
        super().__init__(pos, tree)
        self.ident = ident[1:].split(".")  # ".a.b" -> ["a", "b"]

    def string(self) -> str:
        return "".join("." + f for f in self.ident)


class ChainNode(Node):
    __slots__ = ("node", "field")

    def __init__(self, pos: int, tree: Tree | None, node: Node) -> None:
        super().__init__(pos, tree)
        self.node = node
        self.field: list[str] = []

    def add(self, field: str) -> None:
        self.field.extend(field[1:].split("."))

    def string(self) -> str:
        if isinstance(self.node, PipeNode):
            head = "(" + self.node.string() + ")"
        else:
            head = self.node.string()
        return head + "".join("." + f for f in self.field)


class BoolNode(Node):
    __slots__ = ("value",)

    def __init__(self, pos: int, tree: Tree | None, value: bool) -> None:
        super().__init__(pos, tree)
        self.value = value

    def string(self) -> str:
        return "true" if self.value else "false"


class NumberNode(Node):
    __slots__ = ("text", "is_int", "is_uint", "is_float", "is_complex",
                 "int64", "uint64", "float64", "complex128")

    def __init__(self, pos: int, tree: Tree | None, text: str) -> None:
        super().__init__(pos, tree)
        self.text = text
        self.is_int = self.is_uint = self.is_float = self.is_complex = False
        self.int64 = 0
        self.uint64 = 0
        self.float64 = 0.0
        self.complex128: complex = 0j

    def string(self) -> str:
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")

    def __init__(self, pos: int, tree: Tree | None, quoted: str, text: str) -> None:
        super().__init__(pos, tree)
        self.quoted = quoted
        self.text = text

    def string(self) -> str:
        return self.quoted


class EndNode(Node):
    __slots__ = ()

    def string(self) -> str:
        return "{{end}}"


class ElseNode(Node):
    __slots__ = ("line",)

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line

    def string(self) -> str:
        return "{{else}}"


class BranchNode(Node):
    __slots__ = ("line", "pipe", "list", "else_list")
    keyword = ""

    def __init__(self, pos: int, tree: Tree | None, line: int, pipe: PipeNode,
                 body: ListNode, else_list: ListNode | None) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.pipe = pipe
        self.list = body
        self.else_list = else_list

    def string(self) -> str:
        out = "{{" + self.keyword + " " + self.pipe.string() + "}}" + self.list.string()
        if self.else_list is not None:
            out += "{{else}}" + self.else_list.string()
        return out + "{{end}}"


class IfNode(BranchNode):
    __slots__ = ()
    keyword = "if"


class RangeNode(BranchNode):
    __slots__ = ()
    keyword = "range"


class WithNode(BranchNode):
    __slots__ = ()
    keyword = "with"


class BreakNode(Node):
    __slots__ = ("line",)

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line

    def string(self) -> str:
        return "{{break}}"


class ContinueNode(Node):
    __slots__ = ("line",)

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line

    def string(self) -> str:
        return "{{continue}}"


class TemplateNode(Node):
    __slots__ = ("line", "name", "pipe")

    def __init__(self, pos: int, tree: Tree | None, line: int, name: str,
                 pipe: PipeNode | None) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.name = name
        self.pipe = pipe

    def string(self) -> str:
        from helmpy.gotemplate.gostrconv import quote

        out = "{{template " + quote(self.name)
        if self.pipe is not None:
            out += " " + self.pipe.string()
        return out + "}}"


def is_empty_tree(node: Any) -> bool:
    """Go's parse.IsEmptyTree: only whitespace text (and comments) in the body."""
    if node is None:
        return True
    if isinstance(node, ListNode):
        return all(is_empty_tree(n) for n in node.nodes)
    if isinstance(node, TextNode):
        return node.text.strip(" \t\n\v\f\r\x85\xa0") == ""
    return False
