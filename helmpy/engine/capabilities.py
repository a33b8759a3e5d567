"""``.Capabilities``: the cluster and Helm versions templates see.

Without a cluster, Helm v4.2.3 uses built-in defaults: Kubernetes v1.36.0 and a fixed list of
API group/versions (the order matters: ``range`` yields it). ``--kube-version`` and
``--api-versions`` adjust them.
"""
from __future__ import annotations

import re
from typing import Any

from helmpy.errors import HelmpyError
from helmpy.gotemplate.gotypes import STRING, FuncSpec, GoStruct, StrList

DEFAULT_KUBE_VERSION = "v1.36.0"
HELM_VERSION = "v4.2"
GO_VERSION = "go1.26.6"
KUBE_CLIENT_VERSION = "v1.36"

DEFAULT_API_VERSIONS: tuple[str, ...] = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
)


class VersionSet(StrList):
    """common.VersionSet: the API versions list, with ``.Has``."""

    __slots__ = ()
    go_type = "common.VersionSet"
    go_methods: dict[str, FuncSpec] = {}


def _has(versions: VersionSet, name: str) -> bool:
    return name in versions


VersionSet.go_methods = {"Has": FuncSpec("Has", _has, (STRING,))}


class KubeVersion(GoStruct):
    go_type = "common.KubeVersion"
    go_fields = ("Version", "Major", "Minor")

    def __init__(self, version: str, major: str, minor: str, normalized: str = "") -> None:
        self.Version = version
        self.GitVersion = version
        self.Major = major
        self.Minor = minor
        self.normalized = normalized or version

    def go_string(self) -> str:  # Go's Stringer: printing the struct prints the version
        return self.normalized

    def go_json(self) -> str:
        return _struct_json(("Version", self.Version), ("Major", self.Major),
                            ("Minor", self.Minor))

    def go_print_fields(self) -> list[Any]:  # Version, normalizedVersion, Major, Minor
        return [self.Version, self.normalized, self.Major, self.Minor]


class HelmBuildInfo(GoStruct):
    go_type = "version.BuildInfo"
    go_fields = ("Version", "GitCommit", "GitTreeState", "GoVersion", "KubeClientVersion")

    def __init__(self) -> None:
        self.Version = HELM_VERSION
        self.GitCommit = ""
        self.GitTreeState = ""
        self.GoVersion = GO_VERSION
        self.KubeClientVersion = KUBE_CLIENT_VERSION

    def go_json(self) -> str:
        return _struct_json(("version", self.Version), ("go_version", self.GoVersion),
                            ("kube_client_version", self.KubeClientVersion))

    def go_print_fields(self) -> list[Any]:
        return [self.Version, self.GitCommit, self.GitTreeState, self.GoVersion,
                self.KubeClientVersion]


class Capabilities(GoStruct):
    go_type = "*common.Capabilities"
    go_fields = ("KubeVersion", "APIVersions", "HelmVersion")

    def __init__(self, kube_version: KubeVersion, api_versions: VersionSet) -> None:
        self.KubeVersion = kube_version
        self.APIVersions = api_versions
        self.HelmVersion = HelmBuildInfo()

    def go_json(self) -> str:
        return _struct_json(("KubeVersion", self.KubeVersion), ("APIVersions", self.APIVersions),
                            ("HelmVersion", self.HelmVersion))

    def go_print_fields(self) -> list[Any]:
        return [self.KubeVersion, self.APIVersions, self.HelmVersion]


def _struct_json(*fields: tuple[str, Any]) -> str:
    """A Go struct's JSON: fields in declaration order (json.Marshal of a struct)."""
    from helmpy.goyaml.gojson import dumps

    return "{" + ",".join(f"{dumps(name)}:{dumps(value)}" for name, value in fields) + "}"


_GENERIC_VERSION = re.compile(r"^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$", re.DOTALL)


def parse_generic_version(text: str) -> list[int]:
    """Kubernetes' version.ParseGeneric: two or more numeric components, anything after."""
    from helmpy.gotemplate.gostrconv import quote

    match = _GENERIC_VERSION.match(text)
    if match is None:
        raise HelmpyError(f"could not parse {quote(text)} as version")
    components = match.group(1).split(".")
    if len(components) < 2:
        raise HelmpyError(f"illegal version string {quote(text)}")
    if components[0].startswith("0") and components[0] != "0":
        raise HelmpyError(f"illegal zero-prefixed version component {quote(components[0])} "
                          f"in {quote(text)}")
    return [int(c) for c in components]


def parse_kube_version(text: str) -> KubeVersion:
    """``--kube-version`` as Helm v4.2's ParseKubeVersion reads it: ``.Version`` keeps the
    text given (with a ``v``), printing it shows the normalised ``vMAJOR.MINOR[.PATCH]``."""
    components = parse_generic_version(text)
    version = text if text.startswith("v") else "v" + text
    return KubeVersion(version, str(components[0]), str(components[1]),
                       normalized="v" + ".".join(str(c) for c in components))


def make_capabilities(kube_version: str | None = None,
                      api_versions: tuple[str, ...] | list[str] = ()) -> Capabilities:
    """Helm's default capabilities, adjusted by ``--kube-version``/``--api-versions``."""
    kube = parse_kube_version(kube_version) if kube_version else KubeVersion(
        DEFAULT_KUBE_VERSION, "1", "36")
    versions = VersionSet(DEFAULT_API_VERSIONS)
    for extra in api_versions:
        if extra not in versions:
            versions.append(extra)
    return Capabilities(kube, versions)
