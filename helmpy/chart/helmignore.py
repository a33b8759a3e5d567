""".helmignore rules exactly as Helm's pkg/ignore applies them (quirks included).

Patterns use Go's filepath.Match syntax. A pattern without '/' matches the base name only,
one with '/' must match the whole relative path, a leading '/' anchors at the chart root,
a trailing '/' matches directories only. Helm's negation is peculiar and kept as is: a
``!pattern`` rule ignores every path that does NOT match it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HELMIGNORE = ".helmignore"


class IgnoreError(Exception):
    """A .helmignore pattern Helm refuses."""


@lru_cache(maxsize=1024)
def _translate(pattern: str) -> re.Pattern[str]:
    """Go's filepath.Match pattern as a regex; raises IgnoreError on a malformed pattern.

    Cached: every chart load translates its rules (and a failure is not cached, it is
    simply translated again)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "\\":
            if i + 1 >= n:
                raise IgnoreError("syntax error in pattern")
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif ch == "[":
            i += 1
            negate = i < n and pattern[i] == "^"
            if negate:
                i += 1
            ranges: list[str] = []
            first = True
            while True:
                if i >= n:
                    raise IgnoreError("syntax error in pattern")
                if pattern[i] == "]" and not first:
                    i += 1
                    break
                first = False
                lo, i = _class_char(pattern, i)
                if i < n and pattern[i] == "-":
                    hi, i = _class_char(pattern, i + 1)
                    if hi < lo:
                        raise IgnoreError("syntax error in pattern")
                    ranges.append(f"{re.escape(lo)}-{re.escape(hi)}")
                else:
                    ranges.append(re.escape(lo))
            body = "".join(ranges)
            out.append(f"(?!/)[^{body}]" if negate else f"(?!/)[{body}]")
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def _class_char(pattern: str, i: int) -> tuple[str, int]:
    n = len(pattern)
    if i >= n or pattern[i] in "-]":
        raise IgnoreError("syntax error in pattern")
    if pattern[i] == "\\":
        i += 1
        if i >= n:
            raise IgnoreError("syntax error in pattern")
    return pattern[i], i + 1


def go_match(pattern: str, name: str) -> bool:
    """Go's filepath.Match (with '/' as separator); False for a malformed pattern."""
    try:
        return _translate(pattern).match(name) is not None
    except IgnoreError:
        return False


@dataclass
class _Rule:
    raw: str
    regex: re.Pattern[str]
    negate: bool
    must_dir: bool
    base_only: bool

    def matches(self, path: str) -> bool:
        subject = path.rsplit("/", 1)[-1] if self.base_only else path
        return self.regex.match(subject) is not None


class Rules:
    """A parsed .helmignore; ``ignore(path, is_dir)`` is Helm's Rules.Ignore."""

    def __init__(self) -> None:
        self.rules: list[_Rule] = []

    @classmethod
    def parse(cls, text: str) -> Rules:
        rules = cls()
        for line in text.split("\n"):  # Go's line scanner splits on LF only
            rules.add(line)
        return rules

    def add_defaults(self) -> None:
        """Helm always ignores dotfiles directly in templates/."""
        self.add("templates/.?*")

    def add(self, line: str) -> None:
        rule = line.strip()
        if not rule or rule.startswith("#"):
            return
        if "**" in rule:
            raise IgnoreError("double-star (**) syntax is not supported")
        _translate(rule)  # Helm refuses a pattern Go cannot compile
        raw = rule
        negate = rule.startswith("!")
        if negate:
            rule = rule[1:]
        must_dir = rule.endswith("/")
        if must_dir:
            rule = rule[:-1]
        if rule.startswith("/"):
            rule, base_only = rule[1:], False
        else:
            base_only = "/" not in rule
        try:
            regex = _translate(rule)
        except IgnoreError:
            regex = re.compile(r"(?!)")  # Go logs and treats it as no match
        self.rules.append(_Rule(raw, regex, negate, must_dir, base_only))

    def ignore(self, path: str, is_dir: bool) -> bool:
        if path in ("", ".", "./"):
            return False
        base = path.rsplit("/", 1)[-1]  # what base-name rules match (_Rule.matches, inlined)
        for rule in self.rules:
            matched = rule.regex.match(base if rule.base_only else path) is not None
            if rule.negate:
                if rule.must_dir and not is_dir:
                    return True
                if not matched:
                    return True
                continue
            if rule.must_dir and not is_dir:
                continue
            if matched:
                return True
        return False
