"""Go literal syntax as text/template reads it: strconv.Unquote/UnquoteChar, ParseInt,
ParseUint and ParseFloat with base prefixes and underscores, and parse.newNumber."""
from __future__ import annotations

import re

from helmpy.gotemplate.nodes import NumberNode

_SIMPLE = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
_HEX = "0123456789abcdefABCDEF"
MAX_UINT64 = (1 << 64) - 1
MIN_INT64 = -(1 << 63)
MAX_INT64 = (1 << 63) - 1


class GoSyntaxError(ValueError):
    """strconv.ErrSyntax and friends; ``str()`` is Go's message."""


def unquote_char(s: str, i: int, quote: str) -> tuple[int, bool, int]:
    """strconv.UnquoteChar on ``s[i:]``: (value, is_byte, next index).

    ``is_byte`` marks \\x and octal escapes, which stand for one byte, not a rune.
    """
    if i >= len(s):
        raise GoSyntaxError("invalid syntax")
    c = s[i]
    if c == quote and quote in "'\"":
        raise GoSyntaxError("invalid syntax")
    if c != "\\":
        return ord(c), False, i + 1
    if i + 1 >= len(s):
        raise GoSyntaxError("invalid syntax")
    c = s[i + 1]
    i += 2
    if c in _SIMPLE:
        return _SIMPLE[c], False, i
    if c in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[c]
        digits = s[i:i + size]
        if len(digits) < size or any(d not in _HEX for d in digits):
            raise GoSyntaxError("invalid syntax")
        value = int(digits, 16)
        if c == "x":
            return value, True, i + size
        if value > 0x10FFFF or 0xD800 <= value < 0xE000:
            raise GoSyntaxError("invalid syntax")
        return value, False, i + size
    if "0" <= c <= "7":
        digits = s[i - 1:i + 2]
        if len(digits) < 3 or any(not "0" <= d <= "7" for d in digits):
            raise GoSyntaxError("invalid syntax")
        value = int(digits, 8)
        if value > 255:
            raise GoSyntaxError("invalid syntax")
        return value, True, i + 2
    if c in "'\"":
        if c != quote:
            raise GoSyntaxError("invalid syntax")
        return ord(c), False, i
    raise GoSyntaxError("invalid syntax")


def unquote(token: str) -> str:
    """strconv.Unquote for a double-quoted or back-quoted string token."""
    if len(token) < 2 or token[0] != token[-1]:
        raise GoSyntaxError("invalid syntax")
    body = token[1:-1]
    if token[0] == "`":
        if "`" in body:
            raise GoSyntaxError("invalid syntax")
        return body.replace("\r", "")
    if token[0] != '"' or "\n" in body:
        raise GoSyntaxError("invalid syntax")
    if "\\" not in body and '"' not in body:
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        value, is_byte, i = unquote_char(body, i, '"')
        if is_byte or value < 0x80:
            out.append(value)
        else:
            out += chr(value).encode("utf-8", "surrogatepass")
    return out.decode("utf-8", "surrogateescape")


