"""The emulator's object store: CRUD with resourceVersions, conflicts, finalizers, owner
cascades and an event log that watches read from.

One re-entrant lock guards everything; every write bumps a global resourceVersion counter and
appends an event, which is what makes list-then-watch from a resourceVersion work.
"""
from __future__ import annotations

import base64
import copy
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from helmpy.kube.emulator import apply as ssa
from helmpy.kube.emulator.errors import (
    ApiError,
    already_exists,
    bad_request,
    conflict,
    invalid,
    not_found,
)
from helmpy.kube.emulator.patch import PatchError, json_merge_patch, json_patch, strategic_merge
from helmpy.kube.emulator.resources import ResourceRegistry, ResourceType
from helmpy.kube.emulator.selectors import field_matcher, label_matcher
from helmpy.kube.emulator.store_time import now_rfc3339

Key = tuple[str, str, str, str]  # group, plural, namespace, name
EVENT_LOG_LIMIT = 200_000
# Kinds whose objects carry no metadata.generation on a real server.
NO_GENERATION = {("", "configmaps"), ("", "secrets"), ("", "events"), ("", "endpoints"),
                 ("", "serviceaccounts"), ("", "namespaces")}
PROTECTED_NAMESPACES = ("default", "kube-system", "kube-public")
NS_TYPE = ResourceType("", "v1", "Namespace", "namespaces", False)


@dataclass
class Event:
    rv: int
    type: str  # ADDED, MODIFIED, DELETED
    group: str
    plural: str
    namespace: str
    obj: dict[str, Any]
    # For MODIFIED: the object before the change, when labels or fields may have changed
    # (lets a watch with a selector report objects entering or leaving the selection).
    old: dict[str, Any] | None = None


def _behavior(obj: dict[str, Any]) -> str | None:
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    return annotations.get("emulator.helmpy.io/behavior")


def _spec_part(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items()
            if k not in ("metadata", "status", "apiVersion", "kind")}


