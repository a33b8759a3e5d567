"""Helm's own SDK drives a release's whole lifecycle against the emulator."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from helmpy.kube.emulator import Emulator
from tests import emulator_support as support
from tests.emulator_support import helm_config, objects, release_dict_of

emulator = support.emulator  # fixtures shared through the support module
hello_chart = support.hello_chart

pytest.importorskip("helm_python")


def test_install_upgrade_rollback_uninstall(emulator: Emulator, hello_chart: Path) -> None:
    with helm_config(emulator) as cfg:
        installed = cfg.install(str(hello_chart), "demo", {"message": "one"},
                                wait="watcher", timeout=30)
        assert installed["status"] == "deployed"
        assert objects(emulator, "configmaps")["demo-cm"]["data"] == {"message": "one"}
        deployment = objects(emulator, "deployments")["demo-web"]
        assert deployment["status"]["readyReplicas"] == 1
        assert "demo-svc" in objects(emulator, "services")
        assert set(objects(emulator, "secrets")) == {"sh.helm.release.v1.demo.v1"}

        upgraded = cfg.upgrade(str(hello_chart), "demo", {"message": "two", "replicas": 3},
                               wait="watcher", timeout=30)
        assert upgraded["revision"] == 2
        assert objects(emulator, "configmaps")["demo-cm"]["data"] == {"message": "two"}
        deployment = objects(emulator, "deployments")["demo-web"]
        assert deployment["spec"]["replicas"] == 3
        assert deployment["metadata"]["generation"] == 2

        cfg.rollback("demo", version=1, wait="watcher", timeout=30)
        assert objects(emulator, "configmaps")["demo-cm"]["data"] == {"message": "one"}
        assert objects(emulator, "deployments")["demo-web"]["spec"]["replicas"] == 1
        history = [(h["revision"], h["status"]) for h in cfg.history("demo")]
        assert history == [(1, "superseded"), (2, "superseded"), (3, "deployed")]
        assert cfg.get_values("demo") == {"message": "one"}

        cfg.uninstall("demo", wait="watcher", timeout=30)
        for plural in ("configmaps", "deployments", "services", "secrets"):
            assert objects(emulator, plural) == {}
        assert cfg.list(all_states=True) == []


def test_release_secret_labels_and_type(emulator: Emulator, hello_chart: Path) -> None:
    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "demo", None, labels={"team": "a"})
    secret = objects(emulator, "secrets")["sh.helm.release.v1.demo.v1"]
    assert secret["type"] == "helm.sh/release.v1"
    labels = secret["metadata"]["labels"]
    assert {k: labels[k] for k in ("name", "owner", "status", "version", "team")} == {
        "name": "demo", "owner": "helm", "status": "deployed", "version": "1", "team": "a"}
    assert release_dict_of(secret)["info"]["status"] == "deployed"


def test_hooks_run_and_are_deleted_on_success(emulator: Emulator, hello_chart: Path) -> None:
    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "demo", {"hook": True,
                                                "hookDeletePolicy": "hook-succeeded"},
                    wait="watcher", timeout=30)
        assert "demo-hook" not in objects(emulator, "jobs")
        hooks = release_dict_of(objects(emulator, "secrets")["sh.helm.release.v1.demo.v1"])
        assert hooks["hooks"][0]["last_run"]["phase"] == "Succeeded"


def test_failing_hook_fails_the_install(emulator: Emulator, hello_chart: Path) -> None:
    import helm_python

    with helm_config(emulator) as cfg:
        with pytest.raises(helm_python.HelmError) as err:
            cfg.install(str(hello_chart), "demo", {"hook": True, "hookBehavior": "fail"},
                        wait="watcher", timeout=30)
        assert "pre-install" in str(err.value)
        assert cfg.history("demo")[0]["status"] == "failed"


def test_failing_deployment_fails_a_waiting_install(emulator: Emulator,
                                                     hello_chart: Path) -> None:
    import helm_python

    with helm_config(emulator) as cfg:
        with pytest.raises(helm_python.HelmError):
            cfg.install(str(hello_chart), "demo", {"behavior": "fail"}, wait="watcher",
                        timeout=20)
        assert cfg.history("demo")[0]["status"] == "failed"


def test_hanging_deployment_times_out(emulator: Emulator, hello_chart: Path) -> None:
    import helm_python

    with helm_config(emulator) as cfg:
        started = time.monotonic()
        with pytest.raises(helm_python.HelmError):
            cfg.install(str(hello_chart), "demo", {"behavior": "hang"}, wait="watcher",
                        timeout=3)
        assert time.monotonic() - started >= 3
        assert cfg.history("demo")[0]["status"] == "failed"


def test_legacy_wait_strategy(emulator: Emulator, hello_chart: Path) -> None:
    with helm_config(emulator) as cfg:
        installed = cfg.install(str(hello_chart), "demo", {"replicas": 2}, wait="legacy",
                                timeout=30)
        assert installed["status"] == "deployed"


def test_create_namespace_and_other_namespace(emulator: Emulator, hello_chart: Path) -> None:
    with helm_config(emulator, namespace="team-a") as cfg:
        cfg.install(str(hello_chart), "demo", None, create_namespace=True)
        assert "demo-cm" in objects(emulator, "configmaps", "team-a")
        assert [r["name"] for r in cfg.list()] == ["demo"]
    with helm_config(emulator) as cfg:
        assert cfg.list() == []
        assert [r["namespace"] for r in cfg.list(all_namespaces=True)] == ["team-a"]


def test_history_max_prunes_old_revisions(emulator: Emulator, hello_chart: Path) -> None:
    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "demo", None)
        for i in range(4):
            cfg.upgrade(str(hello_chart), "demo", {"message": str(i)}, max_history=2)
        assert [h["revision"] for h in cfg.history("demo")] == [4, 5]
    assert set(objects(emulator, "secrets")) == {"sh.helm.release.v1.demo.v4",
                                                 "sh.helm.release.v1.demo.v5"}


def test_client_side_apply_upgrade_path(emulator: Emulator, hello_chart: Path) -> None:
    """A record without apply_method (as Helm 3 wrote them) makes Helm upgrade by three-way
    strategic merge patches instead of server-side apply."""
    from helmpy.kube.client import connect
    from helmpy.storage import open_storage

    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "demo", {"message": "a"})
    storage = open_storage("secret", kube=connect(api_server=emulator.url))
    record = storage.get("demo", 1)
    assert record.apply_method == "ssa"
    record.apply_method = ""
    storage.update(record)
    with helm_config(emulator) as cfg:
        cfg.upgrade(str(hello_chart), "demo", {"message": "b", "replicas": 2},
                    wait="watcher", timeout=30)
    assert objects(emulator, "configmaps")["demo-cm"]["data"] == {"message": "b"}
    assert objects(emulator, "deployments")["demo-web"]["spec"]["replicas"] == 2
    assert storage.get("demo", 2).apply_method == "csa"


def _test_chart(root: Path, behavior: str) -> Path:
    chart = root / "withtest"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: withtest\nversion: 0.1.0\n")
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n")
    (chart / "templates" / "test.yaml").write_text(f"""apiVersion: v1
