"""``helmpy lint``: Helm's ``helm lint`` plus chart-testing's checks and schema validation."""
from __future__ import annotations

import sys

import click

from helmpy.cli.common import options, terminal_safe, values_options

LONG_HELP = """Examine a chart for possible issues.

This command takes a path to a chart and runs a series of tests to verify that
the chart is well-formed.

If the linter encounters things that will cause the chart to fail installation,
it will emit [ERROR] messages. If it encounters issues that break with convention
or recommendation, it will emit [WARNING] messages.
"""


@click.command("lint", help=LONG_HELP, short_help="examine a chart for possible issues")
@click.argument("paths", nargs=-1)
@click.option("--strict", is_flag=True, help="Fail on lint warnings.")
@click.option("--with-subcharts", is_flag=True, help="Lint dependent charts.")
@click.option("--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("--skip-schema-validation", is_flag=True, help="Disable JSON schema validation.")
@click.option("--kube-version", default="", help="Kubernetes version used for capabilities and deprecation checks.")
@values_options
@click.option("-o", "--output", type=click.Choice(["text", "json", "junit", "github", "sarif"]),
              default="text", show_default=True, help="Output format.")
@click.option("--ci-values", is_flag=True,
              help="Lint once per ci/*-values.yaml of each chart, as chart-testing does.")
@click.option("--check-version-increment", is_flag=True,
              help="Require a changed chart's version to be greater than at --since (git).")
@click.option("--since", default="origin/main", show_default=True,
              help="Git ref the version increment is checked against.")
@click.option("--validate-manifests", is_flag=True,
              help="Validate rendered objects against the Kubernetes API schema and the chart's CRDs.")
@click.option("--progress/--no-progress", default=None,
              help="Report each chart as it finishes on stderr (default: when stderr is a terminal).")
@click.option("-j", "--jobs", type=int, default=0,
              help="Worker processes for linting several charts (default: one per CPU).")
def lint_cmd(paths: tuple[str, ...], strict: bool, with_subcharts: bool, quiet: bool,
             skip_schema_validation: bool, kube_version: str, values_files: tuple[str, ...],
             set_values: tuple[str, ...], set_string: tuple[str, ...], set_file: tuple[str, ...],
             set_json: tuple[str, ...], set_literal: tuple[str, ...], output: str, ci_values: bool,
             check_version_increment: bool, since: str, validate_manifests: bool,
             progress: bool | None, jobs: int) -> None:
    from helmpy.lint import LintOptions, LintTarget, ci_values_targets, lint_many, subchart_paths
    from helmpy.lint.formats import render, summary
    from helmpy.values.user import read_user_values

    chart_paths = list(paths) or ["."]
    if kube_version:
        from helmpy.lint.rules.kubeversion import KubeVersionError, parse_generic

        try:
            parse_generic(kube_version)
        except KubeVersionError as err:
            raise click.ClickException(f"invalid kube version '{kube_version}': {err}") from err
    if with_subcharts:
        for path in list(chart_paths):
            chart_paths.extend(subchart_paths(path))
    values = read_user_values(values_files, set=set_values, set_string=set_string, set_file=set_file,
                              set_json=set_json, set_literal=set_literal)
    targets: list[LintTarget] = []
    for path in chart_paths:
        targets.extend(ci_values_targets(path, values) if ci_values else [LintTarget(path, values)])
    lint_options = LintOptions(namespace=options().namespace, strict=strict,
                               kube_version=kube_version or None,
                               skip_schema_validation=skip_schema_validation,
                               validate_manifests=validate_manifests,
                               check_version_increment=check_version_increment, since=since)

    def report_progress(done: int, total: int, report: object) -> None:
        state = "failed" if getattr(report, "failed", False) else "ok"
        click.echo(f"[{done}/{total}] {report.target.title}: {state}", err=True)  # type: ignore[attr-defined]

    show_progress = sys.stderr.isatty() if progress is None else progress
    reports = lint_many(targets, lint_options, jobs=jobs,
                        progress=report_progress if len(targets) > 1 and show_progress else None)
    # Messages quote chart metadata (icon URLs, versions, names): no control characters may
    # reach the terminal (security.md, "terminal output"); newlines and tabs stay.
    click.echo(terminal_safe(render(reports, output, quiet)), nl=False)
    text, failed = summary(reports)
    if failed:
        raise click.ClickException(text)
