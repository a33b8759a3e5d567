"""``dependency update|build|list`` against ``helmpy serve``, compared with Helm's SDK."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import helm_python
import pytest
import yaml

from tests import repo_support
from tests.repo_support import helm_package, run_helmpy, serve, write_chart

home = repo_support.home  # the fixture, shared through the support module


@pytest.fixture(scope="module")
def repo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("deps")
    repo = base / "repo"
    for version in ("1.0.0", "1.0.7", "1.1.0", "2.0.0"):
        helm_package(base, repo, "web", version)
    helm_package(base, repo, "db", "0.3.0")
    helm_package(base, repo, "db", "0.4.0-rc.1")
    return repo


def _parent(root: Path, deps: str, api_version: str = "v2") -> Path:
    chart = root / "parent"
    (chart / "templates").mkdir(parents=True)
    if api_version == "v1":
        (chart / "Chart.yaml").write_text("apiVersion: v1\nname: parent\nversion: 0.1.0\n")
        (chart / "requirements.yaml").write_text("dependencies:\n" + deps)
    else:
        (chart / "Chart.yaml").write_text(
            "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n" + deps)
    return chart


def _lock(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text())
    doc.pop("generated")
    return doc


def _twins(tmp_path: Path, deps: str, api_version: str = "v2") -> tuple[Path, Path]:
    ours = _parent(tmp_path / "ours", deps, api_version)
    theirs = _parent(tmp_path / "theirs", deps, api_version)
    return ours, theirs


DEPS = """- name: web
  version: "~1.0.0"
  repository: {url}
  alias: frontend
  condition: frontend.enabled
  tags: [edge, "<web>"]
  import-values:
  - child: exports.data
    parent: imported
  - simple
- name: db
  version: ">=0.1.0"
  repository: {url}
