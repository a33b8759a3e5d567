"""Chart references: ``repo/name``, a full URL, a name with ``--repo URL``, or a local path.

:func:`resolve_chart` turns a reference into a download URL (and the repository entry whose
credentials apply); :func:`fetch_chart` downloads it, with optional provenance verification;
:func:`locate_chart` is what commands taking a CHART argument call to get a local path.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from helmpy.errors import HelmpyError
from helmpy.repo.client import Getter, download_index
from helmpy.repo.index import IndexError_, resolve_reference_url
from helmpy.repo.repofile import RepoEntry, index_cache_path, load_cached_index, load_repo_file
from helmpy.repoformat.metadata import safe_path_segment

DEVEL_CONSTRAINT = ">0.0.0-0"


@dataclass
class ResolvedChart:
    url: str
    entry: RepoEntry | None
    digest: str = ""
    name: str = ""
    version: str = ""


def _paths() -> tuple[Path, Path]:
    from helmpy.config.paths import helmpy_paths

    paths = helmpy_paths()
    return paths.repository_config, paths.repository_cache


def is_url(ref: str) -> bool:
    return urlsplit(ref).scheme in ("http", "https")


def resolve_chart(ref: str, version: str = "", devel: bool = False, repo_url: str = "",
                  username: str = "", password: str = "", pass_credentials: bool = False,
                  ca_file: str = "", cert_file: str = "", key_file: str = "",
                  insecure: bool = False) -> ResolvedChart:
    """Helm's ChartDownloader.ResolveChartVersion and FindChartInRepoURL, merged."""
    if devel and not version:
        version = DEVEL_CONSTRAINT
    if repo_url:
        entry = RepoEntry(name=repo_url, url=repo_url, username=username, password=password,
                          ca_file=ca_file, cert_file=cert_file, key_file=key_file,
                          insecure_skip_tls_verify=insecure,
                          pass_credentials_all=pass_credentials)
        try:
            index, _ = download_index(entry, None)
        except HelmpyError as err:
            raise HelmpyError(f'looks like "{repo_url}" is not a valid chart repository or '
                              f"cannot be reached: {err}") from err
        return _pick(index, ref, version, entry, repo_url)
    if is_url(ref):
        return ResolvedChart(url=ref, entry=None)
    if "/" not in ref:
        raise HelmpyError(f"non-absolute URLs should be in form of repo_name/path_to_chart, "
                          f"got: {ref}")
    repo_name, chart_name = ref.split("/", 1)
    config_path, cache_dir = _paths()
    entry = load_repo_file(config_path).get(repo_name)
    if entry is None:
        raise HelmpyError(f"repo {repo_name} not found")
    if username or password:
        entry = RepoEntry(**{**entry.__dict__, "username": username, "password": password})
    cached = index_cache_path(cache_dir, repo_name)
    if not cached.is_file():
        raise HelmpyError(f"no cached repo found. (try 'helmpy repo update'): open {cached}: "
                          "no such file or directory")
    return _pick(load_cached_index(cached), chart_name, version, entry, repo_name)


def _pick(index: object, name: str, version: str, entry: RepoEntry, label: str) -> ResolvedChart:
    from helmpy.repo.index import IndexFile

    assert isinstance(index, IndexFile)
    try:
        record = index.get(name, version)
    except IndexError_ as err:
        what = f'chart "{name}"' + (f' version "{version}"' if version else "")
        raise HelmpyError(f"{what} not found in {label} repository") from err
    urls = record.get("urls") or []
    if not urls:
        raise HelmpyError(f'chart "{name}" has no downloadable URLs')
    return ResolvedChart(url=resolve_reference_url(entry.url, str(urls[0])), entry=entry,
                         digest=str(record.get("digest", "")), name=name,
                         version=str(record.get("version", "")))