kind: Pod
metadata:
  name: {{{{ .Release.Name }}}}-test
  annotations:
    "helm.sh/hook": test
    emulator.helmpy.io/behavior: {behavior}
    emulator.helmpy.io/logs: "checked {behavior}\\n"
spec:
  restartPolicy: Never
  containers:
  - name: t
    image: busybox
""")
    return chart


def test_helm_test_collects_pod_logs(emulator: Emulator, tmp_path: Path) -> None:
    chart = _test_chart(tmp_path, "succeed")
    with helm_config(emulator) as cfg:
        cfg.install(str(chart), "demo", None)
        result = cfg.test("demo", logs=True, timeout=30)
    assert "checked succeed" in result["logs"]


def test_helm_test_reports_a_failing_pod(emulator: Emulator, tmp_path: Path) -> None:
    import helm_python

    chart = _test_chart(tmp_path, "fail")
    with helm_config(emulator) as cfg:
        cfg.install(str(chart), "demo", None)
        with pytest.raises(helm_python.HelmError, match="demo-test"):
            cfg.test("demo", timeout=30)


def test_lookup_and_server_dry_run(emulator: Emulator, tmp_path: Path) -> None:
    import helm_python

    from helmpy.kube.client import connect

    chart = tmp_path / "lookup"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: lookup\nversion: 0.1.0\n")
    (chart / "templates" / "cm.yaml").write_text("""apiVersion: v1
