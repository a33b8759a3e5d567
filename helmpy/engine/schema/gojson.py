"""Reading values.schema.json as the jsonschema library does: Go's encoding/json Decoder.

The schema text is decoded with ``UseNumber`` (numbers keep their literal text, see
:class:`JsonNumber`), a second top-level value is refused, and a syntax error reads exactly
like Go's (``invalid character 'x' after object key:value pair``, ``unexpected EOF``).
"""
from __future__ import annotations

from typing import Any

from helmpy.engine.schema.messages import JsonNumber
from helmpy.goyaml.gojson_decode import quote_byte

MAX_DEPTH = 10000  # encoding/json's maxNestingDepth
_SPACE = b" \t\r\n"
_DIGITS = b"0123456789"
_HEX = b"0123456789abcdefABCDEF"
_ESCAPES = {ord('"'): '"', ord("\\"): "\\", ord("/"): "/", ord("b"): "\b", ord("f"): "\f",
            ord("n"): "\n", ord("r"): "\r", ord("t"): "\t"}


class GoJSONError(Exception):
    """A decoding failure; ``str()`` is Go's error text."""


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.depth = 0

    def fail(self, context: str) -> GoJSONError:
        if self.pos >= len(self.data):
            return GoJSONError("unexpected EOF")
        return GoJSONError(f"invalid character {quote_byte(self.data[self.pos])} {context}")

    def peek(self) -> int | None:
        return self.data[self.pos] if self.pos < len(self.data) else None

    def skip_space(self) -> None:
        data, pos = self.data, self.pos
        while pos < len(data) and data[pos] in _SPACE:
            pos += 1
        self.pos = pos

    def value(self) -> Any:
        """One value; the reader stands on its first byte (after whitespace)."""
        byte = self.peek()
        if byte is None:
            raise self.fail("")
        if byte == ord("{"):
            return self.obj()
        if byte == ord("["):
            return self.arr()
        if byte == ord('"'):
            return self.string()
        if byte == ord("-") or byte in _DIGITS:
            return self.number()
        for word, result in ((b"true", True), (b"false", False), (b"null", None)):
            if byte == word[0]:
                return self.literal(word, result)
        raise self.fail("looking for beginning of value")

    def push(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("exceeded max depth")
        self.pos += 1

    def obj(self) -> dict[str, Any]:
        self.push()
        out: dict[str, Any] = {}
        self.skip_space()
        if self.peek() == ord("}"):
            self.pos += 1
            self.depth -= 1
            return out
        while True:
            if self.peek() != ord('"'):
                raise self.fail("looking for beginning of object key string")
            key = self.string()
            self.skip_space()
            if self.peek() != ord(":"):
                raise self.fail("after object key")
            self.pos += 1
            self.skip_space()
            out[key] = self.value()
            self.skip_space()
            byte = self.peek()
            if byte == ord(","):
                self.pos += 1
                self.skip_space()
                continue
            if byte == ord("}"):
                self.pos += 1
                self.depth -= 1
                return out
            raise self.fail("after object key:value pair")

    def arr(self) -> list[Any]:
        self.push()
        out: list[Any] = []
        self.skip_space()
        if self.peek() == ord("]"):
            self.pos += 1
            self.depth -= 1
            return out
        while True:
            out.append(self.value())
            self.skip_space()
            byte = self.peek()
            if byte == ord(","):
                self.pos += 1
                self.skip_space()
                continue
            if byte == ord("]"):
                self.pos += 1
                self.depth -= 1
                return out
            raise self.fail("after array element")

    def literal(self, word: bytes, result: Any) -> Any:
        name = word.decode()
        for i in range(1, len(word)):
            self.pos += 1
            if self.peek() != word[i]:
                raise self.fail(f"in literal {name} (expecting {quote_byte(word[i])})")
        self.pos += 1
        return result

    def number(self) -> JsonNumber:
        start = self.pos
        if self.peek() == ord("-"):
            self.pos += 1
            if self.peek() is None or self.peek() not in _DIGITS:
                raise self.fail("in numeric literal")
        if self.peek() == ord("0"):
            self.pos += 1
        else:
            self.digits()
        if self.peek() == ord("."):
            self.pos += 1
            if self.peek() is None or self.peek() not in _DIGITS:
                raise self.fail("after decimal point in numeric literal")
            self.digits()
        if self.peek() in (ord("e"), ord("E")):
            self.pos += 1
            if self.peek() in (ord("+"), ord("-")):
                self.pos += 1
            if self.peek() is None or self.peek() not in _DIGITS:
                raise self.fail("in exponent of numeric literal")
            self.digits()
        return JsonNumber(self.data[start:self.pos].decode())

    def digits(self) -> None:
        data, pos = self.data, self.pos
        while pos < len(data) and data[pos] in _DIGITS:
            pos += 1
        self.pos = pos

    def string(self) -> str:
        self.pos += 1
        data = self.data
        parts: list[str] = []
        chunk_start = self.pos
        while True:
            if self.pos >= len(data):
                raise GoJSONError("unexpected EOF")
            byte = data[self.pos]
            if byte == ord('"'):
                parts.append(data[chunk_start:self.pos].decode("utf-8", "replace"))
                self.pos += 1
                return "".join(parts)
            if byte < 0x20:
                raise self.fail("in string literal")
            if byte != ord("\\"):
                self.pos += 1
                continue
            parts.append(data[chunk_start:self.pos].decode("utf-8", "replace"))
            self.pos += 1
            parts.append(self.escape())
            chunk_start = self.pos

    def escape(self) -> str:
        byte = self.peek()
        if byte is None:
            raise GoJSONError("unexpected EOF")
        if byte in _ESCAPES:
            self.pos += 1
            return _ESCAPES[byte]
        if byte != ord("u"):
            raise self.fail("in string escape code")
        code = self.hex4()
        if 0xD800 <= code < 0xDC00 and self.data[self.pos:self.pos + 2] == b"\\u":
            saved = self.pos
            self.pos += 1
            low = self.hex4()
            if 0xDC00 <= low < 0xE000:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
            self.pos = saved
        if 0xD800 <= code < 0xE000:
            return "\ufffd"
        return chr(code)

    def hex4(self) -> int:
        self.pos += 1
        for _ in range(4):
            byte = self.peek()
            if byte is None:
                raise GoJSONError("unexpected EOF")
            if byte not in _HEX:
                raise self.fail("in \\u hexadecimal character escape")
            self.pos += 1
        return int(self.data[self.pos - 4:self.pos], 16)


def decode_schema(data: bytes) -> Any:
    """jsonschema.UnmarshalJSON: one JSON document, numbers as :class:`JsonNumber`."""
    reader = _Reader(data)
    reader.skip_space()
    if reader.pos >= len(data):
        raise GoJSONError("EOF")
    try:
        value = reader.value()
    except RecursionError:
        # Go nests up to 10000 levels; Python's stack gives out first. No real schema
        # comes close, so a clear refusal beats a traceback.
        raise GoJSONError("schema nesting exceeds the supported depth") from None
    reader.skip_space()
    if reader.pos < len(data):
        raise GoJSONError("invalid character after top-level value")
    return value
