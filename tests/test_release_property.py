"""Random sequences of release operations run on Helm's SDK and on helmpy (twin
emulators) leave the same histories, the same `list --all` and the same cluster objects;
every operation succeeds or fails on both, with the same message."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.chart.loader import load
from helmpy.kube.emulator import Emulator
from helmpy.release.actions import (
    ActionError,
    InstallOptions,
    ListOptions,
    RollbackOptions,
    UninstallOptions,
    UpgradeOptions,
    install,
    list_releases,
    rollback,
    uninstall,
    upgrade,
)
from tests.emulator_support import helm_config, write_hello_chart
from tests.release_scenarios import action_config, stored

pytest.importorskip("helm_python")

NAMES = ("alpha", "beta")
operations = st.lists(st.one_of(
    st.tuples(st.just("install"), st.sampled_from(NAMES), st.sampled_from(["a", "b"])),
    st.tuples(st.just("upgrade"), st.sampled_from(NAMES), st.sampled_from(["c", "d", ""])),
    st.tuples(st.just("rollback"), st.sampled_from(NAMES), st.integers(0, 3)),
    st.tuples(st.just("uninstall"), st.sampled_from(NAMES), st.booleans()),
    st.tuples(st.just("history-max"), st.sampled_from(NAMES), st.integers(1, 3)),
), min_size=1, max_size=7)


def _helm(cfg: Any, chart: str, op: tuple) -> str:
    import helm_python

    kind, name, arg = op
    try:
        if kind == "install":
            cfg.install(chart, name, {"message": arg})
        elif kind == "upgrade":
            cfg.upgrade(chart, name, {"message": arg} if arg else None)
        elif kind == "rollback":
            cfg.rollback(name, version=arg)
        elif kind == "uninstall":
            cfg.uninstall(name, keep_history=arg)
        else:
            cfg.upgrade(chart, name, None, max_history=arg)
    except helm_python.HelmError as err:
        return str(err)
    return ""


def _helmpy(config: Any, chart: str, op: tuple) -> str:
    kind, name, arg = op
    try:
        if kind == "install":
            install(config, load(chart), InstallOptions(name=name, values={"message": arg}))
        elif kind == "upgrade":
            upgrade(config, name, load(chart),
                    UpgradeOptions(values={"message": arg} if arg else {}))
        elif kind == "rollback":
            rollback(config, name, RollbackOptions(version=arg))
        elif kind == "uninstall":
            uninstall(config, name, UninstallOptions(keep_history=arg))
        else:
            upgrade(config, name, load(chart), UpgradeOptions(history_max=arg))
    except ActionError as err:
        return str(err)
    return ""


def _cluster(emu: Emulator) -> dict[str, Any]:
    return {name: obj["data"] for name, obj in stored(emu, "configmaps").items()
            if name.endswith("-cm")}


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=operations)
def test_operation_sequences_match_helm(ops: list[tuple]) -> None:
    chart = str(write_hello_chart(Path(tempfile.mkdtemp(prefix="prop-"))))
    with Emulator() as helm_emu, Emulator() as emu, helm_config(helm_emu) as cfg:
        config = action_config(emu)
        for op in ops:
            assert _helmpy(config, chart, op) == _helm(cfg, chart, op), op
            helm_list = sorted((r["name"], r["revision"], r["status"])
                               for r in cfg.list(all_states=True))
            ours = sorted((r.name, r.version, r.status)
                          for r in list_releases(config, ListOptions(all=True)))
            assert ours == helm_list, op
            for name in NAMES:
                try:
                    helm_history = [(h["revision"], h["status"]) for h in cfg.history(name)]
                except Exception:  # noqa: BLE001 - no history on Helm's side
                    helm_history = []
                ours_history = [(r.version, r.status) for r in sorted(
                    config.storage.list_releases(lambda r, n=name: r.name == n),
                    key=lambda r: r.version)]
                assert ours_history == helm_history, (op, name)
            assert _cluster(emu) == _cluster(helm_emu), op
