"""Sprig's string functions (strings.go, goutils, xstrings) with Go's exact behaviour.

Several of them count and cut UTF-8 *bytes* (trunc, substr, abbrev, wrap) or even treat
each byte as a Latin-1 rune (nospace, initials), as the Go code they copy does.
Sprig takes the subject string last so that pipelines read naturally.
"""
from __future__ import annotations

import random
from typing import Any

from helmpy.funcs.gostrings import (
    from_bytes,
    go_lower,
    go_repeat,
    go_runes,
    go_split,
    go_title,
    go_upper,
    is_lower,
    is_space,
    is_title,
    is_upper,
    to_bytes,
    to_lower_rune,
    to_title_rune,
    to_upper_rune,
    trim_space,
)
from helmpy.funcs.lists import strslice, strval
from helmpy.funcs.wordcase import to_pascal_case, to_snake_or_kebab
from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gostrconv import quote as go_quote
from helmpy.gotemplate.gotypes import INT, INTERFACE, STRING, FuncError, FuncTable, StrList

FUNCS = FuncTable()


class StringMap(dict):
    """A Go ``map[string]string`` (what split/splitn return): missing keys read as ""."""

    __slots__ = ()
    go_type = "map[string]string"


def _slice_error(low: int | None, high: int | None, length: int | None = None) -> FuncError:
    """Go's runtime panic text for a bad string slice."""
    lo = "" if low is None else str(low)
    hi = "" if high is None else str(high)
    suffix = f" with length {length}" if length is not None else ""
    return FuncError(f"runtime error: slice bounds out of range [{lo}:{hi}]{suffix}")


# -- trimming and case ---------------------------------------------------------------------
@FUNCS.register("trim", STRING)
def trim(s: str) -> str:
    return trim_space(s)


@FUNCS.register("trimAll", STRING, STRING)
def trim_all(cutset: str, s: str) -> str:
    return s.strip(cutset) if cutset else s


FUNCS.alias("trimall", "trimAll")


@FUNCS.register("trimPrefix", STRING, STRING)
def trim_prefix(prefix: str, s: str) -> str:
    return s[len(prefix) :] if prefix and s.startswith(prefix) else s


@FUNCS.register("trimSuffix", STRING, STRING)
def trim_suffix(suffix: str, s: str) -> str:
    return s[: len(s) - len(suffix)] if suffix and s.endswith(suffix) else s


@FUNCS.register("upper", STRING)
def upper(s: str) -> str:
    return go_upper(s)


@FUNCS.register("lower", STRING)
def lower(s: str) -> str:
    return go_lower(s)


@FUNCS.register("title", STRING)
def title(s: str) -> str:
    return go_title(s)


@FUNCS.register("untitle", STRING)
def untitle(s: str) -> str:
    """goutils.Uncapitalize: lower-case the first rune of each space-separated word."""
    out = []
    at_word_start = True
    for ch in go_runes(s):
        if is_space(ch):
            at_word_start = True
            out.append(ch)
        elif at_word_start:
            out.append(to_lower_rune(ch))
            at_word_start = False
        else:
            out.append(ch)
    return "".join(out)


@FUNCS.register("swapcase", STRING)
def swapcase(s: str) -> str:
    """goutils.SwapCase: lower-case letters after white space become title case."""
    out = []
    after_space = True
    for ch in go_runes(s):
        if is_upper(ch) or is_title(ch):
            out.append(to_lower_rune(ch))
            after_space = False
        elif is_lower(ch):
            out.append(to_title_rune(ch) if after_space else to_upper_rune(ch))
            after_space = False
        else:
            out.append(ch)
            after_space = is_space(ch)
    return "".join(out)


@FUNCS.register("snakecase", STRING)
def snakecase(s: str) -> str:
    return to_snake_or_kebab(s, "_")


@FUNCS.register("kebabcase", STRING)
def kebabcase(s: str) -> str:
    return to_snake_or_kebab(s, "-")


