"""security.md rows "archive paths", "links", "decompression" and "chart names", end to end.

Every hostile archive goes through the public command (pull --untar, dependency build,
template, package, create) and the test asserts the refusal message and that nothing outside
the target directory was created, changed or linked.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
from pathlib import Path

import pytest

from helmpy.chart import save as chart_save
from helmpy.chart.model import Chart, Metadata
from tests import repo_support
from tests.repo_support import run_helmpy
from tests.security_support import chart_yaml, no_traceback, repository, snapshot, tgz
from tests.test_repo_client import recorder

hp = pytest.importorskip("helm_python")


home = repo_support.home  # the fixture, shared through the support module


HOSTILE = {
    "dotdot": ([("evil/Chart.yaml", chart_yaml("evil"), None),
                ("evil/../../escaped.txt", b"x", None)],
               "chart illegally references parent directory"),
    "absolute": ([("evil/Chart.yaml", chart_yaml("evil"), None),
                  ("evil//tmp/escaped.txt", b"x", None)],
                 "chart illegally contains absolute paths"),
    "link": ([("evil/Chart.yaml", chart_yaml("evil"), None),
              ("evil/templates/passwd.yaml", None, "/etc/passwd")],
             'chart archive entry "evil/templates/passwd.yaml" is a link pointing outside the chart'),
    "relative-link": ([("evil/Chart.yaml", chart_yaml("evil"), None),
                       ("evil/up", None, "../../escaped.txt")],
                      'chart archive entry "evil/up" is a link pointing outside the chart'),
    "bomb": ([("evil/Chart.yaml", chart_yaml("evil"), None),
              ("evil/big.bin", b"\0" * (5 * 1024 * 1024 + 1), None)],
             'decompressed chart file "evil/big.bin" is larger than the maximum file size 5242880'),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_pull_untar_refuses_and_names_the_problem(tmp_path: Path, home: dict[str, str],
                                                  kind: str) -> None:
    members, message = HOSTILE[kind]
    archive = tgz(members)
    work = tmp_path / "work"
    dest = work / "a" / "b"
    dest.mkdir(parents=True)
    with repository({("evil", "1.0.0"): archive}) as (url, _):
        assert run_helmpy("repo", "add", "r", url, env=home).returncode == 0
        result = run_helmpy("pull", "r/evil", "--untar", "-d", str(dest), env=home)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == f"Error: failed to untar: {message}\n"
    assert snapshot(work) == {"a": "dir", "a/b": "dir"}  # no chart dir, no staging, no link


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_dependency_build_then_template_refuses(tmp_path: Path, home: dict[str, str],
                                                kind: str) -> None:
    """dependency build stores the archive as is; the first load of it refuses it."""
    members, message = HOSTILE[kind]
    archive = tgz(members)
    parent = tmp_path / "work" / "parent"
    (parent / "templates").mkdir(parents=True)
    with repository({("evil", "1.0.0"): archive}) as (url, _):
        (parent / "Chart.yaml").write_bytes(chart_yaml(
            "parent", extra=f"dependencies:\n- name: evil\n  version: 1.0.0\n"
                            f"  repository: {url}\n"))
        assert run_helmpy("repo", "add", "r", url, env=home).returncode == 0
        update = run_helmpy("dependency", "update", str(parent), env=home)
        assert update.returncode == 0, update.stderr
        assert (parent / "charts" / "evil-1.0.0.tgz").read_bytes() == archive
        (parent / "charts" / "evil-1.0.0.tgz").unlink()
        build = run_helmpy("dependency", "build", str(parent), env=home)
    assert build.returncode == 0, build.stderr
    before = snapshot(tmp_path / "work")
    result = run_helmpy("template", "rel", str(parent), env=home)
    no_traceback(result)
    assert result.returncode == 1
    assert message in result.stderr
    assert snapshot(tmp_path / "work") == before
    assert not (tmp_path / "escaped.txt").exists()


def test_dependency_build_never_writes_through_linked_charts_dir(tmp_path: Path,
                                                                 home: dict[str, str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    archive = tgz([("db/Chart.yaml", chart_yaml("db"), None)])
    parent = tmp_path / "parent"
    (parent / "templates").mkdir(parents=True)
    (parent / "charts").symlink_to(outside)
    with repository({("db", "1.0.0"): archive}) as (url, _):
        (parent / "Chart.yaml").write_bytes(chart_yaml(
            "parent", extra=f"dependencies:\n- name: db\n  version: 1.0.0\n  repository: {url}\n"))
        result = run_helmpy("dependency", "update", str(parent), env=home)
    no_traceback(result)
    assert result.returncode == 1
    # the loader refuses the link first ('chart file "charts" is a symbolic link pointing
    # outside the chart'); the downloader would refuse it too
    assert '"charts" is a symbolic link pointing outside the chart' in result.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("name", ["../../escape", "a/b", ".."])
def test_dependency_names_never_become_paths(tmp_path: Path, home: dict[str, str],
                                             name: str) -> None:
    parent = tmp_path / "work" / "parent"
    (parent / "templates").mkdir(parents=True)
    archive = tgz([("db/Chart.yaml", chart_yaml("db"), None)])
    with repository({("db", "1.0.0"): archive}) as (url, _):
        (parent / "Chart.yaml").write_bytes(chart_yaml(
            "parent",
            extra=f"dependencies:\n- name: {name!r}\n  version: 1.0.0\n  repository: {url}\n"))
        result = run_helmpy("dependency", "update", str(parent), env=home)
    no_traceback(result)
    assert result.returncode == 1
    assert snapshot(tmp_path, skip=tmp_path / "home") == {
        "work": "dir", "work/parent": "dir", "work/parent/templates": "dir",
        "work/parent/Chart.yaml": (parent / "Chart.yaml").read_bytes()}


def test_pull_never_writes_through_planted_links(tmp_path: Path, home: dict[str, str]) -> None:
    victim = tmp_path / "victim.rc"
    victim.write_text("original\n")
    archive = tgz([("db/Chart.yaml", chart_yaml("db"), None)])
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "db-1.0.0.tgz").symlink_to(victim)
    with repository({("db", "1.0.0"): archive}, {"/db-1.0.0.tgz.prov": b"not a signature"}) \
            as (url, _):
        assert run_helmpy("repo", "add", "r", url, env=home).returncode == 0
        refused = run_helmpy("pull", "r/db", "-d", str(dest), env=home)
        (dest / "db-1.0.0.tgz").unlink()
        (dest / "db-1.0.0.tgz.prov").symlink_to(victim)
        with_prov = run_helmpy("pull", "r/db", "--prov", "-d", str(dest), env=home)
    no_traceback(refused)
    no_traceback(with_prov)
    assert refused.returncode == 1
    assert "refusing to write through symbolic link" in refused.stderr
    assert victim.read_text() == "original\n"
    assert with_prov.returncode == 1
    assert "refusing to write through symbolic link" in with_prov.stderr


def test_untar_refuses_to_merge_into_an_existing_link(tmp_path: Path,
                                                      home: dict[str, str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "db").symlink_to(outside)
    archive = tgz([("db/Chart.yaml", chart_yaml("db"), None)])
    with repository({("db", "1.0.0"): archive}) as (url, _):
        assert run_helmpy("repo", "add", "r", url, env=home).returncode == 0
        result = run_helmpy("pull", "r/db", "--untar", "-d", str(dest), env=home)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert list(outside.iterdir()) == []


def test_package_never_writes_through_planted_links(tmp_path: Path) -> None:
    victim = tmp_path / "victim.rc"
    victim.write_text("original\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "c-1.0.0.tgz").symlink_to(victim)
    # the temporary name of an in-process save is predictable: plant a link there too
    (out / f"c-1.0.0.tgz.tmp-{os.getpid()}").symlink_to(victim)
    chart = Chart(metadata=Metadata(api_version="v2", name="c", version="1.0.0"))
    written = chart_save.save(chart, str(out))
    assert victim.read_text() == "original\n"
    assert not Path(written).is_symlink()
    with hp.Chart.load(written) as loaded:
        assert loaded.metadata["name"] == "c"
    source = tmp_path / "src" / "c"
    (source / "templates").mkdir(parents=True)
    (source / "Chart.yaml").write_bytes(chart_yaml("c", "2.0.0"))
    (out / "c-2.0.0.tgz").symlink_to(victim)
    result = run_helmpy("package", str(source), "-d", str(out))
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "original\n"
    assert not (out / "c-2.0.0.tgz").is_symlink()


@pytest.mark.parametrize("linked", ["templates", "templates/tests", "charts"])
def test_create_never_writes_through_a_linked_directory(tmp_path: Path, linked: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    chart_dir = tmp_path / "work" / "mychart"
    (chart_dir / linked).parent.mkdir(parents=True, exist_ok=True)
    (chart_dir / linked).symlink_to(outside)
    result = run_helmpy("create", "mychart", cwd=tmp_path / "work")
    no_traceback(result)
    assert list(outside.iterdir()) == []
    assert result.returncode == 1
    assert "refusing to write through symbolic link" in result.stderr


@pytest.mark.parametrize("name", ["..", "../x", "a/b", "."])
def test_package_refuses_unsafe_chart_names(tmp_path: Path, name: str) -> None:
    source = tmp_path / "work" / "src"
    (source / "templates").mkdir(parents=True)
    (source / "Chart.yaml").write_bytes(chart_yaml(repr(name)))
    out = tmp_path / "work" / "out" / "deep"
    out.mkdir(parents=True)
    before = snapshot(tmp_path)
    result = run_helmpy("package", str(source), "-d", str(out))
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("version", ["1.0.0/../../../x", "../1.0.0"])
def test_package_refuses_unsafe_versions(tmp_path: Path, version: str) -> None:
    source = tmp_path / "work" / "src"
    (source / "templates").mkdir(parents=True)
    (source / "Chart.yaml").write_bytes(chart_yaml("c"))
    out = tmp_path / "work" / "out"
    out.mkdir(parents=True)
    before = snapshot(tmp_path)
    result = run_helmpy("package", str(source), "--version", version, "-d", str(out))
    no_traceback(result)
    assert result.returncode == 1
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", ["..", "a/b", "../../x"])
def test_pull_untar_refuses_unsafe_names_from_chart_yaml(tmp_path: Path, home: dict[str, str],
                                                         name: str) -> None:
    archive = tgz([("x/Chart.yaml", chart_yaml(repr(name)), None)])
    work = tmp_path / "work"
    dest = work / "d" / "e"
    dest.mkdir(parents=True)
    with repository({("x", "1.0.0"): archive}) as (url, _):
        assert run_helmpy("repo", "add", "r", url, env=home).returncode == 0
        result = run_helmpy("pull", "r/x", "--untar", "-d", str(dest), env=home)
    no_traceback(result)
    assert result.returncode == 1 and result.stderr.startswith("Error: ")
    assert snapshot(work) == {"d": "dir", "d/e": "dir"}


def test_templates_cannot_read_files_outside_the_chart(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("host secret")
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_bytes(chart_yaml("c"))
    (chart / "files").mkdir()
    (chart / "files" / "ok.txt").write_text("ok")
    (chart / "templates" / "t.yaml").write_text(
        'a: {{ .Files.Get "../secret.txt" | quote }}\n'
        'b: {{ .Files.Get "/etc/passwd" | quote }}\n'
        'c: {{ .Files.Get "files/../../secret.txt" | quote }}\n'
        'd: {{ range $path, $_ := .Files.Glob "**" }}{{ $path }} {{ end }}\n'
        'e: {{ .Files.Get "files/ok.txt" | quote }}\n')
    with hp.Chart.load(str(chart)) as loaded:
        helm_out = loaded.render(name="rel")["c/templates/t.yaml"]
    result = run_helmpy("template", "rel", str(chart))
    assert result.returncode == 0, result.stderr
    assert "host secret" not in result.stdout and "root:" not in result.stdout
    assert result.stdout == f"---\n# Source: c/templates/t.yaml\n{helm_out}"


def _sparse_archive(real_size: int) -> bytes:
    """A PAX 1.0 GNU sparse entry: a few hundred bytes that expand to ``real_size`` zeros."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        body = chart_yaml("c")
        info = tarfile.TarInfo("c/Chart.yaml")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
        sparse_map = b"1\n0\n0\n".ljust(512, b"\0")  # one hole-only region
        info = tarfile.TarInfo("c/GNUSparseFile.0/big")
        info.size = len(sparse_map)
        info.pax_headers = {"GNU.sparse.major": "1", "GNU.sparse.minor": "0",
                            "GNU.sparse.name": "c/big", "GNU.sparse.realsize": str(real_size)}
        tar.addfile(info, io.BytesIO(sparse_map))
    return buffer.getvalue()