"""


@pytest.mark.parametrize("api_version", ["v2", "v1"])
def test_update_matches_helm(tmp_path: Path, home: dict[str, str], repo_dir: Path,
                             api_version: str) -> None:
    with serve(repo_dir) as server:
        ours, theirs = _twins(tmp_path, DEPS.format(url=server.url), api_version)
        result = run_helmpy("dependency", "update", str(ours), env=home)
        assert result.returncode == 0, result.stderr
        helm_python.dependency_update(str(theirs))
    lock_name = "Chart.lock" if api_version == "v2" else "requirements.lock"
    assert _lock(ours / lock_name) == _lock(theirs / lock_name)
    assert sorted(p.name for p in (ours / "charts").iterdir()) == \
        sorted(p.name for p in (theirs / "charts").iterdir()) == ["db-0.3.0.tgz", "web-1.0.7.tgz"]
    for archive in (ours / "charts").iterdir():
        assert archive.read_bytes() == (theirs / "charts" / archive.name).read_bytes()
    assert "Saving 2 charts\n" in result.stdout
    assert "Downloading web from repo " + server.url in result.stdout


def test_build_reproduces_helms_lock_and_removes_stale(tmp_path: Path, home: dict[str, str],
                                                       repo_dir: Path) -> None:
    with serve(repo_dir) as server:
        _, theirs = _twins(tmp_path, DEPS.format(url=server.url))
        helm_python.dependency_update(str(theirs))
        shutil.rmtree(theirs / "charts")
        (theirs / "charts").mkdir()
        stale = repo_dir / "web-1.1.0.tgz"
        shutil.copy(stale, theirs / "charts" / stale.name)
        # Helm requires the repository to be configured for build.
        no_repo = run_helmpy("dependency", "build", str(theirs), env=home)
        assert no_repo.returncode == 1
        assert no_repo.stderr.startswith(f"Error: no repository definition for {server.url}")
        assert run_helmpy("repo", "add", "r", server.url, env=home).returncode == 0
        built = run_helmpy("dependency", "build", str(theirs), env=home)
        assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (theirs / "charts").iterdir()) == ["db-0.3.0.tgz",
                                                                     "web-1.0.7.tgz"]


def test_out_of_sync_lock_is_refused_like_helm(tmp_path: Path, home: dict[str, str],
                                              repo_dir: Path) -> None:
    with serve(repo_dir) as server:
        ours, theirs = _twins(tmp_path, DEPS.format(url=server.url))
        helm_python.dependency_update(str(theirs))
        shutil.copy(theirs / "Chart.lock", ours / "Chart.lock")
        for chart in (ours, theirs):
            text = (chart / "Chart.yaml").read_text().replace("~1.0.0", "~1.1.0")
            (chart / "Chart.yaml").write_text(text)
        with pytest.raises(helm_python.HelmError) as helm_err:
            helm_python.dependency_build(str(theirs))
        result = run_helmpy("dependency", "build", str(ours), env=home)
    assert result.returncode == 1
    assert result.stderr == f"Error: {helm_err.value}\n"


def test_file_dependency_matches_helm(tmp_path: Path, home: dict[str, str]) -> None:
    local = write_chart(tmp_path / "local", "localsub", "0.2.0")
    deps = f'- name: localsub\n  version: "^0.2.0"\n  repository: file://{local}\n'
    ours, theirs = _twins(tmp_path, deps)
    assert run_helmpy("dependency", "update", str(ours), env=home).returncode == 0
    helm_python.dependency_update(str(theirs))
    assert _lock(ours / "Chart.lock") == _lock(theirs / "Chart.lock")
    assert (ours / "charts" / "localsub-0.2.0.tgz").is_file()
    listed = helm_python.dependency_list(str(ours))
    assert [d["status"] for d in listed] == ["ok"]


def test_unsatisfiable_constraint_message(tmp_path: Path, home: dict[str, str],
                                          repo_dir: Path) -> None:
    with serve(repo_dir) as server:
        deps = f'- name: web\n  version: "~9.0.0"\n  repository: {server.url}\n'
        ours, theirs = _twins(tmp_path, deps)
        with pytest.raises(helm_python.HelmError) as helm_err:
            helm_python.dependency_update(str(theirs))
        result = run_helmpy("dependency", "update", str(ours), env=home)
    assert result.returncode == 1
    expected = re.sub(r"\bhelm-c-dep-\d+\b", "", str(helm_err.value))
    assert result.stderr.strip().removeprefix("Error: ") == expected


def test_list_statuses_match_helm(tmp_path: Path, home: dict[str, str], repo_dir: Path) -> None:
    deps = ("- name: web\n  version: ~1.0.0\n  repository: https://example.invalid\n"
            "- name: db\n  version: 0.3.0\n  repository: https://example.invalid\n"
            "- name: cache\n  version: 1.0.0\n  repository: https://example.invalid\n"
            "- name: unpacked\n  version: ^3.0.0\n  repository: https://example.invalid\n")
    chart = _parent(tmp_path, deps)
    (chart / "charts").mkdir()
    shutil.copy(repo_dir / "web-2.0.0.tgz", chart / "charts")      # wrong version
    shutil.copy(repo_dir / "db-0.3.0.tgz", chart / "charts")       # ok
    sub = write_chart(tmp_path / "u", "unpacked", "3.1.0")
    shutil.copytree(sub, chart / "charts" / "unpacked")             # unpacked
    helm_rows = helm_python.dependency_list(str(chart))
    result = run_helmpy("dependency", "list", str(chart), env=home)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:] if line.strip()]
    ours = [(r[0].strip(), r[3].strip()) for r in rows]
    assert ours == [(r["name"], r["status"]) for r in helm_rows]


def test_lock_is_never_written_through_a_symlink(tmp_path: Path, home: dict[str, str],
                                                 repo_dir: Path) -> None:
    victim = tmp_path / "victim.rc"
    victim.write_text("original\n")
    with serve(repo_dir) as server:
        chart = _parent(tmp_path, f"- name: db\n  version: 0.3.0\n  repository: {server.url}\n")
        (chart / "Chart.lock").symlink_to(victim)
        result = run_helmpy("dependency", "update", str(chart), env=home)
    assert result.returncode == 1
    assert victim.read_text() == "original\n"


@pytest.mark.parametrize("reference", ["@r", "alias:r"])
def test_repository_aliases_resolve_to_the_added_repo(tmp_path: Path, home: dict[str, str],
                                                      repo_dir: Path, reference: str) -> None:
    with serve(repo_dir) as server:
        assert run_helmpy("repo", "add", "r", server.url, env=home).returncode == 0
        chart = _parent(tmp_path, f'- name: web\n  version: "^1.0.0"\n  repository: "{reference}"\n')
        update = run_helmpy("dependency", "update", str(chart), env=home)
        assert update.returncode == 0, update.stderr
        lock = _lock(chart / "Chart.lock")
        assert lock["dependencies"] == [{"name": "web", "repository": server.url,
                                         "version": "1.1.0"}]
        shutil.rmtree(chart / "charts")
        build = run_helmpy("dependency", "build", str(chart), env=home)
        assert build.returncode == 0, build.stderr
    assert (chart / "charts" / "web-1.1.0.tgz").read_bytes() == \
        (repo_dir / "web-1.1.0.tgz").read_bytes()


def test_unknown_alias_message(tmp_path: Path, home: dict[str, str]) -> None:
    chart = _parent(tmp_path, '- name: web\n  version: "^1.0.0"\n  repository: "stable"\n')
    with pytest.raises(helm_python.HelmError) as helm_err:
        helm_python.dependency_update(str(chart))
    result = run_helmpy("dependency", "update", str(chart), env=home)
    assert result.returncode == 1
    assert result.stderr == f"Error: {helm_err.value}\n"


def test_update_with_verify(tmp_path: Path, home: dict[str, str], repo_dir: Path) -> None:
    from tests.repo_support import make_keys

    keys = make_keys(tmp_path / "keys")
    signed_repo = tmp_path / "signed"
    shutil.copytree(repo_dir, signed_repo)
    helm_python.sign(str(signed_repo / "web-1.0.7.tgz"), key=keys.uid,
                     keyring=str(keys.secring))
    with serve(signed_repo) as server:
        good = _parent(tmp_path / "good",
                       f'- name: web\n  version: "~1.0.0"\n  repository: {server.url}\n')
        bad = _parent(tmp_path / "bad",
                      f'- name: db\n  version: "0.3.0"\n  repository: {server.url}\n')
        ok = run_helmpy("dependency", "update", str(good), "--verify", "--keyring",
                        str(keys.pubring), env=home)
        refused = run_helmpy("dependency", "update", str(bad), "--verify", "--keyring",
                             str(keys.pubring), env=home)
        twin = _parent(tmp_path / "twin",
                       f'- name: db\n  version: "0.3.0"\n  repository: {server.url}\n')
        with pytest.raises(helm_python.HelmError) as helm_err:
            helm_python.dependency_update(str(twin), verify=True, keyring=str(keys.pubring))
    assert ok.returncode == 0, ok.stderr
    assert (good / "charts" / "web-1.0.7.tgz").is_file()
    assert refused.returncode == 1
    assert refused.stderr == f"Error: {helm_err.value}\n"
    assert not (bad / "charts" / "db-0.3.0.tgz").exists()
    assert not (bad / "Chart.lock").exists()
