"""helmpy's KubeClient (and the official ``kubernetes`` client) against the emulator:
CRUD, resourceVersion conflicts, selectors, CRDs, patches, server-side apply, deletion
propagation, watches and the workload controllers."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helmpy.kube.client import (
    AlreadyExistsError,
    ConflictError,
    KubeClient,
    KubeError,
    NotFoundError,
    connect,
)
from helmpy.kube.emulator import Emulator
from tests import emulator_support as support

emulator = support.emulator


@pytest.fixture
def kube(emulator: Emulator, tmp_path: Path) -> Iterator[KubeClient]:
    config = emulator.write_kubeconfig(tmp_path / "kubeconfig", namespace="default")
    yield connect(kubeconfig=str(config))


def _cm(name: str, labels: dict[str, str] | None = None, **data: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "labels": labels or {}}, "data": data}


def _deployment(name: str, replicas: int = 1, **annotations: str) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "annotations": annotations},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


def _eventually(check: Any, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except (AttributeError, KeyError, TypeError):  # the status is not written yet
            result = None
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def test_kubeconfig_namespace_and_version(kube: KubeClient) -> None:
    assert kube.namespace == "default"
    assert kube.server_version()["major"] == "1"
    info = kube.resource_info("apps/v1", "Deployment")
    assert (info.plural, info.namespaced) == ("deployments", True)
    assert not kube.resource_info("v1", "Namespace").namespaced


def test_crud_and_conflicts(kube: KubeClient) -> None:
    created = kube.create(_cm("a", k="v"))
    assert created["metadata"]["uid"] and created["metadata"]["resourceVersion"]
    with pytest.raises(AlreadyExistsError, match='^configmaps "a" already exists$'):
        kube.create(_cm("a"))
    stale = dict(created, data={"k": "stale"})
    kube.replace(dict(created, data={"k": "fresh"}))
    with pytest.raises(ConflictError, match="the object has been modified"):
        kube.replace(stale)
    assert kube.get("v1", "ConfigMap", "a")["data"] == {"k": "fresh"}
    kube.delete("v1", "ConfigMap", "a")
    with pytest.raises(NotFoundError, match='^configmaps "a" not found$'):
        kube.get("v1", "ConfigMap", "a")
    with pytest.raises(NotFoundError, match='^namespaces "nowhere" not found$'):
        kube.create(_cm("b"), "nowhere")


def test_label_and_field_selectors(kube: KubeClient) -> None:
    kube.create(_cm("one", {"tier": "web", "env": "prod"}))
    kube.create(_cm("two", {"tier": "db", "env": "prod"}))
    kube.create(_cm("three", {"tier": "web"}))

    def names(**kwargs: str) -> list[str]:
        return sorted(o["metadata"]["name"] for o in kube.list("v1", "ConfigMap", **kwargs))

    assert names(label_selector="tier=web") == ["one", "three"]
    assert names(label_selector="tier=web,env=prod") == ["one"]
    assert names(label_selector="tier in (db,cache)") == ["two"]
    assert names(label_selector="env,tier!=db") == ["one"]
    assert names(label_selector="!env") == ["three"]
    assert names(field_selector="metadata.name=two") == ["two"]
    assert names(field_selector="metadata.name!=two", label_selector="tier") == ["one",
                                                                                 "three"]


def test_patches(kube: KubeClient) -> None:
    kube.create(_deployment("web"))
    merged = kube.patch("apps/v1", "Deployment", "web", {"metadata": {"labels": {"a": "1"}}})
    assert merged["metadata"]["labels"] == {"a": "1"}
    strategic = kube.patch("apps/v1", "Deployment", "web", {"spec": {"template": {"spec": {
        "containers": [{"name": "side", "image": "busybox"}]}}}}, patch_type="strategic")
    containers = strategic["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["c", "side"]
    replaced = kube.patch("apps/v1", "Deployment", "web",
                          [{"op": "replace", "path": "/spec/replicas", "value": 4}],
                          patch_type="json")
    assert replaced["spec"]["replicas"] == 4
    assert replaced["metadata"]["generation"] == 3


def test_server_side_apply_ownership_and_conflicts(kube: KubeClient) -> None:
    first = kube.apply(_deployment("web", replicas=2), field_manager="helmpy")
    assert [m["manager"] for m in first["metadata"]["managedFields"]] == ["helmpy"]
    kube.patch("apps/v1", "Deployment", "web", {"spec": {"replicas": 5}},
               field_manager="kubectl-edit")
    with pytest.raises(ConflictError, match=r'conflict with "kubectl-edit".*\.spec\.replicas'):
        kube.apply(_deployment("web", replicas=3), field_manager="helmpy")
    forced = kube.apply(_deployment("web", replicas=3), field_manager="helmpy", force=True)
    assert forced["spec"]["replicas"] == 3
    # A field the applier stops setting is removed when nobody else owns it.
    labelled = _deployment("web", replicas=3)
    labelled["metadata"]["labels"] = {"keep": "no"}
    kube.apply(labelled, field_manager="helmpy")
    dropped = kube.apply(_deployment("web", replicas=3), field_manager="helmpy")
    assert "keep" not in (dropped["metadata"].get("labels") or {})


def test_custom_resources(kube: KubeClient) -> None:
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
           "metadata": {"name": "widgets.example.com"},
           "spec": {"group": "example.com", "scope": "Namespaced",
                    "names": {"kind": "Widget", "plural": "widgets", "singular": "widget"},
                    "versions": [{"name": "v1", "served": True, "storage": True}]}}
    with pytest.raises(NotFoundError):
        kube.resource_info("example.com/v1", "Widget")
    created = kube.create(crd)
    conditions = {c["type"]: c["status"] for c in created["status"]["conditions"]}
    assert conditions["Established"] == "True"
    kube.create({"apiVersion": "example.com/v1", "kind": "Widget",
                 "metadata": {"name": "w"}, "spec": {"size": 1}})
    assert kube.get("example.com/v1", "Widget", "w")["spec"] == {"size": 1}
    with pytest.raises(KubeError) as err:
        kube.patch("example.com/v1", "Widget", "w", {"spec": {"size": 2}},
                   patch_type="strategic")
    assert err.value.status == 415
    kube.delete("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com")
    with pytest.raises(NotFoundError):
        kube.list("example.com/v1", "Widget")


def test_controllers_and_cascading_delete(kube: KubeClient) -> None:
    kube.create(_deployment("web", replicas=2))
    ready = _eventually(lambda: (kube.get("apps/v1", "Deployment", "web").get("status") or {})
                        .get("readyReplicas") == 2)
    assert ready
    # the controller creates the ReplicaSet after the Deployment, as a cluster does
    owned = _eventually(lambda: kube.list("apps/v1", "ReplicaSet", label_selector="app=web"))
    assert len(owned) == 1
    kube.delete("apps/v1", "Deployment", "web", propagation_policy="Foreground")
    assert kube.list("apps/v1", "ReplicaSet") == []
    job = {"apiVersion": "batch/v1", "kind": "Job",
           "metadata": {"name": "j", "annotations": {"emulator.helmpy.io/behavior": "fail"}},
           "spec": {"backoffLimit": 1, "template": {"spec": {
               "restartPolicy": "Never", "containers": [{"name": "c", "image": "x"}]}}}}
    kube.create(job)
    failed = _eventually(lambda: [c["type"] for c in (kube.get("batch/v1", "Job", "j")
                                                      .get("status") or {})
                                  .get("conditions", [])])
    assert failed == ["Failed"]
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "p", "annotations": {"emulator.helmpy.io/logs": "hello\n"}},
           "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "x"}]}}
    kube.create(pod)
    assert _eventually(lambda: (kube.get("v1", "Pod", "p").get("status") or {})
                       .get("phase") == "Succeeded")
    assert kube.pod_logs("p") == "hello\n"


def test_finalizers_delay_deletion(kube: KubeClient) -> None:
    cm = _cm("held")
    cm["metadata"]["finalizers"] = ["example.com/hold"]
    kube.create(cm)
    kube.delete("v1", "ConfigMap", "held")
    terminating = kube.get("v1", "ConfigMap", "held")
    assert terminating["metadata"]["deletionTimestamp"]
    kube.patch("v1", "ConfigMap", "held", {"metadata": {"finalizers": None}})
    with pytest.raises(NotFoundError):
        kube.get("v1", "ConfigMap", "held")


def test_watch_streams_changes(kube: KubeClient) -> None:
    start = kube.create(_cm("w0"))["metadata"]["resourceVersion"]
    seen: list[tuple[str, str]] = []

    def consume() -> None:
        for event in kube.watch("v1", "ConfigMap", resource_version=start, timeout_seconds=3):
            seen.append((event.type, event.object["metadata"]["name"]))
            if len(seen) == 3:
                return

    reader = threading.Thread(target=consume)
    reader.start()
    kube.create(_cm("w1"))
    kube.patch("v1", "ConfigMap", "w1", {"data": {"x": "1"}})
    kube.delete("v1", "ConfigMap", "w1")
    reader.join(timeout=10)
    assert seen == [("ADDED", "w1"), ("MODIFIED", "w1"), ("DELETED", "w1")]


def test_official_kubernetes_client(emulator: Emulator, tmp_path: Path) -> None:
    from kubernetes import client, config

    path = emulator.write_kubeconfig(tmp_path / "kubeconfig")
    api = config.new_client_from_config(config_file=str(path))
    core = client.CoreV1Api(api)
    core.create_namespaced_secret("default", client.V1Secret(
        metadata=client.V1ObjectMeta(name="s", labels={"a": "b"}),
        string_data={"k": "v"}))
    secret = core.read_namespaced_secret("s", "default")
    assert secret.data == {"k": "dg=="}
    assert [s.metadata.name for s in core.list_namespaced_secret(
        "default", label_selector="a=b").items] == ["s"]
    apps = client.AppsV1Api(api)
    apps.create_namespaced_deployment("default", _deployment("d"))
    assert _eventually(lambda: apps.read_namespaced_deployment_status("d", "default")
                       .status.ready_replicas == 1)
    core.delete_namespaced_secret("s", "default")
    assert core.list_namespaced_secret("default").items == []


def test_kubeconfig_contexts_and_merged_kubeconfig_env(emulator: Emulator, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    first = yaml.safe_load(emulator.kubeconfig(namespace="team-a"))
    second = yaml.safe_load(emulator.kubeconfig(namespace="team-b"))
    for section in ("clusters", "users", "contexts"):
        for entry in second[section]:
            entry["name"] = "other"
    second["contexts"][0]["context"].update(cluster="other", user="other")
    second["current-context"] = "other"
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(first))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(second))
    monkeypatch.setenv("KUBECONFIG", f"{tmp_path / 'a.yaml'}:{tmp_path / 'b.yaml'}")
    assert connect().namespace == "team-a"  # the first file's current-context wins
    assert connect(context="other").namespace == "team-b"
    assert connect(context="other", namespace="explicit").namespace == "explicit"
    assert connect(context="other").server_version()["major"] == "1"


def test_access_reviews_allow_everything(kube: KubeClient) -> None:
    review = kube.create({"apiVersion": "authorization.k8s.io/v1",
                          "kind": "SelfSubjectAccessReview",
                          "spec": {"resourceAttributes": {"verb": "create",
                                                          "resource": "pods"}}})
    assert review["status"]["allowed"] is True
    with pytest.raises(NotFoundError):
        kube.resource_info("policy/v1beta1", "PodSecurityPolicy")  # removed in 1.25


def test_selective_watch_sees_objects_enter_and_leave(kube: KubeClient) -> None:
    start = kube.create(_cm("s", {"app": "other"}))["metadata"]["resourceVersion"]
    seen: list[str] = []

    def consume() -> None:
        for event in kube.watch("v1", "ConfigMap", label_selector="app=web",
                                resource_version=start, timeout_seconds=3):
            seen.append(event.type)
            if len(seen) == 3:
                return

    reader = threading.Thread(target=consume)
    reader.start()
    kube.patch("v1", "ConfigMap", "s", {"metadata": {"labels": {"app": "web"}}})
    kube.patch("v1", "ConfigMap", "s", {"data": {"x": "1"}})
    kube.patch("v1", "ConfigMap", "s", {"metadata": {"labels": {"app": "gone"}}})
    reader.join(timeout=10)
    assert seen == ["ADDED", "MODIFIED", "DELETED"]
