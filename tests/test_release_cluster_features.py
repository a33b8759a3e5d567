"""Cluster-facing features next to Helm's SDK on twin emulators: ``lookup`` during install
and upgrade, CRDs of ``crds/`` installed once, ``test`` hooks, and the --wait progress line."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from helmpy.chart.loader import load
from helmpy.kube.client import connect
from helmpy.kube.emulator import Emulator
from helmpy.release.actions import (
    ActionError,
    InstallOptions,
    ReleaseTestOptions,
    UninstallOptions,
    UpgradeOptions,
    install,
    run_tests,
    status,
    uninstall,
    upgrade,
)
from helmpy.release.actions.wait import Waiter
from tests import release_scenarios
from tests.emulator_support import helm_config, release_dict_of, write_hello_chart
from tests.release_scenarios import action_config, stored

pytest.importorskip("helm_python")

LOOKUP_TEMPLATE = """{{- $cm := lookup "v1" "ConfigMap" .Release.Namespace "existing" }}
{{- $all := lookup "v1" "ConfigMap" .Release.Namespace "" }}
{{- $missing := lookup "v1" "Secret" .Release.Namespace "absent" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-looked-up
data:
  copied: {{ dig "data" "k" "none" $cm | quote }}
  names: {{ range $all.items }}{{ .metadata.name }} {{ end }}
  missing: {{ $missing | toJson | quote }}
  kind: {{ $all.kind | default "none" | quote }}
"""
CRD = """apiVersion: apiextensions.k8s.io/v1
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
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
"""
WIDGET = """apiVersion: example.com/v1
kind: Widget
metadata:
  name: {{ .Release.Name }}-widget
spec:
  size: {{ .Values.replicas }}
"""
TEST_POD = """apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test-{{ .Values.testName }}
  annotations:
    helm.sh/hook: test
    emulator.helmpy.io/behavior: {{ .Values.testBehavior }}
    emulator.helmpy.io/logs: "checked {{ .Release.Name }}"
spec:
  restartPolicy: Never
  containers: [{name: t, image: busybox}]
"""


CAPABILITIES = """apiVersion: v1
kind: ConfigMap
metadata:
  name: caps
data:
  kube: {{ .Capabilities.KubeVersion.Version | quote }}
  minor: {{ .Capabilities.KubeVersion.Minor | quote }}
  count: {{ len .Capabilities.APIVersions | quote }}
{{- range list "apps/v1beta1" "policy/v1" "policy/v1beta1" "apps/v1/Deployment" "v1/Scale"
     "batch/v1/Job" "networking.k8s.io/v1/Ingress" "extensions/v1beta1" "v1/Eviction" }}
  {{ . | replace "/" "_" }}: {{ $.Capabilities.APIVersions.Has . | quote }}
{{- end }}
"""


twins = release_scenarios.twins  # the fixture, shared through the support module


def _seed(emu: Emulator) -> None:
    connect(api_server=emu.url).create({"apiVersion": "v1", "kind": "ConfigMap",
                                        "metadata": {"name": "existing"},
                                        "data": {"k": "from-cluster"}}, "default")


def test_lookup_reads_the_cluster(twins: tuple[Emulator, Emulator], tmp_path: Path) -> None:
    helm_emu, emu = twins
    chart = write_hello_chart(tmp_path)
    (chart / "templates" / "lookup.yaml").write_text(LOOKUP_TEMPLATE)
    for target in twins:
        _seed(target)
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        helm_rel = cfg.install(str(chart), "demo", None)
        rel = install(config, load(str(chart)), InstallOptions(name="demo"))
        assert rel.manifest == helm_rel["manifest"]
        assert "from-cluster" in rel.manifest
        helm_up = cfg.upgrade(str(chart), "demo", {"message": "again"})
        up = upgrade(config, "demo", load(str(chart)), UpgradeOptions(values={"message":
                                                                              "again"}))
        assert up.manifest == helm_up["manifest"]
        assert "demo-cm" in up.manifest.split("names:")[1].splitlines()[0]


def test_capabilities_come_from_the_cluster(twins: tuple[Emulator, Emulator],
                                            tmp_path: Path) -> None:
    """Install renders with the server's version and discovered API versions, as Helm
    does (not ``helmpy template``'s defaults)."""
    helm_emu, emu = twins
    chart = write_hello_chart(tmp_path)
    (chart / "templates" / "caps.yaml").write_text(CAPABILITIES)
    with helm_config(helm_emu) as cfg:
        helm_manifest = cfg.install(str(chart), "demo", None)["manifest"]
    rel = install(action_config(emu), load(str(chart)), InstallOptions(name="demo"))
    assert rel.manifest == helm_manifest
    assert 'apps_v1beta1: "false"' in rel.manifest


def test_crds_are_created_once(twins: tuple[Emulator, Emulator], tmp_path: Path) -> None:
    helm_emu, emu = twins
    chart = write_hello_chart(tmp_path)
    (chart / "crds").mkdir()
    (chart / "crds" / "widget.yaml").write_text(CRD)
    (chart / "templates" / "widget.yaml").write_text(WIDGET)
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", None)
        install(config, load(str(chart)), InstallOptions(name="demo"))
        for target in twins:
            assert "widgets.example.com" in stored(target, "customresourcedefinitions", "")
            assert stored(target, "widgets")["demo-widget"]["spec"] == {"size": 1}
        # An upgrade leaves crds/ alone, even when the file changed.
        (chart / "crds" / "widget.yaml").write_text(CRD.replace("singular: widget",
                                                                "singular: widgetx"))
        cfg.upgrade(str(chart), "demo", {"replicas": 2})
        upgrade(config, "demo", load(str(chart)), UpgradeOptions(values={"replicas": 2}))
        for target in twins:
            crd = stored(target, "customresourcedefinitions", "")["widgets.example.com"]
            assert crd["spec"]["names"]["singular"] == "widget"
            assert stored(target, "widgets")["demo-widget"]["spec"] == {"size": 2}
        cfg.uninstall("demo")
        uninstall(config, "demo", UninstallOptions())
        # A second install finds the CRD present and goes on.
        install(config, load(str(chart)), InstallOptions(name="again"))
    for target in twins:
        assert "widgets.example.com" in stored(target, "customresourcedefinitions", "")
    assert "demo-widget" not in stored(emu, "widgets")
    assert "again-widget" in stored(emu, "widgets")


def test_release_tests(twins: tuple[Emulator, Emulator], tmp_path: Path) -> None:
    helm_emu, emu = twins
    chart = write_hello_chart(tmp_path)
    (chart / "templates" / "test-pod.yaml").write_text(TEST_POD)
    with open(chart / "values.yaml", "a") as values:
        values.write("testName: ok\ntestBehavior: succeed\n")
    config = action_config(emu)
    with helm_config(helm_emu) as cfg:
        cfg.install(str(chart), "demo", None)
        install(config, load(str(chart)), InstallOptions(name="demo"))
        cfg.test("demo", timeout=30)
        rel = run_tests(config, "demo", ReleaseTestOptions(timeout=30))
        helm_hooks = release_dict_of(stored(helm_emu, "secrets")["sh.helm.release.v1.demo.v1"])
        ours = release_dict_of(stored(emu, "secrets")["sh.helm.release.v1.demo.v1"])
        assert [h["last_run"]["phase"] for h in ours["hooks"]] == \
            [h["last_run"]["phase"] for h in helm_hooks["hooks"]] == ["Succeeded"]
        assert rel.hooks[0].last_run.completed_at
        assert status(config, "demo").status == "deployed"

        bad = {"testBehavior": "fail", "testName": "bad"}
        cfg.upgrade(str(chart), "demo", bad)
        upgrade(config, "demo", load(str(chart)), UpgradeOptions(values=bad))
        import helm_python

        with pytest.raises(helm_python.HelmError) as helm_err:
            cfg.test("demo", timeout=30)
        with pytest.raises(ActionError) as err:
            run_tests(config, "demo", ReleaseTestOptions(timeout=30))
        assert str(err.value) == str(helm_err.value)


def test_wait_progress_line(tmp_path: Path) -> None:
    chart = write_hello_chart(tmp_path)
    with Emulator() as emu:
        config = action_config(emu)
        config.progress = io.StringIO()
        with pytest.raises(ActionError) as err:
            install(config, load(str(chart)), InstallOptions(
                name="demo", values={"behavior": "hang"}, wait=True, timeout=1.5))
        shown = config.progress.getvalue()
    assert "Waiting for 1 resource(s): Deployment/default/demo-web (Available: 0/1)" in shown
    assert str(err.value) == ("resource Deployment/default/demo-web not ready. status: "
                              "InProgress, message: Available: 0/1\ncontext deadline exceeded")
    assert Waiter  # the waiter is the public piece behind the line