kind: ConfigMap
metadata:
  name: out
data:
  ns: {{ (lookup "v1" "Namespace" "" "kube-system").metadata.name | quote }}
  count: {{ len (lookup "v1" "ConfigMap" "default" "").items | quote }}
  value: {{ (lookup "v1" "ConfigMap" "default" "existing").data.k | quote }}
""")
    connect(api_server=emulator.url).create({"apiVersion": "v1", "kind": "ConfigMap",
                                             "metadata": {"name": "existing"},
                                             "data": {"k": "v"}})
    with helm_config(emulator) as cfg:
        with helm_python.Chart.load(str(chart)) as loaded:
            rendered = cfg.render(loaded, name="r", namespace="default")
        text = rendered["lookup/templates/cm.yaml"]
        assert 'ns: "kube-system"' in text and 'count: "1"' in text and 'value: "v"' in text
        dry = cfg.install(str(chart), "demo", None, dry_run="server")
        assert 'value: "v"' in dry["manifest"]
    assert set(objects(emulator, "configmaps")) == {"existing"}
    assert objects(emulator, "secrets") == {}


def test_rollback_on_failure_uninstalls_a_failed_install(emulator: Emulator,
                                                         hello_chart: Path) -> None:
    import helm_python

    with helm_config(emulator) as cfg:
        with pytest.raises(helm_python.HelmError):
            cfg.install(str(hello_chart), "atom", {"behavior": "fail"}, wait="watcher",
                        timeout=10, rollback_on_failure=True)
        assert cfg.list(all_states=True) == []
    assert objects(emulator, "deployments") == {}
    assert objects(emulator, "secrets") == {}


def test_chart_crds_then_custom_resources(emulator: Emulator, tmp_path: Path) -> None:
    chart = tmp_path / "crdchart"
    (chart / "templates").mkdir(parents=True)
    (chart / "crds").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: crdchart\nversion: 0.1.0\n")
    (chart / "crds" / "widget.yaml").write_text("""apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
""")
    (chart / "templates" / "w.yaml").write_text(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: {{ .Release.Name }}-w\n"
        "spec:\n  size: {{ .Values.size | default 1 }}\n")
    with helm_config(emulator) as cfg:
        cfg.install(str(chart), "demo", None, wait="watcher", timeout=30)
        cfg.upgrade(str(chart), "demo", {"size": 3}, wait="watcher", timeout=30)
        assert objects(emulator, "widgets")["demo-w"]["spec"] == {"size": 3}
        cfg.rollback("demo", version=1)
        assert objects(emulator, "widgets")["demo-w"]["spec"] == {"size": 1}
        cfg.uninstall("demo")
    assert objects(emulator, "widgets") == {}
    # Helm never deletes CRDs it installed from crds/.
    assert "widgets.example.com" in objects(emulator, "customresourcedefinitions", "")


def test_repository_hello_chart_with_helm(emulator: Emulator) -> None:
    """The issue's target: Helm installs, upgrades, rolls back, tests and uninstalls
    charts/hello against the emulator."""
    import yaml

    chart = str(Path(__file__).resolve().parent.parent / "charts" / "hello")
    default_replicas = yaml.safe_load(Path(chart, "values.yaml").read_text())["replicaCount"]
    with helm_config(emulator) as cfg:
        installed = cfg.install(chart, "demo", None, wait="watcher", timeout=30)
        assert installed["status"] == "deployed"
        assert {"demo-hello", "demo-greeter"} <= set(objects(emulator, "configmaps"))
        cfg.upgrade(chart, "demo", {"replicaCount": default_replicas + 1}, wait="watcher",
                    timeout=30)
        replicas = objects(emulator, "deployments")["demo-hello"]["spec"]["replicas"]
        assert replicas == default_replicas + 1
        cfg.rollback("demo", version=1, wait="watcher", timeout=30)
        replicas = objects(emulator, "deployments")["demo-hello"]["spec"]["replicas"]
        assert replicas == default_replicas
        assert "demo-hello-test" in cfg.test("demo", logs=True, timeout=30)["logs"]
        cfg.uninstall("demo", wait="watcher", timeout=30)
        assert cfg.list(all_states=True) == []
    assert objects(emulator, "deployments") == {}
    assert objects(emulator, "secrets") == {}
