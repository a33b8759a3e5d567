"""``helmpy create``, ``helmpy package`` and ``helmpy show`` (alias ``inspect``)."""
from __future__ import annotations

import os
import sys

import click

from helmpy.cli.common import global_options


def _write_stdout(text: str) -> None:
    """Chart text may hold bytes that are not UTF-8; pass them through unchanged."""
    sys.stdout.buffer.write(text.encode("utf-8", errors="surrogateescape"))
    sys.stdout.flush()


@click.command("create")
@click.argument("name")
@click.option("-p", "--starter", default="",
              help="The name or absolute path to Helm starter scaffold.")
@global_options
def create_cmd(name: str, starter: str) -> None:
    """Create a new chart with the given name."""
    from helmpy.chart.create import create, create_from_starter

    click.echo(f"Creating {name}")
    chart_name = os.path.basename(name.rstrip("/")) or name
    parent = os.path.dirname(name.rstrip("/")) or "."
    if starter:
        if os.path.isabs(starter):
            starter_path = starter
        else:
            from helmpy.config.paths import helmpy_paths

            starter_path = str(helmpy_paths().data_home / "starters" / starter)
        create_from_starter(chart_name, parent, starter_path)
        return
    create(chart_name, parent, warn=click.echo)


@click.command("package")
@click.argument("paths", nargs=-1)
@click.option("--version", "chart_version", default="", help="Set the version on the chart to this semver version.")
@click.option("--app-version", default="", help="Set the appVersion on the chart to this version.")
@click.option("-d", "--destination", default=".", help="Location to write the chart.")
@click.option("-u", "--dependency-update", is_flag=True,
              help="Update dependencies from Chart.yaml to dir charts/ before packaging.")
@click.option("--sign", is_flag=True, help="Use a PGP private key to sign this package.")
@click.option("--key", default="", help="Name of the key to use when signing.")
@click.option("--keyring", default="", help="Location of a public keyring.")
@click.option("--passphrase-file", default="",
              help='Location of a file which contains the passphrase for the signing key. '
                   'Use "-" in order to read from stdin.')
@global_options
def package_cmd(paths: tuple[str, ...], chart_version: str, app_version: str, destination: str,
                dependency_update: bool, sign: bool, key: str, keyring: str,
                passphrase_file: str) -> None:
    """Package a chart directory into a chart archive."""
    from helmpy.chart.package import package_chart
    from helmpy.errors import HelmpyError

    if not paths:
        raise HelmpyError("need at least one argument, the path to the chart")
    if sign and not key:
        raise HelmpyError("--key is required for signing a package")
    for path in paths:
        if not os.path.exists(path):
            raise HelmpyError(f"stat {path}: no such file or directory")
        if dependency_update:
            from pathlib import Path

            from helmpy.repo.resolver import update

            update(Path(path), skip_refresh=False, verify=False, keyring=keyring, out=click.echo)
        hook = None
        if sign:
            from helmpy.provenance import signing_hook

            def hook(archive: str) -> None:
                signing_hook(archive, {"key": key, "keyring": keyring,
                                       "passphrase_file": passphrase_file or None})

        archive = package_chart(os.path.abspath(path), version=chart_version or None,
                                app_version=app_version or None, destination=destination,
                                sign=hook)
        click.echo(f"Successfully packaged chart and saved it to: {archive}")


@click.group("show", invoke_without_command=False)
@global_options
def show_cmd() -> None:
    """Show information of a chart."""


def _show(chart_ref: str, output_format: str) -> None:
    from helmpy.chart.loader import load
    from helmpy.chart.show import show

    _write_stdout(show(load(chart_ref), output_format))


def _show_command(output_format: str, summary: str) -> None:
    @show_cmd.command(output_format, help=summary)
    @click.argument("chart")
    @click.option("--version", "chart_version", default="",
                  help="Specify a version constraint for the chart version to use.")
    @click.option("--devel", is_flag=True, help="Use development versions, too.")
    @click.option("--repo", default="", help="Chart repository url where to locate the chart.")
    @global_options
    def command(chart: str, chart_version: str, devel: bool, repo: str) -> None:
        _show(_locate(chart, chart_version, devel, repo), output_format)


def _locate(chart: str, version: str, devel: bool, repo: str) -> str:
    """A local path as is; anything else goes through the repository client."""
    if os.path.exists(chart) and not repo:
        return chart
    from helmpy.repo.chartref import locate_chart

    return str(locate_chart(chart, version=version, devel=devel, repo_url=repo))


_show_command("all", "Show all information of the chart.")
_show_command("chart", "Show the chart's definition.")
_show_command("values", "Show the chart's values.")
_show_command("readme", "Show the chart's README.")
_show_command("crds", "Show the chart's CRDs.")
