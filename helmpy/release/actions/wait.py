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


def _generation_message(obj: dict[str, Any]) -> str:
    generation = (obj.get("metadata") or {}).get("generation")
    observed = (obj.get("status") or {}).get("observedGeneration")
    if generation is None or (observed is not None and _int(observed) >= _int(generation)):
        return ""
    return (f"{obj.get('kind')} generation is {_int(generation)}, but latest observed "
            f"generation is {_int(observed)}")


def _replicas(spec: dict[str, Any]) -> int:
    return _int(spec.get("replicas"), 1) if spec.get("replicas") is not None else 1


def _shortfalls(want: int, checks: list[tuple[str, int]]) -> str:
    for label, have in checks:
        if want > have:
            return f"{label}: {have}/{want}"
    return ""


def _workload_status(obj: dict[str, Any]) -> tuple[str, str]:
    """kstatus for Deployments, StatefulSets, ReplicaSets and DaemonSets."""
    kind = obj.get("kind", "")
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    if message := _generation_message(obj):
        return IN_PROGRESS, message
    if kind == "DaemonSet":
        want = _int(status.get("desiredNumberScheduled"))
        problem = _shortfalls(want, [("Current", _int(status.get("currentNumberScheduled"))),
                                     ("Updated", _int(status.get("updatedNumberScheduled"))),
                                     ("Available", _int(status.get("numberAvailable"))),
                                     ("Ready", _int(status.get("numberReady")))])
        return (IN_PROGRESS, problem) if problem else (CURRENT, "All replicas scheduled as expected. Replicas: " + str(want))
    progressing = _conditions(obj).get("Progressing") or {}
    if progressing.get("reason") == "ProgressDeadlineExceeded":
        return FAILED, "Progress deadline exceeded"
    want = _replicas(spec)
    have = _int(status.get("replicas"))
    checks = [("Replicas", have)]
    if kind in ("Deployment", "StatefulSet"):
        checks.append(("Updated", _int(status.get("updatedReplicas"))))
    if have > want:
        return IN_PROGRESS, f"Pending termination: {have - want}"
    if kind in ("Deployment", "ReplicaSet"):
        checks.append(("Available", _int(status.get("availableReplicas"))))
    checks.append(("Ready", _int(status.get("readyReplicas"))))
    problem = _shortfalls(want, checks)
    if problem:
        return IN_PROGRESS, problem
    return CURRENT, f"{kind} is available. Replicas: {want}"


def object_status(obj: dict[str, Any], wait_for_jobs: bool = True) -> tuple[str, str]:
    """(kstatus status, message) for one live object, as Helm's status watcher sees it."""
    kind = obj.get("kind", "")
    status = obj.get("status") or {}
    if kind in ("Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"):
        return _workload_status(obj)
    if kind == "Pod":
        phase = status.get("phase", "")
        if phase == "Failed":
            return FAILED, "Pod has completed, but not successfully"
        if phase == "Succeeded":
            return CURRENT, "Pod has completed successfully"
        if (_conditions(obj).get("Ready") or {}).get("status") == "True":
            return CURRENT, "Pod is Ready"
        if phase == "Running":
            return IN_PROGRESS, "Pod is running but is not Ready"
        return IN_PROGRESS, f"Pod is in the {phase or 'Pending'} phase"
    if kind == "Job":
        state = job_status(obj)
        # Without --wait-for-jobs a running Job counts as ready, but a failed one fails.
        return state if wait_for_jobs or state[0] == FAILED else (CURRENT, state[1])
    if kind == "PersistentVolumeClaim":
        phase = status.get("phase", "")
        return (CURRENT, "PVC is Bound") if phase == "Bound" else \
            (IN_PROGRESS, f"PVC is not Bound. phase: {phase}")
    if kind == "Service":
        spec = obj.get("spec") or {}
        if spec.get("type") == "LoadBalancer" and not spec.get("clusterIP"):
            return IN_PROGRESS, "ClusterIP not set"
        return CURRENT, "Service is ready"
    if kind == "CustomResourceDefinition":
        established = (_conditions(obj).get("Established") or {}).get("status") == "True"
        return (CURRENT, "CRD is established") if established else \
            (IN_PROGRESS, "Install in progress")
    return CURRENT, "Resource is current"


