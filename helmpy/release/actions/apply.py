"""Putting a release's objects into the cluster and taking them out again.

Creates in Helm's install order and deletes in its uninstall order; stamps every object
with Helm's ownership label and annotations (so Helm and helmpy recognise each other's
objects); refuses to adopt objects owned by someone else unless asked to; honours
``helm.sh/resource-policy: keep``; updates by server-side apply (field manager
``helmpy``), falling back to a three-way JSON merge patch where the server has no apply.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from helmpy.engine.manifests import INSTALL_ORDER, UNINSTALL_ORDER
from helmpy.errors import HelmpyError
from helmpy.kube.client import ConflictError, KubeClient, KubeError, NotFoundError, ResourceInfo
from helmpy.release.actions.base import FIELD_MANAGER, parse_documents

MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY_VALUE = "Helm"  # Helm's value, so that Helm accepts the objects helmpy creates
RELEASE_NAME_ANNOTATION = "meta.helm.sh/release-name"
RELEASE_NAMESPACE_ANNOTATION = "meta.helm.sh/release-namespace"
RESOURCE_POLICY_ANNOTATION = "helm.sh/resource-policy"
KEEP_POLICY = "keep"
# Status codes that mean "this server does not do server-side apply here".
NO_APPLY_STATUSES = (405, 415)


@dataclass
class Resource:
    """One object of a manifest, its discovery facts, and where it lives."""

    obj: dict[str, Any]
    info: ResourceInfo

    @property
    def kind(self) -> str:
        return str(self.obj.get("kind", ""))

    @property
    def api_version(self) -> str:
        return str(self.obj.get("apiVersion", ""))

    @property
    def name(self) -> str:
        return str((self.obj.get("metadata") or {}).get("name", ""))

    @property
    def namespace(self) -> str:
        return str((self.obj.get("metadata") or {}).get("namespace") or "")

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity across API versions of one kind (group, kind, namespace, name)."""
        return self.info.group, self.kind, self.namespace, self.name

    def describe(self) -> str:
        """Helm's resourceString: ``Kind "name" in namespace "ns"``."""
        return f'{self.kind} "{self.name}" in namespace "{self.namespace}"'

    def ref(self) -> str:
        return "/".join(p for p in (self.kind, self.namespace, self.name) if p)

    @property
    def policy(self) -> str | None:
        """The ``helm.sh/resource-policy`` annotation, trimmed and lower-cased (None: absent)."""
        annotations = (self.obj.get("metadata") or {}).get("annotations") or {}
        value = annotations.get(RESOURCE_POLICY_ANNOTATION)
        return None if value is None else str(value).strip().lower()

    @property
    def keep(self) -> bool:
        return self.policy == KEEP_POLICY


@dataclass
class UpdateResult:
    created: list[Resource] = field(default_factory=list)
    updated: list[Resource] = field(default_factory=list)
    deleted: list[Resource] = field(default_factory=list)


def build(kube: KubeClient, manifest: str, namespace: str) -> list[Resource]:
    """Helm's KubeClient.Build: objects with their mapping, namespaced ones defaulted."""
    resources = []
    for obj in parse_documents(manifest):
        api_version, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
        meta = obj.setdefault("metadata", {})
        try:
            info = kube.resource_info(api_version, kind)
        except NotFoundError:
            raise HelmpyError(
                f'resource mapping not found for name: "{meta.get("name", "")}" namespace: '
                f'"{meta.get("namespace", "")}" from "": no matches for kind "{kind}" in '
                f'version "{api_version}"\nensure CRDs are installed first') from None
        if info.namespaced:
            meta["namespace"] = meta.get("namespace") or namespace
        else:
            meta.pop("namespace", None)
        resources.append(Resource(obj, info))
    return resources


def sort_for(resources: list[Resource], order: tuple[str, ...]) -> list[Resource]:
    rank = {kind: i for i, kind in enumerate(order)}
    return sorted(resources, key=lambda r: (rank.get(r.kind, len(order)),
                                            "" if r.kind in rank else r.kind))


def set_ownership(resources: list[Resource], release: str, namespace: str) -> None:
    """Helm's setMetadataVisitor: the managed-by label and the release annotations."""
    for res in resources:
        meta = res.obj.setdefault("metadata", {})
        labels = meta.get("labels") or {}
        labels[MANAGED_BY_LABEL] = MANAGED_BY_VALUE
        meta["labels"] = labels
        annotations = meta.get("annotations") or {}
        annotations[RELEASE_NAME_ANNOTATION] = release
        annotations[RELEASE_NAMESPACE_ANNOTATION] = namespace
        meta["annotations"] = annotations


