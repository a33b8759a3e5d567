"""``dependency update|build|list``: Helm's downloader.Manager and resolver, for HTTP repos.

Public: :func:`update`, :func:`build`, :func:`list_status`. Output lines match Helm's.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from helmpy.errors import HelmpyError
from helmpy.repo.client import download_index, download_to
from helmpy.repo.index import IndexFile, resolve_reference_url
from helmpy.repo.lockfile import ChartDeps, hash_req, load_chart_deps, locked_entry, write_lock
from helmpy.repo.repofile import (
    RepoEntry,
    RepoFile,
    index_cache_path,
    load_cached_index,
    load_repo_file,
)
from helmpy.repoformat import semver
from helmpy.repoformat.chartsource import read_archive_metadata
from helmpy.repoformat.metadata import safe_path_segment

Printer = Callable[[str], None]
MANAGER_PREFIX = "helm-manager-"


def _paths() -> Any:
    from helmpy.config.paths import helmpy_paths

    return helmpy_paths()


def _url_equal(a: str, b: str) -> bool:
    """Helm's urlutil.Equal: same URL once a trailing slash on the path is ignored."""
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.netloc, pa.path.rstrip("/") or "/", pa.query) == \
        (pb.scheme, pb.netloc, pb.path.rstrip("/") or "/", pb.query)


def local_path(repository: str, chart_path: Path) -> Path:
    """Helm's resolver.GetLocalPath for ``file://`` dependencies."""
    raw = repository.removeprefix("file://")
    path = Path(raw) if Path(raw).is_absolute() else chart_path / raw
    if not path.exists():
        raise HelmpyError(f"directory {path} not found")
    return path


def _resolve_repo_names(deps: list[dict[str, Any]], repos: RepoFile,
                        chart_path: Path) -> dict[str, str]:
    """Map dependency names to configured repository names; rewrite @name/alias: to URLs."""
    names: dict[str, str] = {}
    missing: list[str] = []
    for dep in deps:
        repository = dep.get("repository", "")
        if not repository:
            continue
        if repository.startswith("file://"):
            local_path(repository, chart_path)
            names[dep["name"]] = repository
            continue
        found = False
        for entry in repos.repositories:
            alias = (repository[1:] if repository.startswith("@") else
                     repository[len("alias:"):] if repository.startswith("alias:") else None)
            if alias is not None and alias == entry.name:
                dep["repository"] = entry.url
                names[dep["name"]] = entry.name
                found = True
                break
            if _url_equal(entry.url, repository):
                names[dep["name"]] = entry.name
                found = True
                break
        if not found:
            if urlsplit(repository).scheme and not repository.startswith(("@", "alias:")):
                names[repository] = repository
                continue
            missing.append(repository)
    if missing:
        message = (f"no repository definition for {', '.join(missing)}. Please add them via "
                   "'helm repo add'")
        if any("//" not in r and not r.startswith(("@", "alias:")) for r in missing):
            message += ('\nNote that repositories must be URLs or aliases. For example, to refer '
                        'to the "example"\nrepository, use "https://charts.example.com/" or '
                        '"@example" instead of\n"example". Don\'t forget to add the repo, too '
                        "('helm repo add').")
        raise HelmpyError(message)
    return names


def _manager_name(url: str) -> str:
    return MANAGER_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _refresh(entries: list[RepoEntry], out: Printer, unmanaged: bool = False) -> None:
    if not entries:
        return
    cache = _paths().repository_cache
    out("Getting updates for unmanaged Helm repositories..." if unmanaged
        else "Hang tight while we grab the latest from your chart repositories...")

    def fetch(entry: RepoEntry) -> tuple[RepoEntry, str | None]:
        try:
            download_index(entry, cache)
            return entry, None
        except HelmpyError as err:
            return entry, str(err)

    failures = []
    with ThreadPoolExecutor(max_workers=min(8, len(entries))) as pool:
        for entry, error in pool.map(fetch, entries):
            label = entry.url if unmanaged else entry.name
            if error is None:
                out(f'...Successfully got an update from the "{label}" chart repository')
            else:
                out(f'...Unable to get an update from the "{label}" chart repository '
                    f"({entry.url}):\n\t{error}")
                failures.append(entry.url)
    if unmanaged and failures:
        raise HelmpyError(f"failed to update the following repositories: [{' '.join(failures)}]")
    if not unmanaged:
        out("Update Complete. ⎈Happy Helming!⎈")


