"""``helmpy dependency update|build|list`` (alias ``dep``)."""
from __future__ import annotations

from pathlib import Path

import click

from helmpy.cli.common import apply_options, global_options


def _dep_options(fn):  # type: ignore[no-untyped-def]
    return apply_options(fn, [
        click.option("--skip-refresh", is_flag=True,
                     help="Do not refresh the local repository cache."),
        click.option("--verify", is_flag=True, help="Verify the packages against signatures."),
        click.option("--keyring", default="", help="Keyring containing public keys."),
    ])


@click.group("dependency")
@global_options
def dependency_cmd() -> None:
    """Manage a chart's dependencies."""


@dependency_cmd.command("update")
@click.argument("chart", default=".")
@_dep_options
@global_options
def dependency_update(chart: str, skip_refresh: bool, verify: bool, keyring: str) -> None:
    """Update charts/ based on the contents of Chart.yaml."""
    from helmpy.repo.resolver import update

    update(Path(chart), skip_refresh=skip_refresh, verify=verify, keyring=keyring,
           out=click.echo)


@dependency_cmd.command("build")
@click.argument("chart", default=".")
@_dep_options
@global_options
def dependency_build(chart: str, skip_refresh: bool, verify: bool, keyring: str) -> None:
    """Rebuild the charts/ directory based on the Chart.lock file."""
    from helmpy.repo.resolver import build

    build(Path(chart), skip_refresh=skip_refresh, verify=verify, keyring=keyring,
          out=click.echo)


@dependency_cmd.command("list")
@click.argument("chart", default=".")
@click.option("--max-col-width", default=80, type=int, help="Maximum column width.")
@global_options
def dependency_list(chart: str, max_col_width: int) -> None:
    """List the dependencies for the given chart."""
    from helmpy.repo.deplist import list_rows
    from helmpy.repoformat.yamlio import sanitize_terminal
    from helmpy.uitable import table

    rows, warnings = list_rows(Path(chart))
    if not rows:
        click.echo(f"WARNING: no dependencies at {Path(chart) / 'charts'}")
        return
    cells = [["NAME", "VERSION", "REPOSITORY", "STATUS"]]
    cells += [[sanitize_terminal(c) for c in row] for row in rows]
    click.echo(table(cells, max_col_width))
    for warning in warnings:
        click.echo(sanitize_terminal(warning))