def _require(values: dict[str, Any], key: str, want: str) -> str:
    if key not in values:
        return f'missing key "{key}": must be set to "{want}"'
    if values[key] != want:
        return f'key "{key}" must equal "{want}": current value is "{values[key]}"'
    return ""


def ownership_error(live: dict[str, Any], release: str, namespace: str) -> str:
    """Helm's checkOwnership, as its message (empty when the object is this release's)."""
    meta = live.get("metadata") or {}
    labels, annotations = meta.get("labels") or {}, meta.get("annotations") or {}
    errors = []
    if problem := _require(labels, MANAGED_BY_LABEL, MANAGED_BY_VALUE):
        errors.append("label validation error: " + problem)
    for key, want in ((RELEASE_NAME_ANNOTATION, release),
                      (RELEASE_NAMESPACE_ANNOTATION, namespace)):
        if problem := _require(annotations, key, want):
            errors.append("annotation validation error: " + problem)
    return "invalid ownership metadata; " + "; ".join(errors) if errors else ""


def existing(kube: KubeClient, resources: list[Resource], release: str, namespace: str,
             take_ownership: bool) -> list[Resource]:
    """Helm's existingResourceConflict (or requireAdoption with --take-ownership): the
    resources already in the cluster; raises if one belongs to someone else."""
    found = []
    for res in resources:
        try:
            live = kube.get(res.api_version, res.kind, res.name, res.namespace or None)
        except NotFoundError:
            continue
        if not take_ownership:
            problem = ownership_error(live, release, namespace)
            if problem:
                raise HelmpyError(f"{res.describe()} exists and cannot be imported into the "
                                  f"current release: {problem}")
        found.append(res)
    return found


def _three_way(original: Any, modified: Any, current: Any) -> Any:
    """A JSON merge patch taking ``current`` to ``modified``, deleting what ``original``
    had and ``modified`` dropped (kubectl's three-way merge, lists replaced whole)."""
    if not isinstance(modified, dict):
        return copy.deepcopy(modified)
    patch: dict[str, Any] = {}
    original = original if isinstance(original, dict) else {}
    current = current if isinstance(current, dict) else {}
    for key, value in modified.items():
        if isinstance(value, dict) and isinstance(current.get(key), dict):
            sub = _three_way(original.get(key), value, current.get(key))
            if sub:
                patch[key] = sub
        elif current.get(key) != value or key not in current:
            patch[key] = copy.deepcopy(value)
    for key in original:
        if key not in modified and key in current:
            patch[key] = None
    return patch