class Store:
    """All objects of the emulated cluster."""

    def __init__(self, registry: ResourceRegistry) -> None:
        self.registry = registry
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.objects: dict[Key, dict[str, Any]] = {}
        self.owners: dict[Key, ssa.Ownership] = {}
        self.rv = 0
        self.events: list[Event] = []
        self.listeners: list[Callable[[Event], None]] = []
        # Set by the controllers: the status an object settles in at once (no delay
        # annotation), written with the object itself so no reader sees it unsettled.
        self.settle: Callable[[ResourceType, dict[str, Any]], dict[str, Any] | None] | None = None
        for ns in ("default", "kube-system", "kube-public", "kube-node-lease"):
            self.create(NS_TYPE, "", {"metadata": {"name": ns}})

    # --- helpers --------------------------------------------------------------------------

    def _settle(self, rt: ResourceType, obj: dict[str, Any]) -> None:
        if self.settle is not None and not obj["metadata"].get("deletionTimestamp"):
            status = self.settle(rt, obj)
            if status is not None:
                obj["status"] = status

    def _emit(self, kind: str, rt: ResourceType, obj: dict[str, Any],
              old: dict[str, Any] | None = None) -> None:
        meta = obj["metadata"]
        event = Event(int(meta["resourceVersion"]), kind, rt.group, rt.plural,
                      meta.get("namespace", ""), copy.deepcopy(obj), old)
        self.events.append(event)
        if len(self.events) > EVENT_LOG_LIMIT:
            del self.events[: EVENT_LOG_LIMIT // 10]
        self.changed.notify_all()
        for listener in list(self.listeners):
            listener(event)

    def _commit(self, rt: ResourceType, key: Key, obj: dict[str, Any]) -> None:
        """Store a created or updated object under a new resourceVersion; a CRD also
        (re)registers its resource type, as the apiextensions server does."""
        if rt.group == "apiextensions.k8s.io" and rt.plural == "customresourcedefinitions":
            _crd_status(obj)
            self.registry.register_crd(obj)
        self._bump(obj)
        self.objects[key] = obj

    def _bump(self, obj: dict[str, Any]) -> None:
        self.rv += 1
        obj["metadata"]["resourceVersion"] = str(self.rv)

    def view(self, rt: ResourceType, obj: dict[str, Any]) -> dict[str, Any]:
        """A copy of a stored object as served through ``rt``'s group/version.

        Shallow below ``metadata``: stored objects are replaced, never edited in place,
        below their top-level and metadata keys, so sharing deeper parts is safe.
        """
        out = dict(obj)
        out["metadata"] = dict(obj["metadata"])
        out["apiVersion"] = rt.group_version
        out["kind"] = rt.kind
        key = self._key(rt, obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
        owned = self.owners.get(key)
        if owned:
            out["metadata"]["managedFields"] = owned.render(rt.group_version)
        return out

    @staticmethod
    def _key(rt: ResourceType, namespace: str, name: str) -> Key:
        return (rt.group, rt.plural, namespace if rt.namespaced else "", name)

    def _require_namespace(self, rt: ResourceType, namespace: str) -> None:
        if rt.namespaced and ("", "namespaces", "", namespace) not in self.objects:
            raise not_found(NS_TYPE, namespace)

    def lookup(self, rt: ResourceType, namespace: str, name: str) -> dict[str, Any]:
        obj = self.objects.get(self._key(rt, namespace, name))
        if obj is None:
            raise not_found(rt, name)
        return obj

    # --- reads ----------------------------------------------------------------------------

    def get(self, rt: ResourceType, namespace: str, name: str) -> dict[str, Any]:
        with self.lock:
            return self.view(rt, self.lookup(rt, namespace, name))

    def list(self, rt: ResourceType, namespace: str | None, label_selector: str | None = None,
             field_selector: str | None = None) -> tuple[list[dict[str, Any]], str]:
        by_label = label_matcher(label_selector)
        by_field = field_matcher(field_selector)
        with self.lock:
            items = [self.view(rt, obj) for (group, plural, ns, _), obj in self.objects.items()
                     if group == rt.group and plural == rt.plural
                     and (not namespace or not rt.namespaced or ns == namespace)
                     and by_label(obj) and by_field(obj)]
            items.sort(key=lambda o: (o["metadata"].get("namespace", ""),
                                      o["metadata"]["name"]))
            return items, str(self.rv)

    # --- writes ---------------------------------------------------------------------------

    def create(self, rt: ResourceType, namespace: str, body: dict[str, Any], *,
               dry_run: bool = False, field_manager: str | None = None,
               operation: str = "Update") -> dict[str, Any]:
        if rt.verbs == ("create",):
            return _review(rt, body)
        with self.lock:
            obj = copy.deepcopy(body)
            meta = obj.setdefault("metadata", {}) or {}
            obj["metadata"] = meta
            if rt.namespaced:
                if meta.get("namespace") and meta["namespace"] != namespace:
                    raise bad_request("the namespace of the provided object does not match "
                                      "the namespace sent on the request")
                meta["namespace"] = namespace
            else:
                meta.pop("namespace", None)
            if not meta.get("name") and meta.get("generateName"):
                meta["name"] = meta["generateName"] + uuid.uuid4().hex[:5]
            name = meta.get("name")
            if not name:
                raise invalid(rt, "", "metadata.name: Required value: name or generateName "
                                      "is required")
            self._require_namespace(rt, namespace)
            key = self._key(rt, namespace, name)
            if key in self.objects:
                raise already_exists(rt, name)
            obj["apiVersion"], obj["kind"] = rt.group_version, rt.kind
            for field in ("resourceVersion", "managedFields", "deletionTimestamp"):
                meta.pop(field, None)
            meta["uid"] = str(uuid.uuid4())
            meta["creationTimestamp"] = now_rfc3339()
            meta.pop("generation", None)
            if (rt.group, rt.plural) not in NO_GENERATION:
                meta["generation"] = 1
            if "status" in rt.subresources:
                obj.pop("status", None)
            _defaults(rt, obj)
            if dry_run:
                return self.view(rt, obj)
            self._settle(rt, obj)
            self._commit(rt, key, obj)
            if field_manager:
                self.owners[key] = ssa.Ownership()
                self.owners[key].claim(field_manager, operation, ssa.owned_paths(body))
            self._emit("ADDED", rt, obj)
            return self.view(rt, obj)

    def update(self, rt: ResourceType, namespace: str, name: str, body: dict[str, Any], *,
               subresource: str = "", dry_run: bool = False,
               field_manager: str | None = None, operation: str = "Update") -> dict[str, Any]:
        with self.lock:
            current = self.lookup(rt, namespace, name)
            meta_in = body.get("metadata") or {}
            if meta_in.get("name", name) != name:
                raise bad_request("the name of the object ({}) does not match the name on "
                                  "the URL ({})".format(meta_in.get("name"), name))
            wanted_rv = meta_in.get("resourceVersion")
            if wanted_rv and wanted_rv != current["metadata"]["resourceVersion"]:
                raise conflict(rt, name)
            if subresource == "status":
                new = copy.deepcopy(current)
                if "status" in body:
                    new["status"] = copy.deepcopy(body["status"])
            else:
                new = copy.deepcopy(body)
                new["metadata"] = copy.deepcopy(meta_in)
                if "status" in rt.subresources:
                    new.pop("status", None)
                    if "status" in current:
                        new["status"] = copy.deepcopy(current["status"])
            meta = new["metadata"]
            for field in ("uid", "creationTimestamp", "deletionTimestamp", "namespace",
                          "generation"):
                if field in current["metadata"]:
                    meta[field] = current["metadata"][field]
                else:
                    meta.pop(field, None)
            meta["name"] = name
            meta.pop("managedFields", None)
            new["apiVersion"], new["kind"] = rt.group_version, rt.kind
            if "generation" in meta and (_spec_part(new) != _spec_part(current)
                                         or _behavior(new) != _behavior(current)):
                # A changed emulator behaviour stands for a new rollout (new pods that will
                # hang or fail), so it starts a new generation as a pod template change
                # would; the old status is then stale at once, never briefly "ready".
                meta["generation"] = int(meta["generation"]) + 1
            _defaults(rt, new)
            if dry_run:
                return self.view(rt, new)
            key = self._key(rt, namespace, name)
            if field_manager:
                owned = self.owners.setdefault(key, ssa.Ownership())
                owned.claim(field_manager, operation, ssa.changed_paths(current, new))
            if meta.get("deletionTimestamp") and not meta.get("finalizers"):
                return self._remove(rt, key)
            if subresource != "status":
                self._settle(rt, new)
            self._commit(rt, key, new)
            self._emit("MODIFIED", rt, new, old=current)
            return self.view(rt, new)

    def patch(self, rt: ResourceType, namespace: str, name: str, content_type: str,
              patch: Any, *, subresource: str = "", dry_run: bool = False,
              field_manager: str | None = None, force: bool = False) -> dict[str, Any]:
        with self.lock:
            if content_type.startswith("application/apply-patch"):
                if not field_manager:
                    raise bad_request("PATCH, application/apply-patch+yaml requires "
                                      "fieldManager to be set")
                return self._apply(rt, namespace, name, patch, dry_run, field_manager, force,
                                   subresource)
            current = self.view(rt, self.lookup(rt, namespace, name))
            current["metadata"].pop("managedFields", None)
            try:
                if content_type.startswith("application/json-patch"):
                    new = json_patch(current, patch)
                elif content_type.startswith("application/strategic-merge-patch"):
                    if rt.from_crd:
                        raise ApiError(415, "UnsupportedMediaType",
                                       "the body of the request was in an unknown format - "
                                       "accepted media types include: application/json-patch"
                                       "+json, application/merge-patch+json, application/"
                                       "apply-patch+yaml")
                    new = strategic_merge(current, patch)
                else:
                    new = json_merge_patch(current, patch)
            except PatchError as err:
                raise ApiError(422, "Invalid", str(err)) from err
            if not isinstance(patch, dict) or "resourceVersion" not in (
                    patch.get("metadata") or {}):
                new.setdefault("metadata", {})["resourceVersion"] = \
                    current["metadata"]["resourceVersion"]
            return self.update(rt, namespace, name, new, subresource=subresource,
                               dry_run=dry_run, field_manager=field_manager)

    def _apply(self, rt: ResourceType, namespace: str, name: str, config: dict[str, Any],
               dry_run: bool, manager: str, force: bool, subresource: str) -> dict[str, Any]:
        if not isinstance(config, dict):
            raise bad_request("apply patch must be an object")
        key = self._key(rt, namespace, name)
        current = self.objects.get(key)
        if current is None:
            body = copy.deepcopy(config)
            body.setdefault("metadata", {})["name"] = name
            return self.create(rt, namespace, body, dry_run=dry_run, field_manager=manager,
                               operation="Apply")
        owned = self.owners.setdefault(key, ssa.Ownership())
        merged, new_owned = ssa.server_side_apply(rt, name, current, config, owned, manager,
                                                  force)
        merged["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"]
        result = self.update(rt, namespace, name, merged, subresource=subresource,
                             dry_run=dry_run)
        if not dry_run:
            self.owners[key] = new_owned
            result["metadata"]["managedFields"] = new_owned.render(rt.group_version)
        return result

    def delete(self, rt: ResourceType, namespace: str, name: str, *,
               propagation: str | None = None, dry_run: bool = False,
               preconditions: dict[str, Any] | None = None) -> dict[str, Any]:
        with self.lock:
            key = self._key(rt, namespace, name)
            current = self.lookup(rt, namespace, name)
            if (rt.group, rt.plural) == ("", "namespaces") and name in PROTECTED_NAMESPACES:
                raise ApiError(403, "Forbidden", f'namespaces "{name}" is forbidden: this '
                                                 "namespace may not be deleted",
                               {"name": name, "kind": "namespaces"})
            pre = preconditions or {}
            if pre.get("uid") and pre["uid"] != current["metadata"]["uid"]:
                raise conflict(rt, name)
            if pre.get("resourceVersion") and \
                    pre["resourceVersion"] != current["metadata"]["resourceVersion"]:
                raise conflict(rt, name)
            if dry_run:
                return self.view(rt, current)
            self._cascade(current, propagation or "Background")
            if current["metadata"].get("finalizers"):
                if not current["metadata"].get("deletionTimestamp"):
                    current["metadata"]["deletionTimestamp"] = now_rfc3339()
                    current["metadata"]["deletionGracePeriodSeconds"] = 0
                    self._bump(current)
                    self._emit("MODIFIED", rt, current)
                return self.view(rt, current)
            return self._remove(rt, key)

    def _remove(self, rt: ResourceType, key: Key) -> dict[str, Any]:
        obj = self.objects.pop(key)
        self.owners.pop(key, None)
        self._bump(obj)
        if rt.plural == "customresourcedefinitions" and rt.group == "apiextensions.k8s.io":
            self._drop_custom_resources(obj)
        if rt.plural == "namespaces" and not rt.group:
            self._drop_namespace_contents(key[3])
        self._emit("DELETED", rt, obj)
        return self.view(rt, obj)

    def _type_of(self, group: str, plural: str) -> ResourceType | None:
        return next((rt for rt in self.registry.all()
                     if rt.group == group and rt.plural == plural), None)

    def _cascade(self, owner: dict[str, Any], propagation: str) -> None:
        uid = owner["metadata"]["uid"]
        for key, obj in list(self.objects.items()):
            refs = obj["metadata"].get("ownerReferences") or []
            if not any(ref.get("uid") == uid for ref in refs):
                continue
            rt = self._type_of(key[0], key[1])
            if rt is None or key not in self.objects:
                continue
            if propagation == "Orphan":
                obj["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") != uid]
                self._bump(obj)
                self._emit("MODIFIED", rt, obj)
            else:
                self.delete(rt, key[2], key[3], propagation=propagation)

    def _drop_custom_resources(self, crd: dict[str, Any]) -> None:
        spec = crd.get("spec") or {}
        group, plural = spec.get("group", ""), (spec.get("names") or {}).get("plural", "")
        rt = self._type_of(group, plural)
        for key in [k for k in self.objects if k[0] == group and k[1] == plural]:
            if rt is not None:
                self._remove(rt, key)
            else:
                self.objects.pop(key)
        self.registry.unregister_crd(crd)

    def _drop_namespace_contents(self, namespace: str) -> None:
        for key in [k for k in self.objects if k[2] == namespace]:
            rt = self._type_of(key[0], key[1])
            if rt is not None and key in self.objects:
                self._remove(rt, key)

    def delete_collection(self, rt: ResourceType, namespace: str | None,
                          label_selector: str | None, field_selector: str | None,
                          propagation: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            items, _ = self.list(rt, namespace, label_selector, field_selector)
            for item in items:
                meta = item["metadata"]
                self.delete(rt, meta.get("namespace", ""), meta["name"], propagation=propagation)
            return items

    def write_status(self, rt: ResourceType, namespace: str, name: str,
                     status: dict[str, Any]) -> None:
        """Controllers' write path: replace status only when it changes."""
        with self.lock:
            key = self._key(rt, namespace, name)
            obj = self.objects.get(key)
            if obj is None or obj.get("status") == status:
                return
            before = {**obj, "metadata": dict(obj["metadata"])}
            obj["status"] = copy.deepcopy(status)
            self._bump(obj)
            self._emit("MODIFIED", rt, obj, old=before)


def _defaults(rt: ResourceType, obj: dict[str, Any]) -> None:
    """The few server-side defaults clients rely on."""
    if rt.group == "" and rt.plural == "secrets":
        string_data = obj.pop("stringData", None) or {}
        data = obj.setdefault("data", {}) if string_data else obj.get("data")
        for k, v in string_data.items():
            data[k] = base64.b64encode(str(v).encode()).decode()
        obj.setdefault("type", "Opaque")
    elif rt.group == "" and rt.plural == "namespaces":
        obj["status"] = obj.get("status") or {"phase": "Active"}
        obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = \
            obj["metadata"]["name"]
    elif rt.group == "" and rt.plural == "services":
        spec = obj.setdefault("spec", {})
        spec.setdefault("type", "ClusterIP")
        if spec.get("type") != "ExternalName" and not spec.get("clusterIP"):
            spec["clusterIP"] = f"10.96.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
            spec["clusterIPs"] = [spec["clusterIP"]]
        if spec.get("type") == "LoadBalancer":
            # A load balancer "provisioned" at once, so readiness checks can pass.
            obj["status"] = {"loadBalancer": {"ingress": [{"ip": "127.0.0.1"}]}}
    elif rt.group == "" and rt.plural == "persistentvolumeclaims":
        obj.setdefault("status", {"phase": "Bound"})


def _crd_status(crd: dict[str, Any]) -> None:
    names = (crd.get("spec") or {}).get("names") or {}
    accepted = dict(names)
    accepted.setdefault("singular", str(names.get("kind", "")).lower())
    accepted.setdefault("listKind", str(names.get("kind", "")) + "List")
    stamp = now_rfc3339()
    crd["status"] = {
        "acceptedNames": accepted,
        "conditions": [
            {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
             "message": "no conflicts found", "lastTransitionTime": stamp},
            {"type": "Established", "status": "True", "reason": "InitialNamesAccepted",
             "message": "the initial names have been accepted", "lastTransitionTime": stamp},
        ],
        "storedVersions": [v.get("name") for v in (crd.get("spec") or {}).get("versions") or []
                           if v.get("storage")],
    }


def _review(rt: ResourceType, body: dict[str, Any]) -> dict[str, Any]:
    """Access and token reviews are answered, never stored: everything is allowed."""
    out = copy.deepcopy(body)
    out["apiVersion"], out["kind"] = rt.group_version, rt.kind
    out.setdefault("metadata", {})["creationTimestamp"] = None
    if rt.group == "authorization.k8s.io":
        out["status"] = {"allowed": True, "reason": "the emulator allows every request"}
        if rt.kind == "SelfSubjectRulesReview":
            out["status"] = {"resourceRules": [{"verbs": ["*"], "apiGroups": ["*"],
                                                "resources": ["*"]}],
                             "nonResourceRules": [{"verbs": ["*"],
                                                   "nonResourceURLs": ["*"]}],
                             "incomplete": False}
    else:
        out["status"] = {"authenticated": True, "userInfo": {
            "username": "emulator-admin", "groups": ["system:masters",
                                                     "system:authenticated"]}}
    return out
