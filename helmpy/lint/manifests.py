"""``--validate-manifests``: every rendered object checked against the Kubernetes API schema.

The schema comes from the ``kubernetes`` client's generated models (their OpenAPI field types,
JSON names and required fields), imported only when this check runs. Custom resources are
checked against the ``openAPIV3Schema`` of the chart's own CRDs (``crds/`` directories and
rendered CustomResourceDefinitions). Kinds neither source knows are reported as [INFO], never
failed. Findings carry the template path and the line where the object starts.
"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Any

from helmpy.lint.rules.k8sobject import K8sStub, StubError, iter_stubs
from helmpy.lint.rules.templates import RenderedChart
from helmpy.lint.support import ERROR, INFO, Linter

# Quantity fields are int-or-string in Kubernetes; the Python client types them as strings.
_QUANTITY_MAPS = {"limits", "requests", "hard", "capacity", "allocatable", "max", "min",
                  "default", "default_request", "max_limit_request_ratio"}
_QUANTITY_STRINGS = {"size_limit", "divisor"}
_GENERIC = re.compile(r"^(List|Dict)\[(.*)\]$")


def validate_rendered(linter: Linter, rendered: RenderedChart, kube_version: str | None = None) -> None:
    """Report schema violations of every object the chart renders (subcharts included)."""
    objects = list(_rendered_objects(rendered))
    crds = CustomResources()
    for crd in rendered.chart.crd_objects():
        try:
            for stub in iter_stubs(crd.file.data.decode("utf-8", errors="replace")):
                if stub is not None:
                    crds.add(stub.body)
        except StubError:
            continue  # Helm's crds rule already reported it
    for _, stub in objects:
        if stub.kind == "CustomResourceDefinition":
            crds.add(stub.body)
    for path, stub in objects:
        for severity, problem in validate_object(stub.body, crds):
            linter.run(severity, path, problem, line=stub.line)


def _rendered_objects(rendered: RenderedChart) -> list[tuple[str, K8sStub]]:
    prefix = rendered.chart.name() + "/"
    out: list[tuple[str, K8sStub]] = []
    for full_path, text in rendered.templates.items():
        name = posixpath.basename(full_path)
        if name.startswith("_") or not full_path.endswith((".yaml", ".yml")) or not text.strip():
            continue
        path = full_path[len(prefix):] if full_path.startswith(prefix) else full_path
        try:
            out.extend((path, stub) for stub in iter_stubs(text) if stub is not None)
        except StubError:
            continue  # unparsable output is the template rule's finding
    return out


def _label(obj: dict[str, Any]) -> str:
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    return f'{obj.get("apiVersion", "")} {obj.get("kind", "")} "{metadata.get("name", "")}"'


def validate_object(obj: dict[str, Any], crds: CustomResources | None = None) -> list[tuple[int, str]]:
    """(severity, message) for each problem of one object; empty when it is valid."""
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str) or not api_version or not kind:
        return [(ERROR, f"{_label(obj)}: apiVersion and kind must be set")]
    if kind == "List" and api_version == "v1" and isinstance(obj.get("items"), list):
        # A List is a client-side wrapper: the API server sees each item on its own.
        found: list[tuple[int, str]] = []
        for i, item in enumerate(obj["items"]):
            inner = validate_object(item, crds) if isinstance(item, dict) else [
                (ERROR, f"{_label(obj)}: items[{i}] is not an object")]
            found.extend((severity, f"items[{i}]: {text}") for severity, text in inner)
        return found
    model = model_for(api_version, kind)
    if model is not None:
        problems: list[str] = []
        _check_model(obj, model, "", problems)
        return [(ERROR, f"{_label(obj)}: {p}") for p in problems]
    if crds is not None:
        schema = crds.schema_for(api_version, kind)
        if schema is not None:
            return [(ERROR, f"{_label(obj)}: {p}") for p in _check_json_schema(obj, schema)]
    return [(INFO, f"{_label(obj)}: no schema for {api_version} {kind}; not validated")]


# ------------------------------------------------------------------ built-in kinds

def _snake(kind: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", kind).lower()


@lru_cache(maxsize=512)
def model_for(api_version: str, kind: str) -> Any:
    """The client's model class serving ``api_version``/``kind``, or None when it has none."""
    import kubernetes.client as client

    group, _, version = api_version.rpartition("/")
    prefix = "Core" if group == "" else "".join(
        part.capitalize() for part in group.removesuffix(".k8s.io").split("."))
    api = getattr(client, f"{prefix}{version.capitalize()}Api", None)
    if api is None:
        return None
    snake = _snake(kind)
    if not any(hasattr(api, f"{verb}_{snake}") for verb in ("create", "create_namespaced")):
        return None
    for name in (f"{prefix}{version.capitalize()}{kind}", f"{version.capitalize()}{kind}"):
        model = getattr(client, name, None)
        if model is not None and hasattr(model, "openapi_types"):
            return model
    return None


