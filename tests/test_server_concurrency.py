"""200 uploads from 8 parallel clients: the index lists every one, and every digest matches."""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import helm_python
import requests
import yaml

from tests.repo_support import serve
from tests.security_support import tgz

UPLOADS = 200
CLIENTS = 8


def _archive(name: str, version: str) -> bytes:
    files = {
        "Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: {version}\n"
                      f"description: load test chart {name} {version}\n",
        "values.yaml": f"stamp: {name}-{version}\n",
        "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    }
    return tgz([(f"{name}/{path}", text.encode(), None) for path, text in files.items()])


def test_concurrent_uploads_lose_nothing(tmp_path: Path) -> None:
    jobs = [(f"chart{i % 10}", f"1.{i // 10}.{i % 7}") for i in range(UPLOADS)]
    assert len(set(jobs)) == UPLOADS
    archives = {job: _archive(*job) for job in jobs}

    with serve(tmp_path / "repo") as server:
        session_per_thread: dict[int, requests.Session] = {}

        def upload(job: tuple[str, str]) -> int:
            import threading

            session = session_per_thread.setdefault(threading.get_ident(), requests.Session())
            reply = session.post(f"{server.url}/api/charts", data=archives[job], timeout=60)
            return reply.status_code

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            statuses = list(pool.map(upload, jobs))
        assert statuses == [201] * UPLOADS

        served = requests.get(f"{server.url}/index.yaml", timeout=30).text
        on_disk = (server.repo_path / "index.yaml").read_text()
        assert served == on_disk
        helm_view = helm_python.registry.repo_index(server.url)

    # Assembled from per-chart fragments, the file must equal a whole-index serialisation.
    from helmpy.repo.index import loads

    assert loads(on_disk).to_yaml() == on_disk
    index = yaml.safe_load(on_disk)
    listed = {(name, v["version"]): v for name, versions in index["entries"].items()
              for v in versions}
    assert set(listed) == set(jobs)
    helm_listed = {(name, v["version"]) for name, versions in helm_view["entries"].items()
                   for v in versions}
    assert helm_listed == set(jobs)
    for job, record in listed.items():
        expected = hashlib.sha256(archives[job]).hexdigest()
        assert record["digest"] == expected
        stored = server.repo_path / f"{job[0]}-{job[1]}.tgz"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == expected
    assert not list(server.repo_path.glob(".upload-*")), "temporary files left behind"
