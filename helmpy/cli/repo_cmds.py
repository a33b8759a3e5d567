"""``helmpy repo add|update|list|remove|index``, ``search repo``, ``pull`` and ``verify``."""
from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import click

from helmpy.cli.common import apply_options, global_options
from helmpy.errors import HelmpyError

_DEPRECATED_REPOS = {
    "https://kubernetes-charts.storage.googleapis.com": "https://charts.helm.sh/stable",
    "https://kubernetes-charts-incubator.storage.googleapis.com":
        "https://charts.helm.sh/incubator",
}


def _paths() -> Any:
    from helmpy.config.paths import helmpy_paths

    return helmpy_paths()


def _emit(data: Any, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, separators=(",", ":"), ensure_ascii=False)
                   .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    else:
        from helmpy.repoformat import yamlio

        click.echo(yamlio.dump(data), nl=False)


def _safe(text: Any) -> str:
    from helmpy.repoformat.yamlio import sanitize_terminal

    return sanitize_terminal(str(text))


@click.group("repo")
@global_options
def repo_cmd() -> None:
    """Add, list, remove, update, and index chart repositories."""


@repo_cmd.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--username", default="", help="Chart repository username.")
@click.option("--password", default="", help="Chart repository password.")
@click.option("--password-stdin", is_flag=True, help="Read chart repository password from stdin.")
@click.option("--pass-credentials", is_flag=True, help="Pass credentials to all domains.")
@click.option("--ca-file", default="", help="Verify certificates of HTTPS servers with this CA.")
@click.option("--cert-file", default="", help="Identify HTTPS client using this SSL certificate.")
@click.option("--key-file", default="", help="Identify HTTPS client using this SSL key file.")
@click.option("--insecure-skip-tls-verify", is_flag=True, help="Skip TLS certificate checks.")
@click.option("--force-update", is_flag=True, help="Replace (overwrite) the repo if it exists.")
@click.option("--allow-deprecated-repos", is_flag=True, help="Allow adding deprecated repos.")
@click.option("--no-update", is_flag=True, hidden=True)
@global_options
def repo_add(name: str, url: str, username: str, password: str, password_stdin: bool,
             pass_credentials: bool, ca_file: str, cert_file: str, key_file: str,
             insecure_skip_tls_verify: bool, force_update: bool, allow_deprecated_repos: bool,
             no_update: bool) -> None:
    """Add a chart repository."""
    from helmpy.repo.client import download_index
    from helmpy.repo.repofile import RepoEntry, load_repo_file, locked_repo_file

    if "/" in name:
        raise HelmpyError(f"repository name ({name}) contains '/', please specify a different "
                          "name without '/'")
    if not allow_deprecated_repos:
        for old, new in _DEPRECATED_REPOS.items():
            if url.rstrip("/") == old:
                raise HelmpyError(f'repo "{old}" is no longer available; try "{new}" instead')
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif username and not password:
        password = click.prompt("Password", hide_input=True, err=True)
    entry = RepoEntry(name=name, url=url, username=username, password=password,
                      cert_file=cert_file, key_file=key_file, ca_file=ca_file,
                      insecure_skip_tls_verify=insecure_skip_tls_verify,
                      pass_credentials_all=pass_credentials)
    paths = _paths()
    with locked_repo_file(paths.repository_config):
        repo_file = load_repo_file(paths.repository_config)
        existing = repo_file.get(name)
        if existing is not None and not force_update:
            if existing != entry:
                raise HelmpyError(f"repository name ({name}) already exists, please specify a "
                                  "different name")
            click.echo(f'"{name}" already exists with the same configuration, skipping')
            return
        try:
            download_index(entry, paths.repository_cache)
        except HelmpyError as err:
            raise HelmpyError(f'looks like "{url}" is not a valid chart repository or cannot be '
                              f"reached: {err}") from err
        repo_file.update(entry)
        repo_file.write(paths.repository_config)
    click.echo(f'"{name}" has been added to your repositories')


@repo_cmd.command("update")
@click.argument("names", nargs=-1)
@click.option("--fail-on-repo-update-fail", is_flag=True, hidden=True)
@global_options
def repo_update(names: tuple[str, ...], fail_on_repo_update_fail: bool) -> None:
    """Update information of available charts locally from chart repositories."""
    from helmpy.repo.client import download_index
    from helmpy.repo.repofile import load_repo_file

    paths = _paths()
    repos = load_repo_file(paths.repository_config).repositories
    if not repos:
        raise HelmpyError("no repositories found. You must add one before updating")
    for wanted in names:
        if not any(r.name == wanted for r in repos):
            raise HelmpyError(f"no repositories found matching '{wanted}'.  Nothing will be "
                              "updated")
    chosen = [r for r in repos if not names or r.name in names]
    click.echo("Hang tight while we grab the latest from your chart repositories...")

    def update(entry: Any) -> tuple[Any, str | None]:
        try:
            download_index(entry, paths.repository_cache)
            return entry, None
        except HelmpyError as err:
            return entry, str(err)

    failed: list[str] = []
    with ThreadPoolExecutor(max_workers=min(8, len(chosen))) as pool:
        for entry, error in pool.map(update, chosen):
            if error is None:
                click.echo(f'...Successfully got an update from the "{entry.name}" chart '
                           "repository")
            else:
                click.echo(f'...Unable to get an update from the "{entry.name}" chart repository '
                           f"({entry.url}):\n\t{_safe(error)}")
                failed.append(entry.url)
    if failed:
        raise HelmpyError(f"failed to update the following repositories: [{' '.join(failed)}]")
    click.echo("Update Complete. ⎈Happy Helming!⎈")


