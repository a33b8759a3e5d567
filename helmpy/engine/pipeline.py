"""``render``: a full install render, as the release Helm would store.

Renders every template, takes the root chart's NOTES.txt out (subcharts' too with
``render_subchart_notes``), splits and sorts the rest into manifests and hooks, and gathers
the CRDs of every ``crds/`` directory in the tree.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from helmpy.engine.manifests import Hook, Manifest, sort_manifests
from helmpy.engine.render import RenderRequest, engine_for, prepare
from helmpy.errors import HelmpyError, RenderError
from helmpy.gctuning import fewer_full_collections

NOTES_SUFFIX = "NOTES.txt"
SOURCE_HEADER = "---\n# Source: {}\n{}\n"


@dataclass
class CRDFile:
    filename: str  # with the chart's full path, e.g. "mychart/charts/sub/crds/x.yaml"
    text: str


@dataclass
class RenderResult:
    manifest: str  # the release manifest: ordinary resources only, in install order
    manifests: list[Manifest]
    hooks: list[Hook]
    notes: str
    crds: list[CRDFile]
    values: dict[str, Any]  # the .Values the root chart's templates saw (before rendering)
    templates: dict[str, str]  # every rendered template, NOTES.txt included
    chart: Any = None  # the dependency-processed chart tree that was rendered
    warnings: list[str] = field(default_factory=list)

    def hooks_text(self, skip_tests: bool = False) -> str:
        return "".join(SOURCE_HEADER.format(h.path, h.manifest) for h in self.hooks
                       if not (skip_tests and "test" in h.events))

    def crds_text(self) -> str:
        return "".join(SOURCE_HEADER.format(c.filename, c.text) for c in self.crds)


def render(chart: Any, render_subchart_notes: bool = False, **kwargs: Any) -> RenderResult:
    """Render ``chart`` as ``helm install`` would (offline). See RenderRequest for kwargs."""
    with fewer_full_collections():
        return _render(chart, render_subchart_notes, **kwargs)


def _render(chart: Any, render_subchart_notes: bool, **kwargs: Any) -> RenderResult:
    from helmpy.goyaml.deep import deep_copy

    request = RenderRequest(**kwargs)
    check_dependencies(chart)
    prepared = prepare(chart, request)
    check_kube_version(prepared.chart, prepared.top["Capabilities"].KubeVersion.go_string())
    values_snapshot = deep_copy(prepared.top["Values"])
    templates = engine_for(request).render(prepared.chart, prepared.top)

    root_notes = posixpath.join(prepared.chart.name(), "templates", NOTES_SUFFIX)
    files = {p: text for p, text in templates.items() if not p.endswith(NOTES_SUFFIX)}
    # The root chart's notes; with render_subchart_notes every chart's, the root's first.
    notes_parts = [templates[p] for p in sorted(templates, key=lambda p: p != root_notes)
                   if p.endswith(NOTES_SUFFIX) and (render_subchart_notes or p == root_notes)]
    try:
        hooks, manifests = sort_manifests(files)
    except RenderError as err:
        # Like Helm, keep what was rendered so `template --debug` can show the invalid YAML.
        err.rendered = "".join(SOURCE_HEADER.format(name, text)  # type: ignore[attr-defined]
                               for name, text in sorted(files.items()) if text.strip())
        raise
    manifest = "".join(SOURCE_HEADER.format(m.path, m.content) for m in manifests)
    crds = [CRDFile(c.filename, c.file.data.decode("utf-8", errors="replace"))
            for c in prepared.chart.crd_objects()]
    return RenderResult(
        manifest=manifest, manifests=manifests, hooks=hooks, notes=_join_notes(notes_parts),
        crds=crds, values=values_snapshot, templates=templates, chart=prepared.chart,
        warnings=request.warnings,
    )


def check_dependencies(chart: Any) -> None:
    """Helm's CheckDependencies: every declared dependency must be present in charts/."""
    present = {sub.name() for sub in chart.dependencies}
    missing = [d.name for d in chart.metadata.dependencies or [] if d.name not in present]
    if missing:
        raise HelmpyError("found in Chart.yaml, but missing in charts/ directory: "
                          + ", ".join(missing))


def is_compatible_range(constraint: str, version: str) -> bool:
    """Helm's IsCompatibleRange: false when either side does not parse."""
    from helmpy.versions import Constraints, Version

    try:
        return Constraints.parse(constraint).check(Version.parse(version))
    except ValueError:
        return False


def check_kube_version(chart: Any, kube_version: str) -> None:
    wanted = chart.metadata.kube_version
    if wanted and not is_compatible_range(wanted, kube_version):
        raise HelmpyError(f"chart requires kubeVersion: {wanted} which is incompatible with "
                          f"Kubernetes {kube_version}")


def _join_notes(parts: list[str]) -> str:
    """Helm adds a newline between notes only once the buffer holds something."""
    out = ""
    for part in parts:
        if out:
            out += "\n"
        out += part
    return out
