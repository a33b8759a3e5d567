"""Go's ``strings``/``unicode`` behaviour that Python's str methods do not share.

Go maps case rune by rune with the *simple* Unicode mappings (``upper "straße"`` keeps
the ß), its notion of white space is narrower than ``str.isspace`` (no U+001C..U+001F),
and several Sprig helpers work on UTF-8 bytes rather than runes. Bytes that are not
valid UTF-8 are carried in ``str`` as surrogate escapes.
"""
from __future__ import annotations

import unicodedata

_LATIN1_SPACES = frozenset("\t\n\v\f\r \x85\xa0")


def is_space(ch: str) -> bool:
    """unicode.IsSpace."""
    if ch <= "\xff":
        return ch in _LATIN1_SPACES
    return ch.isspace()


def is_upper(ch: str) -> bool:
    """unicode.IsUpper (category Lu)."""
    if ch.isascii():
        return "A" <= ch <= "Z"
    return unicodedata.category(ch) == "Lu"


def is_lower(ch: str) -> bool:
    """unicode.IsLower (category Ll)."""
    if ch.isascii():
        return "a" <= ch <= "z"
    return unicodedata.category(ch) == "Ll"


def is_title(ch: str) -> bool:
    """unicode.IsTitle (category Lt)."""
    return unicodedata.category(ch) == "Lt"


def is_letter(ch: str) -> bool:
    """unicode.IsLetter."""
    return ch.isalpha()


def is_digit(ch: str) -> bool:
    """unicode.IsDigit (category Nd)."""
    if ch.isascii():
        return "0" <= ch <= "9"
    return unicodedata.category(ch) == "Nd"


def is_number(ch: str) -> bool:
    """unicode.IsNumber (category N)."""
    return unicodedata.category(ch)[0] == "N"


def is_punct(ch: str) -> bool:
    """unicode.IsPunct (category P)."""
    return unicodedata.category(ch)[0] == "P"


def to_upper_rune(ch: str) -> str:
    """unicode.ToUpper: the simple mapping (one rune to one rune)."""
    if ch.isascii():
        return ch.upper()
    upper = ch.upper()
    if len(upper) == 1:
        return upper
    title = ch.title()  # e.g. U+1FB3: full upper is two runes, simple upper is U+1FBC
    return title if len(title) == 1 and title != ch else ch


def to_lower_rune(ch: str) -> str:
    """unicode.ToLower: the simple mapping."""
    if ch.isascii():
        return ch.lower()
    lower = ch.lower()
    if len(lower) == 1:
        return lower
    return "i" if ch == "\u0130" else ch


def to_title_rune(ch: str) -> str:
    """unicode.ToTitle: the simple title-case mapping."""
    title = ch.title()
    if len(title) == 1:
        return title
    return to_upper_rune(ch)


def go_runes(s: str) -> str:
    """The runes Go sees ranging over a string: each invalid UTF-8 byte is U+FFFD."""
    if s.isascii() or not any(0xDC80 <= ord(ch) <= 0xDCFF for ch in s):
        return s
    return "".join("\ufffd" if 0xDC80 <= ord(ch) <= 0xDCFF else ch for ch in s)


def go_upper(s: str) -> str:
    """strings.ToUpper."""
    if s.isascii():
        return s.upper()
    return "".join(to_upper_rune(ch) for ch in go_runes(s))


def go_lower(s: str) -> str:
    """strings.ToLower."""
    if s.isascii():
        return s.lower()
    return "".join(to_lower_rune(ch) for ch in go_runes(s))


def trim_space(s: str) -> str:
    """strings.TrimSpace."""
    start, end = 0, len(s)
    while start < end and is_space(s[start]):
        start += 1
    while end > start and is_space(s[end - 1]):
        end -= 1
    return s[start:end]


def _is_title_separator(ch: str) -> bool:
    # strings.Title's word boundary rule.
    if ch.isascii():
        return not (ch.isalnum() or ch == "_")
    if is_letter(ch) or is_digit(ch):
        return False
    return is_space(ch)


def go_title(s: str) -> str:
    """strings.Title: title-case the first letter of each word."""
    out = []
    prev = " "
    for ch in go_runes(s):
        out.append(to_title_rune(ch) if _is_title_separator(prev) else ch)
        prev = ch
    return "".join(out)


def go_split(s: str, sep: str, n: int = -1) -> list[str]:
    """strings.SplitN (n < 0: all; n == 0: none); an empty sep splits into runes."""
    if n == 0:
        return []
    if sep == "":
        runes = list(s)
        if 0 < n < len(runes):
            return runes[: n - 1] + ["".join(runes[n - 1 :])]
        return runes
    if n < 0:
        return s.split(sep)
    return s.split(sep, n - 1)


def to_bytes(s: str) -> bytes:
    """A Go string's bytes."""
    return s.encode("utf-8", "surrogateescape")


def from_bytes(data: bytes) -> str:
    """A Go string from bytes (invalid UTF-8 kept as surrogate escapes)."""
    return data.decode("utf-8", "surrogateescape")


def go_repeat(s: str, count: int) -> str:
    """strings.Repeat with Go's panics."""
    if count < 0:
        raise ValueError("strings: negative Repeat count")
    if s and count and len(s) * count >= (1 << 63):
        raise ValueError("strings: Repeat output length overflow")
    return s * count
