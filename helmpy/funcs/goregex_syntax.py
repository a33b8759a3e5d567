"""Go's regexp/syntax parser, ported for its *errors*: which patterns Go rejects and how.

Matching itself is done by RE2 (the engine Go's regexp is a port of); this module decides
validity exactly as Go does and reports ``error parsing regexp: CODE: `EXPR``` with the
same offending fragment. It also rewrites ``\\p{name}`` to the spelling RE2 accepts,
since Go matches Unicode class names loosely (``\\p{greek}``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MAX_REPEAT = 1000
MAX_HEIGHT = 1000

MISSING_BRACKET = "missing closing ]"
MISSING_PAREN = "missing closing )"
UNEXPECTED_PAREN = "unexpected )"
INVALID_ESCAPE = "invalid escape sequence"
INVALID_RANGE = "invalid character class range"
INVALID_NAMED_CAPTURE = "invalid named capture"
INVALID_PERL_OP = "invalid or unsupported Perl syntax"
INVALID_REPEAT_OP = "invalid nested repetition operator"
INVALID_REPEAT_SIZE = "invalid repeat count"
MISSING_REPEAT_ARG = "missing argument to repetition operator"
TRAILING_BACKSLASH = "trailing backslash at end of expression"
INVALID_UTF8 = "invalid UTF-8"

_POSIX_CLASSES = frozenset(
    f"[:{neg}{name}:]"
    for neg in ("", "^")
    for name in (
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
        "lower", "print", "punct", "space", "upper", "word", "xdigit",
    )
)
_PERL_CLASSES = frozenset(("\\d", "\\D", "\\s", "\\S", "\\w", "\\W"))
# Go's special class names, as RE2 range text (usable inside or as a bracket class).
_SPECIAL_CLASSES = {
    "Any": "\\x{0}-\\x{10ffff}",
    "Ascii": "\\x00-\\x7f",
    "Lc": "\\p{Lu}\\p{Ll}\\p{Lt}",
    "Assigned": "\\pC",
}
_CATEGORIES = frozenset(
    "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps "
    "S Sc Sk Sm So Z Zl Zp Zs".split()
)

# unicode.CategoryAliases (long Unicode names), keyed by their canonical spelling.
_CATEGORY_ALIASES = {
    "Casedletter": "Lc", "Closepunctuation": "Pe", "Combiningmark": "M",
    "Connectorpunctuation": "Pc", "Control": "Cc", "Currencysymbol": "Sc",
    "Dashpunctuation": "Pd", "Decimalnumber": "Nd", "Enclosingmark": "Me",
    "Finalpunctuation": "Pf", "Format": "Cf", "Initialpunctuation": "Pi", "Letter": "L",
    "Letternumber": "Nl", "Lineseparator": "Zl", "Lowercaseletter": "Ll", "Mark": "M",
    "Mathsymbol": "Sm", "Modifierletter": "Lm", "Modifiersymbol": "Sk",
    "Nonspacingmark": "Mn", "Number": "N", "Openpunctuation": "Ps", "Other": "C",
    "Otherletter": "Lo", "Othernumber": "No", "Otherpunctuation": "Po", "Othersymbol": "So",
    "Paragraphseparator": "Zp", "Privateuse": "Co", "Punctuation": "P", "Separator": "Z",
    "Spaceseparator": "Zs", "Spacingmark": "Mc", "Surrogate": "Cs", "Symbol": "S",
    "Titlecaseletter": "Lt", "Uppercaseletter": "Lu", "Cntrl": "Cc", "Digit": "Nd",
    "Punct": "P",
}


class RegexpSyntaxError(Exception):
    """A Go regexp/syntax error; ``str()`` is Go's ``Error()`` text."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(code, expr)
        self.code = code
        self.expr = expr

    def __str__(self) -> str:
        return f"error parsing regexp: {self.code}: `{self.expr}`"


