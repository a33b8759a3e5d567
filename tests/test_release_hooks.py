"""Hooks run by helmpy happen exactly as Helm's SDK runs them: the same hook objects are
created and deleted in the same order, for every event, on twin emulators; the release
records the same hooks. Plus failing hooks, --no-hooks and output of the phases."""
from __future__ import annotations

from pathlib import Path

import pytest

from helmpy.chart.loader import load
from helmpy.kube.emulator import Emulator
from helmpy.release.actions import (
    ActionError,
    InstallOptions,
    RollbackOptions,
    UninstallOptions,
    UpgradeOptions,
    install,
    rollback,
    uninstall,
    upgrade,
)
from tests import release_scenarios
from tests.emulator_support import helm_config, release_dict_of
from tests.release_scenarios import (
    action_config,
    hook_trace,
    last_rv,
    stored,
    write_hooks_chart,
)

pytest.importorskip("helm_python")


twins = release_scenarios.twins  # the fixture, shared through the support module


def _hooks_without_times(secret: dict) -> list[dict]:
    hooks = release_dict_of(secret).get("hooks") or []
    for hook in hooks:
        hook["last_run"] = {"phase": hook["last_run"].get("phase")}
    return hooks


def test_hook_order_and_delete_policies_match_helm(twins: tuple[Emulator, Emulator],
                                                   tmp_path: Path) -> None:
    helm_emu, emu = twins
    chart = write_hooks_chart(tmp_path)
    config = action_config(emu)
    steps: list[tuple[str, list, list]] = []
    with helm_config(helm_emu) as cfg:
        marks = (last_rv(helm_emu), last_rv(emu))
        cfg.install(str(chart), "demo", None, timeout=30)
        install(config, load(str(chart)), InstallOptions(name="demo", timeout=30))
        steps.append(("install", hook_trace(helm_emu, marks[0]), hook_trace(emu, marks[1])))
        for secret_name in ("sh.helm.release.v1.demo.v1",):
            assert _hooks_without_times(stored(emu, "secrets")[secret_name]) == \
                _hooks_without_times(stored(helm_emu, "secrets")[secret_name])

        marks = (last_rv(helm_emu), last_rv(emu))
        cfg.upgrade(str(chart), "demo", {"message": "two"}, timeout=30)
        upgrade(config, "demo", load(str(chart)), UpgradeOptions(values={"message": "two"},
                                                                 timeout=30))
        steps.append(("upgrade", hook_trace(helm_emu, marks[0]), hook_trace(emu, marks[1])))

        marks = (last_rv(helm_emu), last_rv(emu))
        cfg.rollback("demo", version=1, timeout=30)
        rollback(config, "demo", RollbackOptions(version=1, timeout=30))
        steps.append(("rollback", hook_trace(helm_emu, marks[0]), hook_trace(emu, marks[1])))
        name = "sh.helm.release.v1.demo.v3"
        assert _hooks_without_times(stored(emu, "secrets")[name]) == \
            _hooks_without_times(stored(helm_emu, "secrets")[name])

        marks = (last_rv(helm_emu), last_rv(emu))
        cfg.uninstall("demo", timeout=30)
        uninstall(config, "demo", UninstallOptions(timeout=30))
        steps.append(("uninstall", hook_trace(helm_emu, marks[0]), hook_trace(emu, marks[1])))
    for step, helm_trace, helmpy_trace in steps:
        assert helm_trace, step
        assert helmpy_trace == helm_trace, step
    assert set(stored(emu, "configmaps")) == set(stored(helm_emu, "configmaps"))


def test_failing_hook_matches_helm(twins: tuple[Emulator, Emulator], tmp_path: Path) -> None:
    import helm_python

    helm_emu, emu = twins
    chart = write_hooks_chart(tmp_path)
    config = action_config(emu)
    values = {"jobBehavior": "fail"}
    marks = (last_rv(helm_emu), last_rv(emu))
    with helm_config(helm_emu) as cfg:
        with pytest.raises(helm_python.HelmError) as helm_err:
            cfg.install(str(chart), "demo", values, timeout=30)
        helm_history = cfg.history("demo")
    with pytest.raises(ActionError) as err:
        install(config, load(str(chart)), InstallOptions(name="demo", values=values,
                                                         timeout=30))
    assert hook_trace(emu, marks[1]) == hook_trace(helm_emu, marks[0])
    assert str(err.value) == str(helm_err.value)
    assert "failed pre-install" in str(err.value)
    rel = err.value.release
    assert rel is not None and rel.status == helm_history[0]["status"] == "failed"
    helm_record = release_dict_of(stored(helm_emu, "secrets")["sh.helm.release.v1.demo.v1"])
    ours = release_dict_of(stored(emu, "secrets")["sh.helm.release.v1.demo.v1"])
    assert [h["last_run"]["phase"] for h in ours["hooks"]] == \
        [h["last_run"]["phase"] for h in helm_record["hooks"]]
    assert ours["info"]["description"].startswith('Release "demo" failed: failed pre-install')
    assert helm_record["info"]["description"].startswith(
        'Release "demo" failed: failed pre-install')


def test_no_hooks_runs_none(twins: tuple[Emulator, Emulator], tmp_path: Path) -> None:
    _, emu = twins
    chart = write_hooks_chart(tmp_path)
    config = action_config(emu)
    mark = last_rv(emu)
    rel = install(config, load(str(chart)), InstallOptions(name="demo", no_hooks=True))
    assert hook_trace(emu, mark) == []
    assert rel.status == "deployed" and len(rel.hooks) == 7
    assert all(h.last_run.phase == "" for h in rel.hooks)
