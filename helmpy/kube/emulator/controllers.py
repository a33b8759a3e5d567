"""Simple controllers: give workloads the status a healthy (or broken) cluster would.

Behaviour is chosen per object with annotations, read from the object's metadata and, for
workloads, from its pod template:

- ``emulator.helmpy.io/behavior``: ``succeed`` (default), ``fail`` or ``hang``.
  Jobs complete / fail / stay active; Pods succeed (or run and become Ready when their
  restartPolicy is Always) / fail / stay Pending; Deployments, StatefulSets, DaemonSets and
  ReplicaSets become ready / report ProgressDeadlineExceeded / never become ready.
- ``emulator.helmpy.io/delay-seconds``: seconds before the outcome is written (default 0).
- ``emulator.helmpy.io/logs``: what ``pods/NAME/log`` returns for a Pod.

No Pods are created for workloads; Deployments do get an owned ReplicaSet, because Helm's
legacy readiness check looks for it.
"""
from __future__ import annotations

import threading
import time
from typing import Any

from helmpy.kube.emulator.resources import ResourceType
from helmpy.kube.emulator.store import Event, Store
from helmpy.kube.emulator.store_time import now_rfc3339

BEHAVIOR = "emulator.helmpy.io/behavior"
DELAY = "emulator.helmpy.io/delay-seconds"
LOGS = "emulator.helmpy.io/logs"
MANAGED = {("", "pods"), ("batch", "jobs"), ("apps", "deployments"), ("apps", "statefulsets"),
           ("apps", "daemonsets"), ("apps", "replicasets")}


def annotation(obj: dict[str, Any], name: str, default: str = "") -> str:
    for meta in (obj.get("metadata") or {},
                 ((obj.get("spec") or {}).get("template") or {}).get("metadata") or {}):
        value = (meta.get("annotations") or {}).get(name)
        if value is not None:
            return str(value)
    return default


def _condition(kind: str, status: str, reason: str, message: str, stamp: str) -> dict[str, Any]:
    return {"type": kind, "status": status, "reason": reason, "message": message,
            "lastTransitionTime": stamp, "lastUpdateTime": stamp}


def desired_status(plural: str, obj: dict[str, Any], behavior: str) -> dict[str, Any]:
    """The status ``obj`` settles in; timestamps already present are kept."""
    old = obj.get("status") or {}
    stamp = old.get("startTime") or now_rfc3339()
    spec = obj.get("spec") or {}
    generation = (obj.get("metadata") or {}).get("generation", 1)
    replicas = int(spec.get("replicas", 1) if spec.get("replicas") is not None else 1)
    if plural == "pods":
        return _pod_status(spec, behavior, stamp)
    if plural == "jobs":
        if behavior == "hang":
            return {"startTime": stamp, "active": 1}
        if behavior == "fail":
            return {"startTime": stamp, "failed": int(spec.get("backoffLimit", 6)) + 1,
                    "conditions": [_condition("Failed", "True", "BackoffLimitExceeded",
                                              "Job has reached the specified backoff limit",
                                              stamp)]}
        done = int(spec.get("completions", 1) or 1)
        return {"startTime": stamp, "completionTime": old.get("completionTime") or stamp,
                "succeeded": done,
                "conditions": [_condition("Complete", "True", "", "", stamp)]}
    ready = 0 if behavior in ("hang", "fail") else replicas
    if plural == "deployments":
        status: dict[str, Any] = {"observedGeneration": generation, "replicas": replicas,
                                  "updatedReplicas": replicas, "readyReplicas": ready,
                                  "availableReplicas": ready}
        if replicas - ready:
            status["unavailableReplicas"] = replicas - ready
        if behavior == "fail":
            progressing = _condition("Progressing", "False", "ProgressDeadlineExceeded",
                                     "ReplicaSet has timed out progressing.", stamp)
        else:
            progressing = _condition("Progressing", "True",
                                     "ReplicaSetUpdated" if ready < replicas
                                     else "NewReplicaSetAvailable",
                                     "ReplicaSet is progressing.", stamp)
        available = _condition("Available", "True" if ready >= replicas else "False",
                               "MinimumReplicasAvailable" if ready >= replicas
                               else "MinimumReplicasUnavailable",
                               "Deployment has minimum availability.", stamp)
        status["conditions"] = [available, progressing]
        return {k: v for k, v in status.items() if v != 0 or k == "observedGeneration"}
    if plural == "statefulsets":
        revision = f"{obj['metadata']['name']}-{generation}"
        status = {"observedGeneration": generation, "replicas": replicas,
                  "readyReplicas": ready, "currentReplicas": ready, "updatedReplicas": ready,
                  "availableReplicas": ready, "currentRevision": revision,
                  "updateRevision": revision, "collisionCount": 0}
        return status
    if plural == "daemonsets":
        return {"observedGeneration": generation, "desiredNumberScheduled": 1,
                "currentNumberScheduled": 1, "numberReady": min(ready, 1),
                "updatedNumberScheduled": 1, "numberAvailable": min(ready, 1),
                "numberMisscheduled": 0, **({"numberUnavailable": 1} if not ready else {})}
    return {"observedGeneration": generation, "replicas": replicas, "readyReplicas": ready,
            "availableReplicas": ready, "fullyLabeledReplicas": replicas}


