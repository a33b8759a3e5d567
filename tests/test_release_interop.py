"""Interop with Helm's SDK on one emulator: a release Helm installed is read, upgraded and
rolled back by helmpy; Helm reads, upgrades and rolls back the releases helmpy wrote; and
the record helmpy writes for an install equals Helm's for the same chart and values."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from helmpy.chart.loader import load
from helmpy.kube.emulator import Emulator
from helmpy.release.actions import (
    ActionError,
    InstallOptions,
    RollbackOptions,
    UpgradeOptions,
    get_values,
    history,
    install,
    rollback,
    status,
    upgrade,
)
from tests import emulator_support as support
from tests.emulator_support import helm_config, release_dict_of, write_hello_chart
from tests.release_scenarios import action_config, stored

pytest.importorskip("helm_python")
emulator = support.emulator
hello_chart = support.hello_chart
TIMES = ("first_deployed", "last_deployed", "deleted")


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A release body without what differs between any two installs: times."""
    data = json.loads(json.dumps(record))
    for key in TIMES:
        data["info"].pop(key, None)
    for hook in data.get("hooks") or []:
        hook["last_run"] = {"phase": hook["last_run"].get("phase")}
    chart = data.get("chart") or {}
    for key in ("modtime", "schemamodtime"):
        chart.pop(key, None)
    for group in ("templates", "files"):
        for item in chart.get(group) or []:
            item.pop("modtime", None)
    return data


def test_helmpy_record_equals_helms(tmp_path: Path) -> None:
    chart = write_hello_chart(tmp_path)
    (chart / "README.md").write_text("# hello\n")
    (chart / "values.schema.json").write_text('{"type": "object"}')
    values = {"message": "<b>&</b>", "replicas": 2, "hook": True, "nested": {"x": [1, 2.5]}}
    with Emulator() as helm_emu, Emulator() as emu:
        with helm_config(helm_emu) as cfg:
            cfg.install(str(chart), "demo", values, labels={"team": "a"},
                        description="custom words")
        install(action_config(emu), load(str(chart)), InstallOptions(
            name="demo", values=values, labels={"team": "a"}, description="custom words"))
        helm_secret = stored(helm_emu, "secrets")["sh.helm.release.v1.demo.v1"]
        ours = stored(emu, "secrets")["sh.helm.release.v1.demo.v1"]
    assert _comparable(release_dict_of(ours)) == _comparable(release_dict_of(helm_secret))
    helm_labels = helm_secret["metadata"]["labels"]
    assert {k: v for k, v in ours["metadata"]["labels"].items() if k != "modifiedAt"} == \
        {k: v for k, v in helm_labels.items() if k != "modifiedAt"}
    assert ours["type"] == helm_secret["type"]


def test_helmpy_takes_over_a_helm_release(emulator: Emulator, hello_chart: Path) -> None:
    config = action_config(emulator)
    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "demo", {"message": "helm"}, wait="watcher", timeout=30)
        cfg.upgrade(str(hello_chart), "demo", {"message": "helm2"})
        assert [(r.version, r.status) for r in history(config, "demo")] == \
            [(h["revision"], h["status"]) for h in cfg.history("demo")]
        assert get_values(config, "demo") == cfg.get_values("demo")
        assert status(config, "demo").manifest == cfg.status("demo")["manifest"]

        upgrade(config, "demo", load(str(hello_chart)),
                UpgradeOptions(values={"message": "helmpy", "replicas": 2}, wait=True,
                               timeout=30))
        assert stored(emulator, "configmaps")["demo-cm"]["data"] == {"message": "helmpy"}
        rollback(config, "demo", RollbackOptions(version=1, wait=True, timeout=30))
        assert stored(emulator, "configmaps")["demo-cm"]["data"] == {"message": "helm"}
        assert stored(emulator, "deployments")["demo-web"]["spec"]["replicas"] == 1
        # Helm reads what helmpy wrote, and carries on from it.
        assert [(h["revision"], h["status"]) for h in cfg.history("demo")] == [
            (1, "superseded"), (2, "superseded"), (3, "superseded"), (4, "deployed")]
        assert cfg.get_values("demo") == {"message": "helm"}
        assert cfg.get_all("demo")["info"]["description"] == "Rollback to 1"


