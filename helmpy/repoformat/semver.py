"""The SemVer calls the repository code needs, over helmpy.versions (Masterminds semver v3)."""
from __future__ import annotations

from collections.abc import Callable
from functools import cmp_to_key
from typing import Any

from helmpy.versions import ConstraintError as _VersionsConstraintError
from helmpy.versions import Constraints, Version


class ConstraintError(ValueError):
    """A constraint string Masterminds rejects (its message)."""


def parse_ok(text: str) -> bool:
    """Whether ``text`` parses as a (loose, semver.NewVersion) semantic version."""
    return Version.is_valid(text)


def compare(a: str, b: str) -> int:
    """-1/0/1 ordering of two valid versions."""
    return Version.parse(a).compare(Version.parse(b))


def original(text: str) -> str:
    """The version as written (Masterminds' Original())."""
    return Version.parse(text).original


def sort_desc(versions: list[dict[str, Any]], key: str = "version") -> list[dict[str, Any]]:
    """Newest first; unparsable versions last (Helm's ChartVersions order, kept stable)."""
    parsed = [(Version.parse(str(v.get(key))) if parse_ok(str(v.get(key) or "")) else None, v)
              for v in versions]
    good = [pair for pair in parsed if pair[0] is not None]
    bad = [v for p, v in parsed if p is None]
    good.sort(key=cmp_to_key(lambda x, y: y[0].compare(x[0])))
    return [v for _, v in good] + bad


def constraint_checker(text: str) -> Callable[[str], bool]:
    """A callable ``check(version) -> bool`` for a Masterminds constraint string."""
    try:
        parsed = Constraints.parse(text)
    except _VersionsConstraintError as err:
        raise ConstraintError(str(err)) from err

    def check(version: str) -> bool:
        try:
            return bool(parsed.check(Version.parse(version)))
        except ValueError:
            return False

    return check