def _pod_status(spec: dict[str, Any], behavior: str, stamp: str) -> dict[str, Any]:
    containers = [c.get("name", "") for c in spec.get("containers") or []]
    if behavior == "hang":
        return {"phase": "Pending", "startTime": stamp}
    if behavior == "fail":
        state = {"terminated": {"exitCode": 1, "reason": "Error"}}
        return {"phase": "Failed", "startTime": stamp, "containerStatuses": [
            {"name": n, "ready": False, "restartCount": 0, "state": state} for n in containers]}
    if spec.get("restartPolicy", "Always") == "Always":
        conditions = [{"type": t, "status": "True", "lastTransitionTime": stamp}
                      for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")]
        return {"phase": "Running", "startTime": stamp, "conditions": conditions,
                "containerStatuses": [{"name": n, "ready": True, "restartCount": 0,
                                       "started": True, "state": {"running": {}}}
                                      for n in containers]}
    state = {"terminated": {"exitCode": 0, "reason": "Completed"}}
    return {"phase": "Succeeded", "startTime": stamp, "containerStatuses": [
        {"name": n, "ready": False, "restartCount": 0, "state": state} for n in containers]}


class Controllers:
    """A thread that settles workload status some time after each change."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: dict[tuple[str, str, str, str], float] = {}
        self.wakeup = threading.Condition()
        self.stopped = False
        store.listeners.append(self._on_event)
        store.settle = self._settle_now
        self.thread = threading.Thread(target=self._run, name="emulator-controllers",
                                       daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        with self.wakeup:
            self.stopped = True
            self.wakeup.notify_all()

    def _settle_now(self, rt: ResourceType, obj: dict[str, Any]) -> dict[str, Any] | None:
        """The settled status of a managed object that has no delay annotation."""
        if (rt.group, rt.plural) not in MANAGED:
            return None
        try:
            if float(annotation(obj, DELAY, "0") or 0) > 0:
                return None
        except ValueError:
            pass
        return desired_status(rt.plural, obj, annotation(obj, BEHAVIOR, "succeed"))

    def _on_event(self, event: Event) -> None:
        if (event.group, event.plural) not in MANAGED or event.type == "DELETED":
            return
        try:
            delay = float(annotation(event.obj, DELAY, "0") or 0)
        except ValueError:
            delay = 0.0
        key = (event.group, event.plural, event.namespace, event.obj["metadata"]["name"])
        with self.wakeup:
            due = time.monotonic() + delay
            if key not in self.pending or self.pending[key] > due:
                self.pending[key] = due
            self.wakeup.notify_all()

    def _run(self) -> None:
        while True:
            with self.wakeup:
                if self.stopped:
                    return
                now = time.monotonic()
                ready = [k for k, due in self.pending.items() if due <= now]
                for key in ready:
                    del self.pending[key]
                if not ready:
                    wait = min(self.pending.values(), default=now + 1.0) - now
                    self.wakeup.wait(timeout=max(0.01, min(wait, 1.0)))
                    continue
            for key in ready:
                self._reconcile(key)

    def _type(self, group: str, plural: str) -> ResourceType | None:
        return next((rt for rt in self.store.registry.all()
                     if rt.group == group and rt.plural == plural), None)

    def _reconcile(self, key: tuple[str, str, str, str]) -> None:
        group, plural, namespace, name = key
        rt = self._type(group, plural)
        if rt is None:
            return
        with self.store.lock:
            obj = self.store.objects.get(key)
            if obj is None or obj["metadata"].get("deletionTimestamp"):
                return
            behavior = annotation(obj, BEHAVIOR, "succeed")
            self.store.write_status(rt, namespace, name, desired_status(plural, obj, behavior))
            if plural == "deployments":
                self._owned_replicaset(obj, behavior)

    def _owned_replicaset(self, deployment: dict[str, Any], behavior: str) -> None:
        rs_type = self._type("apps", "replicasets")
        if rs_type is None:
            return
        meta = deployment["metadata"]
        name = f"{meta['name']}-{meta.get('generation', 1)}"
        spec = deployment.get("spec") or {}
        template = spec.get("template") or {}
        labels = dict((template.get("metadata") or {}).get("labels") or {})
        revision = str(meta.get("generation", 1))
        rs = {"metadata": {"name": name, "namespace": meta["namespace"], "labels": labels,
                           "annotations": {"deployment.kubernetes.io/revision": revision},
                           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                                                "name": meta["name"], "uid": meta["uid"],
                                                "controller": True,
                                                "blockOwnerDeletion": True}]},
              "spec": {"replicas": spec.get("replicas", 1), "selector": spec.get("selector"),
                       "template": template}}
        if (rs_type.group, rs_type.plural, meta["namespace"], name) not in self.store.objects:
            self.store.create(rs_type, meta["namespace"], rs)