@pytest.mark.parametrize("real_size", [6 * 1024 * 1024, 300 * 1024 * 1024])
def test_sparse_file_bombs_are_capped_like_helm(tmp_path: Path, real_size: int) -> None:
    data = _sparse_archive(real_size)
    assert len(data) < 1024
    path = tmp_path / "sparse.tgz"
    path.write_bytes(data)
    with pytest.raises(hp.HelmError) as helm:
        hp.Chart.load(str(path)).close()
    result = run_helmpy("template", "rel", str(path))
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == f"Error: {helm.value}\n"


@pytest.mark.parametrize("url,route,saved", [
    ("a/..%2f..%2fevil.tgz", "/a/..%2f..%2fevil.tgz", None),  # decodes to ../../evil.tgz
    ("%2e%2e.tgz", "/%2e%2e.tgz", None),
    ("../../evil.tgz", "/evil.tgz", "evil.tgz"),                # resolved as a URL first
    ("x.tgz?name=../../e.tgz", "/x.tgz?name=../../e.tgz", "x.tgz"),
])
def test_download_names_from_index_urls_stay_in_the_destination(
        tmp_path: Path, home: dict[str, str], url: str, route: str, saved: str | None) -> None:
    archive = tgz([("db/Chart.yaml", chart_yaml("db"), None)])
    index = ("apiVersion: v1\nentries:\n  db:\n  - name: db\n    version: 1.0.0\n"
             f"    digest: {hashlib.sha256(archive).hexdigest()}\n    urls: ['{url}']\n")
    work = tmp_path / "work"
    dest = work / "a" / "dest"
    dest.mkdir(parents=True)
    with recorder({"/index.yaml": index.encode(), route: archive}) as (repo_url, _):
        assert run_helmpy("repo", "add", "r", repo_url, env=home).returncode == 0
        result = run_helmpy("pull", "r/db", "-d", str(dest), env=home)
    no_traceback(result)
    if saved is None:
        assert result.returncode == 1 and "unsafe file name" in result.stderr
        assert snapshot(work) == {"a": "dir", "a/dest": "dir"}
    else:
        assert result.returncode == 0, result.stderr
        assert snapshot(work) == {"a": "dir", "a/dest": "dir", f"a/dest/{saved}": archive}


