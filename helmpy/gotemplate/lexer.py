"""Go's text/template lexer (text/template/parse/lex.go, Go 1.22+ semantics).

The text is scanned eagerly into a list of :class:`Item`; a lexical error becomes a final
``ERROR`` item, which the parser meets at the same point Go's lazy lexer would produce it.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Item types (the order matters: keywords come after KEYWORD, as in Go).
ERROR, BOOL, CHAR, CHAR_CONSTANT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, \
    LEFT_DELIM, LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, \
    STRING, TEXT, VARIABLE, KEYWORD, BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, \
    NIL, RANGE, TEMPLATE, WITH = range(34)

KEYWORDS = {
    ".": DOT, "block": BLOCK, "break": BREAK, "continue": CONTINUE, "define": DEFINE,
    "else": ELSE, "end": END, "if": IF, "range": RANGE, "nil": NIL, "template": TEMPLATE,
    "with": WITH,
}

LEFT = "{{"
RIGHT = "}}"
SPACE_CHARS = " \t\r\n"
_SPACES = re.compile(r"[ \t\r\n]*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]*")


class Item(NamedTuple):
    typ: int
    pos: int
    val: str
    line: int

    def describe(self) -> str:
        """Go's item.String(), used in parse error messages."""
        from helmpy.gotemplate.gostrconv import quote

        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ > KEYWORD:
            return "<" + self.val + ">"
        if len(self.val) > 10:
            return _quote_prefix(self.val)
        return quote(self.val)


def _quote_prefix(val: str) -> str:
    """Go's %.10q: quote the first ten runes, then '...'."""
    from helmpy.gotemplate.gostrconv import quote

    return quote(val[:10]) + "..."


def _is_alnum(ch: str) -> bool:
    if ch == "_":
        return True
    if ch.isalpha():
        return True
    return unicodedata.category(ch) == "Nd"


def go_rune_repr(ch: str) -> str:
    """Go's %#U: U+0023 '#'."""
    code = ord(ch)
    text = f"U+{code:04X}"
    if ch.isprintable():
        text += f" '{ch}'"
    return text


