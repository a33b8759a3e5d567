"""``repo index`` output against Helm's SDK, merging, and loading hostile index files."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import helm_python
import pytest

from helmpy.repo.index import IndexError_, load_file, loads
from tests.repo_support import helm_package, run_helmpy, static_server

STAMP = re.compile(r'^(\s*(?:created|generated): ).*$', re.M)


def _unstamped(text: str) -> str:
    return STAMP.sub(r"\1<time>", text)




@pytest.fixture(scope="module")
def repo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("idx")
    dist = base / "dist"
    helm_package(base, dist, "alpha", "1.2.3", appVersion="2.0", home="https://example.com",
                 description='quotes " and unicode é and a colon: here', keywords=["a", "b"],
                 maintainers=[{"name": "Bob", "email": "bob@example.com"}],
                 annotations={"x.io/y": "1", "b": "true"}, kubeVersion=">=1.20",
                 sources=["https://src"], icon="https://icon", deprecated=True)
    helm_package(base, dist, "alpha", "1.10.0-rc.1", appVersion="1.10")
    helm_package(base, dist, "alpha", "1.9.0")
    helm_package(base, dist, "zeta", "0.0.1", type="library", appVersion="null")
    helm_package(base, dist / "nested", "beta", "3.0.0", description="in a subdirectory")
    (dist / "not-a-chart.tgz").write_bytes(b"garbage")
    return dist


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


@pytest.mark.parametrize("url", ["", "https://charts.example.com/sub/"])
def test_index_matches_helm(tmp_path: Path, repo_dir: Path, url: str) -> None:
    ours = _copy(repo_dir, tmp_path / "ours")
    theirs = _copy(repo_dir, tmp_path / "theirs")
    args = ["repo", "index", str(ours)] + (["--url", url] if url else [])
    result = run_helmpy(*args)
    assert result.returncode == 0, result.stderr
    helm_python.repo_index_generate(str(theirs), base_url=url or None)
    assert _unstamped((ours / "index.yaml").read_text()) == \
        _unstamped((theirs / "index.yaml").read_text())


def test_merge_matches_helm(tmp_path: Path, repo_dir: Path) -> None:
    old_dir = tmp_path / "old"
    helm_package(tmp_path, old_dir, "alpha", "1.2.3", description="older record wins?")
    helm_package(tmp_path, old_dir, "gamma", "0.1.0")
    helm_python.repo_index_generate(str(old_dir), base_url="https://old.example.com")
    merge_file = old_dir / "index.yaml"
    ours = _copy(repo_dir, tmp_path / "ours")
    theirs = _copy(repo_dir, tmp_path / "theirs")
    assert run_helmpy("repo", "index", str(ours), "--merge", str(merge_file)).returncode == 0
    helm_python.repo_index_generate(str(theirs), merge=str(merge_file))
    ours_text, theirs_text = (ours / "index.yaml").read_text(), (theirs / "index.yaml").read_text()
    assert _unstamped(ours_text) == _unstamped(theirs_text)
    # gamma's record came from the merged file, timestamp and all.
    gamma_created = re.search(r"gamma-0.1.0.tgz\n\s+version: 0.1.0", ours_text)
    assert gamma_created is not None


def test_helm_reads_helmpy_index_and_back(tmp_path: Path, repo_dir: Path) -> None:
    ours = _copy(repo_dir, tmp_path / "ours")
    assert run_helmpy("repo", "index", str(ours)).returncode == 0
    with static_server(ours) as url:
        helm_view = helm_python.registry.repo_index(url)
    mine = load_file(ours / "index.yaml")
    assert {n: [v["version"] for v in vs] for n, vs in helm_view["entries"].items()} == \
        {n: [v["version"] for v in vs] for n, vs in mine.entries.items()}


HOSTILE = """apiVersion: v1
entries:
  good:
  - name: good
    version: 1.0.0
    urls: [good-1.0.0.tgz]
    created: "2020-01-01T00:00:00Z"
  - null
  - name: good
    version: not-a-version
    urls: [x.tgz]
  - name: good
    version: 1.10.0
    apiVersion: v2
    urls: [good-1.10.0.tgz]
  nameless:
  - version: 1.0.0
    urls: [n.tgz]
  empty: []
  aliasdup:
  - name: aliasdup
    version: 0.1.0
    dependencies:
    - name: a
      repository: https://x
    - name: a
      repository: https://y
generated: "2020-01-01T00:00:00Z"
"""


def test_hostile_entries_are_skipped_like_helm(tmp_path: Path) -> None:
    (tmp_path / "index.yaml").write_text(HOSTILE)
    with static_server(tmp_path) as url:
        helm_view = helm_python.registry.repo_index(url)
    warnings: list[str] = []
    mine = loads(HOSTILE.encode(), "index.yaml", warn=warnings.append)
    helm_versions = {n: [v["version"] for v in vs] for n, vs in helm_view["entries"].items()}
    my_versions = {n: [v["version"] for v in vs] for n, vs in mine.entries.items()}
    assert my_versions == helm_versions
    assert warnings, "skipped entries must be reported"


@pytest.mark.parametrize("text,message", [
    ("", "empty index.yaml file"),
    ("entries: {}\n", "no API version specified"),
])
def test_unusable_index_errors(text: str, message: str) -> None:
    with pytest.raises(IndexError_, match=message):
        loads(text.encode())


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    bomb = "apiVersion: v1\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghij":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    bomb += "entries:\n  x:\n  - name: x\n    version: 1.0.0\n    keywords: *j\n"
    with pytest.raises(IndexError_, match="excessive aliasing"):
        loads(bomb.encode())


def test_deep_nesting_is_refused_without_crashing() -> None:
    deep = "apiVersion: v1\nentries: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(IndexError_, match="exceeded max depth"):
        loads(deep.encode())


def test_json_index_matches_helm(tmp_path: Path, repo_dir: Path) -> None:
    ours = _copy(repo_dir, tmp_path / "ours")
    theirs = _copy(repo_dir, tmp_path / "theirs")
    assert run_helmpy("repo", "index", str(ours), "--json").returncode == 0
    helm_python.repo_index_generate(str(theirs), json_index=True)
    # helm repo index --json writes JSON into index.yaml; the SDK also leaves an index.json.
    json_stamp = re.compile(r'^(\s*"(?:created|generated)": ).*$', re.M)
    assert json_stamp.sub(r"\1<t>", (ours / "index.yaml").read_text()) == \
        json_stamp.sub(r"\1<t>", (theirs / "index.json").read_text())