@repo_cmd.command("list")
@click.option("-o", "--output", "fmt", type=click.Choice(["table", "json", "yaml"]),
              default="table", help="Prints the output in the specified format.")
@global_options
def repo_list(fmt: str) -> None:
    """List chart repositories."""
    from helmpy.repo.repofile import load_repo_file
    from helmpy.uitable import table

    repos = load_repo_file(_paths().repository_config).repositories
    if not repos and fmt == "table":
        raise HelmpyError("no repositories to show")
    if fmt == "table":
        click.echo(table([["NAME", "URL"]] + [[r.name, r.url] for r in repos]), nl=False)
        return
    _emit([{"name": r.name, "url": r.url} for r in repos], fmt)


@repo_cmd.command("remove")
@click.argument("names", nargs=-1, required=True)
@global_options
def repo_remove(names: tuple[str, ...]) -> None:
    """Remove one or more chart repositories."""
    from helmpy.repo.repofile import load_repo_file, locked_repo_file, remove_cache

    paths = _paths()
    with locked_repo_file(paths.repository_config):
        repo_file = load_repo_file(paths.repository_config)
        for name in names:
            if not repo_file.remove(name):
                raise HelmpyError(f'no repo named "{name}" found')
            repo_file.write(paths.repository_config)
            remove_cache(paths.repository_cache, name)
            click.echo(f'"{name}" has been removed from your repositories')


@repo_cmd.command("index")
@click.argument("directory")
@click.option("--url", default="", help="URL of the chart repository.")
@click.option("--merge", default="", help="Merge the generated index into the given index.")
@click.option("--json", "as_json", is_flag=True, help="Output in JSON format.")
@global_options
def repo_index_cmd(directory: str, url: str, merge: str, as_json: bool) -> None:
    """Generate an index file given a directory containing packaged charts."""
    from helmpy.repo.index import IndexFile, index_directory, load_file

    root = Path(directory).resolve()
    if not root.is_dir():
        raise HelmpyError(f"stat {directory}: no such file or directory")
    index = index_directory(root, url)
    if merge:
        merge_path = Path(merge)
        if not merge_path.exists():
            empty = IndexFile()
            empty.write_json(merge_path) if as_json else empty.write(merge_path)
            other = empty
        else:
            try:
                other = load_file(merge_path)
            except HelmpyError as err:
                raise HelmpyError(f"merge failed: {err}") from err
        index.merge(other)
    index.sort_entries()
    out = root / "index.yaml"
    index.write_json(out) if as_json else index.write(out)


@click.group("search")
@global_options
def search_cmd() -> None:
    """Search for a keyword in charts."""


@search_cmd.command("repo")
@click.argument("keywords", nargs=-1)
@click.option("-r", "--regexp", is_flag=True, help="Use regular expressions for searching.")
@click.option("-l", "--versions", is_flag=True, help="Show every version of each chart.")
@click.option("--devel", is_flag=True, help="Use development versions, too ('>0.0.0-0').")
@click.option("--version", default="", help="Search using semantic versioning constraints.")
@click.option("--max-col-width", default=50, type=int, help="Maximum column width.")
@click.option("--fail-on-no-result", is_flag=True, help="Fail if no results are found.")
@click.option("-o", "--output", "fmt", type=click.Choice(["table", "json", "yaml"]),
              default="table", help="Prints the output in the specified format.")
