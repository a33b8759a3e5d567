"""``helmpy serve`` over real HTTP on loopback: ChartMuseum API, Helm's SDK as a client, and
the upload attacks from security.md (names, overwrite, size, auth, provenance)."""
from __future__ import annotations

from pathlib import Path

import helm_python
import pytest
import requests

from tests.repo_support import helm_package, make_keys, serve
from tests.security_support import tgz


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("charts")
    dist = base / "dist"
    return {
        "web-1.0.0": helm_package(base, dist, "web", "1.0.0", appVersion="1.0",
                                  description="web server"),
        "web-1.1.0": helm_package(base, dist, "web", "1.1.0", appVersion="1.1"),
        "db-2.0.0": helm_package(base, dist, "db", "2.0.0"),
    }


def test_api_round_trip_and_helm_reads_the_index(tmp_path: Path, charts: dict[str, Path]) -> None:
    with serve(tmp_path / "repo") as server:
        assert requests.get(f"{server.url}/health", timeout=10).json() == {"healthy": True}
        for key in ("web-1.0.0", "web-1.1.0"):
            reply = requests.post(f"{server.url}/api/charts", data=charts[key].read_bytes(),
                                  timeout=10)
            assert reply.status_code == 201, reply.text
        with charts["db-2.0.0"].open("rb") as handle:
            reply = requests.post(f"{server.url}/api/charts", files={"chart": handle}, timeout=10)
        assert reply.status_code == 201, reply.text

        listing = requests.get(f"{server.url}/api/charts", timeout=10).json()
        assert sorted(listing) == ["db", "web"]
        assert [v["version"] for v in listing["web"]] == ["1.1.0", "1.0.0"]
        one = requests.get(f"{server.url}/api/charts/web/1.0.0", timeout=10).json()
        assert one["digest"] == helm_python.digest(str(charts["web-1.0.0"])).removeprefix(
            "sha256:")
        assert requests.get(f"{server.url}/api/charts/nope", timeout=10).status_code == 404

        # Helm's own client reads the index helmpy serves, with the same digests.
        helm_view = helm_python.registry.repo_index(server.url)
        assert sorted(helm_view["entries"]) == ["db", "web"]
        assert [v["version"] for v in helm_view["entries"]["web"]] == ["1.1.0", "1.0.0"]
        for record in helm_view["entries"]["web"]:
            archive = charts[f"web-{record['version']}"]
            assert "sha256:" + record["digest"] == helm_python.digest(str(archive))

        # ...and downloads through it.
        pulled = tmp_path / "pulled"
        pulled.mkdir()
        helm_python.pull("web", repo_url=server.url, version="1.0.0", destination=str(pulled))
        assert (pulled / "web-1.0.0.tgz").read_bytes() == charts["web-1.0.0"].read_bytes()

        deleted = requests.delete(f"{server.url}/api/charts/web/1.0.0", timeout=10)
        assert deleted.status_code == 200
        assert not (server.repo_path / "web-1.0.0.tgz").exists()
        again = helm_python.registry.repo_index(server.url)
        assert [v["version"] for v in again["entries"]["web"]] == ["1.1.0"]


def test_helm_dependency_update_against_helmpy_serve(tmp_path: Path,
                                                      charts: dict[str, Path]) -> None:
    with serve(tmp_path / "repo") as server:
        for key in ("web-1.0.0", "web-1.1.0"):
            requests.post(f"{server.url}/api/charts", data=charts[key].read_bytes(), timeout=10)
        parent = tmp_path / "parent"
        (parent / "templates").mkdir(parents=True)
        (parent / "Chart.yaml").write_text(
            "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n"
            f"- name: web\n  version: ~1.0.0\n  repository: {server.url}\n")
        helm_python.dependency_update(str(parent))
        assert (parent / "charts" / "web-1.0.0.tgz").read_bytes() == \
            charts["web-1.0.0"].read_bytes()


