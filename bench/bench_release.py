"""Release engine benchmark: the ``list`` and ``history`` actions (with Helm's table
printing) over 1,000 releases x 10 revisions per driver, and install / upgrade / uninstall
of the largest corpus chart against the Kubernetes API emulator, beside Helm's SDK.

    TZ=UTC .venv/bin/python bench/bench_release.py [--releases 1000] [--revisions 10]
        [--drivers memory,sqlite,secret]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def _storage_bench() -> Any:
    """bench_storage.py's record maker (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_storage",
                                                  Path(__file__).parent / "bench_storage.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(label: str, action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:9.3f} s", flush=True)
    return result, elapsed


def bench_reads(name: str, config: Any, releases: int, revisions: int) -> None:
    from helmpy.release.actions import ListOptions, history, list_releases, printing

    make_release = _storage_bench().make_release
    print(f"{name}: {releases} releases x {revisions} revisions", flush=True)

    def populate() -> None:
        for r in range(releases):
            for v in range(1, revisions + 1):
                config.storage.create(make_release(f"rel-{r:04d}", v, v == revisions))

    timed(f"populate {releases * revisions} records", populate)
    text, _ = timed("helmpy list (table)", lambda: printing.list_output(
        list_releases(config, ListOptions(limit=0)), "table"))
    assert text.count("\n") == releases + 1
    timed("helmpy list --all -o json", lambda: printing.list_output(
        list_releases(config, ListOptions(all=True, limit=0)), "json"))
    samples = min(100, releases)

    def histories() -> None:
        for r in range(samples):
            out = printing.history_output(history(config, f"rel-{r:04d}"), "table")
            assert out.count("\n") == revisions + 1

    _, elapsed = timed(f"helmpy history x{samples} (table)", histories)
    print(f"  {'history (per release)':<44} {elapsed / samples:9.4f} s", flush=True)


REMOVED_APIS = re.compile(r"apiVersion: *\S*(v1beta1|v2beta1|v1alpha1)")


def _installable(case: dict[str, Any]) -> bool:
    """No API versions a current cluster (and the emulator) has stopped serving."""
    text = (CORPUS / case["golden"] / "manifest.yaml").read_text()
    crds = "".join(p.read_text(errors="replace")
                   for p in (CORPUS / case["chart"]).rglob("crds/*") if p.is_file())
    return not REMOVED_APIS.search(text + crds)


def bench_helm_reads(url: str, driver: str, releases: int) -> None:
    """The same reads through Helm's SDK, over the records helmpy wrote."""
    import helm_python

    samples = min(100, releases)
    with helm_python.Config(kube_apiserver=url, namespace="default",
                            storage_driver=driver) as cfg:
        found, _ = timed("helm SDK list", cfg.list)
        assert len(found) == releases, len(found)

        def histories() -> None:
            for r in range(samples):
                cfg.history(f"rel-{r:04d}")

        _, elapsed = timed(f"helm SDK history x{samples}", histories)
    print(f"  {'helm SDK history (per release)':<44} {elapsed / samples:9.4f} s", flush=True)


def _largest_case(without_crds: bool = False) -> dict[str, Any]:
    cases = [c for c in json.loads((CORPUS / "cases.json").read_text())
             if c["expect"] == "ok" and c["id"].endswith("/default") and _installable(c)]
    if without_crds:
        cases = [c for c in cases if "kind: CustomResourceDefinition" not in
                 (CORPUS / c["golden"] / "manifest.yaml").read_text()
                 and not any((CORPUS / c["chart"]).rglob("crds/*"))]

    def size(case: dict[str, Any]) -> int:
        golden = CORPUS / case["golden"] / "manifest.yaml"
        return golden.stat().st_size if golden.exists() else 0

    return max(cases, key=size)


