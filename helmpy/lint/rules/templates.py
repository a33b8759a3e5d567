"""Template rules (Helm's rules/template.go): render in lint mode, then check every template
file's extension, indentation, YAML, object names, deprecated APIs, workload selectors and
``helm.sh/resource-policy`` inside Lists."""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from typing import Any

from helmpy.errors import HelmpyError
from helmpy.lint.rules.deprecations import deprecation_message
from helmpy.lint.rules.k8sobject import K8sStub, StubError, iter_stubs
from helmpy.lint.rules.validators import metadata_name_problem
from helmpy.lint.support import ERROR, WARNING, Linter

TEMPLATES_DIR = "templates/"
LINT_RELEASE = "test-release"
ALLOWED_EXTENSIONS = (".yaml", ".yml", ".tpl", ".txt")
WORKLOADS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")


@dataclass
class RenderedChart:
    """What the template rules rendered, kept for helmpy's checks that run after Helm's."""

    chart: Any
    templates: dict[str, str]
    objects: list[tuple[str, K8sStub]] = field(default_factory=list)  # (template path, object)


def lint_templates(linter: Linter, values: dict[str, Any] | None, namespace: str,
                   kube_version: str | None = None, skip_schema_validation: bool = False
                   ) -> RenderedChart | None:
    templates_path = os.path.join(linter.chart_dir, TEMPLATES_DIR.rstrip("/"))
    if not linter.run(WARNING, TEMPLATES_DIR,
                      None if os.path.exists(templates_path) else "directory does not exist"):
        return None
    if not linter.run(ERROR, TEMPLATES_DIR, None if os.path.isdir(templates_path) else "not a directory"):
        return None

    try:
        chart = linter.load_chart()
    except HelmpyError as err:
        linter.run(ERROR, TEMPLATES_DIR, str(err))
        return None
    rendered = _render(linter, chart, values, namespace, kube_version, skip_schema_validation)
    if rendered is None:
        return None
    result = RenderedChart(chart, rendered)
    major, minor = _major_minor(kube_version)
    for template in chart.templates:
        file_name = template.name
        extension = posixpath.splitext(file_name)[1]
        linter.run(ERROR, file_name, None if extension in ALLOWED_EXTENSIONS else
                   f"file extension '{extension}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt")
        if extension.lower() not in (".yaml", ".yml"):
            continue
        content = rendered.get(posixpath.join(chart.name(), file_name), "")
        if content.strip() == "":
            continue
        linter.run(WARNING, file_name, top_indent_problem(content))
        try:
            for stub in iter_stubs(content):
                if stub is None:
                    continue
                result.objects.append((file_name, stub))
                line = stub.line
                linter.run(WARNING, file_name, metadata_name_problem(stub.kind, stub.name), line)
                if stub.api_version and stub.kind:
                    linter.run(WARNING, file_name,
                               deprecation_message(stub.api_version, stub.kind, major, minor), line)
                linter.run(ERROR, file_name, _selector_problem(stub, content), line)
                linter.run(ERROR, file_name, _list_annotation_problem(stub, content), line)
        except StubError as err:
            # Helm stops linting templates at the first file that does not parse.
            linter.run(ERROR, file_name, f"unable to parse YAML: {err}")
            return result
    return result


def _render(linter: Linter, chart: Any, values: dict[str, Any] | None, namespace: str,
            kube_version: str | None, skip_schema_validation: bool) -> dict[str, str] | None:
    from helmpy.engine.context import release_object
    from helmpy.engine.engine import Engine, EngineOptions
    from helmpy.values.merge import prepare_values

    try:
        processed, render_values = prepare_values(chart, values or {})
    except HelmpyError:
        return None  # Helm skips the render when dependencies or values cannot be processed
    if not skip_schema_validation:
        from helmpy.engine.schema import HEADER, chart_schema_errors

        problems = chart_schema_errors(processed, render_values)
        if problems:
            linter.run(ERROR, TEMPLATES_DIR, HEADER + problems)
            return None
    top = {
        "Values": render_values,
        # Helm's lint renders with bare ReleaseOptions: revision 0, neither install nor upgrade.
        "Release": {**release_object(LINT_RELEASE, namespace, 0, False), "IsInstall": False},
        "Capabilities": _capabilities(kube_version),
    }
    try:
        return Engine(EngineOptions(lint_mode=True)).render(processed, top)
    except HelmpyError as err:
        linter.run(ERROR, TEMPLATES_DIR, str(err))
        return None


def _capabilities(kube_version: str | None) -> Any:
    from helmpy.engine.capabilities import make_capabilities

    capabilities = make_capabilities(None, ())
    if kube_version:
        from helmpy.lint.rules.kubeversion import lint_kube_version

        capabilities.KubeVersion = lint_kube_version(kube_version)
    return capabilities


def _major_minor(kube_version: str | None) -> tuple[int, int]:
    from helmpy.lint.rules.deprecations import DEFAULT_MAJOR, DEFAULT_MINOR

    if not kube_version:
        return DEFAULT_MAJOR, DEFAULT_MINOR
    from helmpy.lint.rules.kubeversion import parse_generic

    components = parse_generic(kube_version)
    return components[0], components[1]


def top_indent_problem(content: str) -> str | None:
    """The first non-blank line must not start with a space or tab (helm/helm#8467)."""
    from helmpy.gotemplate.gostrconv import quote

    for line in content.split("\n"):
        if line.endswith("\r"):
            line = line[:-1]  # bufio.ScanLines drops a trailing CR
        if line.strip() == "":
            continue
        if line.startswith((" ", "\t")):
            return f"document starts with an illegal indent: {quote(line)}, which may cause parsing problems"
        return None
    return None


def _selector_problem(stub: K8sStub, content: str) -> str | None:
    if stub.kind in WORKLOADS and "matchLabels" not in content and "matchExpressions" not in content:
        from helmpy.chart.metadata import go_quote

        return (f"a {stub.kind} must contain matchLabels or matchExpressions, and "
                f"{go_quote(stub.name)} does not")
    return None


def _list_annotation_problem(stub: K8sStub, content: str) -> str | None:
    if stub.kind != "List":
        return None
    from helmpy.chart.yamlio import YamlError, load_yaml

    try:
        whole = load_yaml(content)
    except YamlError as err:
        return f"unable to parse YAML: {err}"
    items = whole.get("items") if isinstance(whole, dict) else None
    for item in items if isinstance(items, list) else []:
        metadata = item.get("metadata") if isinstance(item, dict) else None
        annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
        if isinstance(annotations, dict) and "helm.sh/resource-policy" in annotations:
            return "annotation 'helm.sh/resource-policy' within List objects are ignored"
    return None
