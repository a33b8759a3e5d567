"""security.md regressions for the repository side: hostile archives on pull --untar, unsafe
chart names, decompression bombs on upload, terminal control characters, duplicate entries."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import requests

from helmpy.repo.index import loads
from tests import repo_support
from tests.repo_support import run_helmpy, serve
from tests.security_support import tgz
from tests.test_repo_client import recorder

home = repo_support.home  # the fixture, shared through the support module


CHART_YAML = b"apiVersion: v2\nname: evil\nversion: 1.0.0\n"


def _publish(archive: bytes, name: str = "evil", version: str = "1.0.0"):  # type: ignore[no-untyped-def]
    digest = hashlib.sha256(archive).hexdigest()
    index = (f"apiVersion: v1\nentries:\n  {name}:\n  - apiVersion: v2\n    name: {name}\n"
             f"    version: {version}\n    digest: {digest}\n"
             f"    urls: [{name}-{version}.tgz]\n").encode()
    return recorder({"/index.yaml": index, f"/{name}-{version}.tgz": archive})


@pytest.mark.parametrize("members", [
    [("evil/Chart.yaml", CHART_YAML, None), ("evil/../../escaped.txt", b"x", None)],
    [("evil/Chart.yaml", CHART_YAML, None), ("/abs/escaped.txt", b"x", None)],
    [("evil/Chart.yaml", CHART_YAML, None), ("evil/templates/link", None, "/etc/passwd")],
    [("evil/Chart.yaml", CHART_YAML, None), ("evil/up", None, "../../escaped.txt")],
])
def test_untar_never_writes_outside(tmp_path: Path, home: dict[str, str],
                                   members: list) -> None:
    dest = tmp_path / "a" / "b"
    dest.mkdir(parents=True)
    with _publish(tgz(members)) as (url, _):
        assert run_helmpy("repo", "add", "evil", url, env=home).returncode == 0
        result = run_helmpy("pull", "evil/evil", "--untar", "-d", str(dest), env=home)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "a" / "escaped.txt").exists()
    for path in tmp_path.rglob("*"):
        assert not path.is_symlink(), f"link written: {path}"


def test_untar_refuses_a_chart_name_that_escapes(tmp_path: Path, home: dict[str, str]) -> None:
    archive = tgz([("x/Chart.yaml", b"apiVersion: v2\nname: ../../outside\nversion: 1.0.0\n",
                     None)])
    dest = tmp_path / "d"
    dest.mkdir()
    with _publish(archive, name="x") as (url, _):
        assert run_helmpy("repo", "add", "r", url, env=home).returncode == 0
        result = run_helmpy("pull", "r/x", "--untar", "-d", str(dest), env=home)
    assert result.returncode == 1 and result.stderr.startswith("Error:")
    assert not (tmp_path / "outside").exists()


def test_upload_decompression_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tgz([("bomb/Chart.yaml", b"apiVersion: v2\nname: bomb\nversion: 1.0.0\n", None),
                 ("bomb/big.bin", b"\0" * (6 * 1024 * 1024), None)])
    assert len(bomb) < 64 * 1024
    with serve(tmp_path / "repo") as server:
        reply = requests.post(f"{server.url}/api/charts", data=bomb, timeout=30)
    assert reply.status_code == 400
    assert "larger than the maximum" in reply.json()["error"]
    assert not (tmp_path / "repo" / "bomb-1.0.0.tgz").exists()


def test_control_characters_never_reach_the_terminal(tmp_path: Path, home: dict[str, str]) -> None:
    index = (b"apiVersion: v1\nentries:\n  ansi:\n  - apiVersion: v2\n    name: ansi\n"
             b'    version: 1.0.0\n    description: "red \\e[31m alert \\a bell"\n'
             b"    urls: [ansi-1.0.0.tgz]\n")
    with recorder({"/index.yaml": index}) as (url, _):
        assert run_helmpy("repo", "add", "c", url, env=home).returncode == 0
        table = run_helmpy("search", "repo", "ansi", env=home)
    assert table.returncode == 0, table.stderr
    assert "ansi" in table.stdout
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout


def test_duplicate_entries_are_reported() -> None:
    text = ("apiVersion: v1\nentries:\n  dup:\n"
            "  - {name: dup, version: 1.0.0, urls: [first.tgz]}\n"
            "  - {name: dup, version: 1.0.0, urls: [second.tgz]}\n")
    warnings: list[str] = []
    index = loads(text.encode(), warn=warnings.append)
    assert index.get("dup", "1.0.0")["urls"] == ["first.tgz"]
    assert any("duplicate entry" in w for w in warnings)
