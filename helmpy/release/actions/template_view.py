"""``get all --template``: a stored release as the Go structs Helm's template sees
(``{{ .Release.Name }}``, ``{{ .Release.Info.Status }}``, ``{{ .Release.Chart.Metadata.Version }}``)."""
from __future__ import annotations

from typing import Any

from helmpy.gotemplate.gotypes import GoStruct, Values
from helmpy.release.model import Hook, Info, Release

_METADATA_FIELDS = (("Name", "name"), ("Home", "home"), ("Sources", "sources"),
                    ("Version", "version"), ("Description", "description"),
                    ("Keywords", "keywords"), ("Maintainers", "maintainers"),
                    ("Icon", "icon"), ("APIVersion", "apiVersion"),
                    ("Condition", "condition"), ("Tags", "tags"),
                    ("AppVersion", "appVersion"), ("Deprecated", "deprecated"),
                    ("Annotations", "annotations"), ("KubeVersion", "kubeVersion"),
                    ("Dependencies", "dependencies"), ("Type", "type"))


def _time(text: str) -> Any:
    from helmpy.funcs.dates import ZERO_TIME
    from helmpy.release.actions.printing import go_time

    return go_time(text) or ZERO_TIME


class _Struct(GoStruct):
    def go_print_fields(self) -> list[Any]:
        return [getattr(self, name) for name in type(self).go_fields]


class MetadataView(_Struct):
    go_type = "*chart.Metadata"
    go_fields = tuple(go for go, _ in _METADATA_FIELDS)

    def __init__(self, meta: dict[str, Any]) -> None:
        for go, key in _METADATA_FIELDS:
            default: Any = False if go == "Deprecated" else (
                [] if go in ("Sources", "Keywords", "Maintainers", "Dependencies") else "")
            setattr(self, go, meta.get(key, default))


class ChartView(_Struct):
    go_type = "*chart.Chart"
    go_fields = ("Metadata", "Values")

    def __init__(self, chart: dict[str, Any]) -> None:
        self.Metadata = MetadataView(chart.get("metadata") or {})
        self.Values = Values(chart.get("values") or {})


class InfoView(_Struct):
    go_type = "*release.Info"
    go_fields = ("FirstDeployed", "LastDeployed", "Deleted", "Description", "Status",
                 "Notes")

    def __init__(self, info: Info) -> None:
        self.FirstDeployed = _time(info.first_deployed)
        self.LastDeployed = _time(info.last_deployed)
        self.Deleted = _time(info.deleted)
        self.Description = info.description
        self.Status = info.status
        self.Notes = info.notes


class HookView(_Struct):
    go_type = "*release.Hook"
    go_fields = ("Name", "Kind", "Path", "Manifest", "Events", "Weight", "DeletePolicies")

    def __init__(self, hook: Hook) -> None:
        self.Name, self.Kind, self.Path = hook.name, hook.kind, hook.path
        self.Manifest, self.Events, self.Weight = hook.manifest, list(hook.events), hook.weight
        self.DeletePolicies = list(hook.delete_policies)


class ReleaseView(_Struct):
    go_type = "*release.Release"
    go_fields = ("Name", "Info", "Chart", "Config", "Manifest", "Hooks", "Version",
                 "Namespace", "Labels", "ApplyMethod")

    def __init__(self, rel: Release) -> None:
        self.Name = rel.name
        self.Info = InfoView(rel.info or Info())
        self.Chart = ChartView(rel.chart or {})
        self.Config = Values(rel.config or {})
        self.Manifest = rel.manifest
        self.Hooks = [HookView(h) for h in rel.hooks]
        self.Version = rel.version
        self.Namespace = rel.namespace
        self.Labels = dict(rel.labels)
        self.ApplyMethod = rel.apply_method


def render_release_template(template: str, rel: Release) -> str:
    """Execute ``template`` with ``.Release`` bound to the release (Helm's ``tpl``)."""
    from helmpy.engine.engine import Engine, Renderable

    # Not "_" as Helm names it: helmpy's engine skips names starting with "_" (partials).
    rendered = Engine().render_templates({"get-all": Renderable(template, {
        "Release": ReleaseView(rel)}, "")})
    return rendered.get("get-all", "")
