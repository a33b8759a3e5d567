"""Chart.yaml metadata in the shape Helm's Go struct gives it (chart v2 Metadata).

Index entries, provenance bodies and lock files all carry metadata the way Helm marshals its
``Metadata`` struct: known fields only, empty ones omitted, strings sanitised by ``Validate``.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from helmpy.repoformat import semver

STRING_FIELDS = ("name", "home", "version", "description", "icon", "apiVersion", "condition",
                 "tags", "appVersion", "kubeVersion", "type")
STRING_LIST_FIELDS = ("sources", "keywords")
_ALIAS_FORMAT = re.compile(r"^[a-zA-Z0-9_-]+$")
_TRUE_WORDS = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"}


class MetadataError(ValueError):
    """Helm's chart.ValidationError text."""


def sanitize(text: str) -> str:
    """Go's sanitizeString: whitespace becomes a space, non-printable characters are dropped."""
    if text.isascii() and text.isprintable():
        return text  # the common case: printable ASCII (space included) is left alone
    out = []
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif ch.isprintable():
            out.append(ch)
    return "".join(out)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise MetadataError(f"cannot unmarshal {type(value).__name__} into a string field")
    return str(value)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value in _TRUE_WORDS


def _typed_scalar(value: Any) -> Any:
    """import-values items are interface{} in Go: give their scalars YAML 1.1 types back."""
    if isinstance(value, dict):
        return {str(k): _typed_scalar(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed_scalar(v) for v in value]
    if isinstance(value, str):
        try:
            resolved = yaml.safe_load(value) if value else value
        except yaml.YAMLError:
            return value
        return resolved if isinstance(resolved, (bool, int, float)) else value
    return value


def dependency_to_go(dep: Any, retype: bool = False) -> dict[str, Any] | None:
    """One dependency in Go JSON form (name and repository always present)."""
    if not isinstance(dep, dict):
        return None
    out: dict[str, Any] = {"name": sanitize(_text(dep.get("name"))),
                           "repository": sanitize(_text(dep.get("repository")))}
    for key in ("version", "condition", "alias"):
        text = sanitize(_text(dep.get(key))) if key != "alias" else _text(dep.get(key))
        if text:
            out[key] = text
    tags = [sanitize(_text(t)) for t in (dep.get("tags") or [])]
    if tags:
        out["tags"] = tags
    if _flag(dep.get("enabled")):
        out["enabled"] = True
    imports = dep.get("import-values")
    if imports:
        out["import-values"] = _typed_scalar(imports) if retype else imports
    depends = [sanitize(_text(t)) for t in (dep.get("depends-on") or [])]
    if depends:
        out["depends-on"] = depends
    return out


def metadata_to_go(raw: dict[str, Any], retype: bool = False) -> dict[str, Any]:
    """Chart.yaml fields as Helm's Metadata struct marshals them (omitempty, sanitised).

    ``retype`` is for text-scalar decoded input: import-values are interface{} in Go, so
    their scalars get YAML types back.
    """
    md: dict[str, Any] = {}
    for key in STRING_FIELDS:
        text = _text(raw.get(key))
        if key != "version" and key != "apiVersion" and key != "type":
            text = sanitize(text)
        if text:
            md[key] = text
    for key in STRING_LIST_FIELDS:
        items = [sanitize(_text(v)) for v in (raw.get(key) or [])]
        if items:
            md[key] = items
    maintainers = []
    for person in raw.get("maintainers") or []:
        if not isinstance(person, dict):
            raise MetadataError("maintainers must not contain empty or null nodes")
        entry = {k: sanitize(_text(person.get(k))) for k in ("name", "email", "url")}
        maintainers.append({k: v for k, v in entry.items() if v})
    if maintainers:
        md["maintainers"] = maintainers
    if _flag(raw.get("deprecated")):
        md["deprecated"] = True
    annotations = raw.get("annotations")
    if isinstance(annotations, dict) and annotations:
        md["annotations"] = {str(k): _text(v) for k, v in annotations.items()}
    deps = []
    for dep in raw.get("dependencies") or []:
        converted = dependency_to_go(dep, retype)
        if converted is None:
            raise MetadataError("dependencies must not contain empty or null nodes")
        deps.append(converted)
    if deps:
        md["dependencies"] = deps
    return md


def validate(md: dict[str, Any]) -> None:
    """Helm's Metadata.Validate (after conversion); raises MetadataError with Helm's text."""
    if not md.get("apiVersion"):
        raise MetadataError("validation: chart.metadata.apiVersion is required")
    name = md.get("name", "")
    if not name:
        raise MetadataError("validation: chart.metadata.name is required")
    if name != name.rstrip("/").rsplit("/", 1)[-1]:
        raise MetadataError(f'validation: chart.metadata.name "{name}" is invalid')
    version = md.get("version", "")
    if not version:
        raise MetadataError("validation: chart.metadata.version is required")
    if not semver.parse_ok(version):
        raise MetadataError(f'validation: chart.metadata.version "{version}" is invalid')
    if md.get("type", "") not in ("", "application", "library"):
        raise MetadataError("validation: chart.metadata.type must be application or library")
    seen: set[str] = set()
    for dep in md.get("dependencies", []):
        alias = dep.get("alias", "")
        if alias and not _ALIAS_FORMAT.match(alias):
            raise MetadataError(
                f'validation: dependency "{dep["name"]}" has disallowed characters in the alias')
        key = alias or dep["name"]
        if key in seen:
            raise MetadataError(
                f'validation: more than one dependency with name or alias "{key}". '
                "Try using distinct aliases for dependencies with the same chart name.")
        seen.add(key)


_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


def safe_path_segment(text: str) -> bool:
    """Whether a chart name or version can be used as (part of) a file name without escaping."""
    return bool(_SAFE_SEGMENT.match(text)) and ".." not in text and len(text) <= 250