@dataclass
class _Node:
    kind: str  # "lit", "atom", "rep", "cat", "alt", "group"; pseudo: "lparen", "bar"
    subs: list[_Node] = field(default_factory=list)
    min: int = 0  # for "lparen": 1 when the group captures
    max: int = 0  # -2 marks *, + and ?
    height: int = 1

    @property
    def pseudo(self) -> bool:
        return self.kind in ("lparen", "bar")


def _repeat_is_valid(node: _Node, n: int) -> bool:
    """Go's repeatIsValid: nested {n,m} counts may not multiply beyond 1000."""
    pending = [(node, n)]
    while pending:
        current, budget = pending.pop()
        if current.kind == "rep" and current.max != -2:
            m = current.max
            if m == 0:
                continue
            if m < 0:
                m = current.min
            if m > budget:
                return False
            if m > 0:
                budget //= m
        pending.extend((sub, budget) for sub in current.subs)
    return True


def _is_invalid_utf8(ch: str) -> bool:
    return 0xDC80 <= ord(ch) <= 0xDCFF or 0xD800 <= ord(ch) <= 0xDBFF


def _unhex(ch: str) -> int:
    if "0" <= ch <= "9":
        return ord(ch) - 48
    if "a" <= ch <= "f":
        return ord(ch) - 87
    if "A" <= ch <= "F":
        return ord(ch) - 55
    return -1


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def canonical_class_name(name: str) -> str:
    """Go's canonicalName: Title-case, without '_', '-' and spaces."""
    out = []
    first = True
    for ch in name:
        if ch in "_- ":
            continue
        if first:
            out.append(ch.upper() if "a" <= ch <= "z" else ch)
            first = False
        else:
            out.append(ch.lower() if "A" <= ch <= "Z" else ch)
    return "".join(out)


