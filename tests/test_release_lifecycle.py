"""helmpy drives real corpus charts through install -> upgrade -> rollback -> uninstall on
the emulator. The release manifest must be Helm's (the corpus goldens Helm v4.2.3 wrote),
and after each step the cluster must hold exactly the release's objects, stamped with
Helm's ownership metadata; after the uninstall nothing of the release is left."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from helmpy.chart.loader import load
from helmpy.kube.client import connect
from helmpy.kube.emulator import Emulator
from helmpy.release.actions import (
    ActionConfig,
    InstallOptions,
    RollbackOptions,
    UninstallOptions,
    UpgradeOptions,
    history,
    install,
    rollback,
    uninstall,
    upgrade,
)
from helmpy.release.actions.apply import (
    MANAGED_BY_LABEL,
    RELEASE_NAME_ANNOTATION,
    RELEASE_NAMESPACE_ANNOTATION,
)
from helmpy.storage import open_storage
from tests import emulator_support as support
from tests.shared_data import CORPUS, corpus_cases, read_exact, strip_nondeterministic

emulator = support.emulator
CHARTS = ["argo/argo-events", "elastic/filebeat", "fluent/fluent-bit", "incubator/etcd",
          "cert-manager/cert-manager", "elastic/logstash", "metrics-server/metrics-server",
          "stable/mysql"]
# Objects Helm leaves behind on purpose: the namespace helmpy created, crds/ CRDs.
KEPT_KINDS = {"Namespace", "CustomResourceDefinition"}


def _case(chart: str) -> dict[str, Any]:
    return next(c for c in corpus_cases() if c["id"] == f"{chart}/default")


def config_for(emu: Emulator, namespace: str) -> ActionConfig:
    kube = connect(api_server=emu.url, namespace=namespace)
    return ActionConfig(storage=open_storage("secret", kube=kube, namespace=namespace),
                        namespace=namespace, kube_client=kube, progress=None)


def _manifest_objects(manifest: str, namespace: str) -> set[tuple[str, str]]:
    return {(doc["kind"], doc["metadata"]["name"]) for doc in yaml.safe_load_all(manifest)
            if doc}


def release_objects(emu: Emulator, release: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Cluster objects annotated as belonging to ``release``."""
    with emu.store.lock:
        items = list(emu.store.objects.values())
    return {(o["kind"], o["metadata"]["name"]): o for o in items
            if (o["metadata"].get("annotations") or {}).get(RELEASE_NAME_ANNOTATION) == release}


def _check_cluster(emu: Emulator, manifest: str, release: str, namespace: str) -> None:
    wanted = _manifest_objects(manifest, namespace)
    assert wanted
    found = release_objects(emu, release)
    assert set(found) == wanted
    for obj in found.values():
        meta = obj["metadata"]
        assert meta["labels"][MANAGED_BY_LABEL] == "Helm"
        assert meta["annotations"][RELEASE_NAMESPACE_ANNOTATION] == namespace


@pytest.mark.parametrize("chart", CHARTS)
def test_corpus_chart_lifecycle(emulator: Emulator, chart: str) -> None:
    case = _case(chart)
    name, namespace = case["release"], case["namespace"]
    golden = CORPUS / case["golden"]
    config = config_for(emulator, namespace)
    loaded = load(str(CORPUS / case["chart"]))
    rel = install(config, loaded, InstallOptions(name=name, wait=True, timeout=60,
                                                 create_namespace=True))
    skipped = set(case.get("nondeterministic") or [])
    assert strip_nondeterministic(rel.manifest, skipped) == \
        strip_nondeterministic(read_exact(golden / "manifest.yaml"), skipped)
    assert rel.info is not None and rel.info.notes == read_exact(golden / "notes.txt")
    _check_cluster(emulator, rel.manifest, name, namespace)

    upgraded = upgrade(config, name, load(str(CORPUS / case["chart"])),
                       UpgradeOptions(wait=True, timeout=60))
    assert upgraded.version == 2 and upgraded.status == "deployed"
    _check_cluster(emulator, upgraded.manifest, name, namespace)

    rolled = rollback(config, name, RollbackOptions(version=1, wait=True, timeout=60))
    assert rolled.version == 3 and rolled.info is not None
    assert rolled.info.description == "Rollback to 1"
    _check_cluster(emulator, rolled.manifest, name, namespace)
    assert [(r.version, r.status) for r in history(config, name)] == [
        (1, "superseded"), (2, "superseded"), (3, "deployed")]

    uninstall(config, name, UninstallOptions(wait=True, timeout=60))
    leftovers = {k for k in release_objects(emulator, name) if k[0] not in KEPT_KINDS}
    assert leftovers == set()
    assert config.storage.list_releases() == []