@FUNCS.register("camelcase", STRING)
def camelcase(s: str) -> str:
    return to_pascal_case(s)


@FUNCS.register("shuffle", STRING)
def shuffle(s: str) -> str:
    runes = list(s)
    random.shuffle(runes)
    return "".join(runes)


# -- cutting -------------------------------------------------------------------------------
@FUNCS.register("substr", INT, INT, STRING)
def substr(start: int, end: int, s: str) -> str:
    data = to_bytes(s)
    size = len(data)
    if start < 0:
        if end < 0:
            raise _slice_error(None, end)
        if end > size:
            raise _slice_error(None, end, size)
        return from_bytes(data[:end])
    if end < 0 or end > size:
        if start > size:
            raise _slice_error(start, size)
        return from_bytes(data[start:])
    if start > end:
        raise _slice_error(start, end)
    return from_bytes(data[start:end])


@FUNCS.register("trunc", INT, STRING)
def trunc(count: int, s: str) -> str:
    if s.isascii():
        size = len(s)
        if count < 0 and size + count > 0:
            return s[size + count :]
        if count >= 0 and size > count:
            return s[:count]
        return s
    data = to_bytes(s)
    size = len(data)
    if count < 0 and size + count > 0:
        return from_bytes(data[size + count :])
    if count >= 0 and size > count:
        return from_bytes(data[:count])
    return s


def _abbreviate_full(s: str, offset: int, max_width: int) -> str:
    """goutils.AbbreviateFull on bytes; its errors come back as the empty string."""
    data = to_bytes(s)
    size = len(data)
    if size == 0 or max_width < 4:
        return ""
    if size <= max_width:
        return s
    offset = min(offset, size)
    if size - offset < max_width - 3:
        offset = size - (max_width - 3)
    if offset <= 4:
        return from_bytes(data[: max_width - 3]) + "..."
    if max_width < 7:
        return ""
    if offset + max_width - 3 < size:
        return "..." + _abbreviate_full(from_bytes(data[offset:]), 0, max_width - 3)
    return "..." + from_bytes(data[size - (max_width - 3) :])


@FUNCS.register("abbrev", INT, STRING)
def abbrev(width: int, s: str) -> str:
    if width < 4:
        return s
    return _abbreviate_full(s, 0, width)


@FUNCS.register("abbrevboth", INT, INT, STRING)
def abbrevboth(left: int, right: int, s: str) -> str:
    if right < 4 or (left > 0 and right < 7):
        return s
    return _abbreviate_full(s, left, right)


@FUNCS.register("initials", STRING)
def initials(s: str) -> str:
    """goutils.Initials: byte-wise, each byte read as a Latin-1 rune."""
    out = []
    last_was_gap = True
    for byte in to_bytes(s):
        ch = chr(byte)
        if is_space(ch):
            last_was_gap = True
        elif last_was_gap:
            out.append(ch)
            last_was_gap = False
    return "".join(out)


@FUNCS.register("nospace", STRING)
def nospace(s: str) -> str:
    """goutils.DeleteWhiteSpace: byte-wise, so non-ASCII text turns into Latin-1 runes."""
    data = to_bytes(s)
    kept = [chr(b) for b in data if not is_space(chr(b))]
    if len(kept) == len(data):
        return s
    return "".join(kept)


