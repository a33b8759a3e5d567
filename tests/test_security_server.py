"""security.md row "uploads (server)": ``helmpy serve`` over real HTTP on loopback.

Tenants must not overwrite each other's files (even with --allow-overwrite, a chart may only
replace its own versions), uploads are capped however they are sent, hostile archives are
refused before anything is written, and index.yaml is only ever replaced whole.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml

from helmpy.repo.index import IndexError_
from helmpy.server.store import ChartStore, StoreOptions
from tests.repo_support import serve
from tests.security_support import chart_yaml, tgz

hp = pytest.importorskip("helm_python")


def _chart(name: str, version: str, note: str = "") -> bytes:
    return tgz([(f"{name}/Chart.yaml", chart_yaml(name, version, f"description: {note}\n"
                                                               if note else ""), None)])


def _files(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.is_file() and not p.name.startswith(".")}


@pytest.mark.parametrize("flags", [(), ("--allow-overwrite",)])
def test_another_chart_cannot_take_over_a_file_name(tmp_path: Path, flags: tuple[str, ...]) -> None:
    """'x' 1.0.0-y-2.0.0 and 'x-1.0.0-y' 2.0.0 both map to x-1.0.0-y-2.0.0.tgz."""
    first = _chart("x", "1.0.0-y-2.0.0", "tenant A")
    second = _chart("x-1.0.0-y", "2.0.0", "tenant B")
    with serve(tmp_path / "repo", *flags) as server:
        api = f"{server.url}/api/charts"
        assert requests.post(api, data=first, timeout=30).status_code == 201
        taken = requests.post(api, data=second, timeout=30)
        assert taken.status_code == 409
        assert taken.json()["error"].startswith("file already exists")
        served = requests.get(f"{server.url}/x-1.0.0-y-2.0.0.tgz", timeout=30).content
        index = yaml.safe_load(requests.get(f"{server.url}/index.yaml", timeout=30).text)
        if flags:  # the chart's own version may still be replaced
            again = _chart("x", "1.0.0-y-2.0.0", "tenant A, second build")
            assert requests.post(api, data=again, timeout=30).status_code == 201
    assert served == first
    assert sorted(index["entries"]) == ["x"]
    assert index["entries"]["x"][0]["digest"] == hashlib.sha256(first).hexdigest()


HOSTILE_UPLOADS = {
    "dotdot entry": [("c/Chart.yaml", chart_yaml("c"), None), ("c/../../evil", b"x", None)],
    "absolute entry": [("c/Chart.yaml", chart_yaml("c"), None), ("c//etc/evil", b"x", None)],
    "link entry": [("c/Chart.yaml", chart_yaml("c"), None), ("c/t.yaml", None, "/etc/passwd")],
    "per-file bomb": [("c/Chart.yaml", chart_yaml("c"), None),
                      ("c/big", b"\0" * (5 * 1024 * 1024 + 1), None)],
    "name with slash": [("c/Chart.yaml", chart_yaml("'a/b'"), None)],
    "dotdot name": [("c/Chart.yaml", chart_yaml("'..'"), None)],
    "dotdot version": [("c/Chart.yaml", chart_yaml("c", "1.0.0/../../../evil"), None)],
    "no Chart.yaml": [("c/values.yaml", b"a: 1\n", None)],
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_UPLOADS))
def test_hostile_archives_are_refused_before_writing(tmp_path: Path, kind: str) -> None:
    work = tmp_path / "work"
    with serve(work / "repo") as server:
        reply = requests.post(f"{server.url}/api/charts", data=tgz(HOSTILE_UPLOADS[kind]),
                              timeout=30)
        index = requests.get(f"{server.url}/index.yaml", timeout=30).text
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]
    assert _files(work / "repo") == {"index.yaml"}
    assert [p.name for p in work.iterdir()] == ["repo"]
    assert yaml.safe_load(index)["entries"] == {}


def test_provenance_upload_cannot_name_a_path(tmp_path: Path) -> None:
    body = ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nname: x\n\n...\nfiles:\n"
            "  ../../escape-1.0.0.tgz: sha256:00\n-----BEGIN PGP SIGNATURE-----\nxx\n"
            "-----END PGP SIGNATURE-----\n")
    with serve(tmp_path / "repo") as server:
        reply = requests.post(f"{server.url}/api/prov", data=body.encode(), timeout=30)
    assert reply.status_code == 400
    assert not list(tmp_path.rglob("*escape*"))


def _chunks(total: int) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        sent += 65536
        yield b"\0" * 65536


def test_chunked_upload_without_length_is_capped(tmp_path: Path) -> None:
    """No Content-Length to refuse up front: the cap must hold while the body is read."""
    with serve(tmp_path / "repo", "--max-upload-size", "100000") as server:
        try:
            reply = requests.post(f"{server.url}/api/charts", data=_chunks(50 * 1024 * 1024),
                                  timeout=60)
            status = reply.status_code
        except requests.ConnectionError:  # the server may close the connection mid-body
            status = 413
        healthy = requests.get(f"{server.url}/health", timeout=30).status_code
    assert status == 413
    assert healthy == 200
    assert _files(tmp_path / "repo") == {"index.yaml"}


def test_index_is_replaced_whole_while_uploads_run(tmp_path: Path) -> None:
    """A reader polling index.yaml on disk and over HTTP never sees half a file."""
    archives = [_chart(f"chart{i}", f"1.0.{i}", "x" * 2000) for i in range(40)]
    problems: list[str] = []
    stop = threading.Event()
    with serve(tmp_path / "repo") as server:
        index_path = server.repo_path / "index.yaml"

        def poll() -> None:
            while not stop.is_set():
                for text in (index_path.read_text(),
                             requests.get(f"{server.url}/index.yaml", timeout=30).text):
                    try:
                        doc = yaml.safe_load(text)
                        assert doc["apiVersion"] == "v1" and "generated" in doc
                    except Exception as err:  # recorded, asserted below
                        problems.append(f"{type(err).__name__}: {text[-80:]!r}")

        reader = threading.Thread(target=poll)
        reader.start()
        try:
            for data in archives:
                reply = requests.post(f"{server.url}/api/charts", data=data, timeout=30)
                assert reply.status_code == 201, reply.text
        finally:
            stop.set()
            reader.join()
        final = yaml.safe_load(index_path.read_text())
    assert problems == []
    assert len(final["entries"]) == 40


def test_index_is_never_written_through_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.rc"
    victim.write_text("original\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "index.yaml").symlink_to(victim)
    with pytest.raises(IndexError_, match="refusing to write through symbolic link"):
        ChartStore(StoreOptions(repo_path=repo))
    assert victim.read_text() == "original\n"


@pytest.mark.parametrize("path", [
    "/..%2f..%2fsecret.tgz", "/%2e%2e/secret.tgz", "/charts/..%2fsecret.tgz",
    "/charts/%2e%2e%2fsecret.tgz", "/..\\secret.tgz", "/.hidden.tgz", "/link.tgz",
    "/sub/secret.tgz",
])
def test_downloads_never_leave_the_repository(tmp_path: Path, path: str) -> None:
    secret = _chart("secret", "1.0.0")
    (tmp_path / "secret.tgz").write_bytes(secret)
    repo = tmp_path / "work" / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "sub" / "secret.tgz").write_bytes(secret)
    (repo / ".hidden.tgz").write_bytes(secret)
    (repo / "link.tgz").symlink_to(tmp_path / "secret.tgz")
    with serve(repo) as server:
        reply = requests.get(server.url + path, timeout=30)
    assert reply.status_code == 404
    assert reply.content != secret


# percent-encoded, or the client would resolve the dot segments before sending
@pytest.mark.parametrize("name,version,status", [
    ("%2e%2e", "1.0.0", 400), ("x", "%2e%2e", 400),
    ("..%2f..%2fx", "1.0.0", 405),  # the server decodes %2f first: no delete route matches
])
def test_delete_cannot_name_a_path(tmp_path: Path, name: str, version: str, status: int) -> None:
    bystander = tmp_path / "work" / "..-1.0.0.tgz"
    repo = tmp_path / "work" / "repo"
    repo.mkdir(parents=True)
    bystander.write_bytes(b"keep")
    with serve(repo) as server:
        reply = requests.delete(f"{server.url}/api/charts/{name}/{version}", timeout=30)
    assert reply.status_code == status, reply.text
    if status == 400:
        assert reply.json() == {"error": "invalid chart name or version"}
    assert bystander.read_bytes() == b"keep"
