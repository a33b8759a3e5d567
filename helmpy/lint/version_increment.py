"""``--check-version-increment``: chart-testing's rule that a changed chart bumps its version.

The chart's Chart.yaml at ``--since`` (a git ref, ``origin/main`` by default) is compared
with the working tree: when anything under the chart changed, the version must be greater
(SemVer order). Charts that did not exist at the ref are new and pass.
"""
from __future__ import annotations

import os
import subprocess

from helmpy.lint.support import ERROR, INFO, Linter

CHART_FILE = "Chart.yaml"


def _git(cwd: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def version_increment_problem(chart_dir: str, ref: str) -> tuple[int, str] | None:
    """(severity, message) when the rule fails or cannot run; None when it passes."""
    from helmpy.chart.yamlio import YamlError, load_yaml
    from helmpy.versions import Version, VersionError

    try:
        top = _git(chart_dir, "rev-parse", "--show-toplevel")
    except FileNotFoundError:
        return ERROR, "cannot check the version increment: git is not installed"
    if top.returncode != 0:
        return ERROR, f"cannot check the version increment: {chart_dir} is not in a git repository"
    root = top.stdout.decode().strip()
    rel_dir = os.path.relpath(os.path.realpath(chart_dir), os.path.realpath(root)).replace(os.sep, "/")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        return ERROR, f"cannot check the version increment: unknown git ref {ref!r}"
    old = _git(root, "show", f"{ref}:{rel_dir}/{CHART_FILE}")
    if old.returncode != 0:
        return None  # a new chart: nothing to compare with
    if _git(root, "diff", "--quiet", ref, "--", rel_dir).returncode == 0 and not _untracked(root, rel_dir):
        return None  # unchanged since the ref
    try:
        old_doc = load_yaml(old.stdout)
        with open(os.path.join(chart_dir, CHART_FILE), "rb") as handle:
            new_doc = load_yaml(handle.read())
    except (YamlError, OSError) as err:
        return ERROR, f"cannot check the version increment: {err}"
    old_version = str(old_doc.get("version", "")) if isinstance(old_doc, dict) else ""
    new_version = str(new_doc.get("version", "")) if isinstance(new_doc, dict) else ""
    try:
        bumped = Version.parse(new_version).compare(Version.parse(old_version)) > 0
    except VersionError:
        return ERROR, (f"cannot check the version increment: version {new_version!r} or "
                       f"{old_version!r} (at {ref}) is not SemVer")
    if bumped:
        return INFO, f"version {new_version} is greater than {old_version} at {ref}"
    return ERROR, (f"chart version not ok: {new_version} is not greater than {old_version} at "
                   f"{ref}; the chart changed, so it needs a version bump")


def _untracked(root: str, rel_dir: str) -> bool:
    listed = _git(root, "ls-files", "--others", "--exclude-standard", "--", rel_dir)
    return bool(listed.stdout.strip())


def lint_version_increment(linter: Linter, ref: str) -> None:
    found = version_increment_problem(linter.chart_dir, ref)
    if found is not None:
        linter.run(found[0], CHART_FILE, found[1])
