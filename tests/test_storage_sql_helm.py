"""The sql driver shares a PostgreSQL database with Helm's own sql driver, both ways.

Helm's SDK runs in a subprocess because its Go runtime reads
HELM_DRIVER_SQL_CONNECTION_STRING once, at load time.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from helmpy.kube.emulator import Emulator
from helmpy.release.model import DEPLOYED, SUPERSEDED, Info, Release, go_now
from helmpy.storage import open_storage
from tests import emulator_support as support
from tests import pg_fixture

pytest.importorskip("helm_python")
postgres_server = pg_fixture.postgres_server
emulator = support.emulator
hello_chart = support.hello_chart

HELM_SCRIPT = """
import helm_python, json, sys
url, action, chart = sys.argv[1:4]
with helm_python.Config(kube_apiserver=url, namespace="default", storage_driver="sql") as cfg:
    if action == "write":
        cfg.install(chart, "fromhelm", {"message": "x"}, labels={"team": "a"})
        cfg.upgrade(chart, "fromhelm", {"message": "y"})
    out = {"history": [(h["revision"], h["status"]) for h in cfg.history(sys.argv[4])],
           "values": cfg.get_values(sys.argv[4])}
    print(json.dumps(out))
"""


def _helm(dsn: str, url: str, action: str, chart: Path, name: str) -> dict[str, Any]:
    env = dict(os.environ, HELM_DRIVER_SQL_CONNECTION_STRING=dsn + " sslmode=disable")
    done = subprocess.run([sys.executable, "-c", HELM_SCRIPT, url, action, str(chart), name],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_helm_writes_helmpy_reads(postgres_server: pg_fixture.PostgresServer,
                                  emulator: Emulator, hello_chart: Path) -> None:
    dsn = postgres_server.create_database("h" + uuid.uuid4().hex[:10])
    helm = _helm(dsn, emulator.url, "write", hello_chart, "fromhelm")
    storage = open_storage("sql", sql_connection=dsn)
    revisions = sorted(storage.history("fromhelm"), key=lambda r: r.version)
    assert [[r.version, r.status] for r in revisions] == helm["history"]
    assert revisions[-1].config == helm["values"]
    assert storage.get("fromhelm", 1).labels == {"team": "a"}
    assert storage.deployed("fromhelm").version == 2


def test_helmpy_writes_helm_reads(postgres_server: pg_fixture.PostgresServer,
                                  emulator: Emulator, hello_chart: Path) -> None:
    dsn = postgres_server.create_database("p" + uuid.uuid4().hex[:10])
    storage = open_storage("sql", sql_connection=dsn)  # creates Helm's schema
    for version, status in ((1, SUPERSEDED), (2, DEPLOYED)):
        stamp = go_now()
        storage.create(Release(
            name="frompy", info=Info(first_deployed=stamp, last_deployed=stamp,
                                     status=status, description="by helmpy"),
            chart={"metadata": {"name": "hello", "version": "0.1.0", "apiVersion": "v2"},
                   "lock": None, "templates": [], "values": {}, "schema": None,
                   "files": None},
            config={"message": f"m{version}", "n": 1.5}, manifest="---\n# empty\n",
            version=version, namespace="default", labels={"made": "py"}))
    helm = _helm(dsn, emulator.url, "read", hello_chart, "frompy")
    assert helm["history"] == [[1, "superseded"], [2, "deployed"]]
    assert helm["values"] == {"message": "m2", "n": 1.5}
