"""Server-side printing: ``meta.k8s.io/v1`` Table responses for ``kubectl get``.

A few kinds get their familiar columns (Pods, Deployments, ReplicaSets, StatefulSets,
DaemonSets, Jobs, Services, Namespaces, Secrets, ConfigMaps); every other kind shows Name
and Age, as a real server does for kinds without printer columns.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

Row = Callable[[dict[str, Any]], list[Any]]


def _age(obj: dict[str, Any]) -> str:
    stamp = (obj.get("metadata") or {}).get("creationTimestamp")
    if not stamp:
        return "<unknown>"
    created = _dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.UTC)
    seconds = int((_dt.datetime.now(_dt.UTC) - created).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size * 2:
            return f"{seconds // size}{unit}"
    return f"{max(seconds, 0)}s"


def _status(obj: dict[str, Any]) -> dict[str, Any]:
    return obj.get("status") or {}


def _spec(obj: dict[str, Any]) -> dict[str, Any]:
    return obj.get("spec") or {}


def _pod(obj: dict[str, Any]) -> list[Any]:
    containers = _spec(obj).get("containers") or []
    ready = sum(1 for c in _status(obj).get("containerStatuses") or [] if c.get("ready"))
    restarts = sum(c.get("restartCount", 0) for c in _status(obj).get("containerStatuses") or [])
    phase = _status(obj).get("phase", "Pending")
    if phase == "Succeeded":
        phase = "Completed"
    elif phase == "Failed":
        phase = "Error"
    return [f"{ready}/{len(containers)}", phase, restarts]


def _replicated(obj: dict[str, Any]) -> list[Any]:
    status = _status(obj)
    wanted = _spec(obj).get("replicas", 1)
    return [f"{status.get('readyReplicas', 0)}/{wanted}", status.get("updatedReplicas", 0),
            status.get("availableReplicas", 0)]


def _job(obj: dict[str, Any]) -> list[Any]:
    status = _status(obj)
    conditions = {c.get("type") for c in status.get("conditions") or []
                  if c.get("status") == "True"}
    state = "Complete" if "Complete" in conditions else \
        "Failed" if "Failed" in conditions else "Running"
    return [state, f"{status.get('succeeded', 0)}/{_spec(obj).get('completions', 1)}"]


def _service(obj: dict[str, Any]) -> list[Any]:
    spec = _spec(obj)
    ports = ",".join(f"{p.get('port')}/{p.get('protocol', 'TCP')}" for p in spec.get("ports") or [])
    ingress = (_status(obj).get("loadBalancer") or {}).get("ingress") or []
    external = ",".join(i.get("ip", "") for i in ingress) or "<none>"
    return [spec.get("type", "ClusterIP"), spec.get("clusterIP", "<none>"), external,
            ports or "<none>"]


COLUMNS: dict[tuple[str, str], tuple[list[str], Row]] = {
    ("", "pods"): (["Ready", "Status", "Restarts"], _pod),
    ("apps", "deployments"): (["Ready", "Up-to-date", "Available"], _replicated),
    ("apps", "replicasets"): (["Desired", "Current", "Ready"], lambda o: [
        _spec(o).get("replicas", 1), _status(o).get("replicas", 0),
        _status(o).get("readyReplicas", 0)]),
    ("apps", "statefulsets"): (["Ready"], lambda o: [
        f"{_status(o).get('readyReplicas', 0)}/{_spec(o).get('replicas', 1)}"]),
    ("apps", "daemonsets"): (["Desired", "Ready", "Available"], lambda o: [
        _status(o).get("desiredNumberScheduled", 0), _status(o).get("numberReady", 0),
        _status(o).get("numberAvailable", 0)]),
    ("batch", "jobs"): (["Status", "Completions"], _job),
    ("", "services"): (["Type", "Cluster-IP", "External-IP", "Port(s)"], _service),
    ("", "namespaces"): (["Status"], lambda o: [_status(o).get("phase", "Active")]),
    ("", "secrets"): (["Type", "Data"], lambda o: [o.get("type", "Opaque"),
                                                    len(o.get("data") or {})]),
    ("", "configmaps"): (["Data"], lambda o: [len(o.get("data") or {})
                                              + len(o.get("binaryData") or {})]),
}


def wants_table(accept: str) -> bool:
    return "as=Table" in accept


def table(group: str, plural: str, items: list[dict[str, Any]], rv: str) -> dict[str, Any]:
    names, row = COLUMNS.get((group, plural), ([], lambda _o: []))
    columns = [{"name": "Name", "type": "string", "format": "name", "priority": 0,
                "description": "Name of the object"}]
    columns += [{"name": n, "type": "string", "format": "", "priority": 0, "description": n}
                for n in names]
    columns.append({"name": "Age", "type": "string", "format": "", "priority": 0,
                    "description": "Time since creation"})
    rows = []
    for obj in items:
        meta = obj.get("metadata") or {}
        partial = {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                   "metadata": meta}
        rows.append({"cells": [meta.get("name", ""), *row(obj), _age(obj)],
                     "object": partial})
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": {"resourceVersion": rv}, "columnDefinitions": columns, "rows": rows}