def test_no_overwrite_unless_allowed(tmp_path: Path, charts: dict[str, Path]) -> None:
    data = charts["web-1.0.0"].read_bytes()
    with serve(tmp_path / "repo") as server:
        assert requests.post(f"{server.url}/api/charts", data=data, timeout=10).status_code == 201
        second = requests.post(f"{server.url}/api/charts", data=data, timeout=10)
        assert second.status_code == 409
        assert second.json() == {"error": "file already exists"}
    with serve(tmp_path / "repo", "--allow-overwrite") as server:
        assert requests.post(f"{server.url}/api/charts", data=data, timeout=10).status_code == 201


def _evil_archive(name: str, version: str = "1.0.0", member_prefix: str | None = None) -> bytes:
    body = f"apiVersion: v2\nname: {name}\nversion: {version}\n".encode()
    return tgz([(f"{member_prefix or 'chart'}/Chart.yaml", body, None)])


@pytest.mark.parametrize("name,version,prefix", [
    ("..", "1.0.0", None),
    ("../escape", "1.0.0", None),
    ("a/b", "1.0.0", None),
    ("ok", "1.0.0/../../x", None),
    ("ok", "1.0.0", "../outside"),
])
def test_unsafe_names_are_refused(tmp_path: Path, name: str, version: str,
                                  prefix: str | None) -> None:
    repo = tmp_path / "repo"
    with serve(repo) as server:
        reply = requests.post(f"{server.url}/api/charts",
                              data=_evil_archive(name, version, prefix), timeout=10)
        assert reply.status_code == 400, reply.text
        assert "error" in reply.json()
    leftovers = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert leftovers <= {"index.yaml", ".helmpy-serve.lock"}


def test_upload_size_limit(tmp_path: Path) -> None:
    with serve(tmp_path / "repo", "--max-upload-size", "1024") as server:
        reply = requests.post(f"{server.url}/api/charts", data=b"\0" * 4096, timeout=10)
        assert reply.status_code == 413


def test_basic_auth_and_bearer_token(tmp_path: Path, charts: dict[str, Path]) -> None:
    data = charts["web-1.0.0"].read_bytes()
    env = {"HELMPY_SERVE_PASSWORD": "s3cret", "HELMPY_SERVE_TOKEN": "tok-123"}
    with serve(tmp_path / "repo", "--basic-auth-user", "admin", env=env) as server:
        url = f"{server.url}/api/charts"
        assert requests.post(url, data=data, timeout=10).status_code == 401
        assert requests.post(url, data=data, auth=("admin", "wrong"), timeout=10).status_code == 401
        assert requests.post(url, data=data, auth=("admin", "s3cret"), timeout=10).status_code == 201
        # Reads stay open unless --auth-reads.
        assert requests.get(f"{server.url}/index.yaml", timeout=10).status_code == 200
        bearer = {"Authorization": "Bearer tok-123"}
        assert requests.delete(f"{url}/web/1.0.0", headers=bearer, timeout=10).status_code == 200
    with serve(tmp_path / "repo2", "--basic-auth-user", "admin", "--auth-reads", env=env) as server:
        assert requests.get(f"{server.url}/index.yaml", timeout=10).status_code == 401
        assert requests.get(f"{server.url}/index.yaml", auth=("admin", "s3cret"),
                            timeout=10).status_code == 200
        assert requests.post(f"{server.url}/api/charts", data=data, auth=("admin", "s3cret"),
                             timeout=10).status_code == 201
        helm_view = helm_python.registry.repo_index(server.url, username="admin",
                                                    password="s3cret")
        assert [v["version"] for v in helm_view["entries"]["web"]] == ["1.0.0"]
        pulled = tmp_path / "pulled"
        pulled.mkdir()
        helm_python.pull("web", repo_url=server.url, username="admin", password="s3cret",
                         destination=str(pulled))
        assert (pulled / "web-1.0.0.tgz").read_bytes() == data


