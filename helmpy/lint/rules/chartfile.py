"""Chart.yaml rules (Helm's rules/chartfile.go): format, strict format, name, versions,
maintainers, sources, icon, type and dependencies, in Helm's order and severities."""
from __future__ import annotations

import os
from typing import Any

from helmpy.chart.metadata import (
    DEPENDENCY_FIELDS,
    MAINTAINER_FIELDS,
    METADATA_FIELDS,
    DecodeError,
    decode_metadata,
    go_quote,
)
from helmpy.chart.model import Metadata
from helmpy.chart.yamlio import YamlError, load_yaml
from helmpy.lint.rules.validators import is_email, is_request_url, is_url
from helmpy.lint.support import ERROR, INFO, WARNING, Linter

CHART_FILE = "Chart.yaml"


def lint_chartfile(linter: Linter) -> None:
    path = os.path.join(linter.chart_dir, CHART_FILE)
    linter.run(ERROR, CHART_FILE, "should be a file, not a directory" if os.path.isdir(path) else None)

    data, read_error = _read(path)
    metadata: Metadata | None = None
    problem = read_error
    if problem is None:
        try:
            metadata = decode_metadata(load_yaml(data))
        except YamlError as err:
            problem = str(err)
        except DecodeError as err:
            problem = f"error unmarshaling JSON: while decoding JSON: {err}"
    if not linter.run(ERROR, CHART_FILE, None if problem is None else f"unable to parse YAML\n\t{problem}"):
        return
    assert metadata is not None and data is not None
    strict = strict_problem(data)
    linter.run(WARNING, CHART_FILE,
               None if strict is None else f"failed to strictly parse chart metadata file\n\t{strict}")
    raw = _raw_map(data)

    linter.run(ERROR, CHART_FILE, _name_problem(metadata))
    linter.run(ERROR, CHART_FILE, _api_version_problem(metadata))
    linter.run(ERROR, CHART_FILE, _string_type_problem(raw, "version"))
    linter.run(ERROR, CHART_FILE, _version_problem(metadata))
    linter.run(ERROR, CHART_FILE, _string_type_problem(raw, "appVersion"))
    linter.run(ERROR, CHART_FILE, _maintainer_problem(metadata))
    linter.run(ERROR, CHART_FILE, _sources_problem(metadata))
    linter.run(INFO, CHART_FILE, "icon is recommended" if metadata.icon == "" else None)
    linter.run(ERROR, CHART_FILE, None if metadata.icon == "" or is_request_url(metadata.icon)
               else f"invalid icon URL '{metadata.icon}'")
    linter.run(ERROR, CHART_FILE, _only_in_v2(metadata, bool(metadata.type),
                                              "chart type is not valid in apiVersion '{}'. It is "
                                              "valid in apiVersion 'v2'"))
    linter.run(ERROR, CHART_FILE, _only_in_v2(metadata, bool(metadata.dependencies),
                                              "dependencies are not valid in the Chart file with "
                                              "apiVersion '{}'. They are valid in apiVersion 'v2'"))
    linter.run(WARNING, CHART_FILE, _strict_semver_problem(metadata.version))


def _read(path: str) -> tuple[bytes | None, str | None]:
    try:
        with open(path, "rb") as handle:
            return handle.read(), None
    except IsADirectoryError:
        return None, f"read {path}: is a directory"
    except FileNotFoundError:
        return None, f"open {path}: no such file or directory"
    except OSError as err:
        return None, f"open {path}: {(err.strerror or str(err)).lower()}"


def _raw_map(data: bytes) -> dict[str, Any]:
    try:
        value = load_yaml(data)
    except YamlError:
        return {}
    return value if isinstance(value, dict) else {}


