"""helmpy's release semantics against Helm's SDK on twin emulators: the same scenario runs
on both, and statuses, histories, cluster objects and error messages must agree."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helmpy.chart.loader import load
from helmpy.kube.emulator import Emulator
from helmpy.release.actions import (
    ActionError,
    InstallOptions,
    RollbackOptions,
    UninstallOptions,
    UpgradeOptions,
    get_values,
    history,
    install,
    rollback,
    status,
    uninstall,
    upgrade,
)
from helmpy.storage import open_storage
from tests import release_scenarios
from tests.emulator_support import helm_config, write_hello_chart
from tests.release_scenarios import action_config, stored

pytest.importorskip("helm_python")

FIXED_NAME_CM = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-config\n"
                 "{{- with .Values.policy }}\n  annotations:\n"
                 "    helm.sh/resource-policy: {{ . | quote }}\n{{- end }}\n"
                 "data: {k: v}\n")


twins = release_scenarios.twins  # the fixture, shared through the support module


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    path = write_hello_chart(tmp_path)
    (path / "templates" / "shared.yaml").write_text(FIXED_NAME_CM)
    with open(path / "values.yaml", "a") as values:
        values.write('policy: ""\n')
    return path


def helm_error(call: Callable[[], Any]) -> str:
    import helm_python

    with pytest.raises(helm_python.HelmError) as err:
        call()
    return str(err.value)


def helmpy_error(call: Callable[[], Any]) -> str:
    with pytest.raises(ActionError) as err:
        call()
    return str(err.value)


def helm_states(cfg: Any, name: str) -> list[tuple[int, str]]:
    return [(h["revision"], h["status"]) for h in cfg.history(name)]


def helmpy_states(config: Any, name: str) -> list[tuple[int, str]]:
    return [(r.version, r.status) for r in history(config, name)]


def test_missing_release_errors(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        pairs = [
            (lambda: cfg.upgrade(str(chart), "nope", None),
             lambda: upgrade(config, "nope", load(str(chart)), UpgradeOptions())),
            (lambda: cfg.status("nope"), lambda: status(config, "nope")),
            (lambda: cfg.history("nope"), lambda: history(config, "nope")),
            (lambda: cfg.uninstall("nope"),
             lambda: uninstall(config, "nope", UninstallOptions())),
            (lambda: cfg.rollback("nope"),
             lambda: rollback(config, "nope", RollbackOptions())),
            (lambda: cfg.get_values("nope"), lambda: get_values(config, "nope")),
        ]
        for helm_call, helmpy_call in pairs:
            assert helmpy_error(helmpy_call) == helm_error(helm_call)
        assert cfg.uninstall("nope", ignore_not_found=True) is not None
    assert uninstall(config, "nope", UninstallOptions(ignore_not_found=True)) is None


def test_name_reuse_and_bad_revisions(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", None)
        install(config, load(str(chart)), InstallOptions(name="demo"))
        assert helmpy_error(lambda: install(config, load(str(chart)),
                                            InstallOptions(name="demo"))) == \
            helm_error(lambda: cfg.install(str(chart), "demo", None))
        for version in (7, 0):
            ours = helmpy_error(lambda v=version: rollback(config, "demo",
                                                           RollbackOptions(version=v)))
            assert ours == helm_error(lambda v=version: cfg.rollback("demo", version=v))


def test_foreign_object_is_not_adopted(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "first", None)
        install(config, load(str(chart)), InstallOptions(name="first"))
        ours = helmpy_error(lambda: install(config, load(str(chart)),
                                           InstallOptions(name="second")))
        assert ours == helm_error(lambda: cfg.install(str(chart), "second", None))
        assert helm_states(cfg, "first") == helmpy_states(config, "first")
    assert "unable to continue with install" in ours
    # --take-ownership adopts it: the object now carries the new release's annotation.
    install(config, load(str(chart)), InstallOptions(name="second", take_ownership=True))
    annotations = stored(emu, "configmaps")["shared-config"]["metadata"]["annotations"]
    assert annotations["meta.helm.sh/release-name"] == "second"


def test_wait_timeout_and_failure_messages(twins: tuple[Emulator, Emulator],
                                           chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        for name, behavior in (("slow", "hang"), ("bad", "fail")):
            values = {"behavior": behavior}
            helm_msg = helm_error(lambda n=name, v=values: cfg.install(
                str(chart), n, v, wait="watcher", timeout=2))
            ours = helmpy_error(lambda n=name, v=values: install(
                config, load(str(chart)), InstallOptions(name=n, values=v, wait=True,
                                                         timeout=2)))
            assert ours == helm_msg
            assert helmpy_states(config, name) == helm_states(cfg, name) == [(1, "failed")]
            rel = status(config, name)
            helm_rel = cfg.get_all(name)
            assert rel.info is not None
            assert rel.info.description == helm_rel["info"]["description"]
            cfg.uninstall(name)
            uninstall(config, name, UninstallOptions())


def test_rollback_on_failure(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    hang = {"behavior": "hang"}
    with helm_config(helm_emu) as cfg:
        helm_msg = helm_error(lambda: cfg.install(str(chart), "atom", hang, wait="watcher",
                                                  timeout=2, rollback_on_failure=True))
        ours = helmpy_error(lambda: install(config, load(str(chart)), InstallOptions(
            name="atom", values=hang, wait=True, timeout=2, rollback_on_failure=True)))
        assert ours == helm_msg
        assert cfg.list(all_states=True) == [] and config.storage.list_releases() == []
        assert "atom-web" not in stored(emu, "deployments")

        cfg.install(str(chart), "atom", {"message": "good"})
        install(config, load(str(chart)), InstallOptions(name="atom",
                                                         values={"message": "good"}))
        helm_msg = helm_error(lambda: cfg.upgrade(str(chart), "atom", hang, wait="watcher",
                                                  timeout=2, rollback_on_failure=True))
        ours = helmpy_error(lambda: upgrade(config, "atom", load(str(chart)), UpgradeOptions(
            values=hang, wait=True, timeout=2, rollback_on_failure=True)))
        assert ours == helm_msg
        assert helmpy_states(config, "atom") == helm_states(cfg, "atom")
        descriptions = [r.info.description for r in history(config, "atom") if r.info]
        assert descriptions[-1] == "Rollback to 1"
        assert cfg.get_values("atom") == get_values(config, "atom") == {"message": "good"}
    deployment = stored(emu, "deployments")["atom-web"]
    assert "emulator.helmpy.io/behavior" not in (deployment["metadata"].get("annotations")
                                                  or {})


def test_upgrade_install_after_failed_install(twins: tuple[Emulator, Emulator],
                                              chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        helm_error(lambda: cfg.install(str(chart), "demo", {"behavior": "fail"},
                                       wait="watcher", timeout=5))
        helmpy_error(lambda: install(config, load(str(chart)), InstallOptions(
            name="demo", values={"behavior": "fail"}, wait=True, timeout=5)))
        cfg.upgrade(str(chart), "demo", {"message": "fixed"}, wait="watcher", timeout=10)
        rel = upgrade(config, "demo", load(str(chart)), UpgradeOptions(
            values={"message": "fixed"}, wait=True, timeout=10))
        assert rel.status == "deployed"
        assert helmpy_states(config, "demo") == helm_states(cfg, "demo")
        assert stored(emu, "configmaps")["demo-cm"]["data"] == \
            stored(helm_emu, "configmaps")["demo-cm"]["data"]


def test_history_is_pruned(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", None)
        install(config, load(str(chart)), InstallOptions(name="demo"))
        for round_ in range(5):
            values = {"message": f"m{round_}"}
            cfg.upgrade(str(chart), "demo", values, max_history=3)
            upgrade(config, "demo", load(str(chart)), UpgradeOptions(values=values,
                                                                     history_max=3))
        assert helmpy_states(config, "demo") == helm_states(cfg, "demo")
        assert len(helmpy_states(config, "demo")) == 3
    assert set(stored(emu, "secrets")) == set(stored(helm_emu, "secrets"))


def test_keep_policy_survives_uninstall(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", {"policy": "keep"})
        install(config, load(str(chart)), InstallOptions(name="demo",
                                                         values={"policy": "keep"}))
        helm_result = cfg.uninstall("demo")
        ours = uninstall(config, "demo", UninstallOptions())
    assert ours is not None and ours.info == helm_result["info"]
    assert "shared-config" in stored(emu, "configmaps")
    assert set(stored(emu, "configmaps")) == set(stored(helm_emu, "configmaps"))


def test_other_resource_policies_are_left_alone(twins: tuple[Emulator, Emulator],
                                                chart: Path) -> None:
    """Helm neither deletes nor reports an object whose policy is not ``keep``."""
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", {"policy": "retain"})
        install(config, load(str(chart)), InstallOptions(name="demo",
                                                         values={"policy": "retain"}))
        helm_result = cfg.uninstall("demo")
        ours = uninstall(config, "demo", UninstallOptions())
    assert ours is not None and ours.info == helm_result["info"] == ""
    assert set(stored(emu, "configmaps")) == set(stored(helm_emu, "configmaps"))
    assert "shared-config" in stored(emu, "configmaps")


def test_keep_history_and_replace(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", None)
        install(config, load(str(chart)), InstallOptions(name="demo"))
        cfg.uninstall("demo", keep_history=True)
        uninstall(config, "demo", UninstallOptions(keep_history=True))
        assert helmpy_states(config, "demo") == helm_states(cfg, "demo") == [
            (1, "uninstalled")]
        assert helmpy_error(lambda: uninstall(config, "demo", UninstallOptions(
            keep_history=True))) == helm_error(lambda: cfg.uninstall("demo",
                                                                     keep_history=True))
    rel = install(config, load(str(chart)), InstallOptions(name="demo", replace=True))
    assert rel.version == 2
    assert helmpy_states(config, "demo") == [(1, "superseded"), (2, "deployed")]


def test_pending_release_is_locked_and_recoverable(twins: tuple[Emulator, Emulator],
                                                   chart: Path) -> None:
    """A crash mid-upgrade leaves a pending revision: Helm and helmpy both refuse another
    upgrade with the same message; helmpy's rollback (or --force-unlock) recovers."""
    helm_emu, emu = twins
    config = action_config(emu)
    helm_storage = open_storage("secret", kube=action_config(helm_emu).kube)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", None)
        install(config, load(str(chart)), InstallOptions(name="demo"))
        for storage in (helm_storage, config.storage):
            stuck = storage.get("demo", 1)
            stuck.version = 2
            stuck.set_status("pending-upgrade", "Preparing upgrade")
            storage.create(stuck)
        assert helmpy_error(lambda: upgrade(config, "demo", load(str(chart)),
                                            UpgradeOptions())) == \
            helm_error(lambda: cfg.upgrade(str(chart), "demo", None))
    rel = rollback(config, "demo", RollbackOptions(version=1))
    assert rel.status == "deployed"
    assert helmpy_states(config, "demo") == [(1, "superseded"), (2, "failed"),
                                             (3, "deployed")]
    # --force-unlock is the other way out.
    stuck = config.storage.get("demo", 3)
    stuck.version = 4
    stuck.set_status("pending-upgrade", "Preparing upgrade")
    config.storage.create(stuck)
    upgrade(config, "demo", load(str(chart)), UpgradeOptions(force_unlock=True))
    assert helmpy_states(config, "demo")[-2:] == [(4, "failed"), (5, "deployed")]


