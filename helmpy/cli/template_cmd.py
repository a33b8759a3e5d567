"""``helmpy template``: render a chart locally, exactly as ``helm template`` prints it."""
from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
from typing import Any

import click

from helmpy.cli.common import global_options, options, values_options
from helmpy.errors import HelmpyError

_SOURCE = re.compile(r"# Source: [^/]+/(.+)")


def load_chart_argument(ref: str, version: str | None = None, **repo_options: Any) -> Any:
    """Load CHART as given on the command line: a directory, an archive, or a repo reference."""
    from helmpy.chart.loader import load

    if os.path.exists(ref) and not repo_options.get("verify") and not repo_options.get("repo"):
        return load(ref)  # the common case: no repository code is imported
    from helmpy.repo.chartref import locate_chart

    return load(str(locate_chart(ref, version=version, **repo_options)))


def ensure_dependencies(chart: Any, chart_ref: str, update: bool) -> Any:
    """Helm's pre-install dependency check, with ``--dependency-update`` as the way out."""
    from helmpy.engine.pipeline import check_dependencies

    try:
        check_dependencies(chart)
        return chart
    except HelmpyError as err:
        if not update or not os.path.isdir(chart_ref):
            raise HelmpyError(
                "an error occurred while checking for chart dependencies. You may need to run "
                f"`helmpy dependency build` to fetch missing dependencies: {err}") from err
    from helmpy.chart.loader import load
    from helmpy.repo.resolver import update_dependencies

    update_dependencies(chart_ref)
    return load(chart_ref)


def _post_render(manifest: str, command: str, args: tuple[str, ...]) -> str:
    try:
        done = subprocess.run([command, *args], input=manifest.encode(), capture_output=True,
                              check=False)
    except OSError as err:
        raise HelmpyError(f"error while running post render on files: {err}") from None
    if done.returncode != 0:
        raise HelmpyError("error while running command " + command + ". error output:\n"
                          + done.stderr.decode(errors="replace")
                          + f": exit status {done.returncode}")
    return done.stdout.decode()


