"""Repository benchmarks (run by ``make bench``, or alone: ``python bench/bench_repo.py``).

1. ``repo index`` over 2,000 chart archives: helmpy vs Helm's SDK ``repo_index_generate``.
2. A ~20 MB index.yaml served on loopback: Helm's SDK ``registry.repo_index`` (download and
   parse) vs helmpy downloading, parsing and searching it (cold), and helmpy loading its parsed
   cache and searching (warm, what ``search repo`` does after ``repo update``).
"""
from __future__ import annotations

import gzip
import io
import shutil
import sys
import tarfile
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARCHIVES = 2000
TARGET_INDEX_BYTES = 20 * 1024 * 1024


def _archive(name: str, version: str) -> bytes:
    files = {
        "Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: {version}\nappVersion: \"1.0\"\n"
                      f"description: benchmark chart {name}\nkeywords: [bench, {name}]\n",
        "values.yaml": "replicas: 1\nimage: nginx\n",
        "templates/deploy.yaml": "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w") as tar:
        for path, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{name}/{path}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _best(func, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def bench_index_generation(work: Path) -> None:
    import helm_python

    from helmpy.repo.index import index_directory

    repo = work / "archives"
    repo.mkdir()
    for i in range(ARCHIVES):
        name = f"chart{i % 200}"
        (repo / f"{name}-1.{i // 200}.0.tgz").write_bytes(_archive(name, f"1.{i // 200}.0"))

    def ours() -> None:
        index = index_directory(repo, "https://charts.example.com")
        index.sort_entries()
        index.write(work / "ours-index.yaml")

    def helms() -> None:
        helm_python.repo_index_generate(str(repo), base_url="https://charts.example.com")

    t_ours, t_helm = _best(ours, 2), _best(helms, 2)
    print(f"repo index, {ARCHIVES} archives: helmpy {t_ours:.2f}s, Helm SDK {t_helm:.2f}s "
          f"(helmpy/Helm = {t_ours / t_helm:.2f}x)")


def _big_index(path: Path) -> int:
    from helmpy.repo.index import IndexFile

    index = IndexFile()
    i = 0
    while True:
        for v in range(25):
            name = f"app{i:05d}"
            index.entries.setdefault(name, []).append({
                "apiVersion": "v2", "name": name, "version": f"{v // 5}.{v % 5}.0",
                "appVersion": f"{v}.0", "description": f"Application {i} for the benchmark index",
                "keywords": ["bench", f"kw{i % 97}"], "home": f"https://example.com/{name}",
                "maintainers": [{"name": "Team", "email": "team@example.com"}],
                "digest": f"{i:064x}", "created": "2024-01-01T00:00:00.123456789Z",
                "urls": [f"https://charts.example.com/{name}-{v // 5}.{v % 5}.0.tgz"]})
        i += 1
        if i % 200 == 0 and len(index.to_yaml()) >= TARGET_INDEX_BYTES:
            break
    index.sort_entries()
    text = index.to_yaml()
    path.write_text(text)
    return len(text.encode())


def bench_index_load(work: Path) -> None:
    import helm_python

    from helmpy.repo.client import download_index
    from helmpy.repo.repofile import RepoEntry, index_cache_path, load_cached_index
    from helmpy.repo.search import SearchIndex, apply_constraint, sort_results

    served = work / "served"
    served.mkdir()
    size = _big_index(served / "index.yaml")
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    cache = work / "cache"
    entry = RepoEntry(name="big", url=url)

    def search(index) -> int:  # type: ignore[no-untyped-def]
        engine = SearchIndex()
        engine.add_repo("big", index, True)
        return len(apply_constraint(sort_results(engine.search("kw42")), ">0.0.0", False))

    try:
        t_helm = _best(lambda: helm_python.registry.repo_index(url), 2)

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)  # nothing cached: a real first parse
            index, _ = download_index(entry, cache)
            search(index)

        t_cold = _best(cold, 2)
        t_refresh = _best(lambda: search(download_index(entry, cache)[0]), 2)
        cached = index_cache_path(cache, "big")
        t_warm = _best(lambda: search(load_cached_index(cached)), 3)
        t_search = _best(lambda: search(load_cached_index(cached)), 1)
    finally:
        server.shutdown()
        server.server_close()
    mib = size / 1024 / 1024
    print(f"{mib:.1f} MiB index: Helm SDK repo_index (fetch+parse) {t_helm:.2f}s")
    print(f"  helmpy fetch+parse+search (cold) {t_cold:.2f}s (Helm/helmpy = "
          f"{t_helm / t_cold:.2f}x)")
    print(f"  helmpy refetch of the unchanged index+search (repo update, parse reused) "
          f"{t_refresh:.2f}s (Helm/helmpy = {t_helm / t_refresh:.1f}x)")
    print(f"  helmpy cached load+search (warm, search repo after repo update) {t_warm:.2f}s "
          f"(Helm/helmpy = {t_helm / t_warm:.1f}x); search alone incl. load {t_search:.2f}s")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="helmpy-bench-repo-"))
    try:
        bench_index_generation(work)
        bench_index_load(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
