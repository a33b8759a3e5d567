"""Decode one JSON value from the front of a string as Go's json.Decoder does.

``--set-json`` hands the rest of its input to a json.Decoder and keeps parsing after the
value it read, so helmpy needs the consumed length and Go's exact error texts
(``invalid character 'x' looking for beginning of value``, ``unexpected EOF``).
Numbers become float64, as when Go decodes into ``interface{}``.
"""
from __future__ import annotations

import math
import sys
from typing import Any

from helmpy.gotemplate.gostrconv import quote as go_quote

MAX_DEPTH = 10000
_WS = " \t\r\n"


class JSONDecodeFailure(Exception):
    """``str()`` is Go's encoding/json error text."""


def quote_byte(byte: int) -> str:
    """encoding/json's quoteChar: the offending byte, as Go shows it."""
    if byte == ord("'"):
        return "'\\''"
    if byte == ord('"'):
        return "'\"'"
    return "'" + go_quote(chr(byte))[1:-1] + "'"


def quote_char(ch: str) -> str:
    """quote_byte of the first UTF-8 byte of ``ch`` (Go reads bytes, not characters)."""
    return quote_byte(ch.encode("utf-8", "surrogatepass")[0])


class _Unexpected(Exception):
    pass


class Decoder:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.depth = 0
        self.type_error: str | None = None

    def peek(self) -> str | None:
        return self.s[self.i] if self.i < len(self.s) else None

    def fail(self, ch: str | None, context: str) -> JSONDecodeFailure:
        if ch is None:
            return JSONDecodeFailure("unexpected EOF")
        return JSONDecodeFailure(f"invalid character {quote_char(ch)} {context}")

    def skip_ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in _WS:
            self.i += 1

    def value(self) -> Any:
        self.skip_ws()
        ch = self.peek()
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.arr()
        if ch == '"':
            return self.string()
        if ch is not None and (ch == "-" or "0" <= ch <= "9"):
            return self.number()
        if ch in ("t", "f", "n"):
            return self.literal()
        raise self.fail(ch, "looking for beginning of value")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(self.s[self.i], "exceeded max depth")

    def obj(self) -> dict:
        self.enter()
        self.i += 1
        out: dict = {}
        self.skip_ws()
        if self.peek() == "}":
            self.i += 1
            self.depth -= 1
            return out
        while True:
            self.skip_ws()
            ch = self.peek()
            if ch != '"':
                raise self.fail(ch, "looking for beginning of object key string")
            key = self.string()
            self.skip_ws()
            ch = self.peek()
            if ch != ":":
                raise self.fail(ch, "after object key")
            self.i += 1
            out[key] = self.value()
            self.skip_ws()
            ch = self.peek()
            if ch == ",":
                self.i += 1
                continue
            if ch == "}":
                self.i += 1
                self.depth -= 1
                return out
            raise self.fail(ch, "after object key:value pair")

    def arr(self) -> list:
        self.enter()
        self.i += 1
        out: list = []
        self.skip_ws()
        if self.peek() == "]":
            self.i += 1
            self.depth -= 1
            return out
        while True:
            out.append(self.value())
            self.skip_ws()
            ch = self.peek()
            if ch == ",":
                self.i += 1
                continue
            if ch == "]":
                self.i += 1
                self.depth -= 1
                return out
            raise self.fail(ch, "after array element")

    def string(self) -> str:
        self.i += 1
        out: list[str] = []
        while True:
            ch = self.peek()
            if ch is None:
                raise self.fail(None, "")
            self.i += 1
            if ch == '"':
                return "".join(out)
            if ch < " ":
                raise self.fail(ch, "in string literal")
            if ch != "\\":
                out.append(ch)
                continue
            esc = self.peek()
            if esc is None:
                raise self.fail(None, "")
            self.i += 1
            simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n",
                      "r": "\r", "t": "\t"}
            if esc in simple:
                out.append(simple[esc])
            elif esc == "u":
                code = self.hex4()
                if 0xD800 <= code < 0xDC00:
                    save = self.i
                    if self.s[self.i:self.i + 2] == "\\u":
                        self.i += 2
                        low = self.hex4()
                        if 0xDC00 <= low < 0xE000:
                            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
                            continue
                    self.i = save
                    out.append("\ufffd")
                elif 0xDC00 <= code < 0xE000:
                    out.append("\ufffd")
                else:
                    out.append(chr(code))
            else:
                raise self.fail(esc, "in string escape code")

    def hex4(self) -> int:
        digits = ""
        for _ in range(4):
            ch = self.peek()
            if ch is None:
                raise self.fail(None, "")
            if ch not in "0123456789abcdefABCDEF":
                raise self.fail(ch, "in \\u hexadecimal character escape")
            digits += ch
            self.i += 1
        return int(digits, 16)

    def number(self) -> float:
        start = self.i
        if self.peek() == "-":
            self.i += 1
            ch = self.peek()
            if ch is None or not "0" <= ch <= "9":
                raise self.fail(ch, "in numeric literal")
        if self.peek() == "0":
            self.i += 1
        else:
            self._digits()
        if self.peek() == ".":
            self.i += 1
            ch = self.peek()
            if ch is None or not "0" <= ch <= "9":
                raise self.fail(ch, "after decimal point in numeric literal")
            self._digits()
        if self.peek() in ("e", "E"):
            self.i += 1
            if self.peek() in ("+", "-"):
                self.i += 1
            ch = self.peek()
            if ch is None or not "0" <= ch <= "9":
                raise self.fail(ch, "in exponent of numeric literal")
            self._digits()
        text = self.s[start:self.i]
        value = float(text)
        if math.isinf(value) and self.type_error is None:
            self.type_error = f"json: cannot unmarshal number {text} into Go value of type float64"
        return value

    def _digits(self) -> None:
        while (ch := self.peek()) is not None and "0" <= ch <= "9":
            self.i += 1

    def literal(self) -> Any:
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.s[self.i] == word[0]:
                self.i += 1
                for expected in word[1:]:
                    ch = self.peek()
                    if ch != expected:
                        raise self.fail(ch, f"in literal {word} (expecting {quote_char(expected)})")
                    self.i += 1
                return value
        raise AssertionError("unreachable")


def decode_prefix(text: str) -> tuple[Any, int]:
    """The first JSON value in ``text`` and how many characters it took (leading blanks too)."""
    decoder = Decoder(text)
    decoder.skip_ws()
    if decoder.peek() is None:
        raise JSONDecodeFailure("EOF")
    openers = text.count("[") + text.count("{")
    if openers > 200:
        # Python 3.11+ calls between Python functions use no C stack, so a higher limit
        # is safe; Go's own bound (MAX_DEPTH) stops the recursion well before it.
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, 3 * min(openers, MAX_DEPTH) + 1000))
        try:
            value = decoder.value()
        finally:
            sys.setrecursionlimit(old_limit)
    else:
        value = decoder.value()
    if decoder.type_error:
        raise JSONDecodeFailure(decoder.type_error)
    return value, decoder.i
