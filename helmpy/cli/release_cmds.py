"""Release commands: install, upgrade, rollback, uninstall, history, status, list, get, test.

Thin click wrappers over helmpy.release.actions, printing exactly what Helm prints.
The cluster comes from the global flags (--kubeconfig, --kube-context, -n) and the
storage driver from --storage or HELMPY_DRIVER (HELM_DRIVER is honoured too).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from helmpy.cli.common import apply_options, global_options, options, values_options
from helmpy.errors import HelmpyError


class FlagError(HelmpyError):
    """A flag value that does not parse: reported before any action, with no prefix."""


def parse_duration(text: str) -> float:
    """``--timeout``: Go's duration syntax, with pflag's error when it does not parse."""
    from helmpy.release.actions.base import parse_go_duration

    try:
        return parse_go_duration(text)
    except HelmpyError as err:
        raise FlagError(f'invalid argument "{text}" for "--timeout" flag: {err}') from None


class OptionalValueCommand(click.Command):
    """A command whose ``--wait`` and ``--dry-run`` take a value only as ``--flag=value``
    (pflag's NoOptDefVal): bare, they mean ``watcher`` and ``client`` and never swallow
    the next argument."""

    bare_values = {"--wait": "watcher", "--dry-run": "client"}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        valued = {opt for p in self.params if isinstance(p, click.Option) and not p.is_flag
                  for opt in p.opts if opt in self.bare_values}
        rewritten: list[str] = []
        for index, arg in enumerate(args):
            if arg == "--":
                rewritten.extend(args[index:])
                break
            rewritten.append(f"{arg}={self.bare_values[arg]}" if arg in valued else arg)
        return super().parse_args(ctx, rewritten)


def _labels(text: str) -> dict[str, str]:
    result = {}
    for pair in filter(None, text.split(",")):
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"{pair} must be formatted as key=value",
                                     param_hint="'--labels'")
        result[key] = value
    return result


def _config(storage: str | None = None, all_namespaces: bool = False,
            field_manager: str = "") -> Any:
    from helmpy.release.actions import configure

    opts = options()
    namespace = opts.get("namespace") or os.environ.get("HELMPY_NAMESPACE") or None
    config = configure(namespace, driver=storage, kubeconfig=opts.get("kubeconfig"),
                       context=opts.get("kube_context"), all_namespaces=all_namespaces)
    if field_manager:
        config.field_manager = field_manager
    return config


_field_manager_option = click.option(
    "--field-manager", default="helmpy", show_default=True,
    help="Server-side apply field manager ('helm' lets Helm apply over helmpy's fields).")


def _action_errors(prefix: str = "") -> Callable[[Any], Any]:
    """Report an action's failure as Helm does (``INSTALLATION FAILED: ...``)."""
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        import functools

        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except FlagError:
                raise
            except HelmpyError as err:
                raise HelmpyError(f"{prefix}{err}" if prefix else str(err)) from err
        return run
    return wrap


def _user_values(kw: dict[str, Any]) -> dict[str, Any]:
    from helmpy.values.user import read_user_values

    return read_user_values(values_files=kw.pop("values_files"), set=kw.pop("set_values"),
                            set_string=kw.pop("set_string"), set_file=kw.pop("set_file"),
                            set_json=kw.pop("set_json"), set_literal=kw.pop("set_literal"))


_output_option = click.option("-o", "--output", "output", default="table",
                              type=click.Choice(["table", "json", "yaml"]),
                              help="Prints the output in the specified format.")
_storage_option = click.option("--storage", default=None, envvar="HELMPY_DRIVER",
                               help="Release storage: secret (default), configmap, memory, sql.")


def _print_release(rel: Any, output: str, hide_notes: bool = False,
                   strip_chart: bool = False) -> None:
    from helmpy.release.actions import printing

    if output == "table":
        from helmpy.release.actions import computed_values

        debug = options().debug
        sys.stdout.write(printing.status_text(rel, debug=debug, hide_notes=hide_notes,
                                              computed=computed_values(rel) if debug else None))
    else:
        sys.stdout.write(printing.release_output(rel, output, strip_chart))


def _deploy_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Flags install and upgrade share."""
    return apply_options(fn, [
        click.option("--dry-run", default="",
                     type=click.Choice(["", "client", "server", "none", "true", "false"]),
                     help="Simulate an install/upgrade (--dry-run[=client|server])."),
        click.option("--wait", default="",
                     help="Wait until all resources are ready (--wait[=watcher|legacy|"
                          "hookOnly])."),
        click.option("--wait-for-jobs", is_flag=True, help="Also wait for Jobs to complete."),
        click.option("--timeout", default="5m0s", help="Time to wait for any Kubernetes "
                     "operation (like Jobs for hooks)."),
        click.option("--rollback-on-failure", "--atomic", "rollback_on_failure", is_flag=True,
                     help="On failure, undo the operation (implies --wait)."),
        click.option("--description", default="", help="Add a custom description."),
        click.option("--labels", default="", help="Labels added to the release metadata."),
        click.option("--no-hooks", is_flag=True, help="Prevent hooks from running."),
        click.option("--take-ownership", is_flag=True,
                     help="Adopt existing resources not owned by this release."),
        click.option("--render-subchart-notes", is_flag=True,
                     help="Render subchart notes along with the parent."),
        click.option("--hide-notes", is_flag=True, help="Do not show notes in the output."),
        click.option("--enable-dns", is_flag=True, help="Enable DNS lookups in templates."),
        click.option("--skip-schema-validation", is_flag=True,
                     help="Disable JSON schema validation."),
        click.option("--force-conflicts", is_flag=True,
                     help="Server-side apply takes fields owned by other managers."),
        click.option("--force-replace", "--force", "force_replace", is_flag=True,
                     help="Force resource updates by replacement."),
        click.option("--disable-openapi-validation", is_flag=True,
                     help="Accepted for Helm compatibility (the server validates)."),
        click.option("--dependency-update", is_flag=True,
                     help="Update dependencies if they are missing first."),
        click.option("--post-renderer", default="",
                     help="An executable the rendered manifest is piped through."),
        click.option("--post-renderer-args", multiple=True,
                     help="An argument to the post-renderer (can specify multiple)."),
        click.option("--version", "chart_version", default=None,
                     help="Chart version constraint for repository charts."),
        click.option("--repo", default=None, help="Chart repository URL."),
        click.option("--verify", is_flag=True, help="Verify the package before using it."),
        click.option("--keyring", default=None, help="Public keys used for verification."),
        _storage_option, _field_manager_option, _output_option, values_options,
        global_options,
    ])


def _wait_mode(value: str, rollback_on_failure: bool) -> bool:
    if value not in ("", "watcher", "legacy", "hookOnly", "true", "false"):
        raise click.BadParameter(f'invalid wait strategy "{value}"', param_hint="'--wait'")
    return value in ("watcher", "legacy", "true") or rollback_on_failure


def _dry_run(value: str) -> str:
    return {"true": "client", "none": "", "false": ""}.get(value, value)


def _load_chart(ref: str, kw: dict[str, Any]) -> Any:
    """Load CHART; missing dependencies are Helm's error, or fetched with
    --dependency-update (then the chart is loaded again)."""
    from helmpy.cli.template_cmd import load_chart_argument
    from helmpy.engine.pipeline import check_dependencies

    if kw["force_replace"] and kw["force_conflicts"]:
        raise FlagError("if any flags in the group [force-replace force-conflicts] are set "
                        "none of the others can be; [force-conflicts force-replace] were all "
                        "set")
    update = kw.pop("dependency_update")
    location = {"version": kw.pop("chart_version"), "repo": kw.pop("repo"),
                "verify": kw.pop("verify"), "keyring": kw.pop("keyring")}
    chart = load_chart_argument(ref, **location)
    try:
        check_dependencies(chart)
    except HelmpyError as err:
        if not (update and os.path.isdir(ref)):
            raise HelmpyError("an error occurred while checking for chart dependencies. You "
                              "may need to run `helm dependency build` to fetch missing "
                              f"dependencies: {err}") from None
        from helmpy.repo.resolver import update_dependencies

        update_dependencies(ref)
        chart = load_chart_argument(ref, **location)
    return chart


def _post_renderer(kw: dict[str, Any]) -> Any:
    if not kw.get("post_renderer"):
        return None
    from helmpy.cli.template_cmd import _post_render

    command, args = kw["post_renderer"], tuple(kw["post_renderer_args"])
    return lambda manifest: _post_render(manifest, command, args)


def _install_options(name: str, values: dict[str, Any], kw: dict[str, Any]) -> Any:
    from helmpy.release.actions import InstallOptions

    return InstallOptions(
        name=name, values=values, dry_run=_dry_run(kw["dry_run"]),
        wait=_wait_mode(kw["wait"], kw["rollback_on_failure"]),
        wait_for_jobs=kw["wait_for_jobs"], legacy_wait=kw["wait"] == "legacy",
        timeout=parse_duration(kw["timeout"]),
        rollback_on_failure=kw["rollback_on_failure"], replace=kw.get("replace", False),
        description=kw["description"], labels=_labels(kw["labels"]), no_hooks=kw["no_hooks"],
        skip_crds=kw.get("skip_crds", False), take_ownership=kw["take_ownership"],
        create_namespace=kw.get("create_namespace", False),
        render_subchart_notes=kw["render_subchart_notes"], enable_dns=kw["enable_dns"],
        skip_schema_validation=kw["skip_schema_validation"],
        server_side=kw.get("server_side", "true") != "false",
        force_conflicts=kw["force_conflicts"], force_replace=kw["force_replace"],
        post_renderer=_post_renderer(kw))


def _run_install(name: str, chart_ref: str, kw: dict[str, Any]) -> None:
    from helmpy.release.actions import install

    values = _user_values(kw)
    chart = _load_chart(chart_ref, kw)
    opts = _install_options(name, values, kw)
    rel = install(_config(kw["storage"], field_manager=kw["field_manager"]), chart, opts)
    _print_release(rel, kw["output"], kw["hide_notes"])


@click.command("install", cls=OptionalValueCommand)
@click.argument("args", nargs=-1, required=True)
@click.option("-g", "--generate-name", is_flag=True, help="Generate the name (and omit NAME).")
@click.option("--name-template", default="", help="Template used to name the release.")
@click.option("--create-namespace", is_flag=True, help="Create the release namespace if absent.")
@click.option("--replace", is_flag=True, help="Re-use the name of a failed or uninstalled release.")
@click.option("--skip-crds", is_flag=True, help="Do not install the CRDs of crds/ directories.")
@click.option("--server-side", default="true", type=click.Choice(["true", "false", "auto"]),
              help="Server-side apply (field manager helmpy); false: three-way merge.")
@_deploy_options
@_action_errors("INSTALLATION FAILED: ")
def install_cmd(args: tuple[str, ...], generate_name: bool, name_template: str,
                **kw: Any) -> None:
    """Install a chart.

    helmpy install [NAME] [CHART] [flags]
    """
    from helmpy.release.names import release_name_and_chart

    name, chart_ref = release_name_and_chart(args, generate_name, name_template)
    _run_install(name, chart_ref, kw)


@click.command("upgrade", cls=OptionalValueCommand)
@click.argument("release")
@click.argument("chart")
@click.option("-i", "--install", "install_missing", is_flag=True,
              help="Install the release if it does not exist yet.")
@click.option("--reuse-values", is_flag=True, help="Reuse the last release's values.")
@click.option("--reset-values", is_flag=True, help="Reset the values to the chart's.")
@click.option("--reset-then-reuse-values", is_flag=True,
              help="Chart defaults, then the last release's values, then the new ones.")
@click.option("--history-max", default=10, type=int,
              help="Maximum revisions saved per release (0: no limit).")
@click.option("--cleanup-on-fail", is_flag=True, help="Delete new resources on a failed upgrade.")
@click.option("--create-namespace", is_flag=True, help="With --install: create the namespace.")
@click.option("--skip-crds", is_flag=True, help="With --install: skip the CRDs.")
@click.option("--server-side", default="auto", type=click.Choice(["true", "false", "auto"]),
              help="Server-side apply; auto follows the release's last apply method.")
@click.option("--force-unlock", is_flag=True,
              help="Release a revision stuck in a pending state (marks it failed) first.")
@_deploy_options
@_action_errors("UPGRADE FAILED: ")
def upgrade_cmd(release: str, chart: str, install_missing: bool, reuse_values: bool,
                reset_values: bool, reset_then_reuse_values: bool, history_max: int,
                cleanup_on_fail: bool, force_unlock: bool, **kw: Any) -> None:
    """Upgrade a release to a new chart version or new values.

    helmpy upgrade [RELEASE] [CHART] [flags]
    """
    from helmpy.release.actions import UpgradeOptions, upgrade
    from helmpy.release.actions.base import sorted_history
    from helmpy.release.model import UNINSTALLED

    config = _config(kw["storage"], field_manager=kw["field_manager"])
    if install_missing:
        revisions = sorted_history(config, release)
        if not revisions or revisions[-1].status == UNINSTALLED:
            if kw["output"] == "table":
                click.echo(f'Release "{release}" does not exist. Installing it now.')
            kw["replace"] = bool(revisions)
            _run_install(release, chart, kw)
            return
    values = _user_values(kw)
    loaded = _load_chart(chart, kw)
    opts = UpgradeOptions(
        values=values, reuse_values=reuse_values, reset_values=reset_values,
        reset_then_reuse_values=reset_then_reuse_values, history_max=history_max,
        dry_run=_dry_run(kw["dry_run"]), wait=_wait_mode(kw["wait"], kw["rollback_on_failure"]),
        wait_for_jobs=kw["wait_for_jobs"], legacy_wait=kw["wait"] == "legacy",
        timeout=parse_duration(kw["timeout"]),
        rollback_on_failure=kw["rollback_on_failure"], cleanup_on_fail=cleanup_on_fail,
        force_replace=kw["force_replace"], description=kw["description"],
        labels=_labels(kw["labels"]), no_hooks=kw["no_hooks"],
        take_ownership=kw["take_ownership"], render_subchart_notes=kw["render_subchart_notes"],
        enable_dns=kw["enable_dns"], skip_schema_validation=kw["skip_schema_validation"],
        server_side=kw["server_side"], force_conflicts=kw["force_conflicts"],
        force_unlock=force_unlock, post_renderer=_post_renderer(kw))
    rel = upgrade(config, release, loaded, opts)
    if kw["output"] == "table":
        click.echo(f'Release "{release}" has been upgraded. Happy Helming!')
    _print_release(rel, kw["output"], kw["hide_notes"])


@click.command("rollback", cls=OptionalValueCommand)
@click.argument("release")
@click.argument("revision", required=False, type=int)
@click.option("--dry-run", is_flag=True, help="Simulate a rollback.")
@click.option("--no-hooks", is_flag=True, help="Prevent hooks from running during rollback.")
@click.option("--wait", default="", help="Wait until all resources are ready (--wait[=...]).")
@click.option("--wait-for-jobs", is_flag=True, help="Also wait for Jobs to complete.")
@click.option("--timeout", default="5m0s", help="Time to wait for any Kubernetes operation.")
@click.option("--cleanup-on-fail", is_flag=True, help="Delete new resources on failure.")
@click.option("--history-max", default=10, type=int, help="Maximum revisions kept (0: all).")
@click.option("--force-replace", "--force", "force_replace", is_flag=True,
              help="Replace objects (PUT, delete and re-create if needed).")
@click.option("--server-side", default="auto", type=click.Choice(["true", "false", "auto"]),
              help="Server-side apply; auto follows the target revision.")
@click.option("--force-conflicts", is_flag=True, help="Take fields owned by other managers.")
@_storage_option
@_field_manager_option
@global_options
def rollback_cmd(release: str, revision: int | None, dry_run: bool, no_hooks: bool, wait: str,
                 wait_for_jobs: bool, timeout: str, cleanup_on_fail: bool, history_max: int,
                 force_replace: bool, server_side: str, force_conflicts: bool,
                 storage: str | None, field_manager: str) -> None:
    """Roll back a release to a previous revision (the one before the latest by default).

    Also the way out of a release stuck in pending-install/upgrade/rollback after a crash.
    """
    from helmpy.release.actions import RollbackOptions, rollback

    rollback(_config(storage, field_manager=field_manager), release, RollbackOptions(
        version=revision or 0, wait=_wait_mode(wait, False), wait_for_jobs=wait_for_jobs,
        legacy_wait=wait == "legacy",
        timeout=parse_duration(timeout), no_hooks=no_hooks, dry_run=dry_run,
        force_replace=force_replace, cleanup_on_fail=cleanup_on_fail,
        history_max=history_max, server_side=server_side, force_conflicts=force_conflicts))
    click.echo("Rollback was a success! Happy Helming!")


@click.command("uninstall", cls=OptionalValueCommand)
@click.argument("releases", nargs=-1, required=True)
@click.option("--keep-history", is_flag=True, help="Keep the history, marked uninstalled.")
@click.option("--no-hooks", is_flag=True, help="Prevent hooks from running.")
@click.option("--cascade", default="background",
              help="background, foreground or orphan deletion of dependents.")
@click.option("--ignore-not-found", is_flag=True, help="Treat a missing release as success.")
@click.option("--wait", default="", help="Wait until every resource is deleted (--wait[=...]).")
@click.option("--timeout", default="5m0s", help="Time to wait for any Kubernetes operation.")
@click.option("--description", default="", help="Add a custom description.")
@click.option("--dry-run", is_flag=True, help="Simulate an uninstall.")
@_storage_option
@global_options
def uninstall_cmd(releases: tuple[str, ...], keep_history: bool, no_hooks: bool, cascade: str,
                  ignore_not_found: bool, wait: str, timeout: str, description: str,
                  dry_run: bool, storage: str | None) -> None:
    """Uninstall one or more releases.

    helmpy uninstall RELEASE_NAME [...] [flags]
    """
    from helmpy.release.actions import UninstallOptions, uninstall

    config = _config(storage)
    opts = UninstallOptions(keep_history=keep_history, no_hooks=no_hooks, cascade=cascade,
                            ignore_not_found=ignore_not_found, wait=_wait_mode(wait, False),
                            timeout=parse_duration(timeout), description=description,
                            dry_run=dry_run)
    for name in releases:
        result = uninstall(config, name, opts)
        if result is not None and result.info:
            click.echo(result.info)
        click.echo(f'release "{name}" uninstalled')


@click.command("history")
@click.argument("release")
@click.option("--max", "maximum", default=256, type=int,
              help="Maximum number of revisions to include.")
@_output_option
@_storage_option
@global_options
def history_cmd(release: str, maximum: int, output: str, storage: str | None) -> None:
    """Fetch release history."""
    from helmpy.release.actions import history, printing

    sys.stdout.write(printing.history_output(history(_config(storage), release, maximum),
                                             output))


@click.command("status")
@click.argument("release")
@click.option("--revision", default=0, type=int, help="Show this revision's status.")
@_output_option
@_storage_option
@global_options
def status_cmd(release: str, revision: int, output: str, storage: str | None) -> None:
    """Display the status of the named release."""
    from helmpy.release.actions import printing, status
    from helmpy.release.actions.resources import collect, resources_text

    config = _config(storage)
    rel = status(config, release, revision)
    found = collect(config, rel, as_table=output == "table")
    if output == "table":
        sys.stdout.write(printing.status_text(rel, resources=resources_text(found)))
    else:
        if rel.info is not None and found:
            rel.info.resources = found
        sys.stdout.write(printing.release_output(rel, output, strip_chart=True))


@click.command("list")
@click.option("-A", "--all-namespaces", is_flag=True, help="List releases across namespaces.")
@click.option("-a", "--all", "all_states", is_flag=True, help="Show releases in every state.")
@click.option("--deployed", is_flag=True, help="Show deployed releases.")
@click.option("--failed", is_flag=True, help="Show failed releases.")
@click.option("--pending", is_flag=True, help="Show pending releases.")
@click.option("--superseded", is_flag=True, help="Show superseded releases.")
@click.option("--uninstalled", is_flag=True, help="Show uninstalled releases (--keep-history).")
@click.option("--uninstalling", is_flag=True, help="Show releases being uninstalled.")
@click.option("-f", "--filter", "name_filter", default="", help="A regular expression on names.")
@click.option("-l", "--selector", default="", help="Label selector (=, ==, !=).")
@click.option("-m", "--max", "maximum", default=256, type=int, help="Maximum releases to fetch.")
@click.option("--offset", default=0, type=int, help="Next release index to start from.")
@click.option("-d", "--date", "by_date", is_flag=True, help="Sort by release date.")
@click.option("-r", "--reverse", is_flag=True, help="Reverse the sort order.")
@click.option("-q", "--short", is_flag=True, help="Output release names only.")
@click.option("--no-headers", is_flag=True, help="No header row in table output.")
@click.option("--time-format", default="",
              help='Format times with a Go layout, e.g. "2006-01-02 15:04:05Z0700".')
@_output_option
@_storage_option
@global_options
def list_cmd(all_namespaces: bool, all_states: bool, deployed: bool, failed: bool,
             pending: bool, superseded: bool, uninstalled: bool, uninstalling: bool,
             name_filter: str, selector: str, maximum: int, offset: int, by_date: bool,
             reverse: bool, short: bool, no_headers: bool, time_format: str, output: str,
             storage: str | None) -> None:
    """List releases."""
    from helmpy.release.actions import ListOptions, list_releases, printing

    opts = ListOptions(all=all_states, deployed=deployed, failed=failed, pending=pending,
                       superseded=superseded, uninstalled=uninstalled,
                       uninstalling=uninstalling, filter=name_filter, selector=selector,
                       limit=maximum, offset=offset, by_date=by_date, reverse=reverse)
    found = list_releases(_config(storage, all_namespaces), opts)
    sys.stdout.write(printing.list_output(found, output, no_headers, short, time_format))


@click.group("get")
def get_cmd() -> None:
    """Download extended information of a named release."""


def _get_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--revision", default=0, type=int, help="Get this revision.")(fn)
    fn = _storage_option(fn)
    fn = global_options(fn)
    return click.argument("release")(fn)


@get_cmd.command("values")
@_get_options
@click.option("-a", "--all", "all_values", is_flag=True, help="Dump all (computed) values.")
@_output_option
def get_values_cmd(release: str, revision: int, storage: str | None, all_values: bool,
                   output: str) -> None:
    """Download the values file for a named release."""
    from helmpy.release.actions import get_values, printing

    values = get_values(_config(storage), release, revision, all_values)
    sys.stdout.write(printing.values_output(values, output, all_values))


@get_cmd.command("manifest")
@_get_options
def get_manifest_cmd(release: str, revision: int, storage: str | None) -> None:
    """Download the manifest for a named release."""
    from helmpy.release.actions import get_release

    click.echo(get_release(_config(storage), release, revision).manifest)


@get_cmd.command("notes")
@_get_options
def get_notes_cmd(release: str, revision: int, storage: str | None) -> None:
    """Download the notes for a named release."""
    from helmpy.release.actions import get_release

    rel = get_release(_config(storage), release, revision)
    if rel.info and rel.info.notes:
        sys.stdout.write(f"NOTES:\n{rel.info.notes}\n")


@get_cmd.command("hooks")
@_get_options
def get_hooks_cmd(release: str, revision: int, storage: str | None) -> None:
    """Download all hooks for a named release."""
    from helmpy.release.actions import get_release

    rel = get_release(_config(storage), release, revision)
    sys.stdout.write("".join(f"---\n# Source: {h.path}\n{h.manifest}\n" for h in rel.hooks))


@get_cmd.command("metadata")
@_get_options
@_output_option
def get_metadata_cmd(release: str, revision: int, storage: str | None, output: str) -> None:
    """Fetch metadata for a given release."""
    from helmpy.release.actions import get_release, metadata, printing

    rel = get_release(_config(storage), release, revision)
    sys.stdout.write(printing.metadata_output(metadata(rel), output))


@get_cmd.command("all")
@_get_options
@click.option("--template", default="", help="Go template for the output, e.g. "
              "{{.Release.Name}}.")
def get_all_cmd(release: str, revision: int, storage: str | None, template: str) -> None:
    """Download all information for a named release."""
    from helmpy.release.actions import computed_values, get_release, printing

    rel = get_release(_config(storage), release, revision)
    if template:
        from helmpy.release.actions.template_view import render_release_template

        sys.stdout.write(render_release_template(template, rel))
        return
    sys.stdout.write(printing.status_text(rel, debug=True, show_metadata=True,
                                          computed=computed_values(rel)))


@click.command("test")
@click.argument("release")
@click.option("--timeout", default="5m0s", help="Time to wait for any Kubernetes operation.")
@click.option("--filter", "filters", multiple=True,
              help="Run only tests with this name (!name excludes).")
@click.option("--logs", is_flag=True, help="Dump the logs from test pods.")
@click.option("--hide-notes", is_flag=True, help="Do not show notes in the output.")
@_storage_option
@global_options
def test_cmd(release: str, timeout: str, filters: tuple[str, ...], logs: bool,
             hide_notes: bool, storage: str | None) -> None:
    """Run tests for a release."""
    from helmpy.release.actions import ReleaseTestOptions, printing, run_tests
    from helmpy.release.actions.test import pod_logs

    config = _config(storage)
    names = []
    for item in filters:  # Helm's form: name=a,!name=b
        for term in filter(None, item.split(",")):
            negated = term.startswith("!")
            names.append(("!" if negated else "") + term.lstrip("!").removeprefix("name="))
    from helmpy.release.actions import ActionError

    failure: ActionError | None = None
    try:
        rel = run_tests(config, release, ReleaseTestOptions(timeout=parse_duration(timeout),
                                                            filters=names))
    except ActionError as err:
        if err.release is None:
            raise
        # As Helm: the status (and logs) are printed even when a test failed.
        failure, rel = err, err.release
    sys.stdout.write(printing.status_text(rel, hide_notes=hide_notes))
    if logs:
        sys.stdout.write(pod_logs(config, rel, names))
    if failure is not None:
        raise failure