def test_require_provenance(tmp_path: Path, charts: dict[str, Path]) -> None:
    keys = make_keys(tmp_path / "keys")
    stranger = make_keys(tmp_path / "keys2", "Stranger", "stranger@example.com")
    signed_dir = tmp_path / "signed"
    signed_dir.mkdir()
    archive = signed_dir / charts["db-2.0.0"].name
    archive.write_bytes(charts["db-2.0.0"].read_bytes())
    with serve(tmp_path / "repo", "--require-provenance", "--keyring", str(keys.pubring)) as srv:
        url = f"{srv.url}/api/charts"
        unsigned = requests.post(url, data=archive.read_bytes(), timeout=10)
        assert unsigned.status_code == 400

        helm_python.sign(str(archive), key=stranger.uid, keyring=str(stranger.secring))
        prov = archive.with_name(archive.name + ".prov")
        foreign = requests.post(url, files={"chart": archive.read_bytes(),
                                            "prov": prov.read_bytes()}, timeout=30)
        assert foreign.status_code == 400, foreign.text

        helm_python.sign(str(archive), key=keys.uid, keyring=str(keys.secring))
        good = requests.post(url, files={"chart": archive.read_bytes(),
                                         "prov": prov.read_bytes()}, timeout=30)
        assert good.status_code == 201, good.text
        served = requests.get(f"{srv.url}/{prov.name}", timeout=10)
        assert served.content == prov.read_bytes()
        fetched = tmp_path / "fetched"
        fetched.mkdir()
        (fetched / archive.name).write_bytes(requests.get(f"{srv.url}/{archive.name}",
                                                          timeout=10).content)
        (fetched / prov.name).write_bytes(served.content)
        helm_python.verify(str(fetched / archive.name), str(keys.pubring))


def test_prov_uploaded_first_then_chart(tmp_path: Path, charts: dict[str, Path]) -> None:
    keys = make_keys(tmp_path / "keys")
    archive = tmp_path / charts["web-1.1.0"].name
    archive.write_bytes(charts["web-1.1.0"].read_bytes())
    prov = Path(helm_python.sign(str(archive), key=keys.uid, keyring=str(keys.secring)))
    with serve(tmp_path / "repo", "--require-provenance", "--keyring", str(keys.pubring)) as srv:
        stored = requests.post(f"{srv.url}/api/prov", data=prov.read_bytes(), timeout=10)
        assert stored.status_code == 201, stored.text
        again = requests.post(f"{srv.url}/api/prov", data=prov.read_bytes(), timeout=10)
        assert again.status_code == 409
        chart = requests.post(f"{srv.url}/api/charts", data=archive.read_bytes(), timeout=30)
        assert chart.status_code == 201, chart.text
        assert requests.get(f"{srv.url}/charts/{prov.name}", timeout=10).content == \
            prov.read_bytes()


def test_overwrite_drops_a_stale_signature(tmp_path: Path, charts: dict[str, Path]) -> None:
    keys = make_keys(tmp_path / "keys")
    first = tmp_path / "first" / "web-1.0.0.tgz"
    first.parent.mkdir()
    first.write_bytes(charts["web-1.0.0"].read_bytes())
    prov = Path(helm_python.sign(str(first), key=keys.uid, keyring=str(keys.secring)))
    replacement = helm_package(tmp_path / "r", tmp_path / "r" / "dist", "web", "1.0.0",
                               description="a different build of the same version")
    with serve(tmp_path / "repo", "--allow-overwrite") as server:
        url = f"{server.url}/api/charts"
        assert requests.post(url, files={"chart": first.read_bytes(), "prov": prov.read_bytes()},
                             timeout=10).status_code == 201
        assert requests.post(url, data=replacement.read_bytes(), timeout=10).status_code == 201
        assert requests.get(f"{server.url}/web-1.0.0.tgz.prov", timeout=10).status_code == 404
        assert requests.get(f"{server.url}/web-1.0.0.tgz", timeout=10).content == \
            replacement.read_bytes()
