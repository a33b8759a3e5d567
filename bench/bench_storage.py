"""Storage driver benchmark: list and history over 1,000 releases x 10 revisions.

    TZ=UTC .venv/bin/python bench/bench_storage.py [--releases 1000] [--revisions 10]
        [--drivers memory,secret,configmap,sqlite,postgres] [--postgres-dsn DSN]

Secret and ConfigMap drivers run against the in-process Kubernetes API emulator over real
HTTP; PostgreSQL is started on loopback (as the postgres user) unless a DSN is given.
Prints one line per driver and operation with wall-clock seconds.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helmpy.release.codec import file_record  # noqa: E402
from helmpy.release.model import DEPLOYED, SUPERSEDED, Info, Release, go_now  # noqa: E402
from helmpy.storage import Storage, open_driver  # noqa: E402

MANIFEST = "".join(
    f"---\n# Source: bench/templates/cm{i}.yaml\napiVersion: v1\nkind: ConfigMap\n"
    f"metadata:\n  name: bench-{i}\ndata:\n  key: value-{i}\n" for i in range(5))


def make_release(name: str, version: int, last: bool) -> Release:
    stamp = go_now()
    chart = {"metadata": {"name": "bench", "version": "1.0.0", "apiVersion": "v2"},
             "lock": None,
             "templates": [file_record(f"templates/cm{i}.yaml", MANIFEST.encode()[:200])
                           for i in range(5)],
             "values": {"replicas": 1, "image": {"repository": "nginx", "tag": "1.25"}},
             "schema": None, "files": None}
    return Release(name=name, info=Info(first_deployed=stamp, last_deployed=stamp,
                                        status=DEPLOYED if last else SUPERSEDED,
                                        description="Upgrade complete"),
                   chart=chart, config={"revision": version}, manifest=MANIFEST,
                   version=version, namespace="default")


def timed(label: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"  {label:<38} {elapsed:9.3f} s", flush=True)
    return result


def bench_driver(name: str, driver: Any, releases: int, revisions: int) -> None:
    print(f"{name}: {releases} releases x {revisions} revisions", flush=True)
    storage = Storage(driver)

    def populate() -> None:
        for r in range(releases):
            for v in range(1, revisions + 1):
                storage.create(make_release(f"rel-{r:04d}", v, v == revisions))

    timed(f"create {releases * revisions} records", populate)
    listed = timed("list all revisions (list --all)", storage.list_releases)
    assert len(listed) == releases * revisions, len(listed)
    deployed = timed("list deployed (helm list)", storage.list_deployed)
    assert len(deployed) == releases, len(deployed)
    samples = min(100, releases)

    def histories() -> None:
        for r in range(samples):
            assert len(storage.history(f"rel-{r:04d}")) == revisions

    elapsed_start = time.perf_counter()
    timed(f"history x{samples}", histories)
    per = (time.perf_counter() - elapsed_start) / samples
    print(f"  {'history (per release)':<38} {per:9.4f} s", flush=True)
    timed("deployed x1 (upgrade lookup)", lambda: storage.deployed("rel-0000"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--revisions", type=int, default=10)
    parser.add_argument("--drivers", default="memory,secret,configmap,sqlite,postgres")
    parser.add_argument("--postgres-dsn", default="")
    args = parser.parse_args()
    wanted = args.drivers.split(",")
    workdir = Path(tempfile.mkdtemp(prefix="helmpy-bench-"))
    for name in wanted:
        if name == "memory":
            bench_driver(name, open_driver("memory"), args.releases, args.revisions)
        elif name in ("secret", "configmap"):
            from helmpy.kube.client import connect
            from helmpy.kube.emulator import Emulator

            with Emulator() as emu:
                kube = connect(api_server=emu.url)
                bench_driver(f"{name} (emulator over HTTP)",
                             open_driver(name, kube=kube), args.releases, args.revisions)
        elif name == "sqlite":
            dsn = f"sqlite:{workdir / 'bench.db'}"
            bench_driver(name, open_driver("sql", sql_connection=dsn), args.releases,
                         args.revisions)
        elif name == "postgres":
            if args.postgres_dsn:
                bench_driver(name, open_driver("sql", sql_connection=args.postgres_dsn),
                             args.releases, args.revisions)
                continue
            from tests.pg_fixture import PostgresServer

            server = PostgresServer()
            server.start()
            try:
                dsn = server.create_database("bench")
                bench_driver("postgres (loopback)", open_driver("sql", sql_connection=dsn),
                             args.releases, args.revisions)
            finally:
                server.stop()


if __name__ == "__main__":
    main()
