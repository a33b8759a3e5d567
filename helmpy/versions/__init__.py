"""Semantic versions and constraints as Masterminds/semver v3 (vendored by Helm) has them.

    from helmpy.versions import Version, Constraints
    Version.parse("v1.2")                      # loose, like semver.NewVersion -> 1.2.0
    Version.parse("1.2.3", strict=True)        # like semver.StrictNewVersion
    Constraints.parse(">=1.2 <2 || ^3").check(Version.parse("1.5.0"))  # True
    Constraints.parse("^1.2").validate("2.0.0")  # (False, ['"2.0.0" does not ...'])

Errors are ``VersionError`` / ``ConstraintError`` (both ``ValueError``) whose text is the
Go library's message.
"""
from helmpy.versions.constraints import ConstraintError, Constraints
from helmpy.versions.version import Version, VersionError, compare_prerelease

__all__ = ["ConstraintError", "Constraints", "Version", "VersionError", "compare_prerelease"]