def test_upgrade_changes_and_drops_objects(emulator: Emulator, tmp_path: Path) -> None:
    """An upgrade applies changed objects and deletes those the new chart no longer has."""
    chart = support.write_hello_chart(tmp_path)
    config = config_for(emulator, "default")
    install(config, load(str(chart)), InstallOptions(name="demo", values={"message": "a"}))
    (chart / "templates" / "extra.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata: {k: v}\n")
    upgrade(config, "demo", load(str(chart)), UpgradeOptions(values={"message": "b",
                                                                     "replicas": 2}))
    objects = release_objects(emulator, "demo")
    assert objects[("ConfigMap", "demo-cm")]["data"] == {"message": "b"}
    assert objects[("Deployment", "demo-web")]["spec"]["replicas"] == 2
    assert ("ConfigMap", "extra") in objects
    (chart / "templates" / "extra.yaml").unlink()
    upgrade(config, "demo", load(str(chart)), UpgradeOptions())
    objects = release_objects(emulator, "demo")
    assert ("ConfigMap", "extra") not in objects
    # No new values: Helm keeps the previous revision's user values.
    assert objects[("ConfigMap", "demo-cm")]["data"] == {"message": "b"}
    rollback(config, "demo", RollbackOptions(version=1))
    objects = release_objects(emulator, "demo")
    assert objects[("ConfigMap", "demo-cm")]["data"] == {"message": "a"}
    assert objects[("Deployment", "demo-web")]["spec"]["replicas"] == 1
    assert ("ConfigMap", "extra") not in objects


def test_three_way_merge_fallback(emulator: Emulator, tmp_path: Path) -> None:
    """With server-side apply off, updates go through a three-way merge patch."""
    chart = support.write_hello_chart(tmp_path)
    config = config_for(emulator, "default")
    rel = install(config, load(str(chart)), InstallOptions(name="demo", server_side=False))
    assert rel.apply_method == "csa"
    upgrade(config, "demo", load(str(chart)), UpgradeOptions(values={"message": "merged"}))
    objects = release_objects(emulator, "demo")
    assert objects[("ConfigMap", "demo-cm")]["data"] == {"message": "merged"}
    assert history(config, "demo")[-1].apply_method == "csa"


def test_force_replace_puts_whole_objects(emulator: Emulator, tmp_path: Path) -> None:
    """--force-replace replaces objects outright: fields set outside the chart are gone."""
    chart = support.write_hello_chart(tmp_path)
    config = config_for(emulator, "default")
    install(config, load(str(chart)), InstallOptions(name="demo"))
    config.kube.patch("v1", "ConfigMap", "demo-cm", {"data": {"extra": "x"}}, "default",
                      field_manager="kubectl")
    upgrade(config, "demo", load(str(chart)), UpgradeOptions(values={"message": "m"}))
    assert release_objects(emulator, "demo")[("ConfigMap", "demo-cm")]["data"] == {
        "message": "m", "extra": "x"}
    upgrade(config, "demo", load(str(chart)), UpgradeOptions(force_replace=True))
    assert release_objects(emulator, "demo")[("ConfigMap", "demo-cm")]["data"] == {
        "message": "m"}