@global_options
def search_repo(keywords: tuple[str, ...], regexp: bool, versions: bool, devel: bool,
                version: str, max_col_width: int, fail_on_no_result: bool, fmt: str) -> None:
    """Search repositories for a keyword in charts."""
    from helmpy.repo.repofile import index_cache_path, load_cached_index, load_repo_file
    from helmpy.repo.search import SearchIndex, apply_constraint, sort_results
    from helmpy.uitable import table

    constraint = version or (">0.0.0-0" if devel else ">0.0.0")
    paths = _paths()
    repos = load_repo_file(paths.repository_config).repositories
    if not repos:
        raise HelmpyError("no repositories configured")
    search_index = SearchIndex()
    for entry in repos:
        try:
            index = load_cached_index(index_cache_path(paths.repository_cache, entry.name))
        except (HelmpyError, OSError) as err:
            click.echo(f'level=WARN msg="repo is corrupt or missing" repo={entry.name} '
                       f'error="{_safe(err)}"', err=True)
            continue
        search_index.add_repo(entry.name, index, True)
    try:
        results = (search_index.search(" ".join(keywords), regexp) if keywords
                   else search_index.all())
        results = apply_constraint(sort_results(results), constraint, versions)
    except ValueError as err:
        raise HelmpyError(str(err)) from err
    if not results and fail_on_no_result:
        raise HelmpyError("no results found")
    rows = [{"name": r.name, "version": str(r.chart.get("version", "")),
             "app_version": str(r.chart.get("appVersion", "")),
             "description": str(r.chart.get("description", ""))} for r in results]
    if fmt != "table":
        _emit(rows, fmt)
        return
    if not rows:
        click.echo("No results found")
        return
    cells = [["NAME", "CHART VERSION", "APP VERSION", "DESCRIPTION"]]
    cells += [[_safe(r["name"]), _safe(r["version"]), _safe(r["app_version"]),
               _safe(r["description"])] for r in rows]
    click.echo(table(cells, max_col_width), nl=False)


def _remote_options(fn: Any) -> Any:
    return apply_options(fn, [
        click.option("--version", default="", help="Chart version constraint."),
        click.option("--devel", is_flag=True, help="Use development versions, too."),
        click.option("--repo", "repo_url", default="", help="Chart repository URL."),
        click.option("--username", default="", help="Chart repository username."),
        click.option("--password", default="", help="Chart repository password."),
        click.option("--pass-credentials", is_flag=True, help="Pass credentials to all domains."),
        click.option("--ca-file", default="", help="CA bundle for HTTPS servers."),
        click.option("--cert-file", default="", help="Client SSL certificate."),
        click.option("--key-file", default="", help="Client SSL key."),
        click.option("--insecure-skip-tls-verify", is_flag=True, help="Skip TLS checks."),
        click.option("--verify", is_flag=True, help="Verify the package before using it."),
        click.option("--keyring", default="", help="Keyring containing public keys."),
    ])


@click.command("pull")
@click.argument("charts", nargs=-1, required=True)
@_remote_options
@click.option("-d", "--destination", default=".", help="Where to write the chart.")
@click.option("--untar", is_flag=True, help="Untar the chart after downloading it.")
@click.option("--untardir", default=".", help="Directory into which the chart is expanded.")
@click.option("--prov", is_flag=True, help="Fetch the provenance file, but don't verify.")
@global_options
def pull_cmd(charts: tuple[str, ...], version: str, devel: bool, repo_url: str, username: str,
             password: str, pass_credentials: bool, ca_file: str, cert_file: str, key_file: str,
             insecure_skip_tls_verify: bool, verify: bool, keyring: str, destination: str,
             untar: bool, untardir: str, prov: bool) -> None:
    """Download a chart from a repository and (optionally) unpack it."""
    import shutil
    import tempfile

    from helmpy.repo.chartref import expand_archive, fetch_chart, resolve_chart

    for ref in charts:
        resolved = resolve_chart(ref, version, devel, repo_url, username=username,
                                 password=password, pass_credentials=pass_credentials,
                                 ca_file=ca_file, cert_file=cert_file, key_file=key_file,
                                 insecure=insecure_skip_tls_verify)
        dest = Path(destination)
        workdir = Path(tempfile.mkdtemp(prefix="helmpy-pull-")) if untar else dest
        try:
            archive, verification = fetch_chart(resolved, workdir, prov=prov, verify=verify,
                                                keyring=keyring)
            if verification is not None:
                click.echo(verification.report(), nl=False)  # type: ignore[attr-defined]
            if untar:
                target = Path(untardir) if Path(untardir).is_absolute() else dest / untardir
                target.mkdir(parents=True, exist_ok=True)
                expand_archive(archive, target)
                if prov:
                    prov_file = archive.with_name(archive.name + ".prov")
                    if prov_file.is_file():
                        if (dest / prov_file.name).is_symlink():  # never write through a link
                            raise HelmpyError("refusing to write through symbolic link "
                                              f"{dest / prov_file.name}")
                        shutil.copy(prov_file, dest / prov_file.name)
        finally:
            if untar:
                shutil.rmtree(workdir, ignore_errors=True)


@click.command("verify")
@click.argument("path")
@click.option("--keyring", default="", help="Keyring containing public keys.")
@global_options
def verify_cmd(path: str, keyring: str) -> None:
    """Verify that a chart at the given path has been signed and is valid."""
    from helmpy.provenance import default_keyring, verify_chart

    verification = verify_chart(path, keyring or default_keyring())
    click.echo(verification.report(), nl=False)
