"""Charts and helpers for the release scenario tests (helmpy and Helm's SDK side by side)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helmpy.kube.client import connect
from helmpy.kube.emulator import Emulator
from helmpy.release.actions import ActionConfig
from helmpy.storage import open_storage

HOOK_EVENTS = ("pre-install", "post-install", "pre-upgrade", "post-upgrade", "pre-rollback",
               "post-rollback", "pre-delete", "post-delete")

# Hooks of several kinds, weights and names; some share a weight so the name decides.
HOOKS = [
    ("ConfigMap", "hook-b", "5", "before-hook-creation"),
    ("ConfigMap", "hook-a", "5", "hook-succeeded"),
    ("Secret", "hook-c", "-3", "before-hook-creation,hook-succeeded"),
    ("ServiceAccount", "hook-d", "0", ""),
    ("Job", "hook-e", "1", "hook-succeeded"),
    ("Pod", "hook-f", "1", "before-hook-creation"),
    ("ConfigMap", "hook-g", "-10", "hook-failed"),
]


def _hook_doc(kind: str, name: str, weight: str, policy: str, events: str) -> str:
    annotations = [f'"helm.sh/hook": {events}', f'"helm.sh/hook-weight": "{weight}"']
    if policy:
        annotations.append(f'"helm.sh/hook-delete-policy": {policy}')
    head = (f"apiVersion: {'batch/v1' if kind == 'Job' else 'v1'}\nkind: {kind}\nmetadata:\n"
            f"  name: {{{{ .Release.Name }}}}-{name}\n  annotations:\n"
            + "".join(f"    {a}\n" for a in annotations))
    if kind == "Job":
        return head + ("spec:\n  template:\n    metadata:\n      annotations:\n"
                       "        emulator.helmpy.io/behavior: {{ .Values.jobBehavior }}\n"
                       "    spec:\n      restartPolicy: Never\n"
                       "      containers: [{name: c, image: busybox}]\n")
    if kind == "Pod":
        return head + ("spec:\n  restartPolicy: Never\n"
                       "  containers: [{name: c, image: busybox}]\n")
    if kind in ("ConfigMap", "Secret"):
        return head + "data: {}\n"
    return head


def write_hooks_chart(root: Path) -> Path:
    chart = root / "hooked"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: hooked\nversion: 1.0.0\n")
    (chart / "values.yaml").write_text("jobBehavior: succeed\nmessage: hi\n")
    events = ",".join(HOOK_EVENTS)
    docs = [_hook_doc(kind, name, weight, policy, events)
            for kind, name, weight, policy in HOOKS]
    (chart / "templates" / "hooks.yaml").write_text("---\n".join(docs))
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-main\n"
        "data:\n  message: {{ .Values.message | quote }}\n")
    return chart


def action_config(emu: Emulator, namespace: str = "default", driver: str = "secret"
                  ) -> ActionConfig:
    kube = connect(api_server=emu.url, namespace=namespace)
    storage = open_storage(driver, kube=kube, namespace=namespace)
    return ActionConfig(storage=storage, namespace=namespace, kube_client=kube, progress=None)


def hook_trace(emu: Emulator, since: int = 0) -> list[tuple[str, str, str]]:
    """(event type, kind, name) of every creation and deletion of hook objects."""
    with emu.store.lock:
        events = [e for e in emu.store.events if e.rv > since]
    return [(e.type, e.obj.get("kind", ""), e.obj["metadata"]["name"]) for e in events
            if e.type in ("ADDED", "DELETED") and "-hook-" in e.obj["metadata"]["name"]]


def last_rv(emu: Emulator) -> int:
    with emu.store.lock:
        return emu.store.rv


def stored(emu: Emulator, plural: str, namespace: str = "default") -> dict[str, Any]:
    with emu.store.lock:
        return {key[3]: obj for key, obj in emu.store.objects.items()
                if key[1] == plural and key[2] == namespace}


@pytest.fixture
def twins() -> Iterator[tuple[Emulator, Emulator]]:
    """Two fresh emulators, (Helm's SDK side, helmpy's side), stopped after the test."""
    helm_emu, helmpy_emu = Emulator().start(), Emulator().start()
    try:
        yield helm_emu, helmpy_emu
    finally:
        helm_emu.stop()
        helmpy_emu.stop()
