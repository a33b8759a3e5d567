"""Version constraints with the grammar and semantics of Masterminds/semver v3.

A constraint string is ``||``-separated groups of ANDed comparisons (separated by spaces
or commas); ``A - B`` is a hyphen range; ``x``, ``X`` and ``*`` are wildcards; operators are
``= != > < >= => <= =< ~ ~> ^`` (none means ``=``). Prerelease versions only satisfy a group
that itself mentions a prerelease.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from helmpy.versions.version import Version, VersionError, compare_prerelease

# Go's \s is ASCII-only [\t\n\f\r ]; Python's is wider, so spell it out.
_WS = r"[\t\n\f\r ]"
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
# The alternation order matters: Go's regexp is leftmost-first, like Python's.
_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_CV_NOGROUPS = re.sub(r"\((?!\?)", "(?:", _CV)

_CONSTRAINT_RE = re.compile(rf"{_WS}*({_OPS}){_WS}*({_CV}){_WS}*")
_RANGE_RE = re.compile(rf"{_WS}*({_CV_NOGROUPS}){_WS}+-{_WS}+({_CV_NOGROUPS}){_WS}*")
_FIND_RE = re.compile(rf"(?:{_OPS}){_WS}*(?:{_CV_NOGROUPS})")
_VALID_RE = re.compile(
    rf"({_WS}*(?:{_OPS}){_WS}*(?:{_CV_NOGROUPS}){_WS}*)"
    rf"((?:{_WS}+|,{_WS}*)(?:{_OPS}){_WS}*(?:{_CV_NOGROUPS}){_WS}*)*"
)


# Masterminds caps the input (in bytes) and the number of || groups.
MAX_CONSTRAINT_LEN = 512
MAX_CONSTRAINT_GROUPS = 32


class ConstraintError(ValueError):
    """A constraint string could not be parsed; ``str()`` is the library's message."""


def _is_x(text: str) -> bool:
    return text in ("x", "X", "*")


