"""Go's text/template parser (text/template/parse/parse.go), error messages included."""
from __future__ import annotations

from collections.abc import Callable

from helmpy.gotemplate import lexer as L
from helmpy.gotemplate.exec_errors import TemplateParseError
from helmpy.gotemplate.gostrconv import quote
from helmpy.gotemplate.literals import GoSyntaxError, fill_number, unquote
from helmpy.gotemplate.nodes import (
    ActionNode,
    BoolNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    ElseNode,
    EndNode,
    FieldNode,
    IdentifierNode,
    IfNode,
    ListNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    RangeNode,
    Source,
    StringNode,
    TemplateNode,
    TextNode,
    Tree,
    VariableNode,
    WithNode,
    is_empty_tree,
)

_OPERAND_START = {L.BOOL, L.CHAR_CONSTANT, L.COMPLEX, L.DOT, L.FIELD, L.IDENTIFIER, L.NUMBER,
                  L.NIL, L.RAW_STRING, L.STRING, L.VARIABLE, L.LEFT_PAREN}
_LITERALS = (BoolNode, DotNode, NilNode, NumberNode, StringNode)
# Go allows 10000 nested pipelines and control structures; Python's own parser and stack
# give out far sooner, so helmpy stops at a depth no real chart comes near.
MAX_DEPTH = 100


class _TreeState:
    """Per-tree parser state: declared variables, the open action's line, range depth."""

    __slots__ = ("tree", "vars", "action_line", "range_depth")

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.vars = ["$"]
        self.action_line = 0
        self.range_depth = 0