class Lexer:
    """Scans ``text`` into items; ``break_ok``/``continue_ok`` follow Go's lexOptions."""

    def __init__(self, text: str, break_ok: bool = True, continue_ok: bool = True) -> None:
        self.text = text
        self.n = len(text)
        self.pos = 0
        self.start = 0
        self.items: list[Item] = []
        self.paren_depth = 0
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self._line = 1  # line number at offset _line_pos; items are emitted in order
        self._line_pos = 0

    # -- helpers ---------------------------------------------------------------------

    def line_at(self, pos: int) -> int:
        if pos > self._line_pos:
            self._line += self.text.count("\n", self._line_pos, pos)
            self._line_pos = pos
        elif pos < self._line_pos:
            return self._line - self.text.count("\n", pos, self._line_pos)
        return self._line

    def emit(self, typ: int) -> None:
        self.items.append(Item(typ, self.start, self.text[self.start:self.pos],
                               self.line_at(self.start)))
        self.start = self.pos

    def error(self, message: str) -> None:
        self.items.append(Item(ERROR, self.start, message, self.line_at(self.start)))

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < self.n else ""

    def at_right_delim(self) -> tuple[bool, bool]:
        text, pos = self.text, self.pos
        if (pos + 1 < self.n and text[pos] in SPACE_CHARS and text[pos + 1] == "-"
                and text.startswith(RIGHT, pos + 2)):
            return True, True
        if text.startswith(RIGHT, pos):
            return True, False
        return False, False

    def at_terminator(self) -> bool:
        ch = self.peek()
        return ch == "" or ch in " \t\r\n.,|:)(}"

    # -- states ----------------------------------------------------------------------

    def run(self) -> list[Item]:
        state = self.lex_text
        while state is not None:
            state = state()
        return self.items

    def lex_text(self):  # noqa: ANN201 - state functions return the next state
        text = self.text
        x = text.find(LEFT, self.pos)
        if x < 0:
            self.pos = self.n
            if self.pos > self.start:
                self.emit(TEXT)
            self.emit(EOF)
            return None
        if x > self.pos:
            end = x
            after = x + len(LEFT)
            if after + 1 < self.n and text[after] == "-" and text[after + 1] in SPACE_CHARS:
                end = self.start + len(text[self.start:x].rstrip(SPACE_CHARS))
            if end > self.start:
                self.items.append(Item(TEXT, self.start, text[self.start:end],
                                       self.line_at(self.start)))
            self.pos = self.start = x
        return self.lex_left_delim

    def lex_left_delim(self):  # noqa: ANN201
        text = self.text
        self.pos += len(LEFT)
        trim = (self.pos + 1 < self.n and text[self.pos] == "-"
                and text[self.pos + 1] in SPACE_CHARS)
        after = 2 if trim else 0
        if text.startswith("/*", self.pos + after):
            self.pos += after
            self.start = self.pos
            return self.lex_comment
        self.emit(LEFT_DELIM)
        self.pos += after
        self.start = self.pos
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self):  # noqa: ANN201
        self.pos += 2
        x = self.text.find("*/", self.pos)
        if x < 0:
            self.error("unclosed comment")
            return None
        self.pos = x + 2
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
            return None
        if trim:
            self.pos += 2
        self.pos += len(RIGHT)
        if trim:
            self.pos = _SPACES.match(self.text, self.pos).end()
        self.start = self.pos
        return self.lex_text

    def lex_right_delim(self):  # noqa: ANN201
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.start = self.pos
        self.pos += len(RIGHT)
        self.emit(RIGHT_DELIM)
        if trim:
            self.pos = _SPACES.match(self.text, self.pos).end()
            self.start = self.pos
        return self.lex_text

    def lex_inside_action(self):  # noqa: ANN201
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            self.error("unclosed left paren")
            return None
        if self.pos >= self.n:
            self.error("unclosed action")
            return None
        ch = self.text[self.pos]
        self.pos += 1
        if ch in SPACE_CHARS:
            self.pos -= 1
            return self.lex_space
        if ch == "=":
            self.emit(ASSIGN)
        elif ch == ":":
            if self.peek() != "=":
                self.error("expected :=")
                return None
            self.pos += 1
            self.emit(DECLARE)
        elif ch == "|":
            self.emit(PIPE)
        elif ch == '"':
            return self.lex_quote
        elif ch == "`":
            return self.lex_raw_quote
        elif ch == "$":
            return self.lex_variable
        elif ch == "'":
            return self.lex_char
        elif ch == "." and self.pos < self.n and not "0" <= self.text[self.pos] <= "9":
            return self.lex_field
        elif ch in "+-." or "0" <= ch <= "9":
            self.pos -= 1
            return self.lex_number
        elif _is_alnum(ch):
            self.pos -= 1
            return self.lex_identifier
        elif ch == "(":
            self.paren_depth += 1
            self.emit(LEFT_PAREN)
        elif ch == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.error("unexpected right paren")
                return None
            self.emit(RIGHT_PAREN)
        elif ord(ch) < 128 and ch.isprintable():
            self.emit(CHAR)
        else:
            self.error(f"unrecognized character in action: {go_rune_repr(ch)}")
            return None
        return self.lex_inside_action

    def lex_space(self):  # noqa: ANN201
        text = self.text
        end = _SPACES.match(text, self.pos).end()
        spaces = end - self.pos
        self.pos = end
        # A trim-marked right delimiter starts with a space: leave that space to it.
        if (text.startswith("-", end) and text.startswith(RIGHT, end + 1)):
            self.pos -= 1
            if spaces == 1:
                return self.lex_right_delim
        self.emit(SPACE)
        return self.lex_inside_action

    def _scan_alnum(self) -> None:
        text = self.text
        self.pos = _ASCII_WORD.match(text, self.pos).end()
        while self.pos < self.n and _is_alnum(text[self.pos]):
            self.pos = _ASCII_WORD.match(text, self.pos + 1).end()

    def lex_identifier(self):  # noqa: ANN201
        self._scan_alnum()
        word = self.text[self.start:self.pos]
        if not self.at_terminator():
            self.error(f"bad character {go_rune_repr(self.peek())}")
            return None
        kw = KEYWORDS.get(word)
        if kw is not None and kw > KEYWORD:
            if (kw == BREAK and not self.break_ok) or (kw == CONTINUE and not self.continue_ok):
                self.emit(IDENTIFIER)
            else:
                self.emit(kw)
        elif word in ("true", "false"):
            self.emit(BOOL)
        else:
            self.emit(IDENTIFIER)
        return self.lex_inside_action

    def lex_field(self):  # noqa: ANN201
        return self._field_or_variable(FIELD)

    def lex_variable(self):  # noqa: ANN201
        if self.at_terminator():
            self.emit(VARIABLE)
            return self.lex_inside_action
        return self._field_or_variable(VARIABLE)

    def _field_or_variable(self, typ: int):  # noqa: ANN202
        if self.at_terminator():
            self.emit(VARIABLE if typ == VARIABLE else DOT)
            return self.lex_inside_action
        self._scan_alnum()
        if not self.at_terminator():
            self.error(f"bad character {go_rune_repr(self.peek())}")
            return None
        self.emit(typ)
        return self.lex_inside_action

    def lex_char(self):  # noqa: ANN201
        return self._lex_quoted("'", CHAR_CONSTANT, "unterminated character constant")

    def lex_quote(self):  # noqa: ANN201
        return self._lex_quoted('"', STRING, "unterminated quoted string")

    def _lex_quoted(self, closing: str, item_type: int, unterminated: str):  # noqa: ANN202
        """Scan to ``closing``, skipping backslash escapes; a newline or the end of the text
        first is Go's "unterminated" error."""
        text = self.text
        while True:
            ch = text[self.pos] if self.pos < self.n else ""
            self.pos += 1
            if ch == "\\":
                nxt = text[self.pos] if self.pos < self.n else ""
                self.pos += 1
                if nxt not in ("", "\n"):
                    continue
                self.error(unterminated)
                return None
            if ch in ("", "\n"):
                self.error(unterminated)
                return None
            if ch == closing:
                break
        self.emit(item_type)
        return self.lex_inside_action

    def lex_raw_quote(self):  # noqa: ANN201
        x = self.text.find("`", self.pos)
        if x < 0:
            self.error("unterminated raw quoted string")
            return None
        self.pos = x + 1
        self.emit(RAW_STRING)
        return self.lex_inside_action

    def lex_number(self):  # noqa: ANN201
        if not self._scan_number():
            self.error(f"bad number syntax: {_go_quote(self.text[self.start:self.pos])}")
            return None
        if self.peek() in ("+", "-"):
            if not self._scan_number() or self.text[self.pos - 1] != "i":
                self.error(f"bad number syntax: {_go_quote(self.text[self.start:self.pos])}")
                return None
            self.emit(COMPLEX)
        else:
            self.emit(NUMBER)
        return self.lex_inside_action

    def _accept(self, valid: str) -> bool:
        if self.pos < self.n and self.text[self.pos] in valid:
            self.pos += 1
            return True
        return False

    def _accept_run(self, valid: str) -> None:
        while self.pos < self.n and self.text[self.pos] in valid:
            self.pos += 1

    def _scan_number(self) -> bool:
        self._accept("+-")
        digits = "0123456789_"
        if self._accept("0"):
            if self._accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self._accept("oO"):
                digits = "01234567_"
            elif self._accept("bB"):
                digits = "01_"
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if len(digits) == 11 and self._accept("eE"):
            self._accept("+-")
            self._accept_run("0123456789_")
        if len(digits) == 23 and self._accept("pP"):
            self._accept("+-")
            self._accept_run("0123456789_")
        self._accept("i")
        if self.pos < self.n and _is_alnum(self.text[self.pos]):
            self.pos += 1
            return False
        return True


def _go_quote(text: str) -> str:
    from helmpy.gotemplate.gostrconv import quote

    return quote(text)


def lex(text: str, break_ok: bool = True, continue_ok: bool = True) -> list[Item]:
    return Lexer(text, break_ok, continue_ok).run()
