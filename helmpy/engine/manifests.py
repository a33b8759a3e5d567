"""Splitting rendered templates into manifests and hooks, in Helm's install order.

Mirrors Helm's pkg/release/v1/util: SplitManifests (documents split on ``---`` lines),
SortManifests (files in lexical order, documents in file order, hooks recognised by the
``helm.sh/hook`` annotation) and the kind orders used for install and uninstall.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from helmpy.chart.metadata import scalar_as_go_string
from helmpy.chart.yamlio import go_json_kind
from helmpy.errors import RenderError

HOOK_ANNOTATION = "helm.sh/hook"
HOOK_WEIGHT_ANNOTATION = "helm.sh/hook-weight"
HOOK_DELETE_ANNOTATION = "helm.sh/hook-delete-policy"
HOOK_OUTPUT_LOG_ANNOTATION = "helm.sh/hook-output-log-policy"

# Helm 2's test-success is read as Helm 3/4's test event.
HOOK_EVENTS = {
    "pre-install": "pre-install",
    "post-install": "post-install",
    "pre-delete": "pre-delete",
    "post-delete": "post-delete",
    "pre-upgrade": "pre-upgrade",
    "post-upgrade": "post-upgrade",
    "pre-rollback": "pre-rollback",
    "post-rollback": "post-rollback",
    "test": "test",
    "test-success": "test",
}

INSTALL_ORDER: tuple[str, ...] = (
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
)
UNINSTALL_ORDER: tuple[str, ...] = (
    "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "Ingress",
    "IngressClass", "Service", "CronJob", "Job", "StatefulSet", "HorizontalPodAutoscaler",
    "Deployment", "ReplicaSet", "ReplicationController", "Pod", "DaemonSet", "RoleBindingList",
    "RoleBinding", "RoleList", "Role", "ClusterRoleBindingList", "ClusterRoleBinding",
    "ClusterRoleList", "ClusterRole", "CustomResourceDefinition", "PersistentVolumeClaim",
    "PersistentVolume", "StorageClass", "ConfigMap", "SecretList", "Secret", "ServiceAccount",
    "PodDisruptionBudget", "PodSecurityPolicy", "LimitRange", "ResourceQuota", "NetworkPolicy",
    "Namespace", "PriorityClass",
)

# Go's unicode.IsSpace (Python's str.isspace also accepts \x1c-\x1f, which Go does not).
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
            "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# Go's regexp \s is [\t\n\f\r ].
_SEPARATOR = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")


def go_trim_space(text: str) -> str:
    return text.strip(_GO_SPACE)


_REGEX_SPACE = frozenset("\t\n\f\r ")


def _split_on_separators(text: str) -> list[str]:
    """``_SEPARATOR.split(text)`` in linear time (the regex retries every run of spaces).

    A separator is ``---`` at the very start, or a newline followed by ``---`` together
    with the spaces before that newline (back to the previous separator), and the spaces
    after the dashes."""
    pieces: list[str] = []
    start = 0  # where the current piece begins (the end of the previous separator)
    search = 0
    length = len(text)
    while True:
        if search == 0 and text.startswith("---"):
            begin, dashes = 0, 0
        else:
            newline = text.find("\n---", search)
            if newline == -1:
                break
            begin, dashes = newline, newline + 1
            while begin > start and text[begin - 1] in _REGEX_SPACE:
                begin -= 1
        end = dashes + 3
        while end < length and text[end] in _REGEX_SPACE:
            end += 1
        pieces.append(text[start:begin])
        start = search = end
    pieces.append(text[start:])
    return pieces


def split_manifests(text: str) -> list[str]:
    """Helm's SplitManifests: the non-empty YAML documents of a rendered file, in order."""
    docs = _split_on_separators(text.lstrip(_GO_SPACE))
    return [d.lstrip(_GO_SPACE) for d in docs if d != ""]


@dataclass
class Manifest:
    path: str  # the template that produced it, e.g. "mychart/templates/svc.yaml"
    content: str
    kind: str = ""
    api_version: str = ""
    name: str = ""
    annotations: dict[str, str] = field(default_factory=dict)


