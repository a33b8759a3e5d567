"""Waiting for a release's objects as Helm judges them (``--wait``, hooks, deletions).

Readiness follows Helm's checks (kstatus "Current"): Deployments, StatefulSets,
DaemonSets, ReplicaSets and ReplicationControllers with their replicas updated and
available for the current generation, Pods Ready, PVCs Bound, LoadBalancer Services with
an ingress, CRDs Established, and Jobs complete (with ``--wait-for-jobs``). Other kinds are
ready once they exist. While waiting, a progress line names what is still pending; a
timeout reports each object that is not ready, in Helm's words.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TextIO

from helmpy.errors import HelmpyError
from helmpy.kube.client import KubeClient, KubeError, NotFoundError
from helmpy.release.actions.apply import Resource

CURRENT = "Current"
IN_PROGRESS = "InProgress"
FAILED = "Failed"
NOT_FOUND = "NotFound"
POLL_SECONDS = 0.25


class WaitError(HelmpyError):
    """Objects did not become ready (or failed) in time."""


def _conditions(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = (obj.get("status") or {}).get("conditions") or []
    return {str(c.get("type")): c for c in items if isinstance(c, dict)}


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _generation_seen(obj: dict[str, Any]) -> bool:
    generation = (obj.get("metadata") or {}).get("generation")
    observed = (obj.get("status") or {}).get("observedGeneration")
    return generation is None or (observed is not None and _int(observed) >= _int(generation))


def _replicas_status(obj: dict[str, Any], ready_field: str) -> tuple[str, str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    want = _int(spec.get("replicas"), 1) if spec.get("replicas") is not None else 1
    if not _generation_seen(obj):
        return IN_PROGRESS, "waiting for the controller to observe the new generation"
    progressing = _conditions(obj).get("Progressing") or {}
    if progressing.get("reason") == "ProgressDeadlineExceeded":
        return FAILED, str(progressing.get("message") or "progress deadline exceeded")
    updated = _int(status.get("updatedReplicas"), want if obj.get("kind") in (
        "ReplicaSet", "ReplicationController") else 0)
    ready = _int(status.get(ready_field))
    if updated < want or ready < want:
        return IN_PROGRESS, f"{ready}/{want} ready"
    return CURRENT, ""


def object_status(obj: dict[str, Any], wait_for_jobs: bool = True) -> tuple[str, str]:
    """(kstatus-like status, detail) for one live object."""
    kind = obj.get("kind", "")
    status = obj.get("status") or {}
    if kind in ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"):
        field = "availableReplicas" if kind == "Deployment" else "readyReplicas"
        return _replicas_status(obj, field)
    if kind == "DaemonSet":
        if not _generation_seen(obj):
            return IN_PROGRESS, "waiting for the controller to observe the new generation"
        want = _int(status.get("desiredNumberScheduled"))
        ready = _int(status.get("numberReady"))
        updated = _int(status.get("updatedNumberScheduled"), want)
        return (CURRENT, "") if ready >= want and updated >= want else \
            (IN_PROGRESS, f"{ready}/{want} ready")
    if kind == "Pod":
        phase = status.get("phase", "")
        if phase == "Failed":
            return FAILED, f"pod {obj['metadata'].get('name')} failed"
        if phase == "Succeeded":
            return CURRENT, ""
        ready = (_conditions(obj).get("Ready") or {}).get("status") == "True"
        return (CURRENT, "") if ready else (IN_PROGRESS, f"phase {phase or 'Pending'}")
    if kind == "Job":
        return job_status(obj) if wait_for_jobs else (CURRENT, "")
    if kind == "PersistentVolumeClaim":
        phase = status.get("phase", "")
        return (CURRENT, "") if phase == "Bound" else (IN_PROGRESS, f"phase {phase or 'Pending'}")
    if kind == "Service":
        spec = obj.get("spec") or {}
        if spec.get("type") == "LoadBalancer" and not (status.get("loadBalancer") or {}).get(
                "ingress"):
            return IN_PROGRESS, "waiting for a load balancer ingress"
        return CURRENT, ""
    if kind == "CustomResourceDefinition":
        established = (_conditions(obj).get("Established") or {}).get("status") == "True"
        return (CURRENT, "") if established else (IN_PROGRESS, "not established")
    return CURRENT, ""


def job_status(obj: dict[str, Any]) -> tuple[str, str]:
    conditions = _conditions(obj)
    failed = conditions.get("Failed") or {}
    if failed.get("status") == "True":
        return FAILED, f"job {obj['metadata'].get('name')} failed: {failed.get('reason', '')}"
    if (conditions.get("Complete") or {}).get("status") == "True":
        return CURRENT, ""
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    completions = _int(spec.get("completions"), 1) if spec.get("completions") is not None else 1
    if _int(status.get("succeeded")) >= completions:
        return CURRENT, ""
    return IN_PROGRESS, f"{_int(status.get('succeeded'))}/{completions} completions"


class Waiter:
    """Polls objects until they reach a state, printing a progress line meanwhile."""

    def __init__(self, kube: KubeClient, timeout: float, progress: TextIO | None = None,
                 poll: float = POLL_SECONDS) -> None:
        self.kube = kube
        self.timeout = timeout
        self.progress = progress
        self.poll = poll
        self._line = ""

    def _show(self, text: str) -> None:
        if self.progress is None or text == self._line:
            return
        self._line = text
        if self.progress.isatty():
            self.progress.write("\r\x1b[K" + text)
        else:
            self.progress.write(text + "\n")
        self.progress.flush()

    def _end_line(self) -> None:
        if self.progress is not None and self._line and self.progress.isatty():
            self.progress.write("\n")
            self.progress.flush()
        self._line = ""

    def _until(self, resources: list[Resource], judge: Callable[[Resource], tuple[str, str]],
               verb: str) -> None:
        deadline = time.monotonic() + self.timeout
        pending = list(resources)
        states: dict[int, tuple[str, str]] = {}
        try:
            while True:
                still = []
                for res in pending:
                    state = judge(res)
                    states[id(res)] = state
                    if state[0] == FAILED:
                        raise WaitError(state[1])
                    if state[0] != CURRENT:
                        still.append(res)
                pending = still
                if not pending:
                    return
                if time.monotonic() >= deadline:
                    lines = [f"resource not ready, name: {r.name}, kind: {r.kind}, "
                             f"status: {states[id(r)][0]}" for r in pending]
                    raise WaitError("\n".join([*lines, "context deadline exceeded"]))
                shown = ", ".join(
                    f"{r.ref()}" + (f" ({states[id(r)][1]})" if states[id(r)][1] else "")
                    for r in pending[:3])
                more = f" and {len(pending) - 3} more" if len(pending) > 3 else ""
                self._show(f"{verb} {len(pending)} resource(s): {shown}{more}")
                time.sleep(min(self.poll, max(0.0, deadline - time.monotonic())))
        finally:
            self._end_line()

    def _live(self, res: Resource) -> dict[str, Any] | None:
        try:
            return self.kube.get(res.api_version, res.kind, res.name, res.namespace or None)
        except NotFoundError:
            return None
        except KubeError:
            return None  # a transient API failure: try again on the next poll

    def wait(self, resources: list[Resource], wait_for_jobs: bool = False) -> None:
        """``--wait``: every object ready (Jobs complete only with ``wait_for_jobs``)."""
        def judge(res: Resource) -> tuple[str, str]:
            live = self._live(res)
            if live is None:
                return NOT_FOUND, "not found"
            return object_status(live, wait_for_jobs)

        self._until(resources, judge, "Waiting for")

    def watch_until_ready(self, resources: list[Resource]) -> None:
        """Hooks: Jobs until complete, Pods until they succeed; other kinds at once."""
        def judge(res: Resource) -> tuple[str, str]:
            if res.kind not in ("Job", "Pod"):
                return CURRENT, ""
            live = self._live(res)
            if live is None:
                return NOT_FOUND, "not found"
            if res.kind == "Job":
                return job_status(live)
            phase = (live.get("status") or {}).get("phase", "")
            if phase == "Failed":
                return FAILED, f"pod {res.name} failed"
            return (CURRENT, "") if phase == "Succeeded" else (IN_PROGRESS, f"phase {phase}")

        self._until(resources, judge, "Waiting for hook")

    def wait_for_delete(self, resources: list[Resource]) -> None:
        def judge(res: Resource) -> tuple[str, str]:
            return (CURRENT, "") if self._live(res) is None else (IN_PROGRESS, "terminating")

        self._until(resources, judge, "Waiting for deletion of")