def fetch_chart(resolved: ResolvedChart, dest_dir: Path, prov: bool = False,
                verify: bool = False, keyring: str = "") -> tuple[Path, object | None]:
    """Download the archive (and .prov when asked); verify it when asked. Fails closed."""
    from helmpy.repo.client import download_to

    getter = Getter(resolved.entry)
    archive = download_to(resolved.url, dest_dir, resolved.entry)
    if resolved.digest:
        from helmpy.repo.index import digest_file

        actual = digest_file(archive)
        if actual != resolved.digest.removeprefix("sha256:"):
            archive.unlink()
            raise HelmpyError(f"digest mismatch for {archive.name}: index says "
                              f"{resolved.digest}, downloaded archive is sha256:{actual}")
    verification = None
    if prov or verify:
        prov_path = archive.with_name(archive.name + ".prov")
        try:
            data = getter.get(resolved.url + ".prov")
        except HelmpyError as err:
            if verify:
                raise HelmpyError(f"failed to fetch provenance \"{resolved.url}.prov\"") from err
            data = None
        if data is not None:
            if prov_path.is_symlink():  # a planted link would have the .prov written through it
                raise HelmpyError(f"refusing to write through symbolic link {prov_path}")
            prov_path.write_bytes(data)
        if verify:
            from helmpy.provenance import default_keyring, verify_chart

            verification = verify_chart(archive, keyring or default_keyring())
    return archive, verification


def locate_chart(ref: str, version: str | None = "", devel: bool = False, repo_url: str = "",
                 verify: bool = False, keyring: str | None = "", repo: str | None = None,
                 **credentials: str) -> Path:
    """A local path for a CHART argument: a path as is, else downloaded to the chart cache.

    ``repo`` is accepted as another name for ``repo_url`` (the ``--repo`` flag). With
    ``verify`` the archive (local or downloaded) must carry a valid .prov: fails closed.
    """
    repo_url = repo_url or repo or ""
    version = version or ""
    keyring = keyring or ""
    local = Path(ref)
    if local.exists() and not repo_url:
        if verify:
            from helmpy.provenance import default_keyring, verify_chart

            verify_chart(local, keyring or default_keyring())
        return local
    resolved = resolve_chart(ref, version, devel, repo_url, **credentials)
    from helmpy.config.paths import helmpy_paths

    cache = helmpy_paths().cache_home / "repository"
    archive, _ = fetch_chart(resolved, cache, verify=verify, keyring=keyring)
    return archive


def expand_archive(archive: Path, dest: Path) -> Path:
    """Helm's chartutil.Expand: files go under ``dest/<chart name>``; nothing escapes it.

    The chart loader's archive reader refuses escaping paths and links and caps sizes; the
    chart name is validated before it becomes a directory, and the tree is staged first.
    """
    from helmpy.chart.archive import ArchiveError, read_archive_files

    try:
        files = read_archive_files(archive.read_bytes())
    except ArchiveError as err:
        raise HelmpyError(f"failed to untar: {err}") from err
    chart_yaml = next((f for f in files if f.name == "Chart.yaml"), None)
    name = ""
    if chart_yaml is not None:
        from helmpy.chart.yamlio import load_yaml

        doc = load_yaml(chart_yaml.data)
        name = str(doc.get("name") or "") if isinstance(doc, dict) else ""
    if not name:
        raise HelmpyError("chart name not specified")
    if not safe_path_segment(name):
        raise HelmpyError(f"failed to untar: invalid chart name {name!r}")
    final = dest / name
    if final.exists() or final.is_symlink():
        raise HelmpyError(f"failed to untar: a file or directory with the name {final} "
                          "already exists")
    staging = Path(tempfile.mkdtemp(prefix=".helmpy-untar-", dir=dest))
    try:
        for item in files:
            parts = [p for p in item.name.split("/") if p not in ("", ".")]
            if not parts or ".." in parts:
                raise HelmpyError(f"failed to untar: illegal entry {item.name!r}")
            target = staging.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
        os.replace(staging, final)
        return final
    finally:
        shutil.rmtree(staging, ignore_errors=True)
