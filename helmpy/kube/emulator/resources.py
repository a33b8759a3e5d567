"""The emulator's table of API resources: built-in kinds plus kinds registered by CRDs.

Each entry carries what discovery reports (kind, plural, scope, verbs, short names) so that
clients can map a manifest's kind to a URL the way they do against a real API server.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]


@dataclass(frozen=True)
class ResourceType:
    """One resource (plural) in one group/version."""

    group: str
    version: str
    kind: str
    plural: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    subresources: tuple[str, ...] = ("status",)
    verbs: tuple[str, ...] = tuple(ALL_VERBS)
    from_crd: bool = False

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def qualified(self) -> str:
        """``plural.group`` as used in Kubernetes error messages (``deployments.apps``)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


def _builtin() -> list[ResourceType]:
    def r(gv: str, kind: str, plural: str, namespaced: bool = True,
          short: tuple[str, ...] = (), sub: tuple[str, ...] = ("status",)) -> ResourceType:
        group, _, version = gv.rpartition("/")
        return ResourceType(group, version, kind, plural, namespaced, short, sub)

    return [
        r("v1", "Pod", "pods", short=("po",), sub=("status", "log", "exec", "eviction")),
        r("v1", "Service", "services", short=("svc",)),
        r("v1", "ConfigMap", "configmaps", short=("cm",), sub=()),
        r("v1", "Secret", "secrets", sub=()),
        r("v1", "ServiceAccount", "serviceaccounts", short=("sa",), sub=("token",)),
        r("v1", "Namespace", "namespaces", namespaced=False, short=("ns",)),
        r("v1", "PersistentVolumeClaim", "persistentvolumeclaims", short=("pvc",)),
        r("v1", "PersistentVolume", "persistentvolumes", namespaced=False, short=("pv",)),
        r("v1", "Endpoints", "endpoints", short=("ep",), sub=()),
        r("v1", "Event", "events", short=("ev",), sub=()),
        r("v1", "Node", "nodes", namespaced=False, short=("no",)),
        r("v1", "LimitRange", "limitranges", short=("limits",), sub=()),
        r("v1", "ResourceQuota", "resourcequotas", short=("quota",)),
        r("v1", "ReplicationController", "replicationcontrollers", short=("rc",),
          sub=("status", "scale")),
        r("v1", "PodTemplate", "podtemplates", sub=()),
        r("apps/v1", "Deployment", "deployments", short=("deploy",), sub=("status", "scale")),
        r("apps/v1", "StatefulSet", "statefulsets", short=("sts",), sub=("status", "scale")),
        r("apps/v1", "DaemonSet", "daemonsets", short=("ds",)),
        r("apps/v1", "ReplicaSet", "replicasets", short=("rs",), sub=("status", "scale")),
        r("apps/v1", "ControllerRevision", "controllerrevisions", sub=()),
        r("batch/v1", "Job", "jobs"),
        r("batch/v1", "CronJob", "cronjobs", short=("cj",)),
        r("networking.k8s.io/v1", "Ingress", "ingresses", short=("ing",)),
        r("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", short=("netpol",), sub=()),
        r("networking.k8s.io/v1", "IngressClass", "ingressclasses", namespaced=False, sub=()),
        r("rbac.authorization.k8s.io/v1", "Role", "roles", sub=()),
        r("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", sub=()),
        r("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", namespaced=False, sub=()),
        r("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings",
          namespaced=False, sub=()),
        r("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions",
          namespaced=False, short=("crd", "crds")),
        r("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", short=("pdb",)),
        r("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", short=("hpa",)),
        r("autoscaling/v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", short=("hpa",)),
        r("storage.k8s.io/v1", "StorageClass", "storageclasses", namespaced=False,
          short=("sc",), sub=()),
        r("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses", namespaced=False,
          short=("pc",), sub=()),
        r("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration",
          "mutatingwebhookconfigurations", namespaced=False, sub=()),
        r("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
          "validatingwebhookconfigurations", namespaced=False, sub=()),
        r("coordination.k8s.io/v1", "Lease", "leases", sub=()),
        r("discovery.k8s.io/v1", "EndpointSlice", "endpointslices", sub=()),
        r("apiregistration.k8s.io/v1", "APIService", "apiservices", namespaced=False),
        r("storage.k8s.io/v1", "CSIDriver", "csidrivers", namespaced=False, sub=()),
        r("storage.k8s.io/v1", "CSINode", "csinodes", namespaced=False, sub=()),
        r("storage.k8s.io/v1", "VolumeAttachment", "volumeattachments", namespaced=False),
        r("node.k8s.io/v1", "RuntimeClass", "runtimeclasses", namespaced=False, sub=()),
        r("events.k8s.io/v1", "Event", "events", short=("ev",), sub=()),
        r("certificates.k8s.io/v1", "CertificateSigningRequest", "certificatesigningrequests",
          namespaced=False, short=("csr",), sub=("status", "approval")),
        r("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy",
          "validatingadmissionpolicies", namespaced=False),
        r("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding",
          "validatingadmissionpolicybindings", namespaced=False, sub=()),
        r("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "flowschemas", namespaced=False),
        r("flowcontrol.apiserver.k8s.io/v1", "PriorityLevelConfiguration",
          "prioritylevelconfigurations", namespaced=False),
        *[ResourceType("authorization.k8s.io", "v1", kind, kind.lower() + "s", namespaced,
                       (), (), ("create",))
          for kind, namespaced in (("SelfSubjectAccessReview", False),
                                   ("SelfSubjectRulesReview", False),
                                   ("SubjectAccessReview", False),
                                   ("LocalSubjectAccessReview", True))],
        ResourceType("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", False, (),
                     (), ("create",)),
        ResourceType("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews",
                     False, (), (), ("create",)),
    ]


@dataclass
class ResourceRegistry:
    """Thread-safe lookup of resource types by URL parts or by apiVersion/kind."""

    _types: list[ResourceType] = field(default_factory=_builtin)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def all(self) -> list[ResourceType]:
        with self._lock:
            return list(self._types)

    def by_path(self, group: str, version: str, plural: str) -> ResourceType | None:
        with self._lock:
            for rt in self._types:
                if (rt.group, rt.version, rt.plural) == (group, version, plural):
                    return rt
        return None

    def by_kind(self, api_version: str, kind: str) -> ResourceType | None:
        group, _, version = api_version.rpartition("/")
        with self._lock:
            for rt in self._types:
                if (rt.group, rt.version, rt.kind) == (group, version, kind):
                    return rt
        return None

    def group_versions(self) -> dict[str, list[str]]:
        """Group name -> served versions, preferred version first, in registration order."""
        out: dict[str, list[str]] = {}
        with self._lock:
            for rt in self._types:
                versions = out.setdefault(rt.group, [])
                if rt.version not in versions:
                    versions.append(rt.version)
        return out

    def register_crd(self, crd: dict) -> list[ResourceType]:
        """Add (or replace) the resource types a CustomResourceDefinition serves."""
        spec = crd.get("spec") or {}
        names = spec.get("names") or {}
        group = spec.get("group", "")
        plural = names.get("plural", "")
        namespaced = spec.get("scope", "Namespaced") == "Namespaced"
        added: list[ResourceType] = []
        for ver in spec.get("versions") or []:
            if not ver.get("served", True):
                continue
            sub = ("status",) if "status" in (ver.get("subresources") or {}) else ()
            added.append(ResourceType(group, ver.get("name", "v1"), names.get("kind", ""),
                                      plural, namespaced, tuple(names.get("shortNames") or ()),
                                      sub, from_crd=True))
        # The storage version is preferred: list it first.
        storage = [v.get("name") for v in spec.get("versions") or [] if v.get("storage")]
        added.sort(key=lambda rt: rt.version not in storage)
        with self._lock:
            self._types = [rt for rt in self._types
                           if not (rt.from_crd and rt.group == group and rt.plural == plural)]
            self._types.extend(added)
        return added

    def unregister_crd(self, crd: dict) -> None:
        spec = crd.get("spec") or {}
        group = spec.get("group", "")
        plural = (spec.get("names") or {}).get("plural", "")
        with self._lock:
            self._types = [rt for rt in self._types
                           if not (rt.from_crd and rt.group == group and rt.plural == plural)]
