"""Go (RE2) regular expressions for ``pattern`` and ``patternProperties``, run by ``re``.

The translation covers what differs in practice: ``$`` and ``\\z`` only match at the very
end, ``\\d``/``\\w``/``\\s``/``\\b`` are ASCII, POSIX classes such as ``[[:alpha:]]``,
``(?<name>...)`` groups and ``\\Q...\\E`` quoting. Perl features RE2 lacks (look-around,
backreferences) are refused with Go's message, as are the usual syntax errors.
"""
from __future__ import annotations

import re

_POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z",
    "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\v\\f\\r ", "upper": "A-Z",
    "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
}
_PERL_CLASSES = "dDsSwW"
_ESCAPABLE = set("\\.+*?()|[]{}^$-&~#/ !\"%',:;<=>@`_")
_CLASS_ESCAPES = {"d", "D", "s", "S", "w", "W", "b", "B", "A", "z", "a", "f", "t", "n", "r",
                  "v", "x", "p", "P", "Q", "E", "0", "1", "2", "3", "4", "5", "6", "7"}


class GoRegexError(Exception):
    """``str()`` is Go's ``regexp.Compile`` error text."""


def _error(code: str, arg: str) -> GoRegexError:
    return GoRegexError(f"error parsing regexp: {code}: `{arg}`")


def compile_go_regex(pattern: str) -> re.Pattern[str]:
    translated = _translate(pattern)
    try:
        return re.compile(translated)
    except re.error as err:
        raise _python_error(pattern, err) from None


# Go's Perl classes are ASCII-only while case folding under (?i) stays Unicode, so the
# classes are spelled out rather than compiling with re.ASCII.
_ASCII_CLASSES = {"d": "[0-9]", "D": "[^0-9]", "w": "[0-9A-Za-z_]", "W": "[^0-9A-Za-z_]",
                  "s": "[\\t\\n\\f\\r ]", "S": "[^\\t\\n\\f\\r ]",
                  "b": "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))",
                  "B": "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))",
                  "z": "\\Z"}
_QUANTIFIERS = "*+?"


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    depth = 0
    multiline = False
    last_op = ""  # the repetition operator just read, for "invalid nested repetition"
    lazy = False
    while i < n:
        ch = pattern[i]
        brace = _REPEAT.match(pattern, i) if ch == "{" else None
        if ch in _QUANTIFIERS or brace:
            op = brace.group(0) if brace else ch
            if last_op:
                if op == "?" and not lazy:
                    lazy = True
                    last_op += op
                    out.append(op)
                    i += 1
                    continue
                raise _error("invalid nested repetition operator", last_op + op)
            if brace:
                low, high = int(brace.group(1)), brace.group(3)
                top = low if high is None else (int(high) if high else low)
                if low > 1000 or top > 1000 or top < low:
                    raise _error("invalid repeat count", op)
            out.append(op)
            i += len(op)
            last_op, lazy = op, False
            continue
        last_op = ""
        if ch == "{":  # not a repeat count in Go: a literal brace (Python would read {,n})
            out.append("\\{")
            i += 1
            continue
        if ch == "\\":
            if i + 1 >= n:
                raise _error("trailing backslash at end of expression", "")
            nxt = pattern[i + 1]
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2:] if end < 0 else pattern[i + 2:end]
                out.append(re.escape(literal))
                i = n if end < 0 else end + 2
                continue
            if nxt in _ASCII_CLASSES:
                out.append(_ASCII_CLASSES[nxt])
            elif nxt.isdigit() and nxt != "0":
                raise _error("invalid escape sequence", "\\" + nxt)
            elif nxt.isalnum() and nxt not in _CLASS_ESCAPES:
                raise _error("invalid escape sequence", "\\" + nxt)
            elif nxt in "pP":
                out.append(_unicode_class(pattern, i))
                i = _unicode_class_end(pattern, i)
                continue
            else:
                out.append(ch + nxt)
            i += 2
            continue
        if ch == "[":
            end, text = _char_class(pattern, i)
            out.append(text)
            i = end
            continue
        if ch == "(":
            if pattern.startswith("(?", i):
                rest = pattern[i + 2:]
                if rest.startswith(("P<", "<")) and not rest.startswith(("<=", "<!")):
                    out.append("(?P<")
                    i += 4 if rest.startswith("P<") else 3
                    depth += 1
                    continue
                flags = re.match(r"[imsU-]*[:)]", rest)
                if flags is None:
                    raise _error("invalid or unsupported Perl syntax", pattern[i:i + 3])
                if "m" in flags.group(0).split("-")[0]:
                    multiline = True
            depth += 1
        elif ch == ")":
            if depth == 0:
                raise _error("unexpected )", pattern)
            depth -= 1
        elif ch == "$" and not multiline:
            out.append(r"\Z")
            i += 1
            continue
        out.append(ch)
        i += 1
    if depth > 0:
        raise _error("missing closing )", pattern)
    return "".join(out)


