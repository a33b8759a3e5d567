"""Sprig's ``semver`` and ``semverCompare`` over helmpy.versions (Masterminds/semver v3).

``semver`` returns a ``*semver.Version`` whose methods templates call (``.Major``,
``.IncMinor``, ``.Compare``...); it prints through its ``String`` method.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from helmpy.gotemplate.gotypes import STRING, FuncError, FuncSpec, FuncTable, GoStruct, Int64
from helmpy.versions import ConstraintError, Constraints, Version, VersionError

FUNCS = FuncTable()

POINTER_TYPE = "*semver.Version"
VALUE_TYPE = "semver.Version"


class GoSemver(GoStruct):
    """A Masterminds ``*semver.Version`` (or a ``semver.Version`` value) in a template."""

    go_type: ClassVar[str] = POINTER_TYPE
    go_methods: ClassVar[dict[str, FuncSpec]] = {}

    __slots__ = ("version",)

    def __init__(self, version: Version) -> None:
        self.version = version

    def __str__(self) -> str:
        return str(self.version)

    def go_json(self) -> str:
        """MarshalJSON: the version string, as JSON text."""
        return '"' + str(self.version) + '"'

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoSemver) and self.version.compare(other.version) == 0

    def __hash__(self) -> int:
        return hash(self.version)


class GoSemverValue(GoSemver):
    """A ``semver.Version`` value, as the ``Inc*``/``Set*`` methods return."""

    go_type: ClassVar[str] = VALUE_TYPE
    __slots__ = ()


def _method(name: str, *params: str) -> Any:
    def wrap(fn: Any) -> Any:
        GoSemver.go_methods[name] = FuncSpec(name, fn, tuple(params))
        return fn

    return wrap


def _value(v: Version) -> GoSemver:
    return GoSemverValue(v)


_method("String")(lambda s: str(s.version))
_method("Original")(lambda s: s.version.original)
_method("Major")(lambda s: Int64(s.version.major))
_method("Minor")(lambda s: Int64(s.version.minor))
_method("Patch")(lambda s: Int64(s.version.patch))
_method("Prerelease")(lambda s: s.version.prerelease)
_method("Metadata")(lambda s: s.version.metadata)
_method("IncPatch")(lambda s: _value(s.version.inc_patch()))
_method("IncMinor")(lambda s: _value(s.version.inc_minor()))
_method("IncMajor")(lambda s: _value(s.version.inc_major()))
_method("LessThan", POINTER_TYPE)(lambda s, o: s.version.compare(o.version) < 0)
_method("LessThanEqual", POINTER_TYPE)(lambda s, o: s.version.compare(o.version) <= 0)
_method("GreaterThan", POINTER_TYPE)(lambda s, o: s.version.compare(o.version) > 0)
_method("GreaterThanEqual", POINTER_TYPE)(lambda s, o: s.version.compare(o.version) >= 0)
_method("Equal", POINTER_TYPE)(lambda s, o: s.version.compare(o.version) == 0)
_method("Compare", POINTER_TYPE)(lambda s, o: s.version.compare(o.version))


@_method("SetPrerelease", STRING)
def _set_prerelease(s: GoSemver, pre: str) -> GoSemver:
    try:
        return _value(s.version.with_prerelease(pre))
    except VersionError as err:
        raise FuncError(str(err)) from None


@_method("SetMetadata", STRING)
def _set_metadata(s: GoSemver, meta: str) -> GoSemver:
    try:
        return _value(s.version.with_metadata(meta))
    except VersionError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("semver", STRING)
def semver(text: str) -> GoSemver:
    try:
        return GoSemver(Version.parse(text))
    except VersionError as err:
        raise FuncError(str(err)) from None


@lru_cache(maxsize=512)
def _compare(constraint: str, version: str) -> bool:
    # Charts repeat the same few comparisons (kube version gates) in many templates.
    return Constraints.parse(constraint).check(Version.parse(version))


@FUNCS.register("semverCompare", STRING, STRING)
def semver_compare(constraint: str, version: str) -> bool:
    try:
        return _compare(constraint, version)
    except (ConstraintError, VersionError) as err:
        raise FuncError(str(err)) from None