def _check_model(obj: Any, model: Any, path: str, problems: list[str]) -> None:
    if not isinstance(obj, dict):
        problems.append(f'field "{path}": expected object, got {_json_kind(obj)}')
        return
    by_json = {json_name: attr for attr, json_name in model.attribute_map.items()}
    for key, value in obj.items():
        here = f"{path}.{key}" if path else str(key)
        attr = by_json.get(key)
        if attr is None:
            problems.append(f'unknown field "{here}"')
            continue
        if value is None:
            continue  # null means unset
        _check_type(value, model.openapi_types[attr], attr, here, problems)
    for attr, info in getattr(model, "model_fields", {}).items():
        json_name = model.attribute_map.get(attr, attr)
        if info.is_required() and obj.get(json_name) is None:
            here = f"{path}.{json_name}" if path else json_name
            problems.append(f'missing required field "{here}"')


def _check_type(value: Any, type_name: str, attr: str, path: str, problems: list[str]) -> None:
    import kubernetes.client as client

    generic = _GENERIC.match(type_name)
    if generic:
        container, inner = generic.groups()
        if container == "List":
            if not isinstance(value, list):
                problems.append(f'field "{path}": expected array, got {_json_kind(value)}')
                return
            for i, item in enumerate(value):
                if item is not None:
                    _check_type(item, inner, attr, f"{path}[{i}]", problems)
            return
        if not isinstance(value, dict):
            problems.append(f'field "{path}": expected object, got {_json_kind(value)}')
            return
        item_type = inner.split(",", 1)[1].strip()
        if attr in _QUANTITY_MAPS and item_type == "str":
            item_type = "quantity"
        for key, item in value.items():
            if item is not None:
                _check_type(item, item_type, attr, f"{path}.{key}", problems)
        return
    want = _scalar_kind(type_name, attr)
    if want is not None:
        got = _json_kind(value)
        if got not in want:
            problems.append(f'field "{path}": expected {want[0]}, got {got}')
        return
    model = getattr(client, type_name, None)
    if model is not None and hasattr(model, "attribute_map"):
        _check_model(value, model, path, problems)


def _scalar_kind(type_name: str, attr: str) -> tuple[str, ...] | None:
    if type_name == "quantity" or (type_name == "str" and attr in _QUANTITY_STRINGS):
        return ("string", "integer", "number")
    return {"str": ("string",), "datetime": ("string",), "date": ("string",), "bytes": ("string",),
            "int": ("integer",), "float": ("number", "integer"), "bool": ("boolean",),
            "object": ("string", "integer", "number", "boolean", "object", "array")}.get(type_name)


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "integer" if float(value).is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


# ------------------------------------------------------------------ custom resources

class CustomResources:
    """The openAPIV3Schema of each (apiVersion, kind) the chart's CRDs define."""

    def __init__(self) -> None:
        self.schemas: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, crd: dict[str, Any]) -> None:
        spec = crd.get("spec") if isinstance(crd.get("spec"), dict) else {}
        group = spec.get("group")
        names = spec.get("names") if isinstance(spec.get("names"), dict) else {}
        kind = names.get("kind")
        if not isinstance(group, str) or not isinstance(kind, str):
            return
        shared = (spec.get("validation") or {}).get("openAPIV3Schema") if isinstance(
            spec.get("validation"), dict) else None
        versions = spec.get("versions") if isinstance(spec.get("versions"), list) else []
        if not versions and isinstance(spec.get("version"), str):
            versions = [{"name": spec["version"]}]
        for entry in versions:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            schema = entry.get("schema", {}).get("openAPIV3Schema") if isinstance(
                entry.get("schema"), dict) else None
            self.schemas[(f"{group}/{entry['name']}", kind)] = schema or shared or {}

    def schema_for(self, api_version: str, kind: str) -> dict[str, Any] | None:
        return self.schemas.get((api_version, kind))


def _check_json_schema(obj: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    import jsonschema

    body = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata")}
    trimmed = dict(schema)
    properties = dict(trimmed.get("properties") or {})
    for implicit in ("apiVersion", "kind", "metadata"):
        properties.pop(implicit, None)
    if properties:
        trimmed["properties"] = properties
    if isinstance(trimmed.get("required"), list):
        trimmed["required"] = [r for r in trimmed["required"] if r not in ("apiVersion", "kind", "metadata")]
    validator = jsonschema.Draft7Validator(trimmed)
    problems = []
    for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in error.absolute_path)
        problems.append(f'field "{where}": {error.message}' if where else error.message)
    return problems
