"""Helm's SDK installs, upgrades, rolls back and uninstalls real corpus charts against the
emulator; after each step every object of the release manifest exists in the cluster."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from helmpy.kube.emulator import Emulator
from tests import emulator_support as support
from tests.emulator_support import helm_config

pytest.importorskip("helm_python")
emulator = support.emulator

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "charts"
CHARTS = ["argo/argo-events", "elastic/filebeat", "fluent/fluent-bit", "incubator/etcd",
          "cert-manager/cert-manager", "elastic/logstash"]


def _manifest_objects(manifest: str) -> set[tuple[str, str]]:
    return {(doc["kind"], doc["metadata"]["name"])
            for doc in yaml.safe_load_all(manifest) if doc}


def _cluster_objects(emu: Emulator) -> set[tuple[str, str]]:
    with emu.store.lock:
        return {(obj["kind"], key[3]) for key, obj in emu.store.objects.items()}


def _check(emu: Emulator, release: dict[str, Any]) -> None:
    wanted = _manifest_objects(release["manifest"])
    assert wanted, "the release manifest is empty"
    missing = wanted - _cluster_objects(emu)
    assert not missing


@pytest.mark.parametrize("chart", CHARTS)
def test_corpus_chart_lifecycle(emulator: Emulator, chart: str) -> None:
    path = str(CORPUS / chart)
    with helm_config(emulator) as cfg:
        _check(emulator, cfg.install(path, "rel", None, wait="watcher", timeout=60))
        _check(emulator, cfg.upgrade(path, "rel", None, wait="watcher", timeout=60))
        cfg.rollback("rel", version=1, wait="watcher", timeout=60)
        _check(emulator, cfg.status("rel"))
        assert [h["status"] for h in cfg.history("rel")] == ["superseded", "superseded",
                                                              "deployed"]
        cfg.uninstall("rel", wait="watcher", timeout=60)
        assert cfg.list(all_states=True) == []
    kept_kinds = {"Namespace", "CustomResourceDefinition"}  # crds/ are never deleted
    leftovers = {o for o in _cluster_objects(emulator) if o[0] not in kept_kinds}
    assert leftovers == set()


def test_removed_api_version_fails_like_a_real_cluster(emulator: Emulator) -> None:
    import helm_python

    with helm_config(emulator) as cfg, pytest.raises(helm_python.HelmError) as err:
        cfg.install(str(CORPUS / "incubator" / "kubewatch"), "rel", None)
    assert 'no matches for kind "Deployment" in version "extensions/v1beta1"' in str(err.value)