class Applier:
    """Create, update and delete a release's resources on one cluster."""

    def __init__(self, kube: KubeClient, *, server_side: bool = True,
                 force_conflicts: bool = False, force_replace: bool = False,
                 field_manager: str = FIELD_MANAGER, dry_run: bool = False) -> None:
        self.kube = kube
        self.server_side = server_side
        self.force_conflicts = force_conflicts
        self.force_replace = force_replace
        self.field_manager = field_manager
        self.dry_run = dry_run

    def create(self, resources: list[Resource]) -> list[Resource]:
        """Create in install order (server-side apply when enabled, as Helm 4 does)."""
        done = []
        for res in sort_for(resources, INSTALL_ORDER):
            self._put(res, None)
            done.append(res)
        return done

    def _put(self, res: Resource, original: Resource | None) -> None:
        ns = res.namespace or None
        if self.force_replace:
            self._replace(res)
            return
        if self.server_side:
            try:
                self.kube.apply(res.obj, ns, field_manager=self.field_manager,
                                force=self.force_conflicts, dry_run=self.dry_run)
                return
            except ConflictError as err:
                if not self._takes_over(res, err):
                    raise HelmpyError(self._failure(res, err)) from None
                self.kube.apply(res.obj, ns, field_manager=self.field_manager, force=True,
                                dry_run=self.dry_run)
                return
            except KubeError as err:
                if err.status not in NO_APPLY_STATUSES:
                    raise HelmpyError(self._failure(res, err)) from None
                self.server_side = False  # the server cannot apply: merge from now on
        try:
            live = self.kube.get(res.api_version, res.kind, res.name, ns)
        except NotFoundError:
            try:
                self.kube.create(res.obj, ns, dry_run=self.dry_run,
                                 field_manager=self.field_manager)
            except KubeError as err:
                raise HelmpyError(self._failure(res, err)) from None
            return
        patch = _three_way(original.obj if original else {}, res.obj, live)
        if not patch:
            return
        try:
            self.kube.patch(res.api_version, res.kind, res.name, patch, ns,
                            patch_type="merge", field_manager=self.field_manager,
                            dry_run=self.dry_run)
        except KubeError as err:
            raise HelmpyError(self._failure(res, err)) from None

    def _takes_over(self, res: Resource, err: KubeError) -> bool:
        """Whether an apply conflict is only with the release's previous appliers.

        A release written by Helm (or by another helmpy) has its fields owned by that
        tool's field manager through Apply operations; taking them over is what an
        upgrade means. Fields written by controllers or edits (Update operations) stay
        protected: those conflicts need --force-conflicts, as in Helm.
        """
        rivals = set(re.findall(r'conflict with "([^"]+)"', str(err)))
        if not rivals:
            return False
        try:
            live = self.kube.get(res.api_version, res.kind, res.name, res.namespace or None)
        except KubeError:
            return False
        meta = live.get("metadata") or {}
        ours = (meta.get("annotations") or {}).get(RELEASE_NAME_ANNOTATION) == \
            ((res.obj.get("metadata") or {}).get("annotations") or {}).get(
                RELEASE_NAME_ANNOTATION)
        appliers = {str(m.get("manager")) for m in meta.get("managedFields") or []
                    if m.get("operation") == "Apply"}
        return ours and rivals <= appliers

    def _replace(self, res: Resource) -> None:
        """--force-replace: PUT the object over the live one (create it when absent)."""
        ns = res.namespace or None
        try:
            live = self.kube.get(res.api_version, res.kind, res.name, ns)
        except NotFoundError:
            live = None
        try:
            if live is None:
                self.kube.create(res.obj, ns, dry_run=self.dry_run,
                                 field_manager=self.field_manager)
                return
            body = copy.deepcopy(res.obj)
            body["metadata"]["resourceVersion"] = (live.get("metadata") or {}).get(
                "resourceVersion")
            self.kube.replace(body, ns, dry_run=self.dry_run, field_manager=self.field_manager)
        except KubeError as err:
            raise HelmpyError(f"failed to replace object: {err}") from None

    @staticmethod
    def _failure(res: Resource, err: KubeError) -> str:
        return f"failed to apply {res.ref()}: {err}"

    def update(self, original: list[Resource], target: list[Resource]) -> UpdateResult:
        """Helm's KubeClient.Update: apply every target object, then delete what the
        original release had and the target does not (unless kept by policy)."""
        result = UpdateResult()
        before = {r.key: r for r in original}
        for res in sort_for(target, INSTALL_ORDER):
            ns = res.namespace or None
            try:
                self.kube.get(res.api_version, res.kind, res.name, ns)
                is_new = False
            except NotFoundError:
                is_new = True
            self._put(res, before.get(res.key))
            (result.created if is_new else result.updated).append(res)
        wanted = {r.key for r in target}
        dropped = [r for r in original if r.key not in wanted and not r.keep]
        result.deleted = self.delete(dropped)
        return result

    def delete(self, resources: list[Resource], propagation: str | None = "Background"
               ) -> list[Resource]:
        """Delete in uninstall order; objects already gone are skipped silently."""
        gone = []
        for res in sort_for(resources, UNINSTALL_ORDER):
            try:
                self.kube.delete(res.api_version, res.kind, res.name, res.namespace or None,
                                 propagation_policy=propagation, dry_run=self.dry_run)
            except NotFoundError:
                continue
            gone.append(res)
        return gone


def split_kept(resources: list[Resource]) -> tuple[list[Resource], list[Resource]]:
    """Helm's FilterManifestsToKeep: (to delete, kept by ``helm.sh/resource-policy: keep``).

    As in Helm, an object whose policy annotation has any other value is in neither list:
    uninstall leaves it alone without mentioning it.
    """
    return [r for r in resources if r.policy is None], [r for r in resources if r.keep]


def kept_summary(kept: list[Resource]) -> str:
    """Helm's list of kept resources, ``[Kind] name`` per line."""
    return "".join(f"[{r.kind}] {r.name}\n" for r in kept)