def bench_install(without_crds: bool = False) -> bool:
    """Install, upgrade and uninstall of the corpus chart with the largest manifest;
    False when Helm's SDK could not install it on the emulator."""
    import helm_python

    from helmpy.chart.loader import load
    from helmpy.kube.client import connect
    from helmpy.kube.emulator import Emulator
    from helmpy.release.actions import (
        ActionConfig,
        InstallOptions,
        UninstallOptions,
        UpgradeOptions,
        install,
        uninstall,
        upgrade,
    )
    from helmpy.storage import open_storage

    case = _largest_case(without_crds)
    chart_dir = str(CORPUS / case["chart"])
    ns = case["namespace"]
    print(f"release lifecycle of {case['id']} "
          f"({(CORPUS / case['golden'] / 'manifest.yaml').stat().st_size // 1024} KiB manifest)"
          " against the emulator", flush=True)
    with Emulator() as emu:
        kube = connect(api_server=emu.url, namespace=ns)
        config = ActionConfig(storage=open_storage("secret", kube=kube, namespace=ns),
                              namespace=ns, kube_client=kube, progress=None)
        _, ours_install = timed("helmpy install --wait", lambda: install(
            config, load(chart_dir), InstallOptions(name=case["release"], wait=True,
                                                    timeout=120, create_namespace=True)))
        _, ours_upgrade = timed("helmpy upgrade --wait", lambda: upgrade(
            config, case["release"], load(chart_dir), UpgradeOptions(wait=True, timeout=120)))
        _, ours_uninstall = timed("helmpy uninstall", lambda: uninstall(
            config, case["release"], UninstallOptions()))
    try:
        with Emulator() as emu, \
                helm_python.Config(kube_apiserver=emu.url, namespace=ns) as cfg:
            _, helm_install = timed("helm SDK install --wait", lambda: cfg.install(
                chart_dir, case["release"], None, wait="watcher", timeout=120,
                create_namespace=True))
            _, helm_upgrade = timed("helm SDK upgrade --wait", lambda: cfg.upgrade(
                chart_dir, case["release"], None, wait="watcher", timeout=120))
            _, helm_uninstall = timed("helm SDK uninstall",
                                      lambda: cfg.uninstall(case["release"]))
    except helm_python.HelmError as err:
        print(f"  helm SDK failed: {str(err)[:160]}", flush=True)
        return False
    for label, ours, helms in (("install", ours_install, helm_install),
                               ("upgrade", ours_upgrade, helm_upgrade),
                               ("uninstall", ours_uninstall, helm_uninstall)):
        print(f"  ratio helmpy/helm {label:<26} {ours / helms:9.2f}", flush=True)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--revisions", type=int, default=10)
    parser.add_argument("--drivers", default="memory,sqlite,secret")
    args, _ = parser.parse_known_args()
    from helmpy.release.actions import ActionConfig
    from helmpy.storage import open_storage

    workdir = Path(tempfile.mkdtemp(prefix="helmpy-bench-release-"))
    for name in args.drivers.split(","):
        if name == "memory":
            bench_reads(name, ActionConfig(storage=open_storage("memory"), progress=None),
                        args.releases, args.revisions)
        elif name == "sqlite":
            storage = open_storage("sql", sql_connection=f"sqlite:{workdir / 'r.db'}")
            bench_reads(name, ActionConfig(storage=storage, progress=None), args.releases,
                        args.revisions)
        elif name in ("secret", "configmap"):
            from helmpy.kube.client import connect
            from helmpy.kube.emulator import Emulator

            with Emulator() as emu:
                kube = connect(api_server=emu.url)
                storage = open_storage(name, kube=kube)
                bench_reads(f"{name} (emulator over HTTP)",
                            ActionConfig(storage=storage, kube_client=kube, progress=None),
                            args.releases, args.revisions)
                bench_helm_reads(emu.url, name, args.releases)
    if not bench_install():
        bench_install(without_crds=True)  # a chart Helm's SDK installs on the emulator too


if __name__ == "__main__":
    main()