@dataclass
class Hook:
    """A hook resource, as Helm's release.Hook records it."""

    name: str
    kind: str
    path: str
    manifest: str
    events: list[str]
    weight: int = 0
    delete_policies: list[str] = field(default_factory=list)
    output_log_policies: list[str] = field(default_factory=list)


def _go_atoi(text: str) -> int:
    """strconv.Atoi, 0 on error (Helm's hook-weight reading)."""
    if re.fullmatch(r"[+-]?[0-9]+", text or ""):
        value = int(text)
        if -(2**63) <= value < 2**63:
            return value
    return 0


def read_head(doc: str, path: str) -> Manifest:
    """Unmarshal a document's apiVersion/kind/metadata the way Helm's SimpleHead does."""
    from helmpy.goyaml.reader import load

    try:
        data = load(doc)
    except Exception as err:  # noqa: BLE001 - any YAML failure is Helm's parse error
        raise RenderError(f"YAML parse error on {path}: {err}") from None
    head = Manifest(path=path, content=doc)
    if data is None:
        return head
    if not isinstance(data, dict):
        raise RenderError(
            f"YAML parse error on {path}: error unmarshaling JSON: while decoding JSON: "
            f"json: cannot unmarshal {go_json_kind(data)} into Go value of type util.SimpleHead")

    def string_field(value: Any, field_name: str) -> str:
        text = "" if value is None else scalar_as_go_string(value)
        if text is None:
            raise RenderError(
                f"YAML parse error on {path}: error unmarshaling JSON: while decoding JSON: "
                f"json: cannot unmarshal {go_json_kind(value)} into Go struct field "
                f"{field_name} of type string")
        return text

    head.api_version = string_field(data.get("apiVersion"), "SimpleHead.apiVersion")
    head.kind = string_field(data.get("kind"), "SimpleHead.kind")
    meta = data.get("metadata")
    if isinstance(meta, dict):
        head.name = string_field(meta.get("name"), "SimpleHead.metadata.name")
        annotations = meta.get("annotations")
        if isinstance(annotations, dict):
            for key, value in annotations.items():
                head.annotations[str(key)] = string_field(value, ".metadata.annotations")
    return head


def sort_by_kind(items: list[Any], order: tuple[str, ...] = INSTALL_ORDER) -> list[Any]:
    """Stable sort by kind: known kinds in ``order``, unknown ones last, alphabetically."""
    rank = {kind: i for i, kind in enumerate(order)}
    unknown = len(order)
    return sorted(items, key=lambda m: (rank.get(m.kind, unknown),
                                        "" if m.kind in rank else m.kind))


def sort_manifests(files: dict[str, str]) -> tuple[list[Hook], list[Manifest]]:
    """Helm's SortManifests: hooks and ordinary manifests, each in install order."""
    hooks: list[Hook] = []
    generic: list[Manifest] = []
    for path in sorted(files):
        content = files[path]
        if path.rsplit("/", 1)[-1].startswith("_") or go_trim_space(content) == "":
            continue
        for doc in split_manifests(content):
            head = read_head(doc, path)
            hook_types = head.annotations.get(HOOK_ANNOTATION) if head.annotations else None
            if hook_types is None:
                generic.append(head)
                continue
            events: list[str] = []
            for hook_type in hook_types.split(","):
                event = HOOK_EVENTS.get(go_trim_space(hook_type).lower())
                if event is None:
                    events = []
                    break
                events.append(event)
            if not events:
                continue  # Helm skips a document naming an unknown hook
            hooks.append(Hook(
                name=head.name, kind=head.kind, path=path, manifest=doc, events=events,
                weight=_go_atoi(head.annotations.get(HOOK_WEIGHT_ANNOTATION, "")),
                delete_policies=_policies(head.annotations.get(HOOK_DELETE_ANNOTATION)),
                output_log_policies=_policies(head.annotations.get(HOOK_OUTPUT_LOG_ANNOTATION)),
            ))
    return sort_by_kind(hooks), sort_by_kind(generic)


def _policies(value: str | None) -> list[str]:
    if value is None:
        return []
    return [go_trim_space(p).lower() for p in value.split(",")]