def _char_class(pattern: str, start: int) -> tuple[int, str]:
    """Translate ``[...]`` starting at ``start``; returns the end index and the text."""
    out = ["["]
    i = start + 1
    n = len(pattern)
    if i < n and pattern[i] == "^":
        out.append("^")
        i += 1
    first = True
    while i < n:
        ch = pattern[i]
        if ch == "]" and not first:
            out.append("]")
            return i + 1, "".join(out)
        first = False
        if pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            name = pattern[i + 2:end] if end > 0 else ""
            negated = name.startswith("^")
            if end > 0 and name.lstrip("^") in _POSIX:
                if negated:  # a negated POSIX class inside a class: rare, approximate
                    raise _error("invalid character class range", pattern[i:end + 2])
                out.append(_POSIX[name])
                i = end + 2
                continue
        if ch == "\\":
            if i + 1 >= n:
                break
            nxt = pattern[i + 1]
            if nxt in "pP":
                out.append(_unicode_class(pattern, i)[1:-1])
                i = _unicode_class_end(pattern, i)
                continue
            if nxt.isalnum() and nxt not in _CLASS_ESCAPES:
                raise _error("invalid escape sequence", "\\" + nxt)
            out.append(ch + nxt)
            i += 2
            continue
        if ch == "[":
            out.append("\\[")
        else:
            out.append(ch)
        i += 1
    raise _error("missing closing ]", pattern[start:])


_UNICODE_APPROX = {"L": "^\\W\\d_", "N": "0-9", "Nd": "0-9", "Lu": "A-Z", "Ll": "a-z"}


def _unicode_class_end(pattern: str, i: int) -> int:
    if pattern.startswith("{", i + 2):
        end = pattern.find("}", i + 3)
        return len(pattern) if end < 0 else end + 1
    return i + 3


def _unicode_class(pattern: str, i: int) -> str:
    name = pattern[i + 3:_unicode_class_end(pattern, i) - 1] if pattern.startswith(
        "{", i + 2) else pattern[i + 2:i + 3]
    negate = pattern[i + 1] == "P"
    body = _UNICODE_APPROX.get(name.lstrip("^"))
    if body is None:
        raise _error("invalid character class range", pattern[i:_unicode_class_end(pattern, i)])
    if body.startswith("^"):
        # Letters: Python lacks \p{L}; "not (non-word, digit, underscore)" is the same set.
        return "[\\d_\\W]" if negate else "[^\\W\\d_]"
    return f"[{'^' if negate else ''}{body}]"


_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")


def _python_error(pattern: str, err: re.error) -> GoRegexError:
    message = err.msg
    if message.startswith("nothing to repeat") or message.startswith("multiple repeat"):
        pos = err.pos or 0
        brace = _REPEAT.match(pattern, pos)
        op = brace.group(0) if brace else pattern[pos:pos + 1]
        if message.startswith("multiple repeat"):
            return _error("invalid nested repetition operator", pattern[pos - 1:pos + 1])
        return _error("missing argument to repetition operator", op)
    if message.startswith("bad character range"):
        return _error("invalid character class range", message.rsplit(" ", 1)[-1])
    if message.startswith("missing )"):
        return _error("missing closing )", pattern)
    if message.startswith("unbalanced parenthesis"):
        return _error("unexpected )", pattern)
    if message.startswith("unterminated character set"):
        return _error("missing closing ]", pattern[err.pos or 0:])
    return _error("invalid or unsupported Perl syntax", pattern)
