"""``make bench``: helmpy's speed and memory beside Helm's (Helm's Go SDK in the same process).

Prints one line per figure. Runs every ``bench/bench_*.py`` module's ``main()`` after the core
render benchmarks.
"""
from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def _ok_cases() -> list[dict]:
    import json

    cases = json.loads((CORPUS / "cases.json").read_text())
    return [c for c in cases if c["expect"] == "ok"]


def bench_corpus_render() -> None:
    """(1) Render every ok corpus case with helmpy and with Helm's SDK; total and median."""
    import helm_python

    import helmpy
    from helmpy.goyaml.reader import load as load_yaml

    cases = _ok_cases()
    ours: list[float] = []
    helms: list[float] = []
    failures = 0
    for case in cases:
        chart_dir = str(CORPUS / case["chart"])
        files = [str(CORPUS / f) for f in case["values_files"]]
        start = time.perf_counter()
        try:
            chart = helmpy.load_chart(chart_dir)
            helmpy.render(chart, release=case["release"], namespace=case["namespace"],
                          values_files=files)
        except Exception:  # noqa: BLE001 - a failing case is counted, not timed
            failures += 1
            continue
        ours.append(time.perf_counter() - start)
        values: dict = {}
        for f in files:
            values.update(load_yaml(Path(f).read_text()) or {})
        start = time.perf_counter()
        with helm_python.Chart.load(chart_dir) as hchart:
            hchart.render(values or None, name=case["release"], namespace=case["namespace"])
        helms.append(time.perf_counter() - start)
    if not ours:
        print("corpus render: no case rendered")
        return
    total_ours, total_helm = sum(ours), sum(helms)
    print(f"corpus render: {len(ours)} cases ({failures} failed, not timed)")
    print(f"  total   helmpy {total_ours:8.3f}s  helm {total_helm:8.3f}s  "
          f"ratio {total_ours / total_helm:6.2f}")
    print(f"  median  helmpy {statistics.median(ours) * 1000:8.2f}ms helm "
          f"{statistics.median(helms) * 1000:8.2f}ms ratio "
          f"{statistics.median(ours) / statistics.median(helms):6.2f}")


def _median_process_time(argv: list[str], runs: int = 7) -> float:
    # As installed by pip, modules run from compiled bytecode: allow writing it, warm up once.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(argv, cwd=ROOT, capture_output=True, check=False, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold_cli() -> None:
    """(2) Whole-process `helmpy template charts/hello` and `helmpy --help`."""
    helmpy_bin = str(ROOT / ".venv" / "bin" / "helmpy")
    if not os.path.exists(helmpy_bin):
        helmpy_bin = "helmpy"
    t = _median_process_time([helmpy_bin, "template", "demo", "charts/hello"])
    h = _median_process_time([helmpy_bin, "--help"])
    print(f"cold CLI: helmpy template charts/hello {t * 1000:7.1f}ms (target 250ms); "
          f"helmpy --help {h * 1000:7.1f}ms (target 150ms)")


def bench_peak_memory() -> None:
    """(3) Peak memory rendering the largest corpus chart, in a fresh process."""
    cases = _ok_cases()

    def size(case: dict) -> int:
        return sum(f.stat().st_size for f in (CORPUS / case["chart"]).rglob("*") if f.is_file())

    largest = max(cases, key=size)
    # Linux keeps ru_maxrss across fork and exec, so a child of this (large) process would
    # report our peak: read the child's own high-water mark (VmHWM) where there is one.
    code = (
        "import resource, sys, helmpy\n"
        f"c = helmpy.load_chart({str(CORPUS / largest['chart'])!r})\n"
        f"helmpy.render(c, release='r', namespace='ns')\n"
        "try:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "    print(int(status.split()[0]))\n"
        "except (OSError, IndexError):\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    if done.returncode != 0:
        print(f"peak memory: render of {largest['id']} failed")
        return
    print(f"peak memory: {int(done.stdout.strip()) / 1024:.1f} MiB rendering {largest['id']}")


def main() -> None:
    bench_corpus_render()
    bench_cold_cli()
    bench_peak_memory()
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "main"):
            print(f"== {path.stem}")
            module.main()


if __name__ == "__main__":
    main()
