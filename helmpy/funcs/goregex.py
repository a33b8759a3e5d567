"""Go's ``regexp`` package: Compile, MustCompile and the String methods Sprig calls.

Patterns are validated by :mod:`helmpy.funcs.goregex_syntax` (Go's errors, byte for byte)
and run by RE2 over the UTF-8 bytes of the subject, so match positions, empty-match
stepping and replacement templates (``$1``, ``${name}``) behave as in Go.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from helmpy.funcs.goregex_syntax import RegexpSyntaxError, check_syntax
from helmpy.gotemplate.gostrconv import can_backquote, quote

__all__ = ["GoRegexp", "RegexpSyntaxError", "compile_regexp", "must_compile", "quote_meta"]

_SPECIAL = frozenset("\\.+*?()|[]{}^$")


def _encode(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def _decode(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


def _rune_width(data: bytes, pos: int) -> int:
    """Width in bytes of the UTF-8 rune at data[pos] (1 for an invalid byte)."""
    if pos >= len(data):
        return 0
    lead = data[pos]
    if lead < 0x80:
        return 1
    size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1
    if size == 1:
        return 1
    try:
        data[pos : pos + size].decode("utf-8")
    except UnicodeDecodeError:
        return 1
    return size


def _at_rune_boundary(data: bytes, i: int) -> bool:
    if i <= 0 or i >= len(data) or not 0x80 <= data[i] <= 0xBF:
        return True
    for back in range(1, 4):
        start = i - back
        if start < 0:
            break
        if data[start] >= 0xC0 or data[start] < 0x80:
            return start + _rune_width(data, start) <= i
    return True


def _re2_options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False
    # RE2 compiles classes to UTF-8 byte automata, far bigger than Go's programs; raise
    # its budget so that everything Go's size limit admits compiles (\pL{1000} etc.).
    options.max_mem = 1 << 30
    return options


@lru_cache(maxsize=512)
def _known_script(name: str) -> bool:
    import re2

    try:
        re2.compile(f"\\p{{{name}}}".encode(), _re2_options())
    except re2.error:
        return False
    return True


class GoRegexp:
    """A compiled Go regular expression (operations take and return ``str``)."""

    def __init__(self, expr: str) -> None:
        import re2

        self.expr = expr
        translated = check_syntax(expr, _known_script)
        try:
            self._re = re2.compile(_encode(translated), _re2_options())
        except re2.error:
            # Go's parser accepted it; RE2 only refuses programs beyond its memory budget.
            raise RegexpSyntaxError("expression too large", expr) from None
        self._groups = self._re.groups
        self._names: dict[str, int] = {
            (_decode(k) if isinstance(k, bytes) else k): v for k, v in self._re.groupindex.items()
        }

    # -- matching on bytes -----------------------------------------------------------------
    def _execute(self, data: bytes, pos: int) -> list[int] | None:
        m = self._re.search(data, pos)
        # RE2 lets empty-width assertions (\B) match inside a UTF-8 sequence; Go only
        # ever tries rune boundaries, so resume from the next one.
        while m is not None and not _at_rune_boundary(data, m.start()):
            m = self._re.search(data, m.start() + 1)
        if m is None:
            return None
        spans = []
        for g in range(self._groups + 1):
            start, end = m.span(g)
            spans += (start, end)
        return spans

    def _all_matches(self, data: bytes, n: int) -> list[list[int]]:
        """Go's allMatches: no empty match right after a previous match."""
        end = len(data)
        if n < 0:
            n = end + 1
        found: list[list[int]] = []
        pos = 0
        prev_end = -1
        while len(found) < n and pos <= end:
            match = self._execute(data, pos)
            if match is None:
                break
            accept = True
            if match[1] == pos:
                if match[0] == prev_end:
                    accept = False
                width = _rune_width(data, pos)
                pos = pos + width if width > 0 else end + 1
            else:
                pos = match[1]
            prev_end = match[1]
            if accept:
                found.append(match)
        return found

    # -- the String methods ------------------------------------------------------------------
    def match_string(self, s: str) -> bool:
        return self._re.search(_encode(s)) is not None

    def find_string(self, s: str) -> str:
        data = _encode(s)
        match = self._execute(data, 0)
        return "" if match is None else _decode(data[match[0] : match[1]])

    def find_all_string(self, s: str, n: int) -> list[str]:
        data = _encode(s)
        return [_decode(data[m[0] : m[1]]) for m in self._all_matches(data, n)]

    def split(self, s: str, n: int) -> list[str]:
        if n == 0:
            return []
        if self.expr and not s:
            return [""]
        data = _encode(s)
        parts: list[str] = []
        begin = 0
        stop = 0
        for match in self._all_matches(data, n):
            if n > 0 and len(parts) == n - 1:
                break
            stop = match[0]
            if match[1] != 0:
                parts.append(_decode(data[begin:stop]))
            begin = match[1]
        if stop != len(data):
            parts.append(_decode(data[begin:]))
        return parts

    def replace_all_string(self, s: str, template: str) -> str:
        return self._replace_all(s, lambda data, m: self._expand(template, data, m))

    def replace_all_literal_string(self, s: str, repl: str) -> str:
        literal = _encode(repl)
        return self._replace_all(s, lambda data, m: literal)

    def _replace_all(self, s: str, replacement: Any) -> str:
        data = _encode(s)
        end = len(data)
        out = bytearray()
        last_end = 0
        search_pos = 0
        while search_pos <= end:
            match = self._execute(data, search_pos)
            if match is None:
                break
            out += data[last_end : match[0]]
            if match[1] > last_end or match[0] == 0:
                out += replacement(data, match)
            last_end = match[1]
            width = _rune_width(data, search_pos)
            if search_pos + width > match[1]:
                search_pos += width
            elif search_pos + 1 > match[1]:
                search_pos += 1
            else:
                search_pos = match[1]
        out += data[last_end:]
        return _decode(bytes(out))

    def _group(self, data: bytes, match: list[int], index: int) -> bytes:
        if 2 * index + 1 < len(match) and match[2 * index] >= 0:
            return data[match[2 * index] : match[2 * index + 1]]
        return b""

    def _expand(self, template: str, data: bytes, match: list[int]) -> bytes:
        """Go's Regexp.Expand: $1, ${1}, $name, ${name} and $$."""
        out = bytearray()
        rest = template
        while rest:
            before, dollar, after = rest.partition("$")
            if not dollar:
                break
            out += _encode(before)
            rest = after
            if rest.startswith("$"):
                out += b"$"
                rest = rest[1:]
                continue
            parsed = _extract_name(rest)
            if parsed is None:
                out += b"$"
                continue
            name, num, rest = parsed
            if num >= 0:
                out += self._group(data, match, num)
            else:
                index = self._names.get(name)
                if index is not None:
                    out += self._group(data, match, index)
        out += _encode(rest)
        return bytes(out)


