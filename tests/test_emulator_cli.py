"""``helmpy emulator`` serves until stopped and writes a kubeconfig that kubectl and Helm's
SDK both use."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.emulator_support import write_hello_chart


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    kubeconfig = tmp_path / "kubeconfig"
    process = subprocess.Popen([sys.executable, "-m", "helmpy.cli.main", "emulator",
                                "--address", "127.0.0.1:0", "--kubeconfig-out",
                                str(kubeconfig)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not kubeconfig.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)
    yield process, kubeconfig
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def test_kubeconfig_reaches_the_emulator(served: tuple[subprocess.Popen[str], Path]) -> None:
    from helmpy.kube.client import connect

    process, kubeconfig = served
    client = connect(kubeconfig=str(kubeconfig))
    assert client.server_version()["gitVersion"].endswith("helmpy-emulator")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert "serving on http://127.0.0.1:" in process.stderr.read()


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubectl_apply_get_delete(served: tuple[subprocess.Popen[str], Path],
                                  tmp_path: Path) -> None:
    _, kubeconfig = served
    env = dict(os.environ, KUBECONFIG=str(kubeconfig))
    manifest = tmp_path / "cm.yaml"
    manifest.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kubectl\n"
                        "data:\n  a: b\n")

    def kubectl(*args: str) -> str:
        done = subprocess.run(["kubectl", *args], env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "configmap/from-kubectl created" in kubectl("apply", "-f", str(manifest))
    assert kubectl("get", "configmap", "from-kubectl", "-o", "jsonpath={.data.a}") == "b"
    assert "serverside-applied" in kubectl("apply", "--server-side", "--force-conflicts", "-f",
                                   str(manifest))
    assert 'configmap "from-kubectl" deleted' in kubectl("delete", "configmap",
                                                         "from-kubectl")
    deployment = tmp_path / "deploy.yaml"
    deployment.write_text("""apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
""")
    kubectl("apply", "-f", str(deployment))
    assert 'deployment "web" successfully rolled out' in kubectl(
        "rollout", "status", "deployment/web", "--timeout=20s")
    header, row = kubectl("get", "deployment", "web").splitlines()
    assert header.split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert row.split()[:4] == ["web", "2/2", "2", "2"]
    assert "scaled" in kubectl("scale", "deployment/web", "--replicas=3")
    assert kubectl("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}") == "3"


def test_helm_sdk_through_the_written_kubeconfig(served: tuple[subprocess.Popen[str], Path],
                                                 tmp_path: Path) -> None:
    helm_python = pytest.importorskip("helm_python")
    _, kubeconfig = served
    chart = write_hello_chart(tmp_path)
    with helm_python.Config(kubeconfig_path=str(kubeconfig)) as cfg:
        assert cfg.install(str(chart), "cli", None)["status"] == "deployed"
        assert [r["name"] for r in cfg.list()] == ["cli"]
        cfg.uninstall("cli")
