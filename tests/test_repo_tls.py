"""repo add / pull over HTTPS: --ca-file, --insecure-skip-tls-verify, and client certificates
(--cert-file/--key-file) against a loopback TLS server that requires them."""
from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import helm_python
import pytest

from tests.repo_support import helm_package, isolate_home, run_helmpy, static_server


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pki")
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", str(d / "ca.key"), "-out", str(d / "ca.crt"), "-days", "2",
             "-subj", "/CN=helmpy test CA")
    for name, subject, ext in (("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1"),
                               ("client", "/CN=client", "extendedKeyUsage=clientAuth")):
        _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", str(d / f"{name}.key"), "-out", str(d / f"{name}.csr"),
                 "-subj", subject)
        (d / f"{name}.ext").write_text(ext + "\n")
        _openssl("x509", "-req", "-in", str(d / f"{name}.csr"), "-CA", str(d / "ca.crt"),
                 "-CAkey", str(d / "ca.key"), "-CAcreateserial", "-days", "2",
                 "-out", str(d / f"{name}.crt"), "-extfile", str(d / f"{name}.ext"))
    return {p.stem + p.suffix: p for p in d.iterdir()}


@contextmanager
def https_repo(root: Path, pki: dict[str, Path], client_auth: bool) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["server.crt"], pki["server.key"])
    if client_auth:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(pki["ca.crt"])
    with static_server(root, tls=context) as url:
        yield url


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    dist = tmp_path / "served"
    helm_package(tmp_path, dist, "secure", "1.0.0")
    helm_python.repo_index_generate(str(dist))
    return dist


def test_ca_file_and_insecure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Path,
                              pki: dict[str, Path]) -> None:
    env = isolate_home(monkeypatch, tmp_path / "home")
    with https_repo(repo, pki, client_auth=False) as url:
        untrusted = run_helmpy("repo", "add", "s", url, env=env)
        assert untrusted.returncode == 1 and "not a valid chart repository" in untrusted.stderr
        assert run_helmpy("repo", "add", "s", url, "--ca-file", str(pki["ca.crt"]),
                          env=env).returncode == 0
        assert run_helmpy("repo", "add", "k", url, "--insecure-skip-tls-verify",
                          env=env).returncode == 0
        dest = tmp_path / "dl"
        dest.mkdir()
        pulled = run_helmpy("pull", "s/secure", "-d", str(dest), env=env)
        assert pulled.returncode == 0, pulled.stderr
    assert (dest / "secure-1.0.0.tgz").read_bytes() == (repo / "secure-1.0.0.tgz").read_bytes()


def test_client_certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Path,
                            pki: dict[str, Path]) -> None:
    env = isolate_home(monkeypatch, tmp_path / "home")
    with https_repo(repo, pki, client_auth=True) as url:
        refused = run_helmpy("repo", "add", "m", url, "--ca-file", str(pki["ca.crt"]), env=env)
        assert refused.returncode == 1
        accepted = run_helmpy("repo", "add", "m", url, "--ca-file", str(pki["ca.crt"]),
                              "--cert-file", str(pki["client.crt"]),
                              "--key-file", str(pki["client.key"]), env=env)
        assert accepted.returncode == 0, accepted.stderr
        found = run_helmpy("search", "repo", "secure", "-o", "json", env=env)
    assert '"name":"m/secure"' in found.stdout