def _extract_name(text: str) -> tuple[str, int, str] | None:
    """Go's extract: a group name or number after '$', with optional braces."""
    if not text:
        return None
    brace = text[0] == "{"
    body = text[1:] if brace else text
    i = 0
    while i < len(body) and (body[i].isalpha() or _is_go_digit(body[i]) or body[i] == "_"):
        i += 1
    if i == 0:
        return None
    name = body[:i]
    if brace:
        if i >= len(body) or body[i] != "}":
            return None
        i += 1
    num = -1
    if name.isascii() and name.isdigit() and len(name) <= 8:
        num = int(name)
    if name[0] == "0" and len(name) > 1:
        num = -1
    return name, num, body[i:]


def _is_go_digit(ch: str) -> bool:
    import unicodedata

    return ch.isdigit() and unicodedata.category(ch) == "Nd"


@lru_cache(maxsize=256)
def compile_regexp(expr: str) -> GoRegexp:
    """regexp.Compile; raises RegexpSyntaxError with Go's message."""
    return GoRegexp(expr)


def must_compile(expr: str) -> GoRegexp:
    """regexp.MustCompile; raises ValueError with Go's panic text."""
    try:
        return compile_regexp(expr)
    except RegexpSyntaxError as err:
        shown = "`" + expr + "`" if can_backquote(expr) else quote(expr)
        raise ValueError(f"regexp: Compile({shown}): {err}") from None


def quote_meta(s: str) -> str:
    """regexp.QuoteMeta: backslash before every regexp metacharacter."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in s)