def _resolve(deps: ChartDeps, names: dict[str, str]) -> list[dict[str, Any]]:
    """Helm's Resolver.Resolve: the newest version satisfying each constraint."""
    cache = _paths().repository_cache
    locked: list[dict[str, Any]] = []
    missing: list[str] = []
    for dep in deps.requested:
        name, repository, constraint = dep["name"], dep.get("repository", ""), dep.get("version", "")
        try:
            check = semver.constraint_checker(constraint)
        except semver.ConstraintError as err:
            raise HelmpyError(f'dependency "{name}" has an invalid version/constraint format: '
                              f"{err}") from err
        described = f'"{name}" (repository "{repository}", version "{constraint}")'
        if not repository:
            local_path(str(Path("charts") / name), deps.path)
            locked.append(locked_entry(name, "", constraint))
            continue
        if repository.startswith("file://"):
            sub = local_path(repository, deps.path)
            version = str(read_archive_metadata(sub).get("version", ""))
            if not semver.parse_ok(version):
                continue
            if not check(version):
                missing.append(described)
                continue
            locked.append(locked_entry(name, repository, version))
            continue
        repo_name = names.get(name, "")
        if not repo_name:
            locked.append(locked_entry(name, repository, constraint))
            continue
        try:
            index = load_cached_index(index_cache_path(cache, repo_name))
        except (HelmpyError, OSError) as err:
            raise HelmpyError(f"no cached repository for {repo_name} found. (try 'helm repo "
                              f"update'): {err}") from err
        versions = index.entries.get(name)
        if versions is None:
            raise HelmpyError(f"{name} chart not found in repo {repository}")
        chosen = next((str(v["version"]) for v in versions
                       if semver.parse_ok(str(v.get("version", ""))) and v.get("urls")
                       and check(str(v["version"]))), None)
        if chosen is None:
            missing.append(described)
            locked.append(locked_entry(name, repository, ""))
            continue
        locked.append(locked_entry(name, repository, chosen))
    if missing:
        raise HelmpyError(f"can't get a valid version for {len(missing)} subchart(s): "
                          f"{', '.join(missing)}. Make sure a matching chart version exists in "
                          "the repo, or change the version constraint in Chart.yaml")
    return locked


def _find_chart(name: str, version: str, repository: str, repos: RepoFile,
                names: dict[str, str]) -> tuple[str, RepoEntry, str]:
    """URL, credentials and digest of one locked dependency, from the cached index."""
    cache = _paths().repository_cache
    entry = next((r for r in repos.repositories if _url_equal(r.url, repository)), None)
    repo_name = entry.name if entry else _manager_name(repository)
    entry = entry or RepoEntry(name=repo_name, url=repository)
    path = index_cache_path(cache, repo_name)
    if not path.is_file():
        download_index(entry, cache)
    index: IndexFile = load_cached_index(path)
    try:
        record = index.get(name, version)
    except HelmpyError as err:
        raise HelmpyError(f"chart {name} not found in {repository}: {err}") from err
    urls = record.get("urls") or []
    if not urls:
        raise HelmpyError(f"chart {name} has no downloadable URLs")
    return resolve_reference_url(entry.url, str(urls[0])), entry, str(record.get("digest", ""))