def _quote(text: str) -> str:
    """Go's %q for the plain ASCII texts that reach error messages."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\f":
            out.append("\\f")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@dataclass(slots=True)
class _Constraint:
    op: str
    orig: str  # the version text as written (``1.x``)
    con: Version
    dirty: bool = False
    minor_dirty: bool = False
    patch_dirty: bool = False

    def __str__(self) -> str:
        return self.op + self.orig

    def check(self, v: Version, include_pre: bool) -> str | None:
        """None when ``v`` satisfies the constraint, else the reason (Go's wording)."""
        if v.prerelease and not include_pre:
            return (
                f"{_quote(str(v))} is a prerelease version and the constraint is only "
                "looking for release versions"
            )
        return _CHECKS[self.op](self, v)

    def _fail(self, v: Version, text: str) -> str:
        return text.format(v=_quote(str(v)), c=_quote(self.orig))

    def not_equal(self, v: Version) -> str | None:
        equal = "{v} is equal to {c}"
        c = self.con
        if self.dirty:
            if c.major != v.major:
                return None
            if c.minor != v.minor and not self.minor_dirty:
                return None
            if self.minor_dirty:
                return self._fail(v, equal)
            if c.patch != v.patch and not self.patch_dirty:
                return None
            if self.patch_dirty:
                if v.prerelease or c.prerelease:
                    if compare_prerelease(v.prerelease, c.prerelease) != 0:
                        return None
                return self._fail(v, equal)
        if v.compare(c) == 0:
            return self._fail(v, equal)
        return None

    def greater_than(self, v: Version) -> str | None:
        fail = "{v} is less than or equal to {c}"
        c = self.con
        if not self.dirty:
            return None if v.compare(c) == 1 else self._fail(v, fail)
        if v.major > c.major:
            return None
        if v.major < c.major or self.minor_dirty:
            return self._fail(v, fail)
        if self.patch_dirty:
            return None if v.minor > c.minor else self._fail(v, fail)
        return None if v.compare(c) == 1 else self._fail(v, fail)

    def less_than(self, v: Version) -> str | None:
        return None if v.compare(self.con) < 0 else self._fail(v, "{v} is greater than or equal to {c}")

    def greater_equal(self, v: Version) -> str | None:
        return None if v.compare(self.con) >= 0 else self._fail(v, "{v} is less than {c}")

    def less_equal(self, v: Version) -> str | None:
        fail = "{v} is greater than {c}"
        c = self.con
        if not self.dirty:
            return None if v.compare(c) <= 0 else self._fail(v, fail)
        if v.major > c.major:
            return self._fail(v, fail)
        if v.major == c.major and v.minor > c.minor and not self.minor_dirty:
            return self._fail(v, fail)
        return None

    def tilde(self, v: Version) -> str | None:
        c = self.con
        if v.compare(c) < 0:
            return self._fail(v, "{v} is less than {c}")
        # ~0.0.0 accepts everything (>= 0.0.0).
        if c.major == c.minor == c.patch == 0 and not self.minor_dirty and not self.patch_dirty:
            return None
        if v.major != c.major:
            return self._fail(v, "{v} does not have same major version as {c}")
        if v.minor != c.minor and not self.minor_dirty:
            return self._fail(v, "{v} does not have same major and minor version as {c}")
        return None

    def tilde_or_equal(self, v: Version) -> str | None:
        if self.dirty:
            return self.tilde(v)
        return None if v.compare(self.con) == 0 else self._fail(v, "{v} is not equal to {c}")

    def caret(self, v: Version) -> str | None:
        c = self.con
        if v.compare(c) < 0:
            return self._fail(v, "{v} is less than {c}")
        if c.major > 0 or self.minor_dirty:
            if v.major == c.major:
                return None
            return self._fail(v, "{v} does not have same major version as {c}")
        if v.major > 0:
            return self._fail(v, "{v} does not have same major version as {c}")
        if c.minor > 0 or self.patch_dirty:
            if v.minor == c.minor:
                return None
            return self._fail(
                v,
                "{v} does not have same minor version as {c}. Expected minor versions to "
                "match when constraint major version is 0",
            )
        if v.minor > 0:
            return self._fail(v, "{v} does not have same minor version as {c}")
        if v.patch == c.patch:
            return None
        return self._fail(
            v,
            "{v} does not equal {c}. Expect version and constraint to equal when major and "
            "minor versions are 0",
        )


_CHECKS: dict[str, Callable[[_Constraint, Version], str | None]] = {
    "": _Constraint.tilde_or_equal,
    "=": _Constraint.tilde_or_equal,
    "!=": _Constraint.not_equal,
    ">": _Constraint.greater_than,
    "<": _Constraint.less_than,
    ">=": _Constraint.greater_equal,
    "=>": _Constraint.greater_equal,
    "<=": _Constraint.less_equal,
    "=<": _Constraint.less_equal,
    "~": _Constraint.tilde,
    "~>": _Constraint.tilde,
    "^": _Constraint.caret,
}


def _parse_one(text: str) -> _Constraint:
    if not text:  # only reachable through odd inputs; means >= 0.0.0
        return _Constraint("", text, Version(0, 0, 0), dirty=True)
    m = _CONSTRAINT_RE.fullmatch(text)
    if m is None:
        raise ConstraintError(f"improper constraint: {_quote(text)}")
    op, orig = m.group(1), m.group(2)
    major, minor, patch, pre = m.group(3), m.group(4) or "", m.group(5) or "", m.group(6) or ""
    dirty = minor_dirty = patch_dirty = False
    ver = orig
    if _is_x(major):
        ver, dirty = f"0.0.0{pre}", True
    elif _is_x(minor[1:]) or minor == "":
        ver, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif _is_x(patch[1:]) or patch == "":
        ver, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    try:
        con = Version.parse(ver)
    except VersionError:
        raise ConstraintError("constraint parser error") from None
    return _Constraint(op, orig, con, dirty, minor_dirty, patch_dirty)


def _rewrite_ranges(text: str) -> str:
    out = text
    for m in _RANGE_RE.finditer(text):
        out = out.replace(m.group(0), f">= {m.group(1)}, <= {m.group(2)} ", 1)
    return out


class Constraints:
    """Parsed constraints: ``Constraints.parse(">=1.2 <2 || ^3").check(version)``."""

    __slots__ = ("_groups", "_groups_with_pre", "include_prerelease", "original")

    def __init__(self, groups: list[list[_Constraint]], original: str = "") -> None:
        self._groups = groups
        self._groups_with_pre = [any(c.con.prerelease for c in g) for g in groups]
        self.include_prerelease = False
        self.original = original

    @classmethod
    def parse(cls, text: str) -> Constraints:
        if len(text.encode("utf-8", "surrogateescape")) > MAX_CONSTRAINT_LEN:
            raise ConstraintError(
                f"constraint string is too long (max {MAX_CONSTRAINT_LEN} bytes)"
            )
        segments = _rewrite_ranges(text).split("||")
        if len(segments) > MAX_CONSTRAINT_GROUPS:
            raise ConstraintError(f"too many constraint groups (max {MAX_CONSTRAINT_GROUPS})")
        groups: list[list[_Constraint]] = []
        for segment in segments:
            if _VALID_RE.fullmatch(segment) is None:
                raise ConstraintError(f"improper constraint: {_quote(segment)}")
            atoms = _FIND_RE.findall(segment) or [segment]
            groups.append([_parse_one(a) for a in atoms])
        return cls(groups, text)

    def _includes_pre(self, index: int) -> bool:
        return self.include_prerelease or self._groups_with_pre[index]

    def check(self, version: Version | str) -> bool:
        """True when the version satisfies any group (all of its comparisons)."""
        v = version if isinstance(version, Version) else Version.parse(version)
        for i, group in enumerate(self._groups):
            pre = self._includes_pre(i)
            if all(c.check(v, pre) is None for c in group):
                return True
        return False

    def validate(self, version: Version | str) -> tuple[bool, list[str]]:
        """(satisfied, reasons): the reasons every failing comparison gives."""
        v = version if isinstance(version, Version) else Version.parse(version)
        reasons: list[str] = []
        prerelease_reported = False
        for i, group in enumerate(self._groups):
            ok = True
            for c in group:
                if not self._includes_pre(i) and v.prerelease:
                    if not prerelease_reported:
                        reasons.append(
                            f"{_quote(str(v))} is a prerelease version and the constraint "
                            "is only looking for release versions"
                        )
                        prerelease_reported = True
                    ok = False
                else:
                    reason = c.check(v, self._includes_pre(i))
                    if reason is not None:
                        reasons.append(reason)
                        ok = False
            if ok:
                return True, []
        return False, reasons

    def __str__(self) -> str:
        return " || ".join(" ".join(str(c) for c in g) for g in self._groups)

    def __repr__(self) -> str:
        return f"Constraints({str(self)!r})"