def _wrap_custom(s: str, wrap_length: int, newline: str, wrap_long_words: bool) -> str:
    """goutils.WrapCustom, on bytes."""
    if s == "":
        return ""
    newline_bytes = to_bytes(newline or "\n")
    wrap_length = max(wrap_length, 1)
    data = to_bytes(s)
    size = len(data)
    offset = 0
    out = bytearray()
    while size - offset > wrap_length:
        if data[offset] == 0x20:
            offset += 1
            continue
        end = wrap_length + offset + 1
        space_at = data.rfind(b" ", offset, end)
        if space_at >= offset:
            out += data[offset:space_at] + newline_bytes
            offset = space_at + 1
        elif wrap_long_words:
            end = wrap_length + offset
            out += data[offset:end] + newline_bytes
            offset += wrap_length
        else:
            end = wrap_length + offset
            space_at = data.find(b" ", end)
            if space_at >= 0:
                out += data[offset:space_at] + newline_bytes
                offset = space_at + 1
            else:
                out += data[offset:]
                offset = size
    out += data[offset:]
    return from_bytes(bytes(out))


@FUNCS.register("wrap", INT, STRING)
def wrap(width: int, s: str) -> str:
    return _wrap_custom(s, width, "", False)


@FUNCS.register("wrapWith", INT, STRING, STRING)
def wrap_with(width: int, sep: str, s: str) -> str:
    return _wrap_custom(s, width, sep, True)


# -- searching and building ----------------------------------------------------------------
@FUNCS.register("contains", STRING, STRING)
def contains(substr_: str, s: str) -> bool:
    return substr_ in s


@FUNCS.register("hasPrefix", STRING, STRING)
def has_prefix(prefix: str, s: str) -> bool:
    return s.startswith(prefix)


@FUNCS.register("hasSuffix", STRING, STRING)
def has_suffix(suffix: str, s: str) -> bool:
    return s.endswith(suffix)


@FUNCS.register("repeat", INT, STRING)
def repeat(count: int, s: str) -> str:
    try:
        return go_repeat(s, count)
    except ValueError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("replace", STRING, STRING, STRING)
def replace(old: str, new: str, s: str) -> str:
    return s.replace(old, new)


@FUNCS.register("plural", STRING, STRING, INT)
def plural(one: str, many: str, count: int) -> str:
    return one if count == 1 else many


@FUNCS.register("indent", INT, STRING)
def indent(spaces: int, s: str) -> str:
    try:
        pad = go_repeat(" ", spaces)
    except ValueError as err:
        raise FuncError(str(err)) from None
    return pad + s.replace("\n", "\n" + pad)


@FUNCS.register("nindent", INT, STRING)
def nindent(spaces: int, s: str) -> str:
    return "\n" + indent(spaces, s)


@FUNCS.register("quote", variadic=INTERFACE)
def quote(*values: Any) -> str:
    return " ".join(go_quote(strval(v)) for v in values if v is not None)


@FUNCS.register("squote", variadic=INTERFACE)
def squote(*values: Any) -> str:
    return " ".join("'" + format_value(v) + "'" for v in values if v is not None)


@FUNCS.register("cat", variadic=INTERFACE)
def cat(*values: Any) -> str:
    return " ".join(format_value(v) for v in values if v is not None)


@FUNCS.register("toString", INTERFACE)
def to_string(value: Any) -> str:
    return strval(value)


@FUNCS.register("toStrings", INTERFACE)
def to_strings(value: Any) -> StrList:
    items = strslice(value)
    return items if isinstance(items, StrList) else StrList(items)


# -- splitting and joining -----------------------------------------------------------------
@FUNCS.register("split", STRING, STRING)
def split(sep: str, s: str) -> StringMap:
    return StringMap((f"_{i}", part) for i, part in enumerate(go_split(s, sep)))


@FUNCS.register("splitn", STRING, INT, STRING)
def splitn(sep: str, n: int, s: str) -> StringMap:
    return StringMap((f"_{i}", part) for i, part in enumerate(go_split(s, sep, n)))


@FUNCS.register("splitList", STRING, STRING)
def split_list(sep: str, s: str) -> StrList:
    return StrList(go_split(s, sep))


@FUNCS.register("join", STRING, INTERFACE)
def join(sep: str, value: Any) -> str:
    return sep.join(strslice(value))


@FUNCS.register("hello")
def hello() -> str:
    return "Hello!"