@pytest.mark.parametrize("linked", ["", "templates"])
def test_create_from_a_starter_never_writes_through_links(tmp_path: Path, linked: str) -> None:
    starter = tmp_path / "starter"
    (starter / "templates").mkdir(parents=True)
    (starter / "Chart.yaml").write_bytes(chart_yaml("starter"))
    (starter / "templates" / "cm.yaml").write_text("name: <CHARTNAME>\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    chart_dir = tmp_path / "work" / "mychart"
    if linked:
        (chart_dir / linked).parent.mkdir(parents=True, exist_ok=True)
        (chart_dir / linked).symlink_to(outside)
    else:  # a planted Chart.yaml link
        chart_dir.mkdir(parents=True)
        (chart_dir / "Chart.yaml").symlink_to(outside / "victim")
        (outside / "victim").write_text("original\n")
    result = run_helmpy("create", "mychart", "--starter", str(starter), cwd=tmp_path / "work")
    no_traceback(result)
    if linked:
        assert result.returncode == 1
        assert "refusing to write through symbolic link" in result.stderr
        assert list(outside.iterdir()) == []
    else:
        assert result.returncode == 0, result.stderr
        assert (outside / "victim").read_text() == "original\n"
        assert not (chart_dir / "Chart.yaml").is_symlink()