class _Parser:
    def __init__(self, pattern: str, known_script: Callable[[str], bool]) -> None:
        self.s = pattern
        self.n = len(pattern)
        self.stack: list[_Node] = []
        self.rewrites: list[tuple[int, int, str]] = []
        self.known_script = known_script

    # -- stack ---------------------------------------------------------------------------
    def node(self, kind: str, subs: list[_Node], lo: int = 0, hi: int = 0) -> _Node:
        """A tree node; Go refuses trees more than 1000 levels high."""
        height = 1 + max((sub.height for sub in subs), default=0)
        if height > MAX_HEIGHT:
            raise RegexpSyntaxError("expression nests too deeply", self.s)
        return _Node(kind, subs, lo, hi, height)

    def push(self, kind: str = "atom") -> None:
        self.stack.append(_Node(kind))

    def collapse(self, kind: str, subs: list[_Node]) -> _Node:
        if kind == "cat":  # adjacent literal runes form one literal string, as in Go
            merged: list[_Node] = []
            for sub in subs:
                if sub.kind == "lit" and merged and merged[-1].kind == "lit":
                    continue
                merged.append(sub)
            subs = merged
        if not subs:
            return _Node("atom")
        if len(subs) == 1:
            return subs[0]
        return self.node(kind, subs)

    def concat(self) -> None:
        i = len(self.stack)
        while i > 0 and not self.stack[i - 1].pseudo:
            i -= 1
        subs = self.stack[i:]
        del self.stack[i:]
        self.stack.append(self.collapse("cat", subs))

    def close_alternation(self) -> None:
        if len(self.stack) >= 2 and self.stack[-2].kind == "bar":
            last = self.stack.pop()
            bar = self.stack.pop()
            self.stack.append(self.collapse("alt", bar.subs + [last]))

    def vertical_bar(self) -> None:
        self.concat()
        if len(self.stack) >= 2 and self.stack[-2].kind == "bar":
            self.stack[-2].subs.append(self.stack.pop())
        else:
            self.stack.append(_Node("bar", [self.stack.pop()]))

    def right_paren(self) -> None:
        self.concat()
        self.close_alternation()
        if len(self.stack) < 2 or self.stack[-2].kind != "lparen":
            raise RegexpSyntaxError(UNEXPECTED_PAREN, self.s)
        inner = self.stack.pop()
        captures = self.stack.pop().min == 1
        self.stack.append(self.node("group", [inner]) if captures else inner)

    # -- pieces --------------------------------------------------------------------------
    def check_rune(self, i: int) -> None:
        if _is_invalid_utf8(self.s[i]):
            raise RegexpSyntaxError(INVALID_UTF8, self.s[i:])

    def repeat(self, kind: int, lo: int, hi: int, before: int, after: int, last: int | None) -> int:
        s = self.s
        if after < self.n and s[after] == "?":
            after += 1
        if last is not None:
            raise RegexpSyntaxError(INVALID_REPEAT_OP, s[last:after])
        if not self.stack or self.stack[-1].pseudo:
            raise RegexpSyntaxError(MISSING_REPEAT_ARG, s[before:after])
        node = self.node("rep", [self.stack[-1]], lo, hi)
        self.stack[-1] = node
        if kind == 1 and (lo >= 2 or hi >= 2) and not _repeat_is_valid(node, MAX_REPEAT):
            raise RegexpSyntaxError(INVALID_REPEAT_SIZE, s[before:after])
        return after

    def parse_int(self, i: int) -> tuple[int, int] | None:
        """A decimal without leading zeros at s[i]: (value or -1 if huge, end)."""
        s = self.s
        if i >= self.n or not "0" <= s[i] <= "9":
            return None
        if s[i] == "0" and i + 1 < self.n and "0" <= s[i + 1] <= "9":
            return None
        j = i
        while j < self.n and "0" <= s[j] <= "9":
            j += 1
        digits = s[i:j]
        # Go stops accumulating (and reports -1) once the value reaches 1e8.
        return (int(digits) if len(digits) <= 9 else -1), j

    def parse_repeat(self, i: int) -> tuple[int, int, int] | None:
        """{min}, {min,} or {min,max} at s[i]: (min, max, end) or None if not a repeat."""
        s = self.s
        got = self.parse_int(i + 1)
        if got is None:
            return None
        lo, j = got
        if j >= self.n:
            return None
        if s[j] != ",":
            hi = lo
        else:
            j += 1
            if j >= self.n:
                return None
            if s[j] == "}":
                hi = -1
            else:
                got = self.parse_int(j)
                if got is None:
                    return None
                hi, j = got
                if hi < 0:
                    lo = -1
        if j >= self.n or s[j] != "}":
            return None
        return lo, hi, j + 1

    def perl_flags(self, i: int) -> int:
        s = self.s
        t = s[i:]
        starts_p = len(t) > 4 and t[2] == "P" and t[3] == "<"
        starts_name = len(t) > 3 and t[2] == "<"
        if starts_p or starts_name:
            expr_start = 4 if starts_p else 3
            end = t.find(">")
            if end < 0:
                for k, ch in enumerate(t):
                    if _is_invalid_utf8(ch):
                        raise RegexpSyntaxError(INVALID_UTF8, t[k:])
                raise RegexpSyntaxError(INVALID_NAMED_CAPTURE, t)
            name = t[expr_start:end]
            if not name or not all(ch == "_" or _is_ascii_alnum(ch) for ch in name):
                raise RegexpSyntaxError(INVALID_NAMED_CAPTURE, t[: end + 1])
            self.stack.append(_Node("lparen", min=1))
            return i + end + 1
        j = i + 2
        sign = 1
        saw_flag = False
        while j < self.n:
            self.check_rune(j)
            c = s[j]
            j += 1
            if c in "imsU":
                saw_flag = True
            elif c == "-":
                if sign < 0:
                    break
                sign = -1
                saw_flag = False
            elif c in ":)":
                if sign < 0 and not saw_flag:
                    break
                if c == ":":
                    self.push("lparen")
                return j
            else:
                break
        raise RegexpSyntaxError(INVALID_PERL_OP, s[i:j])

    def escape(self, i: int) -> int:
        """An ordinary escape at s[i] (a backslash); returns the index after it."""
        s, n = self.s, self.n
        u = i + 1
        if u >= n:
            raise RegexpSyntaxError(TRAILING_BACKSLASH, "")
        self.check_rune(u)
        c = s[u]
        u += 1
        if c.isascii() and not c.isalnum():
            return u
        if c in "1234567" and (u >= n or not "0" <= s[u] <= "7"):
            raise RegexpSyntaxError(INVALID_ESCAPE, s[i:u])
        if "0" <= c <= "7":
            for _ in range(2):
                if u >= n or not "0" <= s[u] <= "7":
                    break
                u += 1
            return u
        if c == "x":
            if u >= n:
                raise RegexpSyntaxError(INVALID_ESCAPE, s[i:u])
            self.check_rune(u)
            c = s[u]
            u += 1
            if c == "{":
                count = 0
                value = 0
                while True:
                    if u >= n:
                        raise RegexpSyntaxError(INVALID_ESCAPE, s[i:u])
                    self.check_rune(u)
                    c = s[u]
                    u += 1
                    if c == "}":
                        break
                    digit = _unhex(c)
                    value = value * 16 + digit
                    if digit < 0 or value > 0x10FFFF:
                        raise RegexpSyntaxError(INVALID_ESCAPE, s[i:u])
                    count += 1
                if count == 0:
                    raise RegexpSyntaxError(INVALID_ESCAPE, s[i:u])
                return u
            x = _unhex(c)
            if u < n:
                self.check_rune(u)
                y = _unhex(s[u])
                u += 1
            else:
                y = -1
            if x < 0 or y < 0:
                raise RegexpSyntaxError(INVALID_ESCAPE, s[i:u])
            return u
        if c in "afnrtv":
            return u
        raise RegexpSyntaxError(INVALID_ESCAPE, s[i:u])

    def unicode_class(self, i: int, in_class: bool = False) -> int:
        """\\pX or \\p{Name} at s[i]; returns the index after it."""
        s = self.s
        u = i + 2
        if u < self.n and s[u] == "{":
            end = s.find("}", i)
            if end < 0:
                raise RegexpSyntaxError(INVALID_RANGE, s[i:])
            seq = s[i : end + 1]
            name = s[i + 3 : end]
            stop = end + 1
        else:
            if u < self.n:
                self.check_rune(u)
            stop = min(u + 1, self.n)
            seq = s[i:stop]
            name = seq[2:]
        positive = s[i + 1] == "p"
        if name.startswith("^"):
            positive = not positive
            name = name[1:]
        canonical = canonical_class_name(name)
        if canonical not in _CATEGORIES and canonical not in _SPECIAL_CLASSES:
            canonical = _CATEGORY_ALIASES.get(canonical, canonical)
        ranges = _SPECIAL_CLASSES.get(canonical)
        if ranges is not None:
            if canonical == "Assigned":  # Go inverts Cn; RE2 has no Cn, C is close
                positive = not positive
            body = ranges if in_class and positive else (
                ("[" if positive else "[^") + ranges + "]"
            )
        elif canonical in _CATEGORIES or self.known_script(canonical):
            body = f"\\{'p' if positive else 'P'}{{{canonical}}}"
        else:
            raise RegexpSyntaxError(INVALID_RANGE, seq)
        self.rewrites.append((i, stop, body))
        return stop

    def char_class(self, i: int) -> int:
        s, n = self.s, self.n
        whole = s[i:]
        t = i + 1
        if t < n and s[t] == "^":
            t += 1
        first = True
        while t >= n or s[t] != "]" or first:
            first = False
            if n - t > 2 and s[t] == "[" and s[t + 1] == ":":
                close = s.find(":]", t + 2)
                if close >= 0:
                    name = s[t : close + 2]
                    if name not in _POSIX_CLASSES:
                        raise RegexpSyntaxError(INVALID_RANGE, name)
                    t = close + 2
                    continue
            if t + 1 < n and s[t] == "\\" and s[t + 1] in "pP":
                t = self.unicode_class(t, in_class=True)
                continue
            if s[t : t + 2] in _PERL_CLASSES:
                t += 2
                continue
            start = t
            lo, t = self.class_char(t, whole)
            if n - t >= 2 and s[t] == "-" and s[t + 1] != "]":
                hi, t = self.class_char(t + 1, whole)
                if hi < lo:
                    raise RegexpSyntaxError(INVALID_RANGE, s[start:t])
        return t + 1

    def class_char(self, t: int, whole: str) -> tuple[int, int]:
        if t >= self.n:
            raise RegexpSyntaxError(MISSING_BRACKET, whole)
        if self.s[t] == "\\":
            end = self.escape(t)
            return _escape_value(self.s[t:end]), end
        self.check_rune(t)
        return ord(self.s[t]), t + 1

    # -- main loop -----------------------------------------------------------------------
    def parse(self) -> None:
        s, n = self.s, self.n
        i = 0
        last_repeat: int | None = None
        while i < n:
            repeat_start: int | None = None
            c = s[i]
            if c == "(":
                if i + 1 < n and s[i + 1] == "?":
                    i = self.perl_flags(i)
                else:
                    self.stack.append(_Node("lparen", min=1))
                    i += 1
            elif c == "|":
                self.vertical_bar()
                i += 1
            elif c == ")":
                self.right_paren()
                i += 1
            elif c in "^$.":
                self.push()
                i += 1
            elif c == "[":
                i = self.char_class(i)
                self.push()
            elif c in "*+?":
                repeat_start = i
                i = self.repeat(0, 0, -2, i, i + 1, last_repeat)
            elif c == "{":
                got = self.parse_repeat(i)
                if got is None:
                    self.push("lit")
                    i += 1
                else:
                    lo, hi, after = got
                    if lo < 0 or lo > MAX_REPEAT or hi > MAX_REPEAT or (hi >= 0 and lo > hi):
                        raise RegexpSyntaxError(INVALID_REPEAT_SIZE, s[i:after])
                    start = i
                    i = self.repeat(1, lo, hi, i, after, last_repeat)
                    repeat_start = start
            elif c == "\\":
                i = self.backslash(i)
            else:
                self.check_rune(i)
                self.push("lit")
                i += 1
            last_repeat = repeat_start
        self.concat()
        self.close_alternation()
        if len(self.stack) != 1:
            raise RegexpSyntaxError(MISSING_PAREN, s)

    def backslash(self, i: int) -> int:
        s, n = self.s, self.n
        if i + 1 < n:
            c = s[i + 1]
            if c in "AbBz":
                self.push()
                return i + 2
            if c == "C":
                raise RegexpSyntaxError(INVALID_ESCAPE, s[i : i + 2])
            if c == "Q":
                end = s.find("\\E", i + 2)
                stop = n if end < 0 else end
                for k in range(i + 2, stop):
                    self.check_rune(k)
                    self.push("lit")
                return n if end < 0 else end + 2
            if c in "pP":
                stop = self.unicode_class(i)
                self.push()
                return stop
            if s[i : i + 2] in _PERL_CLASSES:
                self.push()
                return i + 2
        stop = self.escape(i)
        self.push("lit")
        return stop


def _escape_value(text: str) -> int:
    """The rune an escape sequence (already validated) stands for."""
    c = text[1]
    if c.isascii() and not c.isalnum():
        return ord(c)
    if "0" <= c <= "7":
        return int(text[1:], 8)
    if c == "x":
        body = text[2:].strip("{}")
        return int(body, 16)
    return ord({"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}[c])


def check_syntax(pattern: str, known_script: Callable[[str], bool]) -> str:
    """Validate ``pattern`` as Go does; return it rewritten for RE2, or raise."""
    parser = _Parser(pattern, known_script)
    parser.parse()
    if not parser.rewrites:
        return pattern
    out = []
    pos = 0
    for start, stop, text in parser.rewrites:
        out.append(pattern[pos:start])
        out.append(text)
        pos = stop
    out.append(pattern[pos:])
    return "".join(out)