def _download_all(deps: ChartDeps, locked: list[dict[str, Any]], repos: RepoFile,
                  names: dict[str, str], out: Printer, verify: bool, keyring: str) -> None:
    charts_dir = deps.path / "charts"
    if charts_dir.is_symlink():
        raise HelmpyError(f"{charts_dir} is a symbolic link; refusing to write through it")
    if charts_dir.exists() and not charts_dir.is_dir():
        raise HelmpyError(f'"{charts_dir}" is not a directory')
    charts_dir.mkdir(exist_ok=True)
    out(f"Saving {len(locked)} charts")
    staging = Path(tempfile.mkdtemp(prefix="helmpy-deps-"))
    downloaded: list[Path] = []
    try:
        for dep in locked:
            name, repository, version = dep["name"], dep.get("repository", ""), dep.get("version", "")
            if not safe_path_segment(name):
                raise HelmpyError(f"invalid dependency name {name!r}")
            if not repository:
                out(f"Dependency {name} did not declare a repository. Assuming it exists in the "
                    "charts directory")
                continue
            if repository.startswith("file://"):
                _archive_local(deps.path, name, repository, staging)
                downloaded.extend(staging.glob(f"{name}-*.tgz"))
                continue
            try:
                url, entry, digest = _find_chart(name, version, repository, repos, names)
            except HelmpyError as err:
                _save_error(out, HelmpyError(f"could not find : {err}"))
            out(f"Downloading {name} from repo {repository}")
            try:
                downloaded.append(_fetch_one(url, entry, digest, staging, verify, keyring))
            except HelmpyError as err:
                _save_error(out, HelmpyError(f"could not download {url}: {err}"))
        out("Deleting outdated charts")
        for dep in locked:
            if dep.get("repository"):
                _safe_delete(dep["name"], charts_dir, out)
        for archive in downloaded:
            target = charts_dir / archive.name
            if target.is_symlink():
                target.unlink()
            shutil.copyfile(archive, target)
            prov = archive.with_name(archive.name + ".prov")
            if prov.is_file():
                if (charts_dir / prov.name).is_symlink():  # replace a planted link, never follow
                    (charts_dir / prov.name).unlink()
                shutil.copyfile(prov, charts_dir / prov.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fetch_one(url: str, entry: RepoEntry, digest: str, staging: Path, verify: bool,
               keyring: str) -> Path:
    archive = download_to(url, staging, entry)
    if digest and hashlib.sha256(archive.read_bytes()).hexdigest() != digest:
        raise HelmpyError(f"digest mismatch for {archive.name}")
    if verify:
        from helmpy.provenance import default_keyring, verify_chart
        from helmpy.repo.client import Getter

        prov = archive.with_name(archive.name + ".prov")
        try:
            prov.write_bytes(Getter(entry).get(url + ".prov"))
        except HelmpyError as err:
            raise HelmpyError(f'failed to fetch provenance "{url}.prov"') from err
        verify_chart(archive, keyring or default_keyring())
    return archive


def _save_error(out: Printer, err: HelmpyError) -> None:
    """Helm's downloadAll failure report, then the error (charts/ is left as it was)."""
    out(f"Save error occurred:  {err}")
    out("Deleting newly downloaded charts, restoring pre-update state")
    raise err


def _archive_local(chart_path: Path, name: str, repository: str, dest: Path) -> None:
    from helmpy.repo.packaging import package_dir

    source = local_path(repository, chart_path)
    package_dir(source, dest)


def _safe_delete(name: str, charts_dir: Path, out: Printer) -> None:
    for archive in charts_dir.glob(f"{name}-*.tgz"):
        try:
            raw = read_archive_metadata(archive)
        except Exception as err:
            out(f"Could not verify {archive} for deletion: {err} (Skipping)")
            continue
        if str(raw.get("name", "")) == name:
            archive.unlink()


def update(chart_dir: str | Path, skip_refresh: bool = False, verify: bool = False,
           keyring: str = "", out: Printer = print) -> None:
    """``dependency update``: resolve, download into charts/, write the lock when it changed."""
    deps = load_chart_deps(Path(chart_dir))
    if not deps.requested:
        return
    repos = load_repo_file(_paths().repository_config)
    names = _resolve_repo_names(deps.requested, repos, deps.path)
    unmanaged = []
    for dep in deps.requested:
        repository = dep.get("repository", "")
        if dep["name"] in names or not repository or repository.startswith("file://"):
            continue
        generated = _manager_name(repository)
        names[dep["name"]] = generated
        unmanaged.append(RepoEntry(name=generated, url=repository))
    if not skip_refresh:
        unique = list({e.url: e for e in unmanaged}.values())
        _refresh(unique, out, unmanaged=True)
        wanted = {names[d["name"]] for d in deps.requested if d["name"] in names}
        _refresh([r for r in repos.repositories if r.name in wanted], out)
    locked = _resolve(deps, names)
    _download_all(deps, locked, repos, names, out, verify, keyring)
    digest = hash_req(deps.requested, locked)
    if deps.lock and deps.lock.get("digest") == digest:
        return
    write_lock(deps, locked, digest)


def build(chart_dir: str | Path, skip_refresh: bool = False, verify: bool = False,
          keyring: str = "", out: Printer = print) -> None:
    """``dependency build``: reproduce charts/ from the lock (or update when there is none)."""
    deps = load_chart_deps(Path(chart_dir))
    if deps.lock is None:
        update(chart_dir, skip_refresh, verify, keyring, out)
        return
    repos = load_repo_file(_paths().repository_config)
    names = _resolve_repo_names(deps.requested, repos, deps.path)
    locked = [d for d in deps.lock.get("dependencies") or [] if isinstance(d, dict)]
    locked = [locked_entry(str(d.get("name", "")), str(d.get("repository") or ""),
                           str(d.get("version") or "")) for d in locked]
    if hash_req(deps.requested, locked) != deps.lock.get("digest"):
        which = ("(requirements.lock) is out of sync with the dependencies file "
                 "(requirements.yaml)" if deps.legacy else
                 "(Chart.lock) is out of sync with the dependencies file (Chart.yaml)")
        raise HelmpyError(f"the lock file {which}. Please update the dependencies with "
                          "'helm dependency update'")
    missing = [d["repository"] for d in locked
               if d["repository"] and not d["repository"].startswith("file://")
               and not any(_url_equal(r.url, d["repository"].rstrip("/"))
                           for r in repos.repositories)]
    if missing:
        raise HelmpyError(f"no repository definition for {', '.join(missing)}")
    if not skip_refresh:
        wanted = {names.get(d["name"]) for d in locked}
        _refresh([r for r in repos.repositories if r.name in wanted], out)
    _download_all(deps, locked, repos, names, out, verify, keyring)


def update_dependencies(chart_dir: str | Path, **options: Any) -> None:
    """``--dependency-update`` for template/install: :func:`update` with Helm's defaults."""
    update(chart_dir, **options)
