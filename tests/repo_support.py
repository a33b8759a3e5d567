"""Shared helpers for the repository, provenance and server tests.

Charts are packaged with Helm's own SDK (so fixtures do not depend on helmpy's packager),
keys are generated on the fly in a temporary GNUPGHOME with fast ed25519 parameters, and
``helmpy serve`` runs as a real subprocess on an ephemeral loopback port.
"""
from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELMPY = [sys.executable, "-m", "helmpy.cli.main"]


def isolate_home(monkeypatch: pytest.MonkeyPatch, base: Path) -> dict[str, str]:
    env = {"HELMPY_CONFIG_HOME": str(base / "config"), "HELMPY_CACHE_HOME": str(base / "cache"),
           "HELMPY_DATA_HOME": str(base / "data"), "TZ": "UTC"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The fixture: an isolated helmpy/Helm home below the test's tmp_path."""
    return isolate_home(monkeypatch, tmp_path / "home")


def write_chart(root: Path, name: str, version: str, **fields: object) -> Path:
    import yaml

    chart = root / f"src-{name}-{version}" / name
    (chart / "templates").mkdir(parents=True)
    doc = {"apiVersion": "v2", "name": name, "version": version, **fields}
    (chart / "Chart.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    (chart / "values.yaml").write_text("replicas: 1\n")
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n")
    return chart


def helm_package(root: Path, dest: Path, name: str, version: str, **fields: object) -> Path:
    """A chart archive packaged by Helm's SDK."""
    import helm_python

    dest.mkdir(parents=True, exist_ok=True)
    return Path(helm_python.package(str(write_chart(root, name, version, **fields)),
                                    destination=str(dest)))


def run_helmpy(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
               input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([*HELMPY, *args], capture_output=True, text=True, env=full_env,
                          cwd=cwd, input=input_text, timeout=120)


@dataclass
class Keys:
    home: Path
    secring: Path
    pubring: Path
    armored: Path
    keybox: Path
    fingerprint: str
    uid: str


def make_keys(base: Path, name: str = "Chart Signer", email: str = "signer@example.com") -> Keys:
    """An ed25519 signing key in a fresh GNUPGHOME, exported in every keyring format."""
    import shutil
    import tempfile

    import gnupg

    base.mkdir(parents=True, exist_ok=True)
    # gpg-agent's socket lives in GNUPGHOME, and socket paths are limited to ~107 bytes:
    # pytest's per-test directories can be longer, so the home is a short /tmp directory.
    home = Path(tempfile.mkdtemp(prefix="hp-gpg-", dir="/tmp"))
    gpg = gnupg.GPG(gnupghome=str(home))
    spec = gpg.gen_key_input(key_type="EDDSA", key_curve="ed25519", key_usage="sign",
                             name_real=name, name_email=email, no_protection=True,
                             expire_date=0)
    key = gpg.gen_key(spec)
    assert key.fingerprint, key.stderr
    secring, pubring = base / f"{email}.sec.gpg", base / f"{email}.pub.gpg"
    secring.write_bytes(gpg.export_keys(key.fingerprint, secret=True, armor=False,
                                        expect_passphrase=False))
    pubring.write_bytes(gpg.export_keys(key.fingerprint, armor=False))
    armored = base / f"{email}.pub.asc"
    armored.write_text(gpg.export_keys(key.fingerprint))
    keybox = base / f"{email}.pubring.kbx"
    shutil.copy(home / "pubring.kbx", keybox)
    stop_agent(home)
    shutil.rmtree(home, ignore_errors=True)
    return Keys(base, secring, pubring, armored, keybox, key.fingerprint,
                f"{name} <{email}>")


def stop_agent(home: Path) -> None:
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], capture_output=True,
                   check=False, timeout=10)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    repo_path: Path


@contextmanager
def serve(repo_path: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """Run ``helmpy serve`` on 127.0.0.1:<ephemeral>; stopped (by its pid) on exit."""
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [*HELMPY, "serve", "--address", "127.0.0.1:0", "--repo-path", str(repo_path), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=full_env)
    try:
        url = ""
        deadline = time.monotonic() + 30
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            match = re.search(r"Now serving you on (\S+):(\d+)", line)
            if match:
                url = f"http://127.0.0.1:{match.group(2)}"
                break
        assert url, f"server did not start (exit {process.poll()})"
        yield Server(url, process, repo_path)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@contextmanager
def threaded_server(server: ThreadingHTTPServer, scheme: str = "http") -> Iterator[str]:
    """Run an in-process loopback server in a daemon thread; yields its base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def static_server(root: Path, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Plain file serving of ``root`` (HTTPS when given a server TLS context), for fixtures
    such as hostile index files that helmpy serve would not write."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietFiles, directory=str(root)))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    with threaded_server(server, "https" if tls is not None else "http") as url:
        yield url
