"""Semantic versions with the parsing and ordering rules of Masterminds/semver v3.

Helm (and Sprig's ``semver``/``semverCompare``) use ``NewVersion``, which coerces loose
input: a leading ``v``, missing minor/patch (``1.2`` is ``1.2.0``) and leading zeros in the
numeric segments (``01.2.3`` is ``1.2.3``) are accepted. ``strict=True`` follows
``StrictNewVersion``: exactly ``MAJOR.MINOR.PATCH`` with the SemVer 2 rules.
"""
from __future__ import annotations

import re
from functools import total_ordering

UINT64_MAX = (1 << 64) - 1

# The loose grammar NewVersion matches before coercing (groups: 1 major, 2 .minor,
# 3 .patch, 5 prerelease, 8 metadata). Go's `$` is end of text: fullmatch, never `$`.
_LOOSE_RE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_DIGITS = frozenset("0123456789")
_IDENT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789")

# Masterminds caps input sizes (in bytes) before parsing.
MAX_VERSION_LEN = 256
ERR_TOO_LONG = f"version string is too long (max {MAX_VERSION_LEN} bytes)"
ERR_INVALID_SEMVER = "invalid semantic version"
ERR_EMPTY = "version string empty"
ERR_INVALID_CHARACTERS = "invalid characters in version"
ERR_SEGMENT_STARTS_ZERO = "version segment starts with 0"
ERR_INVALID_METADATA = "invalid metadata string"
ERR_INVALID_PRERELEASE = "invalid prerelease string"


class VersionError(ValueError):
    """A version string could not be parsed; ``str()`` is Masterminds/semver's message."""


def _parse_uint64(text: str) -> int:
    """strconv.ParseUint(text, 10, 64) with Go's out-of-range error text."""
    if not text or not set(text) <= _DIGITS:
        raise VersionError(f'strconv.ParseUint: parsing "{text}": invalid syntax')
    value = int(text)
    if value > UINT64_MAX:
        raise VersionError(f'strconv.ParseUint: parsing "{text}": value out of range')
    return value


def _segment(text: str) -> int:
    try:
        return _parse_uint64(text)
    except VersionError as err:
        raise VersionError(f"error parsing version segment: {err}") from None


def _validate_prerelease(pre: str) -> None:
    for part in pre.split("."):
        if part == "":
            raise VersionError(ERR_INVALID_PRERELEASE)
        if set(part) <= _DIGITS:
            if len(part) > 1 and part[0] == "0":
                raise VersionError(ERR_SEGMENT_STARTS_ZERO)
        elif not set(part) <= _IDENT_CHARS:
            raise VersionError(ERR_INVALID_PRERELEASE)


def _validate_metadata(meta: str) -> None:
    for part in meta.split("."):
        if part == "" or not set(part) <= _IDENT_CHARS:
            raise VersionError(ERR_INVALID_METADATA)


def _compare_pre_part(s: str, o: str) -> int:
    if s == o:
        return 0
    if s == "":
        return -1
    if o == "":
        return 1
    s_num = s.isascii() and s.isdigit() and int(s) <= UINT64_MAX
    o_num = o.isascii() and o.isdigit() and int(o) <= UINT64_MAX
    if not s_num and not o_num:
        return 1 if s.encode() > o.encode() else -1
    if not o_num:  # numbers sort before identifiers
        return -1
    if not s_num:
        return 1
    return 1 if int(s) > int(o) else -1


def compare_prerelease(a: str, b: str) -> int:
    """Order two prerelease strings part by part (a missing part sorts first)."""
    aparts, bparts = a.split("."), b.split(".")
    for i in range(max(len(aparts), len(bparts))):
        d = _compare_pre_part(
            aparts[i] if i < len(aparts) else "", bparts[i] if i < len(bparts) else ""
        )
        if d:
            return d
    return 0


