"""The SemVer calls the repository code needs, behind one seam.

helmpy.versions (Masterminds semver v3, owned by another engineer) is used when present; until it
lands, a thin private stand-in covers parsing, ordering and the common constraint forms.
"""
from __future__ import annotations

import re
from functools import cmp_to_key
from typing import Any

_LOOSE = re.compile(
    r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?"
    r"(?:-([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?"
    r"(?:\+([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?$"
)


def _real() -> Any:
    try:
        import helmpy.versions as versions  # type: ignore[import-not-found]
    except ImportError:
        return None
    if not hasattr(versions, "Version") or not hasattr(versions, "Constraints"):
        return None
    return versions


class _StandinVersion:
    def __init__(self, text: str) -> None:
        match = _LOOSE.match(text)
        if not match:
            raise ValueError(f"invalid semantic version: {text}")
        self.major = int(match.group(1))
        self.minor = int(match.group(2) or 0)
        self.patch = int(match.group(3) or 0)
        self.prerelease = match.group(4) or ""

    def key(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)


def _compare_pre(a: str, b: str) -> int:
    if a == b:
        return 0
    if not a:
        return 1
    if not b:
        return -1
    pa, pb = a.split("."), b.split(".")
    for x, y in zip(pa, pb, strict=False):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit():
            return -1
        if y.isdigit():
            return 1
        return -1 if x < y else 1
    return (len(pa) > len(pb)) - (len(pa) < len(pb))


def _compare(a: _StandinVersion, b: _StandinVersion) -> int:
    if a.key() != b.key():
        return -1 if a.key() < b.key() else 1
    return _compare_pre(a.prerelease, b.prerelease)


def parse_ok(text: str) -> bool:
    """Whether ``text`` parses as a (Masterminds, loose) semantic version."""
    real = _real()
    if real is not None:
        try:
            real.Version.parse(text)
            return True
        except Exception:
            return False
    return bool(_LOOSE.match(text))


def compare(a: str, b: str) -> int:
    """-1/0/1 ordering of two valid versions."""
    real = _real()
    if real is not None:
        va, vb = real.Version.parse(a), real.Version.parse(b)
        return -1 if va < vb else (1 if vb < va else 0)
    return _compare(_StandinVersion(a), _StandinVersion(b))


def sort_desc(versions: list[dict[str, Any]], key: str = "version") -> list[dict[str, Any]]:
    """Newest first; unparsable versions last (Helm's ChartVersions order, kept stable)."""
    good = [v for v in versions if parse_ok(str(v.get(key) or ""))]
    bad = [v for v in versions if not parse_ok(str(v.get(key) or ""))]
    good.sort(key=cmp_to_key(lambda x, y: compare(str(y[key]), str(x[key]))))
    return good + bad


class ConstraintError(ValueError):
    pass


def constraint_checker(text: str) -> Any:
    """A callable ``check(version) -> bool`` for a Masterminds constraint string."""
    real = _real()
    if real is not None:
        try:
            parsed = real.Constraints.parse(text)
        except Exception as err:
            raise ConstraintError(str(err)) from err
        return lambda v: _real_check(real, parsed, v)
    return _standin_constraints(text)


def _real_check(real: Any, parsed: Any, version: str) -> bool:
    try:
        return bool(parsed.check(real.Version.parse(version)))
    except Exception:
        return False


_OP = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>|~|\^)?\s*v?([0-9xX*]+(?:\.[0-9xX*]+)?(?:\.[0-9xX*]+)?"
                 r"(?:-[0-9A-Za-z.\-]+)?(?:\+[0-9A-Za-z.\-]+)?)\s*$")


def _standin_constraints(text: str) -> Any:
    groups: list[list[tuple[str, str]]] = []
    for alternative in text.split("||"):
        terms: list[tuple[str, str]] = []
        parts = re.split(r"\s*,\s*|\s+(?=[<>=!~^])", alternative.strip())
        hyphen = re.match(r"^\s*(\S+)\s+-\s+(\S+)\s*$", alternative)
        if hyphen:
            parts = [">=" + hyphen.group(1), "<=" + hyphen.group(2)]
        for part in parts:
            if not part.strip():
                continue
            match = _OP.match(part)
            if not match:
                raise ConstraintError(f"improper constraint: {text}")
            terms.append((match.group(1) or "=", match.group(2)))
        groups.append(terms)

    def check(version: str) -> bool:
        try:
            v = _StandinVersion(version)
        except ValueError:
            return False
        return any(all(_term_ok(op, ref, v) for op, ref in terms) for terms in groups)

    return check


def _term_ok(op: str, ref: str, v: _StandinVersion) -> bool:
    pieces = ref.split("-", 1)[0].split("+", 1)[0].split(".")
    wild = [p in ("x", "X", "*") for p in pieces] + [True] * (3 - len(pieces))
    nums = [0 if w or not p.isdigit() else int(p) for p, w in zip(pieces + ["0"] * 3, wild, strict=False)][:3]
    pre = ref.split("-", 1)[1].split("+")[0] if "-" in ref else ""
    low = _StandinVersion(f"{nums[0]}.{nums[1]}.{nums[2]}" + (f"-{pre}" if pre else ""))
    # Prereleases only satisfy a constraint that names a prerelease itself (Masterminds rule).
    if v.prerelease and not pre:
        return False
    if op in ("=", "") and any(wild):
        first_wild = wild.index(True)
        return v.key()[:first_wild] == tuple(nums[:first_wild])
    if op in ("~", "~>"):
        upper = (nums[0] + 1, 0, 0) if wild[1] else (nums[0], nums[1] + 1, 0)
        return _compare(v, low) >= 0 and v.key() < upper
    if op == "^":
        if nums[0] > 0 or wild[1]:
            upper = (nums[0] + 1, 0, 0)
        elif nums[1] > 0 or wild[2]:
            upper = (0, nums[1] + 1, 0)
        else:
            upper = (0, 0, nums[2] + 1)
        return _compare(v, low) >= 0 and v.key() < upper
    cmp = _compare(v, low)
    if any(wild) and op in ("<=", ">"):
        first_wild = wild.index(True)
        prefix_cmp = (v.key()[:first_wild] > tuple(nums[:first_wild])) - (v.key()[:first_wild] < tuple(nums[:first_wild]))
        return prefix_cmp <= 0 if op == "<=" else prefix_cmp > 0
    return {"=": cmp == 0, "!=": cmp != 0, ">": cmp > 0, "<": cmp < 0,
            ">=": cmp >= 0, "<=": cmp <= 0}[op]
