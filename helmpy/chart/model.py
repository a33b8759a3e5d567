"""The in-memory chart: Helm's chart.Chart (pkg/chart/v2) as plain Python objects.

A :class:`Chart` is what the loader returns and what the engine renders. Subcharts hang off
``dependencies`` with ``parent`` pointing back, so ``full_path()`` gives Helm's
ChartFullPath (``root/charts/sub/charts/subsub``).
"""
from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass, field
from typing import Any

from helmpy.goyaml.deep import deep_copy


@dataclass
class ChartFile:
    """One file of a chart: ``name`` is its '/'-separated path relative to the chart root."""

    name: str
    data: bytes
    # Modification time (seconds since the epoch) when known; Helm keeps it in packages.
    mtime: float | None = field(default=None, compare=False)


@dataclass
class Maintainer:
    name: str = ""
    email: str = ""
    url: str = ""

    def to_json_dict(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in (("name", self.name), ("email", self.email), ("url", self.url)):
            if value:
                out[key] = value
        return out


@dataclass
class Dependency:
    """One entry of Chart.yaml's (or requirements.yaml's) ``dependencies``."""

    name: str = ""
    version: str = ""
    repository: str = ""
    condition: str = ""
    tags: list[str] = field(default_factory=list)
    enabled: bool = False
    import_values: list[Any] = field(default_factory=list)
    alias: str = ""
    depends_on: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Go's JSON form (field order and omitempty of chart.Dependency)."""
        out: dict[str, Any] = {"name": self.name}
        if self.version:
            out["version"] = self.version
        out["repository"] = self.repository
        if self.condition:
            out["condition"] = self.condition
        if self.tags:
            out["tags"] = list(self.tags)
        if self.enabled:
            out["enabled"] = True
        if self.import_values:
            out["import-values"] = copy.deepcopy(self.import_values)
        if self.alias:
            out["alias"] = self.alias
        if self.depends_on:
            out["depends-on"] = list(self.depends_on)
        return out


@dataclass
class Metadata:
    """Chart.yaml as Helm's chart.Metadata models it."""

    api_version: str = ""
    name: str = ""
    version: str = ""
    app_version: str = ""
    description: str = ""
    type: str = ""
    kube_version: str = ""
    keywords: list[str] = field(default_factory=list)
    home: str = ""
    sources: list[str] = field(default_factory=list)
    maintainers: list[Maintainer] = field(default_factory=list)
    icon: str = ""
    deprecated: bool = False
    annotations: dict[str, str] = field(default_factory=dict)
    condition: str = ""
    tags: str = ""
    dependencies: list[Dependency] = field(default_factory=list)
    # Go tells a nil dependency list from an empty one, and Helm's dependency processing
    # skips charts whose list is nil; True once Chart.yaml (or requirements.yaml) set it.
    dependencies_declared: bool = False
    # Chart.yaml as Helm's YAML reader typed it (before any struct decoding).
    raw: dict = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """Go's JSON form of chart.Metadata: struct field order, empty fields omitted."""
        out: dict[str, Any] = {}

        def put(key: str, value: Any) -> None:
            if value:
                out[key] = value

        put("name", self.name)
        put("home", self.home)
        put("sources", list(self.sources))
        put("version", self.version)
        put("description", self.description)
        put("keywords", list(self.keywords))
        put("maintainers", [m.to_json_dict() for m in self.maintainers])
        put("icon", self.icon)
        put("apiVersion", self.api_version)
        put("condition", self.condition)
        put("tags", self.tags)
        put("appVersion", self.app_version)
        put("deprecated", self.deprecated)
        put("annotations", dict(self.annotations))
        put("kubeVersion", self.kube_version)
        put("dependencies", [d.to_json_dict() for d in self.dependencies])
        put("type", self.type)
        return out


@dataclass
class Lock:
    """Chart.lock (v2) or requirements.lock (v1)."""

    generated: str = ""
    digest: str = ""
    dependencies: list[Dependency] = field(default_factory=list)


MANIFEST_EXTENSIONS = (".yaml", ".yml", ".json")


@dataclass
class CRD:
    """One file of a ``crds/`` directory, as Helm's Chart.CRDObjects lists it."""

    name: str  # path inside its chart, e.g. "crds/foo.yaml"
    filename: str  # with the chart's full path: "root/charts/sub/crds/foo.yaml"
    file: ChartFile


@dataclass(eq=False)
class Chart:
    """A loaded chart and its subcharts."""

    metadata: Metadata = field(default_factory=Metadata)
    values: dict = field(default_factory=dict)
    raw_values: bytes | None = None
    schema: bytes | None = None
    templates: list[ChartFile] = field(default_factory=list)
    files: list[ChartFile] = field(default_factory=list)
    raw_files: list[ChartFile] = field(default_factory=list)
    lock: Lock | None = None
    dependencies: list[Chart] = field(default_factory=list)
    parent: Chart | None = None
    path: str = ""

    def name(self) -> str:
        return self.metadata.name

    def is_root(self) -> bool:
        return self.parent is None

    def root(self) -> Chart:
        chart = self
        while chart.parent is not None:
            chart = chart.parent
        return chart

    def add_dependency(self, *charts: Chart) -> None:
        for sub in charts:
            sub.parent = self
            self.dependencies.append(sub)

    def set_dependencies(self, *charts: Chart) -> None:
        self.dependencies = []
        self.add_dependency(*charts)

    def chart_path(self) -> str:
        """Helm's ChartPath: the chart names from the root, dot-separated."""
        if self.parent is None:
            return self.name()
        return self.parent.chart_path() + "." + self.name()

    def full_path(self) -> str:
        """Helm's ChartFullPath: ``root/charts/sub/charts/subsub``."""
        if self.parent is None:
            return self.name()
        return self.parent.full_path() + "/charts/" + self.name()

    def app_version(self) -> str:
        return self.metadata.app_version

    @property
    def crds(self) -> list[ChartFile]:
        """This chart's own ``crds/`` manifests (not its subcharts')."""
        return [f for f in self.files if _is_crd_file(f.name)]

    def crd_objects(self) -> list[CRD]:
        """Helm's CRDObjects: this chart's CRD files, then each subchart's, depth first."""
        found = [CRD(f.name, posixpath.join(self.full_path(), f.name), f) for f in self.crds]
        for sub in self.dependencies:
            found.extend(sub.crd_objects())
        return found

    def raw_file(self, name: str) -> ChartFile | None:
        """A file as it was read from disk or archive (Chart.yaml, values.yaml included)."""
        for f in self.raw_files:
            if f.name == name:
                return f
        return None

    def __repr__(self) -> str:
        return f"Chart({self.full_path()!r} {self.metadata.version!r}, {len(self.dependencies)} deps)"


def _is_crd_file(name: str) -> bool:
    return name.startswith("crds/") and posixpath.splitext(name)[1].lower() in MANIFEST_EXTENSIONS


def copy_chart_shallow(chart: Chart) -> Chart:
    """A copy sharing file data but with its own metadata, values and dependency list.

    Used by dependency processing, which prunes and renames charts without touching the
    tree the caller loaded.
    """
    clone = copy.copy(chart)
    clone.metadata = copy.deepcopy(chart.metadata)
    clone.values = deep_copy(chart.values)
    clone.templates = list(chart.templates)
    clone.files = list(chart.files)
    clone.parent = None
    clone.dependencies = []
    for sub in chart.dependencies:
        clone.add_dependency(copy_chart_shallow(sub))
    return clone
