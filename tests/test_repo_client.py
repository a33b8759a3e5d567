"""The client side end to end over loopback HTTP: repo add/update/list/remove, search, pull
(with --verify, --untar, --repo, URLs), and the credentials rule from security.md."""
from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import helm_python
import pytest
import requests

from tests import repo_support
from tests.repo_support import (
    helm_package,
    make_keys,
    run_helmpy,
    serve,
    threaded_server,
)

home = repo_support.home  # the fixture, shared through the support module


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory):
    return make_keys(tmp_path_factory.mktemp("client-keys"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, keys) -> Path:
    """A repository directory: web 1.0.0 (signed), 1.1.0, 2.0.0-beta.1; db 0.3.0."""
    base = tmp_path_factory.mktemp("published")
    repo = base / "repo"
    signed = helm_package(base, repo, "web", "1.0.0", description="The web tier",
                          keywords=["http", "frontend"], appVersion="1.0")
    helm_python.sign(str(signed), key=keys.uid, keyring=str(keys.secring))
    helm_package(base, repo, "web", "1.1.0", description="The web tier", appVersion="1.1")
    helm_package(base, repo, "web", "2.0.0-beta.1", description="The web tier")
    helm_package(base, repo, "db", "0.3.0", description="A database with web console")
    return repo


def _ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    return str(result.stdout)


def test_repo_lifecycle_search_and_pull(tmp_path: Path, home: dict[str, str], published: Path,
                                        keys) -> None:
    with serve(published) as server:
        out = _ok(run_helmpy("repo", "add", "pub", server.url, env=home))
        assert out == '"pub" has been added to your repositories\n'
        again = _ok(run_helmpy("repo", "add", "pub", server.url, env=home))
        assert again == '"pub" already exists with the same configuration, skipping\n'
        clash = run_helmpy("repo", "add", "pub", server.url + "/other", env=home)
        assert clash.returncode == 1
        assert clash.stderr == ("Error: repository name (pub) already exists, please specify a "
                                "different name\n")
        slash = run_helmpy("repo", "add", "a/b", server.url, env=home)
        assert "contains '/'" in slash.stderr

        listing = json.loads(_ok(run_helmpy("repo", "list", "-o", "json", env=home)))
        assert listing == [{"name": "pub", "url": server.url}]
        update = _ok(run_helmpy("repo", "update", env=home))
        assert '...Successfully got an update from the "pub" chart repository' in update
        missing = run_helmpy("repo", "update", "nope", env=home)
        assert "no repositories found matching 'nope'" in missing.stderr

        found = json.loads(_ok(run_helmpy("search", "repo", "web", "-o", "json", env=home)))
        # Stable only, newest first; db matches through its description.
        assert [(r["name"], r["version"]) for r in found] == [("pub/web", "1.1.0"),
                                                             ("pub/db", "0.3.0")]
        devel = json.loads(_ok(run_helmpy("search", "repo", "web", "--devel", "-o", "json",
                                          env=home)))
        assert devel[0] == {"name": "pub/web", "version": "2.0.0-beta.1", "app_version": "",
                            "description": "The web tier"}
        every = json.loads(_ok(run_helmpy("search", "repo", "pub/web", "-l", "--version", "<2",
                                          "-o", "json", env=home)))
        assert [r["version"] for r in every] == ["1.1.0", "1.0.0"]
        table = _ok(run_helmpy("search", "repo", "frontend", env=home))
        assert table.splitlines()[0].split() == ["NAME", "CHART", "VERSION", "APP", "VERSION",
                                                 "DESCRIPTION"]
        assert _ok(run_helmpy("search", "repo", "zzz", env=home)) == "No results found\n"

        dest = tmp_path / "dl"
        dest.mkdir()
        verified = _ok(run_helmpy("pull", "pub/web", "--version", "1.0.0", "--verify",
                                  "--keyring", str(keys.pubring), "-d", str(dest), env=home))
        assert f"Signed by: {keys.uid}\n" in verified
        assert (dest / "web-1.0.0.tgz").read_bytes() == (published / "web-1.0.0.tgz").read_bytes()
        helm_python.verify(str(dest / "web-1.0.0.tgz"), str(keys.pubring))

        unsigned = run_helmpy("pull", "pub/web", "--version", "1.1.0", "--verify", "--keyring",
                              str(keys.pubring), "-d", str(dest), env=home)
        assert unsigned.returncode == 1, "verification must fail closed without a .prov"

        _ok(run_helmpy("pull", "pub/db", "--untar", "-d", str(dest), env=home))
        assert (dest / "db" / "Chart.yaml").is_file()
        assert not (dest / "db-0.3.0.tgz").exists()

        _ok(run_helmpy("pull", "web", "--repo", server.url, "--version", "~1.1", "-d",
                       str(dest), env=home))
        assert (dest / "web-1.1.0.tgz").is_file()
        by_url = tmp_path / "by-url"
        by_url.mkdir()
        _ok(run_helmpy("pull", f"{server.url}/db-0.3.0.tgz", "-d", str(by_url), env=home))
        assert (by_url / "db-0.3.0.tgz").is_file()

        nothing = run_helmpy("pull", "pub/web", "--version", "9.9.9", env=home)
        assert nothing.stderr == 'Error: chart "web" version "9.9.9" not found in pub repository\n'

        removed = _ok(run_helmpy("repo", "remove", "pub", env=home))
        assert removed == '"pub" has been removed from your repositories\n'
        gone = run_helmpy("repo", "remove", "pub", env=home)
        assert gone.stderr == 'Error: no repo named "pub" found\n'
        assert run_helmpy("repo", "list", env=home).stderr == "Error: no repositories to show\n"


def test_add_rejects_a_non_repository(home: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with serve(tmp_path / "empty") as server:
        requests.delete(f"{server.url}/api/charts/x/1", timeout=5)
        bad = run_helmpy("repo", "add", "bad", server.url + "/nothing-here", env=home)
    assert bad.returncode == 1
    assert bad.stderr.startswith(f'Error: looks like "{server.url}/nothing-here" is not a valid '
                                 "chart repository or cannot be reached")


class _Recorder(BaseHTTPRequestHandler):
    """Serves fixed bodies and remembers every Authorization header it was sent."""

    routes: dict[str, bytes] = {}
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.seen.append((self.path, self.headers.get("Authorization")))
        body = self.routes.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        if body.startswith(b"REDIRECT "):
            self.send_response(302)
            self.send_header("Location", body[9:].decode())
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def recorder(routes: dict[str, bytes]) -> Iterator[tuple[str, list]]:
    handler = type("Rec", (_Recorder,), {"routes": routes, "seen": []})
    with threaded_server(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url, handler.seen


@pytest.mark.parametrize("pass_credentials", [False, True])
def test_credentials_stay_with_their_repository(tmp_path: Path, home: dict[str, str],
                                                 published: Path, pass_credentials: bool) -> None:
    archive = (published / "db-0.3.0.tgz").read_bytes()
    digest = helm_python.digest(str(published / "db-0.3.0.tgz")).removeprefix("sha256:")
    foreign_routes: dict[str, bytes] = {"/db-0.3.0.tgz": archive}
    with recorder(foreign_routes) as (foreign_url, foreign_seen):
        index = ("apiVersion: v1\nentries:\n  db:\n  - apiVersion: v2\n    name: db\n"
                 f"    version: 0.3.0\n    digest: {digest}\n"
                 f"    urls: [{foreign_url}/db-0.3.0.tgz]\n"
                 "  web:\n  - apiVersion: v2\n    name: web\n    version: 1.0.0\n"
                 "    urls: [web-1.0.0.tgz]\n"
                 'generated: "2020-01-01T00:00:00Z"\n')
        own_routes = {"/index.yaml": index.encode(),
                      "/web-1.0.0.tgz": f"REDIRECT {foreign_url}/db-0.3.0.tgz".encode()}
        with recorder(own_routes) as (own_url, own_seen):
            flags = ["--username", "user", "--password", "pw"]
            if pass_credentials:
                flags.append("--pass-credentials")
            _ok(run_helmpy("repo", "add", "private", own_url, *flags, env=home))
            dest = tmp_path / "dl"
            dest.mkdir()
            _ok(run_helmpy("pull", "private/db", "-d", str(dest), env=home))
            _ok(run_helmpy("pull", "private/web", "-d", str(dest), env=home))
    expected = "Basic " + base64.b64encode(b"user:pw").decode()
    assert own_seen and all(auth == expected for _, auth in own_seen)
    foreign_auth = {auth for _, auth in foreign_seen}
    assert len(foreign_seen) == 2  # the direct URL and the redirect target
    assert foreign_auth == ({expected} if pass_credentials else {None})


def test_template_takes_repo_references(home: dict[str, str], published: Path, keys) -> None:
    with serve(published) as server:
        _ok(run_helmpy("repo", "add", "pub", server.url, env=home))
        by_name = _ok(run_helmpy("template", "rel", "pub/web", "--version", "1.0.0", "--verify",
                                 "--keyring", str(keys.pubring), env=home))
        by_repo = _ok(run_helmpy("template", "rel", "web", "--repo", server.url, "--version",
                                 "1.0.0", env=home))
        unsigned = run_helmpy("template", "rel", "pub/web", "--version", "1.1.0", "--verify",
                              "--keyring", str(keys.pubring), env=home)
    with helm_python.Chart.load(str(published / "web-1.0.0.tgz")) as chart:
        helm_out = chart.render(name="rel", namespace="default")
    assert "name: rel" in by_name and by_name == by_repo
    assert all(text.strip() in by_name for text in helm_out.values() if text.strip())
    assert unsigned.returncode == 1


def test_force_update_prov_untardir_and_devel(tmp_path: Path, home: dict[str, str],
                                              published: Path) -> None:
    with serve(published) as server:
        _ok(run_helmpy("repo", "add", "pub", server.url + "/", env=home))
        _ok(run_helmpy("repo", "add", "pub", server.url, "--force-update", env=home))
        listing = json.loads(_ok(run_helmpy("repo", "list", "-o", "json", env=home)))
        assert listing == [{"name": "pub", "url": server.url}]
        dest = tmp_path / "out"
        dest.mkdir()
        _ok(run_helmpy("pull", "pub/web", "--version", "1.0.0", "--prov", "-d", str(dest),
                       env=home))
        assert (dest / "web-1.0.0.tgz.prov").read_bytes() == \
            (published / "web-1.0.0.tgz.prov").read_bytes()
        _ok(run_helmpy("pull", "pub/web", "--devel", "--untar", "--untardir", "unpacked",
                       "-d", str(dest), env=home))
        chart_yaml = (dest / "unpacked" / "web" / "Chart.yaml").read_text()
        assert "version: 2.0.0-beta.1" in chart_yaml


def test_pull_with_repo_errors_match_helm(tmp_path: Path, home: dict[str, str],
                                          published: Path) -> None:
    dest = tmp_path / "d"
    dest.mkdir()
    with serve(published) as server:
        cases = [("web", "9.9.9", server.url), ("nope", None, server.url),
                 ("web", None, server.url + "/missing")]
        for name, version, url in cases:
            with pytest.raises(helm_python.HelmError) as helm_err:
                helm_python.pull(name, repo_url=url, version=version, destination=str(dest))
            args = ["pull", name, "--repo", url, "-d", str(dest)]
            if version:
                args += ["--version", version]
            result = run_helmpy(*args, env=home)
            assert result.stderr == f"Error: {helm_err.value}\n"


def test_search_regexp(home: dict[str, str], published: Path) -> None:
    with serve(published) as server:
        _ok(run_helmpy("repo", "add", "pub", server.url, env=home))
        found = json.loads(_ok(run_helmpy("search", "repo", "-r", "^d[a-z]$|front.nd", "-o",
                                          "json", env=home)))
        bad = run_helmpy("search", "repo", "-r", "web(", env=home)
    assert [r["name"] for r in found] == ["pub/web"]
    assert bad.stderr == "Error: error parsing regexp: missing closing ): `web(`\n"


def test_repo_update_sees_changes_and_reuses_unchanged(tmp_path: Path, home: dict[str, str],
                                                       published: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for archive in published.glob("db-*.tgz"):
        (repo / archive.name).write_bytes(archive.read_bytes())
    with serve(repo) as server:
        _ok(run_helmpy("repo", "add", "live", server.url, env=home))
        _ok(run_helmpy("repo", "update", env=home))  # unchanged index: parsed form reused

        def names() -> list[str]:
            out = _ok(run_helmpy("search", "repo", "live/", "-o", "json", env=home))
            return [r["name"] for r in json.loads(out)]

        assert names() == ["live/db"]
        upload = requests.post(f"{server.url}/api/charts",
                               data=(published / "web-1.1.0.tgz").read_bytes(), timeout=10)
        assert upload.status_code == 201
        _ok(run_helmpy("repo", "update", "live", env=home))
        assert names() == ["live/db", "live/web"]