def test_reuse_and_reset_values(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        steps: list[tuple[dict[str, Any], dict[str, bool]]] = [
            ({"message": "one", "replicas": 2}, {}),
            ({"message": "two"}, {"reuse_values": True}),
            ({}, {}),
            ({"replicas": 3}, {"reset_values": True}),
        ]
        cfg.install(str(chart), "demo", {"message": "zero"})
        install(config, load(str(chart)), InstallOptions(name="demo",
                                                         values={"message": "zero"}))
        for values, flags in steps:
            cfg.upgrade(str(chart), "demo", values, **flags)
            upgrade(config, "demo", load(str(chart)), UpgradeOptions(values=values, **flags))
            assert get_values(config, "demo") == (cfg.get_values("demo") or None)
            assert stored(emu, "configmaps")["demo-cm"]["data"] == \
                stored(helm_emu, "configmaps")["demo-cm"]["data"]
            assert stored(emu, "deployments")["demo-web"]["spec"]["replicas"] == \
                stored(helm_emu, "deployments")["demo-web"]["spec"]["replicas"]


def test_labels_carry_over_and_merge(twins: tuple[Emulator, Emulator], chart: Path) -> None:
    helm_emu, emu = twins
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", None, labels={"team": "a", "tier": "web"})
        install(config, load(str(chart)), InstallOptions(name="demo",
                                                         labels={"team": "a", "tier": "web"}))
        for revision, labels in ((2, {"team": "b", "tier": ""}), (3, {"team": "null"})):
            cfg.upgrade(str(chart), "demo", None, labels=labels)
            upgrade(config, "demo", load(str(chart)), UpgradeOptions(labels=labels))
            key = f"sh.helm.release.v1.demo.v{revision}"
            ours = stored(emu, "secrets")[key]["metadata"]["labels"]
            helms = stored(helm_emu, "secrets")[key]["metadata"]["labels"]
            assert {k: v for k, v in ours.items() if k != "modifiedAt"} == \
                {k: v for k, v in helms.items() if k != "modifiedAt"}


JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-job
  annotations:
    emulator.helmpy.io/behavior: {{ .Values.jobBehavior | default "hang" }}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
"""


def test_wait_strategies_and_jobs(twins: tuple[Emulator, Emulator], tmp_path: Path) -> None:
    """Running Jobs do not hold --wait (without --wait-for-jobs) but failed ones fail it;
    --wait=legacy judges a Deployment by its ReplicaSet, not by its own conditions."""
    helm_emu, emu = twins
    chart = write_hello_chart(tmp_path / "jobs")
    (chart / "templates" / "job.yaml").write_text(JOB)
    config = action_config(emu)
    cases = [("watcher", {}), ("watcher", {"jobBehavior": "fail"}),
             ("legacy", {"behavior": "fail", "jobBehavior": "succeed"})]
    with helm_config(helm_emu) as cfg:
        for index, (strategy, values) in enumerate(cases):
            name = f"r{index}"
            # Legacy polls every 2s: give it room to see the ReplicaSet the emulator makes.
            timeout = 6 if strategy == "legacy" else 2
            try:
                cfg.install(str(chart), name, values, wait=strategy, timeout=timeout)
                helm_msg = ""
            except Exception as err:  # noqa: BLE001 - Helm's failure, compared below
                helm_msg = str(err)
            try:
                install(config, load(str(chart)), InstallOptions(
                    name=name, values=values, wait=True, legacy_wait=strategy == "legacy",
                    timeout=timeout))
                ours = ""
            except ActionError as err:
                ours = str(err)
            assert ours == helm_msg, (strategy, values)
            assert helmpy_states(config, name) == helm_states(cfg, name)


def test_interrupted_install_is_recorded_failed(twins: tuple[Emulator, Emulator],
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C mid-install leaves a failed revision (as Helm's cancelled context does), so
    the next upgrade goes ahead instead of finding the release locked."""
    from helmpy.release.actions import apply as applying

    _, emu = twins
    chart = write_hello_chart(tmp_path / "interrupted")
    config = action_config(emu)

    def interrupted(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(applying.Applier, "create", interrupted)
    with pytest.raises(KeyboardInterrupt):
        install(config, load(str(chart)), InstallOptions(name="demo"))
    monkeypatch.undo()
    assert helmpy_states(config, "demo") == [(1, "failed")]
    assert status(config, "demo").info.description.startswith(  # type: ignore[union-attr]
        'Release "demo" failed: ')
    assert upgrade(config, "demo", load(str(chart)), UpgradeOptions()).status == "deployed"