def test_helm_takes_over_a_helmpy_release(emulator: Emulator, hello_chart: Path) -> None:
    """Helm reads helmpy's records as its own. To let Helm *apply* over helmpy's objects
    without --force-conflicts, helmpy uses Helm's field manager name (the SDK in this
    process applies as "python"; the helm CLI as "helm"): ``--field-manager``."""
    config = action_config(emulator)
    config.field_manager = "python"
    install(config, load(str(hello_chart)), InstallOptions(name="demo",
                                                           values={"message": "one"}))
    upgrade(config, "demo", load(str(hello_chart)), UpgradeOptions(values={"message": "two"}))
    with helm_config(emulator) as cfg:
        helm_status = cfg.status("demo")
        assert helm_status["status"] == "deployed" and helm_status["revision"] == 2
        assert helm_status["manifest"] == status(config, "demo").manifest
        assert cfg.get_values("demo") == {"message": "two"}
        assert cfg.get_values("demo", revision=1) == {"message": "one"}
        cfg.upgrade(str(hello_chart), "demo", {"message": "three"})
        assert stored(emulator, "configmaps")["demo-cm"]["data"] == {"message": "three"}
        cfg.rollback("demo", version=1)
        assert stored(emulator, "configmaps")["demo-cm"]["data"] == {"message": "one"}
        cfg.uninstall("demo")
    assert "demo-cm" not in stored(emulator, "configmaps")
    assert config.storage.list_releases() == []


def test_helm_apply_over_helmpy_fields_needs_same_manager(emulator: Emulator,
                                                          hello_chart: Path) -> None:
    """With helmpy's own field manager, Helm's server-side apply refuses to take fields
    helmpy set (the documented reason for ``--field-manager``)."""
    import helm_python

    install(action_config(emulator), load(str(hello_chart)),
            InstallOptions(name="demo", values={"message": "one"}))
    with helm_config(emulator) as cfg, pytest.raises(helm_python.HelmError) as err:
        cfg.upgrade(str(hello_chart), "demo", {"message": "two"})
    assert 'conflict with "helmpy"' in str(err.value)


def test_configmap_driver_interop(emulator: Emulator, hello_chart: Path) -> None:
    config = action_config(emulator, driver="configmap")
    with helm_config(emulator, storage_driver="configmap") as cfg:
        cfg.install(str(hello_chart), "demo", {"message": "cm"})
        upgrade(config, "demo", load(str(hello_chart)), UpgradeOptions(values={"message": "x"}))
        assert [h["status"] for h in cfg.history("demo")] == ["superseded", "deployed"]
        assert cfg.get_values("demo") == {"message": "x"}


def test_concurrent_upgrades_are_refused(emulator: Emulator, tmp_path: Path) -> None:
    """While one upgrade runs (a slow pre-upgrade hook), a second one on the same release
    fails with Helm's pending-operation error and changes nothing."""
    chart = write_hello_chart(tmp_path)
    (chart / "templates" / "slow.yaml").write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: slow-hook\n  annotations:\n"
        "    helm.sh/hook: pre-upgrade\n    helm.sh/hook-delete-policy: hook-succeeded\n"
        "    emulator.helmpy.io/delay-seconds: \"2\"\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: Never\n      containers: [{name: c, image: busybox}]\n")
    config = action_config(emulator)
    install(config, load(str(chart)), InstallOptions(name="demo", no_hooks=True))
    outcome: dict[str, Any] = {}

    def first() -> None:
        outcome["first"] = upgrade(action_config(emulator), "demo", load(str(chart)),
                                   UpgradeOptions(values={"message": "first"}, timeout=30))

    runner = threading.Thread(target=first)
    runner.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(config.storage.history("demo")) < 2:
        time.sleep(0.05)
    with pytest.raises(ActionError) as err:
        upgrade(config, "demo", load(str(chart)), UpgradeOptions(values={"message": "second"}))
    with helm_config(emulator) as cfg, pytest.raises(Exception) as helm_err:
        cfg.upgrade(str(chart), "demo", {"message": "helm"})
    runner.join()
    assert str(err.value) == str(helm_err.value) == \
        "another operation (install/upgrade/rollback) is in progress"
    assert outcome["first"].status == "deployed"
    assert stored(emulator, "configmaps")["demo-cm"]["data"] == {"message": "first"}
    assert [(r.version, r.status) for r in history(config, "demo")] == [
        (1, "superseded"), (2, "deployed")]


def test_release_without_apply_method_upgrades_client_side(emulator: Emulator,
                                                           hello_chart: Path) -> None:
    """A release recorded before Helm 4 (no apply_method) continues with client-side
    apply under --server-side=auto, as Helm 4 does; both record it as csa."""
    config = action_config(emulator)
    install(config, load(str(hello_chart)), InstallOptions(name="old", server_side=False))
    record = config.storage.get("old", 1)
    record.apply_method = ""
    config.storage.update(record)
    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "twin", None)
    twin = config.storage.get("twin", 1)
    twin.apply_method = ""
    config.storage.update(twin)
    upgrade(config, "old", load(str(hello_chart)), UpgradeOptions(values={"message": "x"}))
    with helm_config(emulator) as cfg:
        cfg.upgrade(str(hello_chart), "twin", {"message": "x"})
    assert config.storage.get("old", 2).apply_method == \
        config.storage.get("twin", 2).apply_method == "csa"