def _underscore_ok(s: str) -> bool:
    saw = "^"
    i = 0
    if s[:1] in ("+", "-"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i = 2
        saw = "0"
        hexa = s[1].lower() == "x"
    while i < len(s):
        ch = s[i]
        if "0" <= ch <= "9" or (hexa and "a" <= ch.lower() <= "f"):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def parse_uint(s: str) -> int:
    """strconv.ParseUint(s, 0, 64)."""
    if not s:
        raise GoSyntaxError("invalid syntax")
    s0 = s
    base = 10
    if s[0] == "0":
        if len(s) >= 3 and s[1].lower() in "box":
            base = {"b": 2, "o": 8, "x": 16}[s[1].lower()]
            s = s[2:]
        else:
            base = 8
            s = s[1:]
            if not s:
                return 0
    digits = s.replace("_", "")
    if not digits or "+" in digits or "-" in digits or " " in digits:
        raise GoSyntaxError("invalid syntax")
    try:
        value = int(digits, base)
    except ValueError:
        raise GoSyntaxError("invalid syntax") from None
    if "_" in s0 and not _underscore_ok(s0):
        raise GoSyntaxError("invalid syntax")
    if value > MAX_UINT64:
        raise GoSyntaxError("value out of range")
    return value


def parse_int(s: str) -> int:
    """strconv.ParseInt(s, 0, 64)."""
    if not s:
        raise GoSyntaxError("invalid syntax")
    neg = s[0] == "-"
    body = s[1:] if s[0] in "+-" else s
    value = parse_uint(body)
    if "_" in s and not _underscore_ok(s):
        raise GoSyntaxError("invalid syntax")
    value = -value if neg else value
    if not MIN_INT64 <= value <= MAX_INT64:
        raise GoSyntaxError("value out of range")
    return value


_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?\Z")
_HEX_FLOAT = re.compile(
    r"([+-]?)0[xX]((?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+))[pP]([+-]?[0-9_]+)\Z")


def parse_float(s: str) -> float:
    """strconv.ParseFloat(s, 64) for the number forms the lexer produces."""
    if "_" in s and not _underscore_ok(s):
        raise GoSyntaxError("invalid syntax")
    m = _HEX_FLOAT.match(s)
    if m:
        mant = m.group(2).replace("_", "")
        value = float.fromhex(f"{m.group(1)}0x{mant}p{m.group(3).replace('_', '')}")
    elif _DEC_FLOAT.match(s) and any(ch.isdigit() for ch in s):
        value = float(s.replace("_", ""))
    else:
        raise GoSyntaxError("invalid syntax")
    if value in (float("inf"), float("-inf")):
        raise GoSyntaxError("value out of range")
    return value


def fill_number(n: NumberNode, is_char: bool, is_complex: bool) -> None:
    """parse.newNumber: set the node's int/uint/float views; raises GoSyntaxError."""
    text = n.text
    if is_char:
        value, is_byte, end = unquote_char(text, 1, text[0])
        if text[end:] != "'":
            raise GoSyntaxError(f"malformed character constant: {text}")
        n.int64 = n.uint64 = value
        n.float64 = float(value)
        n.is_int = n.is_uint = n.is_float = True
        return
    if is_complex:
        raise GoSyntaxError(f"complex constants are not supported: {text}")
    if text.endswith("i"):
        try:
            parse_float(text[:-1])
        except GoSyntaxError:
            pass
        else:  # Go would make a complex128; Helm charts never need one
            raise GoSyntaxError(f"imaginary constants are not supported: {text}")
    try:
        n.uint64 = parse_uint(text)
        n.is_uint = True
    except GoSyntaxError:
        pass
    try:
        n.int64 = parse_int(text)
        n.is_int = True
        if n.int64 == 0:
            n.is_uint = True
    except GoSyntaxError:
        pass
    if n.is_int:
        n.is_float = True
        n.float64 = float(n.int64)
    elif n.is_uint:
        n.is_float = True
        n.float64 = float(n.uint64)
    else:
        try:
            f = parse_float(text)
        except GoSyntaxError:
            pass
        else:
            if not any(ch in text for ch in ".eEpP"):
                raise GoSyntaxError(f"integer overflow: {_quote(text)}")
            n.is_float = True
            n.float64 = f
            if f == int(f) and MIN_INT64 <= f <= MAX_INT64:
                n.is_int = True
                n.int64 = int(f)
            if f == int(f) and 0 <= f <= MAX_UINT64:
                n.is_uint = True
                n.uint64 = int(f)
    if not (n.is_int or n.is_uint or n.is_float):
        raise GoSyntaxError(f"illegal number syntax: {_quote(text)}")


def _quote(text: str) -> str:
    from helmpy.gotemplate.gostrconv import quote

    return quote(text)