@total_ordering
class Version:
    """An immutable semantic version; compares by precedence (metadata ignored)."""

    __slots__ = ("major", "minor", "patch", "prerelease", "metadata", "original")

    def __init__(
        self,
        major: int,
        minor: int,
        patch: int,
        prerelease: str = "",
        metadata: str = "",
        original: str | None = None,
    ) -> None:
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.metadata = metadata
        self.original = self._plain() if original is None else original

    # -- parsing -------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, strict: bool = False) -> Version:
        """Parse like ``semver.NewVersion`` (or ``StrictNewVersion`` when strict)."""
        if len(text) > MAX_VERSION_LEN // 4 and len(text.encode("utf-8", "surrogateescape")) > (
            MAX_VERSION_LEN
        ):
            raise VersionError(ERR_TOO_LONG)
        return cls._parse_strict(text) if strict else cls._parse_loose(text)

    @classmethod
    def _parse_loose(cls, text: str) -> Version:
        m = _LOOSE_RE.fullmatch(text)
        if m is None:
            raise VersionError(ERR_INVALID_SEMVER)
        major = _segment(m.group(1))
        minor = _segment(m.group(2)[1:]) if m.group(2) else 0
        patch = _segment(m.group(3)[1:]) if m.group(3) else 0
        pre, meta = m.group(5) or "", m.group(8) or ""
        if pre:
            _validate_prerelease(pre)
        if meta:
            _validate_metadata(meta)
        return cls(major, minor, patch, pre, meta, text)

    @classmethod
    def _parse_strict(cls, text: str) -> Version:
        if not text:
            raise VersionError(ERR_EMPTY)
        parts = text.split(".", 2)
        if len(parts) != 3:
            raise VersionError(ERR_INVALID_SEMVER)
        meta = pre = ""
        if "+" in parts[2]:
            parts[2], meta = parts[2].split("+", 1)
            _validate_metadata(meta)
        if "-" in parts[2]:
            parts[2], pre = parts[2].split("-", 1)
            _validate_prerelease(pre)
        for part in parts:
            if not set(part) <= _DIGITS:
                raise VersionError(ERR_INVALID_CHARACTERS)
            if len(part) > 1 and part[0] == "0":
                raise VersionError(ERR_SEGMENT_STARTS_ZERO)
        nums = [_parse_uint64(p) for p in parts]
        return cls(nums[0], nums[1], nums[2], pre, meta, text)

    @classmethod
    def is_valid(cls, text: str, strict: bool = False) -> bool:
        try:
            cls.parse(text, strict)
        except VersionError:
            return False
        return True

    # -- rendering -----------------------------------------------------------------------
    def _plain(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += f"-{self.prerelease}"
        if self.metadata:
            text += f"+{self.metadata}"
        return text

    def __str__(self) -> str:
        return self._plain()

    def __repr__(self) -> str:
        return f"Version({self._plain()!r})"

    # -- ordering ------------------------------------------------------------------------
    def compare(self, other: Version) -> int:
        """-1, 0 or 1 like ``Version.Compare``: prereleases sort before the release."""
        for a, b in (
            (self.major, other.major),
            (self.minor, other.minor),
            (self.patch, other.patch),
        ):
            if a != b:
                return -1 if a < b else 1
        if self.prerelease == other.prerelease == "":
            return 0
        if self.prerelease == "":
            return 1
        if other.prerelease == "":
            return -1
        return compare_prerelease(self.prerelease, other.prerelease)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.compare(other) == 0

    def __lt__(self, other: Version) -> bool:
        return self.compare(other) < 0

    def __hash__(self) -> int:
        return hash((self.major, self.minor, self.patch, self.prerelease))

    # -- derived versions ----------------------------------------------------------------
    def _v_prefix(self) -> str:
        return "v" if self.original.startswith("v") else ""

    def _derive(self, major: int, minor: int, patch: int, pre: str, meta: str) -> Version:
        nxt = Version(major, minor, patch, pre, meta)
        nxt.original = self._v_prefix() + nxt._plain()
        return nxt

    def inc_patch(self) -> Version:
        """Next patch; a prerelease version just drops its prerelease and metadata."""
        patch = self.patch if self.prerelease else self.patch + 1
        return self._derive(self.major, self.minor, patch, "", "")

    def inc_minor(self) -> Version:
        return self._derive(self.major, self.minor + 1, 0, "", "")

    def inc_major(self) -> Version:
        return self._derive(self.major + 1, 0, 0, "", "")

    def with_prerelease(self, pre: str) -> Version:
        if pre:
            _validate_prerelease(pre)
        return self._derive(self.major, self.minor, self.patch, pre, self.metadata)

    def with_metadata(self, meta: str) -> Version:
        if meta:
            _validate_metadata(meta)
        return self._derive(self.major, self.minor, self.patch, self.prerelease, meta)