def _max_unavailable(deployment: dict[str, Any]) -> int:
    """deploymentutil.MaxUnavailable: the rolling update's allowance, at most replicas."""
    spec = deployment.get("spec") or {}
    replicas = _replicas(spec)
    strategy = spec.get("strategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate" or replicas == 0:
        return 0
    rolling = strategy.get("rollingUpdate") or {}

    def scaled(value: Any, default: str, round_up: bool) -> int:
        value = default if value is None else value
        if isinstance(value, str) and value.endswith("%"):
            exact = int(value[:-1]) * replicas / 100
            return int(-(-exact // 1)) if round_up else int(exact // 1)
        return _int(value)

    surge = scaled(rolling.get("maxSurge"), "25%", True)
    unavailable = scaled(rolling.get("maxUnavailable"), "25%", False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return min(unavailable, replicas)


def legacy_deployment_status(deployment: dict[str, Any],
                             replica_sets: list[dict[str, Any]]) -> tuple[str, str]:
    """Helm's legacy ReadyChecker: the Deployment's current ReplicaSet has enough ready
    replicas (the Deployment's own conditions are not consulted)."""
    meta = deployment.get("metadata") or {}
    template = (deployment.get("spec") or {}).get("template") or {}

    def plain(tpl: dict[str, Any]) -> dict[str, Any]:
        labels = dict((tpl.get("metadata") or {}).get("labels") or {})
        labels.pop("pod-template-hash", None)
        return {**tpl, "metadata": {**(tpl.get("metadata") or {}), "labels": labels}}

    owned = [rs for rs in replica_sets
             if any(ref.get("uid") == meta.get("uid")
                    for ref in (rs.get("metadata") or {}).get("ownerReferences") or [])
             and plain((rs.get("spec") or {}).get("template") or {}) == plain(template)]
    if not owned:
        return IN_PROGRESS, "no current ReplicaSet"
    rs = owned[-1]
    rs_status = rs.get("status") or {}
    if _int(rs_status.get("observedGeneration")) != _int((rs.get("metadata") or {}).get(
            "generation"), 1):
        return IN_PROGRESS, "ReplicaSet generation not observed"
    if _int((deployment.get("status") or {}).get("observedGeneration")) != \
            _int(meta.get("generation"), 1):
        return IN_PROGRESS, "Deployment generation not observed"
    expected = _replicas(deployment.get("spec") or {}) - _max_unavailable(deployment)
    ready = _int(rs_status.get("readyReplicas"))
    return (CURRENT, "") if ready >= expected else (IN_PROGRESS, f"{ready}/{expected} ready")


def job_status(obj: dict[str, Any]) -> tuple[str, str]:
    conditions = _conditions(obj)
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    completions = _int(spec.get("completions"), 1) if spec.get("completions") is not None else 1
    succeeded, failed = _int(status.get("succeeded")), _int(status.get("failed"))
    if (conditions.get("Failed") or {}).get("status") == "True":
        return FAILED, f"Job Failed. failed: {failed}/{completions}"
    if (conditions.get("Complete") or {}).get("status") == "True" or succeeded >= completions:
        return CURRENT, f"Job Completed. succeeded: {succeeded}/{completions}"
    return IN_PROGRESS, (f"Job in progress. success:{succeeded}, "
                         f"active: {_int(status.get('active'))}, failed: {failed}")


def legacy_hook_status(obj: dict[str, Any]) -> tuple[str, str]:
    """Hooks: Jobs to completion (kstatus wording), Pods to success (legacy wording)."""
    name = (obj.get("metadata") or {}).get("name", "")
    if obj.get("kind") == "Job":
        return job_status(obj)
    phase = (obj.get("status") or {}).get("phase", "")
    if phase == "Failed":
        return FAILED, f"pod {name} failed"
    return (CURRENT, "") if phase == "Succeeded" else (IN_PROGRESS, f"pod phase {phase}")


class Waiter:
    """Polls objects until they reach a state, printing a progress line meanwhile."""

    def __init__(self, kube: KubeClient, timeout: float, progress: TextIO | None = None,
                 poll: float = POLL_SECONDS, legacy: bool = False) -> None:
        self.kube = kube
        # --wait=legacy: Helm 3's poller, which never fails early and times out tersely.
        self.legacy = legacy
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
                    if state[0] != CURRENT:
                        still.append(res)
                pending = still
                if not pending:
                    return
                failed = [r for r in pending if states[id(r)][0] == FAILED]
                if failed and not self.legacy:
                    raise WaitError(self._explain(failed, states))
                if time.monotonic() >= deadline:
                    if self.legacy:
                        raise WaitError("context deadline exceeded")
                    raise WaitError(self._explain(pending, states) + "\ncontext deadline exceeded")
                shown = ", ".join(
                    f"{r.ref()}" + (f" ({states[id(r)][1]})" if states[id(r)][1] else "")
                    for r in pending[:3])
                more = f" and {len(pending) - 3} more" if len(pending) > 3 else ""
                self._show(f"{verb} {len(pending)} resource(s): {shown}{more}")
                time.sleep(min(self.poll, max(0.0, deadline - time.monotonic())))
        finally:
            self._end_line()

    @staticmethod
    def _explain(resources: list[Resource], states: dict[int, tuple[str, str]]) -> str:
        return "\n".join(f"resource {r.ref()} not ready. status: {states[id(r)][0]}, "
                         f"message: {states[id(r)][1]}" for r in resources)

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
                return NOT_FOUND, "Resource not found"
            if self.legacy and res.kind == "Deployment":
                if (live.get("spec") or {}).get("paused"):
                    return CURRENT, ""
                try:
                    sets = self.kube.list("apps/v1", "ReplicaSet", res.namespace or None)
                except KubeError:
                    return IN_PROGRESS, "ReplicaSets not readable"
                return legacy_deployment_status(live, sets)
            return object_status(live, wait_for_jobs)

        self._until(resources, judge, "Waiting for")

    def watch_until_ready(self, resources: list[Resource]) -> None:
        """Hooks: Jobs until complete, Pods until they succeed; other kinds at once."""
        def judge(res: Resource) -> tuple[str, str]:
            if res.kind not in ("Job", "Pod"):
                return CURRENT, ""
            live = self._live(res)
            if live is None:
                return NOT_FOUND, "Resource not found"
            return legacy_hook_status(live)

        self._until(resources, judge, "Waiting for hook")

    def wait_for_delete(self, resources: list[Resource]) -> None:
        def judge(res: Resource) -> tuple[str, str]:
            return (CURRENT, "") if self._live(res) is None else \
                (IN_PROGRESS, "Resource is being deleted")

        self._until(resources, judge, "Waiting for deletion of")