class Parser:
    def __init__(self, name: str, text: str, has_function: Callable[[str], bool]) -> None:
        self.source = Source(name, text)
        self.has_function = has_function
        self.items = L.lex(text, not has_function("break"), not has_function("continue"))
        self.i = 0
        self.high = 0
        self.tree_set: dict[str, Tree] = {}
        self.st = _TreeState(Tree(name, self.source))
        self.depth = 0

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.errorf("max expression depth exceeded")

    # -- token stream ----------------------------------------------------------------

    def next(self) -> L.Item:
        i = self.i
        if i >= len(self.items):
            i = len(self.items) - 1
        self.i = i + 1
        if i > self.high:
            self.high = i
        return self.items[i]

    def backup(self) -> None:
        self.i -= 1

    def peek(self) -> L.Item:
        item = self.next()
        self.backup()
        return item

    def next_non_space(self) -> L.Item:
        item = self.next()
        while item.typ == L.SPACE:
            item = self.next()
        return item

    def peek_non_space(self) -> L.Item:
        item = self.next_non_space()
        self.backup()
        return item

    def errorf(self, message: str) -> None:
        raise TemplateParseError(self.source.name, self.items[self.high].line, message)

    def expect(self, typ: int, context: str) -> L.Item:
        item = self.next_non_space()
        if item.typ != typ:
            self.unexpected(item, context)
        return item

    def unexpected(self, item: L.Item, context: str) -> None:
        if item.typ == L.ERROR:
            extra = ""
            line = self.st.action_line
            if line != 0 and line != item.line:
                extra = f" in action started at {self.source.name}:{line}"
                if item.val.endswith(" action"):
                    extra = extra[len(" in action"):]
            self.errorf(f"{item.describe()}{extra}")
        self.errorf(f"unexpected {item.describe()} in {context}")

    # -- trees -----------------------------------------------------------------------

    def parse(self) -> dict[str, Tree]:
        tree = self.st.tree
        tree.root = ListNode(self.peek().pos, tree)
        while self.peek().typ != L.EOF:
            if self.peek().typ == L.LEFT_DELIM:
                mark = self.i
                self.next()
                if self.next_non_space().typ == L.DEFINE:
                    self.parse_definition()
                    continue
                self.i = mark
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                self.errorf(f"unexpected {node.string()}")
            tree.root.nodes.append(node)
        self.add(tree)
        return self.tree_set

    def add(self, tree: Tree) -> None:
        old = self.tree_set.get(tree.name)
        if old is None or is_empty_tree(old.root):
            self.tree_set[tree.name] = tree
            return
        if not is_empty_tree(tree.root):
            self.errorf(f"template: multiple definition of template {quote(tree.name)}")

    def _sub_tree(self, name: str) -> tuple[Tree, _TreeState]:
        tree = Tree(name, self.source)
        saved = self.st
        self.st = _TreeState(tree)
        return tree, saved

    def parse_definition(self) -> None:
        context = "define clause"
        tree, saved = self._sub_tree("definition")
        item = self.next_non_space()
        if item.typ not in (L.STRING, L.RAW_STRING):
            self.unexpected(item, context)
        tree.name = self._unquote(item.val)
        self.expect(L.RIGHT_DELIM, context)
        tree.root, end = self.item_list()
        if not isinstance(end, EndNode):
            self.errorf(f"unexpected {end.string()} in {context}")
        self.add(tree)
        self.st = saved

    def item_list(self) -> tuple[ListNode, Node]:
        lst = ListNode(self.peek_non_space().pos, self.st.tree)
        while self.peek_non_space().typ != L.EOF:
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                return lst, node
            lst.nodes.append(node)
        self.errorf("unexpected EOF")
        raise AssertionError("unreachable")

    def text_or_action(self) -> Node:
        item = self.next_non_space()
        if item.typ == L.TEXT:
            return TextNode(item.pos, self.st.tree, item.val)
        if item.typ == L.LEFT_DELIM:
            st = self.st
            st.action_line = item.line
            try:
                return self.action()
            finally:
                st.action_line = 0
        self.unexpected(item, "input")
        raise AssertionError("unreachable")

    # -- actions ---------------------------------------------------------------------

    def action(self) -> Node:
        item = self.next_non_space()
        typ = item.typ
        if typ == L.BLOCK:
            return self.block_control()
        if typ in (L.BREAK, L.CONTINUE):
            return self.loop_control(item)
        if typ == L.ELSE:
            return self.else_control()
        if typ == L.END:
            return EndNode(self.expect(L.RIGHT_DELIM, "end").pos, self.st.tree)
        if typ == L.IF:
            return IfNode(*self.parse_control("if"))
        if typ == L.RANGE:
            return RangeNode(*self.parse_control("range"))
        if typ == L.TEMPLATE:
            return self.template_control()
        if typ == L.WITH:
            return WithNode(*self.parse_control("with"))
        self.backup()
        item = self.peek()
        return ActionNode(item.pos, self.st.tree, item.line, self.pipeline("command", L.RIGHT_DELIM))

    def loop_control(self, keyword: L.Item) -> Node:
        name = "{{break}}" if keyword.typ == L.BREAK else "{{continue}}"
        item = self.next_non_space()
        if item.typ != L.RIGHT_DELIM:
            self.unexpected(item, name)
        if self.st.range_depth == 0:
            self.errorf(f"{name} outside {{{{range}}}}")
        cls = BreakNode if keyword.typ == L.BREAK else ContinueNode
        return cls(keyword.pos, self.st.tree, keyword.line)

    def else_control(self) -> Node:
        peek = self.peek_non_space()
        if peek.typ in (L.IF, L.WITH):
            return ElseNode(peek.pos, self.st.tree, peek.line)
        item = self.expect(L.RIGHT_DELIM, "else")
        return ElseNode(item.pos, self.st.tree, item.line)

    def parse_control(self, context: str) -> tuple:
        st = self.st
        mark = len(st.vars)
        self.enter()
        try:
            pipe = self.pipeline(context, L.RIGHT_DELIM)
            if context == "range":
                st.range_depth += 1
            body, nxt = self.item_list()
            if context == "range":
                st.range_depth -= 1
            else_list = None
            if isinstance(nxt, ElseNode):
                if context == "if" and self.peek().typ == L.IF:
                    self.next()
                    else_list = ListNode(nxt.pos, st.tree)
                    else_list.nodes.append(IfNode(*self.parse_control("if")))
                elif context == "with" and self.peek().typ == L.WITH:
                    self.next()
                    else_list = ListNode(nxt.pos, st.tree)
                    else_list.nodes.append(WithNode(*self.parse_control("with")))
                else:
                    else_list, nxt = self.item_list()
                    if not isinstance(nxt, EndNode):
                        self.errorf(f"expected end; found {nxt.string()}")
            return pipe.pos, st.tree, pipe.line, pipe, body, else_list
        finally:
            del st.vars[mark:]
            self.depth -= 1

    def block_control(self) -> Node:
        context = "block clause"
        item = self.next_non_space()
        name = self.template_name(item, context)
        pipe = self.pipeline(context, L.RIGHT_DELIM)
        tree, saved = self._sub_tree(name)
        tree.root, end = self.item_list()
        if not isinstance(end, EndNode):
            self.st = saved
            self.errorf(f"unexpected {end.string()} in {context}")
        self.add(tree)
        self.st = saved
        return TemplateNode(item.pos, self.st.tree, item.line, name, pipe)

    def template_control(self) -> Node:
        context = "template clause"
        item = self.next_non_space()
        name = self.template_name(item, context)
        pipe = None
        if self.next_non_space().typ != L.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, L.RIGHT_DELIM)
        return TemplateNode(item.pos, self.st.tree, item.line, name, pipe)

    def template_name(self, item: L.Item, context: str) -> str:
        if item.typ in (L.STRING, L.RAW_STRING):
            return self._unquote(item.val)
        self.unexpected(item, context)
        raise AssertionError("unreachable")

    def _unquote(self, token: str) -> str:
        try:
            return unquote(token)
        except GoSyntaxError as err:
            self.errorf(str(err))
            raise AssertionError("unreachable") from None

    # -- pipelines -------------------------------------------------------------------

    def pipeline(self, context: str, end: int) -> PipeNode:
        st = self.st
        first = self.peek_non_space()
        pipe = PipeNode(first.pos, st.tree, first.line)
        while True:  # Go's "decls:" label
            v = self.peek_non_space()
            if v.typ != L.VARIABLE:
                break
            mark = self.i
            self.next()
            after = self.peek()
            nxt = self.peek_non_space()
            if nxt.typ in (L.ASSIGN, L.DECLARE):
                pipe.is_assign = nxt.typ == L.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, st.tree, v.val))
                st.vars.append(v.val)
            elif nxt.typ == L.CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, st.tree, v.val))
                st.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (L.VARIABLE, L.RIGHT_DELIM, L.RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            else:
                del after
                self.i = mark
            break
        while True:
            item = self.next_non_space()
            if item.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if item.typ in _OPERAND_START:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(item, context)

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            self.errorf(f"missing value for {context}")
        for i, cmd in enumerate(pipe.cmds[1:]):
            if isinstance(cmd.args[0], _LITERALS):
                self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> CommandNode:
        cmd = CommandNode(self.peek_non_space().pos, self.st.tree)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            item = self.next()
            if item.typ == L.SPACE:
                continue
            if item.typ in (L.RIGHT_DELIM, L.RIGHT_PAREN):
                self.backup()
            elif item.typ != L.PIPE:
                self.unexpected(item, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == L.FIELD:
            chain = ChainNode(self.peek().pos, self.st.tree, node)
            while self.peek().typ == L.FIELD:
                chain.add(self.next().val)
            if isinstance(node, FieldNode):
                node = FieldNode(chain.pos, self.st.tree, chain.string())
            elif isinstance(node, VariableNode):
                node = VariableNode(chain.pos, self.st.tree, chain.string())
            elif isinstance(node, _LITERALS):
                self.errorf(f"unexpected . after term {quote(node.string())}")
            else:
                node = chain
        return node

    def term(self) -> Node | None:
        item = self.next_non_space()
        typ = item.typ
        tree = self.st.tree
        if typ == L.IDENTIFIER:
            if not self.has_function(item.val):
                self.errorf(f"function {quote(item.val)} not defined")
            return IdentifierNode(item.pos, tree, item.val)
        if typ == L.DOT:
            return DotNode(item.pos, tree)
        if typ == L.NIL:
            return NilNode(item.pos, tree)
        if typ == L.VARIABLE:
            node = VariableNode(item.pos, tree, item.val)
            if node.ident[0] not in self.st.vars:
                self.errorf(f"undefined variable {quote(node.ident[0])}")
            return node
        if typ == L.FIELD:
            return FieldNode(item.pos, tree, item.val)
        if typ == L.BOOL:
            return BoolNode(item.pos, tree, item.val == "true")
        if typ in (L.CHAR_CONSTANT, L.COMPLEX, L.NUMBER):
            number = NumberNode(item.pos, tree, item.val)
            try:
                fill_number(number, typ == L.CHAR_CONSTANT, typ == L.COMPLEX)
            except GoSyntaxError as err:
                self.errorf(str(err))
            return number
        if typ == L.LEFT_PAREN:
            self.enter()
            pipe = self.pipeline("parenthesized pipeline", L.RIGHT_PAREN)
            self.depth -= 1
            return pipe
        if typ in (L.STRING, L.RAW_STRING):
            return StringNode(item.pos, tree, item.val, self._unquote(item.val))
        self.backup()
        return None


def parse(name: str, text: str, has_function: Callable[[str], bool]) -> dict[str, Tree]:
    """Parse one text: its own tree (named ``name``) and every define/block in it."""
    return Parser(name, text, has_function).parse()
