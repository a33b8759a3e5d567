"""Shared helpers for tests that run Helm's SDK or helmpy against the Kubernetes emulator."""
from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helmpy.kube.emulator import Emulator

HELLO_TEMPLATES = {
    "all.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  message: {{ .Values.message | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  annotations:
{{- with .Values.behavior }}
    emulator.helmpy.io/behavior: {{ . }}
{{- end }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc
spec:
  selector: {app: web}
  ports:
  - port: 80
""",
    "hook.yaml": """{{- if .Values.hook }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
    "helm.sh/hook-delete-policy": {{ .Values.hookDeletePolicy }}
{{- with .Values.hookBehavior }}
    emulator.helmpy.io/behavior: {{ . }}
{{- end }}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
{{- end }}
""",
    "NOTES.txt": "Hello {{ .Release.Name }} <&> {{ .Values.message }}\n",
}
HELLO_VALUES = """replicas: 1
message: hi
hook: false
hookBehavior: ""
hookDeletePolicy: before-hook-creation
behavior: ""
"""


def write_hello_chart(root: Path, version: str = "0.1.0") -> Path:
    chart = root / "hello"
    (chart / "templates").mkdir(parents=True, exist_ok=True)
    (chart / "Chart.yaml").write_text(
        f'apiVersion: v2\nname: hello\nversion: {version}\nappVersion: "1.0"\n')
    (chart / "values.yaml").write_text(HELLO_VALUES)
    for name, text in HELLO_TEMPLATES.items():
        (chart / "templates" / name).write_text(text)
    return chart


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    emu = Emulator().start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def hello_chart(tmp_path: Path) -> Path:
    return write_hello_chart(tmp_path)


def helm_config(emu: Emulator, namespace: str = "default", **kwargs: Any) -> Any:
    import helm_python

    return helm_python.Config(kube_apiserver=emu.url, namespace=namespace, **kwargs)


def objects(emu: Emulator, plural: str, namespace: str = "default") -> dict[str, dict]:
    """Stored objects of one resource in a namespace, by name."""
    with emu.store.lock:
        return {key[3]: obj for key, obj in emu.store.objects.items()
                if key[1] == plural and key[2] == namespace}


def release_json_of(secret: dict[str, Any]) -> bytes:
    """The raw JSON body of a release Secret."""
    body = base64.b64decode(secret["data"]["release"])
    return gzip.decompress(base64.b64decode(body))


def release_dict_of(secret: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(release_json_of(secret))
    return result