def _go_type(value: Any) -> str:
    """``%T`` of a value sigs.k8s.io/yaml decoded into interface{}."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "float64"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return "string"


def _string_type_problem(raw: dict[str, Any], key: str) -> str | None:
    if key not in raw:
        return None
    kind = _go_type(raw[key])
    return None if kind == "string" else f"{key} should be of type string but it's of type {kind}"


def _name_problem(md: Metadata) -> str | None:
    if md.name == "":
        return "name is required"
    if md.name != md.name.rstrip("/").rsplit("/", 1)[-1] or md.name.endswith("/"):
        return f"chart name {go_quote(md.name)} is invalid"
    return None


def _api_version_problem(md: Metadata) -> str | None:
    if md.api_version == "":
        return 'apiVersion is required. The value must be either "v1" or "v2"'
    if md.api_version not in ("v1", "v2"):
        return f"apiVersion '{md.api_version}' is not valid. The value must be either \"v1\" or \"v2\""
    return None


def _version_problem(md: Metadata) -> str | None:
    from helmpy.versions import Version, VersionError

    if md.version == "":
        return "version is required"
    try:
        version = Version.parse(md.version)
    except VersionError:
        return f"version '{md.version}' is not a valid SemVer"
    floor = Version.parse("0.0.0-0")
    if version.compare(floor) <= 0:
        return f'version "{version}" is less than or equal to "0.0.0-0"'
    return None


def _strict_semver_problem(version: str) -> str | None:
    from helmpy.versions import Version

    return None if Version.is_valid(version, strict=True) else f"version '{version}' is not a valid SemVerV2"


def _maintainer_problem(md: Metadata) -> str | None:
    for maintainer in md.maintainers:
        if maintainer is None:
            return "a maintainer entry is empty"
        if maintainer.name == "":
            return "each maintainer requires a name"
        if maintainer.email and not is_email(maintainer.email):
            return f"invalid email '{maintainer.email}' for maintainer '{maintainer.name}'"
        if maintainer.url and not is_url(maintainer.url):
            return f"invalid url '{maintainer.url}' for maintainer '{maintainer.name}'"
    return None


def _sources_problem(md: Metadata) -> str | None:
    for source in md.sources:
        if source == "" or not is_request_url(source):
            return f"invalid source URL '{source}'"
    return None


def _only_in_v2(md: Metadata, present: bool, template: str) -> str | None:
    return template.format(md.api_version) if present and md.api_version != "v2" else None


# ------------------------------------------------------------------ strict decoding

# The JSON fields of Helm v4.2.3's chart.Metadata, Maintainer and Dependency; helmpy's model
# knows ``depends-on`` too, which this Helm's strict parse reports as unknown.
_STRUCT_FIELDS = {
    "Metadata": {key for key, _ in METADATA_FIELDS.values()},
    "Maintainer": {key for key, _ in MAINTAINER_FIELDS.values()},
    "Dependency": {key for key, _ in DEPENDENCY_FIELDS.values()} - {"depends-on"},
}
_NESTED = {("Metadata", "maintainers"): "Maintainer", ("Metadata", "dependencies"): "Dependency"}


def strict_problem(data: bytes) -> str | None:
    """sigs.k8s.io/yaml's UnmarshalStrict into chart.Metadata: duplicate keys, unknown fields."""
    duplicates = _duplicate_keys(data)
    if duplicates:
        return "error converting YAML to JSON: yaml: unmarshal errors:\n" + "\n".join(
            f"  line {line}: key {key} already set in map" for line, key in duplicates)
    raw = _raw_map(data)
    unknown = _first_unknown(raw, "Metadata")
    if unknown is not None:
        return f'error unmarshaling JSON: while decoding JSON: json: unknown field {go_quote(unknown)}'
    return None


def _first_unknown(obj: dict[str, Any], struct: str) -> str | None:
    """encoding/json keeps the first unknown field it meets; JSON from YAML has sorted keys."""
    known = _STRUCT_FIELDS[struct]
    folded = {k.casefold() for k in known}
    for key in sorted(obj):
        match = key if key in known else next((k for k in known if k.casefold() == key.casefold()), None)
        if match is None and key.casefold() not in folded:
            return key
        nested = _NESTED.get((struct, match or ""))
        if nested and isinstance(obj[key], list):
            for item in obj[key]:
                if isinstance(item, dict):
                    found = _first_unknown(item, nested)
                    if found is not None:
                        return found
    return None


def _duplicate_keys(data: bytes) -> list[tuple[int, str]]:
    """yaml.v2 strict mode: every mapping key set twice, with its value's 1-based line, in order."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(data, Loader=loader)
    except yaml.YAMLError:
        return []
    found: list[tuple[int, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in seen:
                        shown = go_quote(key.value) if key.style or not key.value.isdigit() else key.value
                        # yaml.v2 reports the line of the value being set, not the key's.
                        found.append((value.start_mark.line + 1, shown))
                    seen.add(key.value)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(root)
    return found