def _write_file(directory: str, name: str, content: str, append: bool) -> str:
    path = os.path.join(directory, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a" if append else "w", encoding="utf-8", newline="") as out:
        out.write(f"---\n# Source: {name}\n{content}\n")
    return path


def _select_show_only(text: str, show_only: tuple[str, ...]) -> str:
    from helmpy.engine.manifests import split_manifests

    docs = split_manifests(text)
    chosen: list[str] = []
    for pattern in show_only:
        pattern = pattern.replace(os.sep, "/")
        found = False
        for doc in docs:
            m = _SOURCE.search(doc)
            if m and fnmatch.fnmatchcase(m.group(1), pattern) and _go_match(pattern, m.group(1)):
                chosen.append(doc)
                found = True
        if not found:
            raise HelmpyError(f"could not find template {pattern} in chart")
    return "".join(f"---\n{doc}\n" for doc in chosen)


def _go_match(pattern: str, name: str) -> bool:
    """filepath.Match: like fnmatch, but ``*`` never crosses a '/'."""
    return pattern.count("/") == name.count("/")


@click.command("template")
@click.argument("args", nargs=-1, required=True)
@values_options
@click.option("-g", "--generate-name", is_flag=True, help="Generate the name (and omit NAME).")
@click.option("--name-template", default="", help="Specify the template used to name the release.")
@click.option("--release-name", "use_release_name", is_flag=True,
              help="Use release name in the output-dir path.")
@click.option("-s", "--show-only", multiple=True, help="Only show manifests rendered from the given templates.")
@click.option("--output-dir", default="", help="Write the templates to files in this directory.")
@click.option("--include-crds", is_flag=True, help="Include CRDs in the templated output.")
@click.option("--skip-crds", is_flag=True, help="Do not install CRDs (no effect on output).")
@click.option("--skip-tests", is_flag=True, help="Skip tests from templated output.")
@click.option("--no-hooks", is_flag=True, help="Prevent hooks from running (omit them).")
@click.option("--is-upgrade", is_flag=True, help="Set .Release.IsUpgrade instead of .Release.IsInstall.")
@click.option("--kube-version", default=None, help="Kubernetes version used for Capabilities.KubeVersion.")
@click.option("-a", "--api-versions", multiple=True, help="Kubernetes api versions used for Capabilities.APIVersions.")
@click.option("--post-renderer", default="", help="The path to an executable to be used for post rendering.")
@click.option("--post-renderer-args", multiple=True, help="An argument to the post-renderer.")
@click.option("--dependency-update", is_flag=True, help="Update dependencies if they are missing before installing the chart.")
@click.option("--render-subchart-notes", is_flag=True, help="Render subchart notes along with the parent.")
@click.option("--enable-dns", is_flag=True, help="Enable DNS lookups when rendering templates.")
@click.option("--skip-schema-validation", is_flag=True, help="Disable JSON schema validation.")
@click.option("--version", "chart_version", default=None, help="Chart version constraint for repository charts.")
@click.option("--repo", default=None, help="Chart repository URL where to locate the requested chart.")
@click.option("--verify", is_flag=True, help="Verify the package before using it.")
@click.option("--keyring", default=None, help="Location of public keys used for verification.")
@global_options
def template_cmd(args: tuple[str, ...], values_files: tuple[str, ...], set_values: tuple[str, ...],
                 set_string: tuple[str, ...], set_file: tuple[str, ...], set_json: tuple[str, ...],
                 set_literal: tuple[str, ...], generate_name: bool, name_template: str,
                 use_release_name: bool, show_only: tuple[str, ...], output_dir: str,
                 include_crds: bool, skip_crds: bool, skip_tests: bool, no_hooks: bool,
                 is_upgrade: bool, kube_version: str | None, api_versions: tuple[str, ...],
                 post_renderer: str, post_renderer_args: tuple[str, ...],
                 dependency_update: bool, render_subchart_notes: bool, enable_dns: bool,
                 skip_schema_validation: bool, chart_version: str | None, repo: str | None,
                 verify: bool, keyring: str | None) -> None:
    """Render chart templates locally and display the output.

    helmpy template [NAME] [CHART] [flags]
    """
    from helmpy.engine.pipeline import render
    from helmpy.release.names import release_name_and_chart, validate_release_name

    name, chart_ref = release_name_and_chart(args, generate_name, name_template, "release-name")
    validate_release_name(name)
    chart = load_chart_argument(chart_ref, version=chart_version, repo=repo, verify=verify,
                                keyring=keyring)
    chart = ensure_dependencies(chart, chart_ref, dependency_update)
    try:
        result = render(chart, release=name, namespace=options().namespace,
                        values_files=values_files, set=set_values, set_string=set_string,
                        set_file=set_file, set_json=set_json, set_literal=set_literal,
                        kube_version=kube_version, api_versions=api_versions,
                        is_upgrade=is_upgrade, enable_dns=enable_dns,
                        skip_schema_validation=skip_schema_validation,
                        render_subchart_notes=render_subchart_notes)
    except HelmpyError as err:
        rendered = getattr(err, "rendered", None)
        if rendered is None:
            raise
        if options().debug:
            sys.stdout.write(rendered.strip() + "\n")
            raise
        raise HelmpyError(f"{err}\n\nUse --debug flag to render out invalid YAML") from err
    manifest = (result.crds_text() if include_crds else "") + result.manifest
    if post_renderer:
        manifest = _post_render(manifest, post_renderer, post_renderer_args)
    if output_dir:
        _write_output_dir(result, output_dir, name if use_release_name else "", include_crds,
                          no_hooks, skip_tests)
        return
    text = manifest.strip() + "\n"
    if not no_hooks:
        text += result.hooks_text(skip_tests)
    if show_only:
        text = _select_show_only(text, show_only)
    sys.stdout.write(text)


def _write_output_dir(result: Any, output_dir: str, release_dir: str, include_crds: bool,
                      no_hooks: bool, skip_tests: bool) -> None:
    directory = os.path.join(output_dir, release_dir) if release_dir else output_dir
    written: set[str] = set()

    def emit(name: str, content: str) -> None:
        path = _write_file(directory, name, content, name in written)
        written.add(name)
        click.echo(f"wrote {path}")

    if include_crds:
        for crd in result.crds:
            emit(crd.filename, crd.text)
    for m in result.manifests:
        emit(m.path, m.content)
    if not no_hooks:
        for hook in result.hooks:
            if skip_tests and "test" in hook.events:
                continue
            emit(hook.path, hook.manifest)
