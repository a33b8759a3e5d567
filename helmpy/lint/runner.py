"""Linting charts: Helm's rule set on one chart (``lint_chart``), helmpy's extra checks, and
many charts at once in worker processes (``lint_many``)."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from helmpy.lint.support import ERROR, INFO, WARNING, Linter, Message


@dataclass
class LintOptions:
    """``helm lint``'s options plus helmpy's additions (all off by default)."""

    namespace: str = "default"
    strict: bool = False
    kube_version: str | None = None
    skip_schema_validation: bool = False
    validate_manifests: bool = False
    check_version_increment: bool = False
    since: str = "origin/main"


@dataclass
class LintTarget:
    """One lint run: a chart path (as the user gave it) and the values it is linted with."""

    path: str
    values: dict[str, Any] = field(default_factory=dict)
    label: str = ""  # what "==> Linting" prints; the path unless a ci values file is used

    @property
    def title(self) -> str:
        return self.label or self.path


@dataclass
class ChartReport:
    """Helm's LintResult for one path: findings, the errors that fail it, charts linted."""

    target: LintTarget
    messages: list[Message] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    linted: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    @property
    def has_warnings_or_errors(self) -> bool:
        return any(m.severity > INFO for m in self.messages) or bool(self.errors)


def run_rules(chart_dir: str, values: dict[str, Any] | None, options: LintOptions) -> Linter:
    """Helm's RunAll: Chart.yaml, values, templates, dependencies, crds, in that order."""
    from helmpy.lint.rules.chartfile import lint_chartfile
    from helmpy.lint.rules.crds import lint_crds
    from helmpy.lint.rules.dependencies import lint_dependencies
    from helmpy.lint.rules.templates import lint_templates
    from helmpy.lint.rules.values import lint_values

    linter = Linter(os.path.abspath(chart_dir))
    lint_chartfile(linter)
    lint_values(linter, values, options.skip_schema_validation)
    rendered = lint_templates(linter, values, options.namespace, options.kube_version,
                              options.skip_schema_validation)
    lint_dependencies(linter)
    lint_crds(linter)
    if options.validate_manifests and rendered is not None:
        from helmpy.lint.manifests import validate_rendered

        validate_rendered(linter, rendered, options.kube_version)
    if options.check_version_increment:
        from helmpy.lint.version_increment import lint_version_increment

        lint_version_increment(linter, options.since)
    return linter


def lint_chart(target: LintTarget | str, options: LintOptions | None = None) -> ChartReport:
    """Lint one chart directory or archive exactly as ``helm lint PATH`` does."""
    if isinstance(target, str):
        target = LintTarget(target)
    options = options or LintOptions()
    if options.kube_version:
        from helmpy.lint.rules.kubeversion import parse_generic

        parse_generic(options.kube_version)  # Helm refuses the run before linting anything
    report = ChartReport(target)
    tolerance = WARNING if options.strict else ERROR
    temp_dir: str | None = None
    try:
        chart_dir = target.path
        if target.path.endswith((".tgz", ".tar.gz")):
            temp_dir = tempfile.mkdtemp(prefix="helm-lint")
            chart_dir, problem = _unpack(target.path, temp_dir)
            if problem is not None:
                report.errors.append(problem)
                return report
        chart_yaml = os.path.join(chart_dir, "Chart.yaml")
        try:
            os.stat(chart_yaml)
        except OSError as err:
            reason = (err.strerror or str(err)).lower()
            report.errors.append(f"unable to check Chart.yaml file in chart: stat {chart_yaml}: {reason}")
            return report
        linter = run_rules(chart_dir, target.values, options)
        report.messages = linter.messages
        report.linted = 1
        report.errors = [m.text for m in linter.messages if m.severity >= tolerance]
        return report
    finally:
        if temp_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)


def _unpack(path: str, temp_dir: str) -> tuple[str, str | None]:
    """Unpack a chart archive as Helm's lint does; (chart directory, Helm's error or None)."""
    from helmpy.chart.archive import ArchiveError, read_archive_files

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        return "", f"unable to open tarball: open {path}: {(err.strerror or str(err)).lower()}"
    try:
        files = read_archive_files(data)
    except ArchiveError as err:
        return "", f"unable to extract tarball: {err}"
    for item in files:
        parts = [p for p in item.name.split("/") if p not in ("", ".", "..")]
        if not parts:
            continue
        target = os.path.join(temp_dir, "chart", *parts)  # the archive's top directory is dropped
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(item.data)
    entries = sorted(os.listdir(temp_dir))
    if not entries or not os.path.isdir(os.path.join(temp_dir, entries[0])):
        return "", f"unexpected file {entries[0] if entries else ''} in temporary output directory {temp_dir}"
    return os.path.join(temp_dir, entries[0]), None


def subchart_paths(path: str) -> list[str]:
    """``--with-subcharts``: every chart directory and archive under PATH/charts, in walk order."""
    found: list[str] = []
    top = os.path.join(path, "charts")

    def walk(directory: str) -> None:
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return
        for name in names:
            full = os.path.join(directory, name)
            if name == "Chart.yaml":
                found.append(directory)
            elif full.endswith((".tgz", ".tar.gz")):
                found.append(full)
            if os.path.isdir(full):
                walk(full)

    walk(top)
    return found


def ci_values_targets(path: str, values: dict[str, Any]) -> list[LintTarget]:
    """chart-testing's rule: lint once per ``ci/*-values.yaml``, or once with no such file."""
    from helmpy.values.coalesce import merge_tables
    from helmpy.values.user import read_values_file

    ci_dir = os.path.join(path, "ci")
    files = sorted(f for f in os.listdir(ci_dir) if f.endswith("-values.yaml")) if os.path.isdir(ci_dir) else []
    if not files:
        return [LintTarget(path, values)]
    import copy

    targets = []
    for name in files:
        ci_values = read_values_file(os.path.join(ci_dir, name))
        merged = merge_tables(copy.deepcopy(values), ci_values) or {}
        targets.append(LintTarget(path, merged, f"{path} (ci/{name})"))
    return targets


def _lint_job(job: tuple[LintTarget, LintOptions]) -> ChartReport:
    """One run of a batch: a crash in one chart is that chart's error, not the batch's end."""
    from helmpy.errors import HelmpyError

    try:
        return lint_chart(*job)
    except (HelmpyError, RecursionError, OSError, ValueError) as err:
        report = ChartReport(job[0])
        report.errors.append(f"lint failed: {err}")
        return report


def lint_many(targets: Sequence[LintTarget], options: LintOptions, jobs: int = 0,
              progress: Callable[[int, int, ChartReport], None] | None = None) -> list[ChartReport]:
    """Lint every target, in worker processes when there are several; results keep input order."""
    work = [(target, options) for target in targets]
    jobs = jobs or min(len(work), os.cpu_count() or 1)
    if jobs <= 1 or len(work) <= 1:
        reports = []
        for i, job in enumerate(work, 1):
            reports.append(_lint_job(job))
            if progress:
                progress(i, len(work), reports[-1])
        return reports
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[int, ChartReport] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_lint_job, job): i for i, job in enumerate(work)}
        for done, future in enumerate(as_completed(futures), 1):
            results[futures[future]] = future.result()
            if progress:
                progress(done, len(work), results[futures[future]])
    return [results[i] for i in range(len(work))]


__all__ = ["ChartReport", "LintOptions", "LintTarget", "ci_values_targets", "lint_chart",
           "lint_many", "run_rules", "subchart_paths"]
