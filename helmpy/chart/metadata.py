"""Chart.yaml, requirements.yaml and Chart.lock decoding and validation, as Helm does them.

Helm reads these files with sigs.k8s.io/yaml: YAML becomes JSON, which encoding/json decodes
into Go structs. That path has visible effects reproduced here: numbers and booleans given
for string fields become strings (``version: 1.0`` is ``"1"``), keys match field names
case-insensitively, and a wrongly typed value is a JSON unmarshal error.
"""
from __future__ import annotations

import math
import re
import struct
from typing import Any

from helmpy.chart.model import Dependency, Lock, Maintainer, Metadata
from helmpy.chart.yamlio import go_json_kind


class DecodeError(Exception):
    """encoding/json's error for a value of the wrong type."""


# Go struct field -> (json key, kind) for the decoders below.
METADATA_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("name", "string"),
    "home": ("home", "string"),
    "sources": ("sources", "[]string"),
    "version": ("version", "string"),
    "description": ("description", "string"),
    "keywords": ("keywords", "[]string"),
    "maintainers": ("maintainers", "maintainers"),
    "icon": ("icon", "string"),
    "api_version": ("apiVersion", "string"),
    "condition": ("condition", "string"),
    "tags": ("tags", "string"),
    "app_version": ("appVersion", "string"),
    "deprecated": ("deprecated", "bool"),
    "annotations": ("annotations", "map[string]string"),
    "kube_version": ("kubeVersion", "string"),
    "dependencies": ("dependencies", "dependencies"),
    "type": ("type", "string"),
}
DEPENDENCY_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("name", "string"),
    "version": ("version", "string"),
    "repository": ("repository", "string"),
    "condition": ("condition", "string"),
    "tags": ("tags", "[]string"),
    "enabled": ("enabled", "bool"),
    "import_values": ("import-values", "[]interface {}"),
    "alias": ("alias", "string"),
    "depends_on": ("depends-on", "[]string"),
}
MAINTAINER_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("name", "string"),
    "email": ("email", "string"),
    "url": ("url", "string"),
}


def go_format_float32(value: float) -> str:
    """strconv.FormatFloat(v, 'g', -1, 32): how sigs.k8s.io/yaml turns a float into a string."""
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if math.isnan(value):
        return ".nan"
    as32 = struct.unpack("f", struct.pack("f", value))[0]
    for precision in range(1, 10):
        text = f"{as32:.{precision}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == as32:
            break
    mantissa, exp_text = text.split("e")
    exponent = int(exp_text)
    digits = mantissa.replace(".", "").replace("-", "").rstrip("0") or "0"
    sign = "-" if mantissa.startswith("-") else ""
    if exponent < -4 or exponent >= 6:  # Go uses %e past these for the shortest form
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    whole = digits[: exponent + 1].ljust(exponent + 1, "0")
    frac = digits[exponent + 1:]
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def scalar_as_go_string(value: Any) -> str | None:
    """A YAML scalar decoded into a Go string field, as sigs.k8s.io/yaml converts it
    (numbers and booleans become their text); None for lists and maps, which cannot."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # YAML integers reach us as float64; yaml.v2 would have kept them as ints.
        if value.is_integer() and abs(value) < 2**63:
            return str(int(value))
        return go_format_float32(value)
    return None


def _scalar_to_string(value: Any, where: str) -> str:
    text = scalar_as_go_string(value)
    if text is None:
        raise DecodeError(
            f"json: cannot unmarshal {go_json_kind(value)} into Go {where} of type string")
    return text


def _decode(value: Any, kind: str, where: str, path: str = "") -> Any:
    """Decode one field; ``where`` names it as Go's errors do, ``path`` is its JSON path."""
    if kind == "string":
        return _scalar_to_string(value, where)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise DecodeError(f"json: cannot unmarshal {go_json_kind(value)} into Go {where} of type bool")
    if kind == "[]string":
        if not isinstance(value, list):
            raise DecodeError(
                f"json: cannot unmarshal {go_json_kind(value)} into Go {where} of type []string")
        return ["" if item is None else _scalar_to_string(item, where) for item in value]
    if kind == "map[string]string":
        if not isinstance(value, dict):
            raise DecodeError(
                f"json: cannot unmarshal {go_json_kind(value)} into Go {where} of type map[string]string")
        return {str(k): "" if v is None else _scalar_to_string(v, where) for k, v in value.items()}
    if kind == "[]interface {}":
        if not isinstance(value, list):
            raise DecodeError(
                f"json: cannot unmarshal {go_json_kind(value)} into Go {where} of type []interface {{}}")
        return list(value)
    if kind == "maintainers":
        return _decode_list(value, where, path, "[]*v2.Maintainer", _decode_maintainer)
    if kind == "dependencies":
        return _decode_list(value, where, path, "[]*v2.Dependency", decode_dependency)
    raise AssertionError(kind)


def _decode_list(value: Any, where: str, path: str, go_type: str, item_decoder: Any) -> list:
    if not isinstance(value, list):
        raise DecodeError(f"json: cannot unmarshal {go_json_kind(value)} into Go {where} of type {go_type}")
    return [None if item is None else item_decoder(item, where, path + ".") for item in value]


def _apply(target: Any, raw: Any, fields: dict[str, tuple[str, str]], struct_name: str,
           where: str = "value", prefix: str = "") -> None:
    """Decode a JSON object onto ``target`` like encoding/json onto an existing struct."""
    if not isinstance(raw, dict):
        raise DecodeError(
            f"json: cannot unmarshal {go_json_kind(raw)} into Go {where} of type v2.{struct_name}")
    by_key = {json_key: (attr, kind) for attr, (json_key, kind) in fields.items()}
    by_fold = {json_key.casefold(): json_key for json_key in by_key}
    # sigs.k8s.io/yaml goes through json.Marshal, which sorts object keys: Go decodes (and
    # reports the first type error) in that order, and a later case-variant key wins.
    for key in sorted(raw, key=lambda k: str(k).encode("utf-8")):
        value = raw[key]
        json_key = key if key in by_key else by_fold.get(str(key).casefold())
        if json_key is None:
            continue  # unknown keys are ignored
        attr, kind = by_key[json_key]
        if value is None:
            continue  # JSON null leaves a Go field unchanged
        # Go names the innermost struct and the field's full JSON path from the document root.
        path = prefix + json_key
        setattr(target, attr, _decode(value, kind, f"struct field {struct_name}.{path}", path))


def _decode_maintainer(raw: Any, where: str = "value", prefix: str = "") -> Maintainer:
    maintainer = Maintainer()
    _apply(maintainer, raw, MAINTAINER_FIELDS, "Maintainer", where, prefix)
    return maintainer


def decode_dependency(raw: Any, where: str = "value", prefix: str = "") -> Dependency:
    dependency = Dependency()
    _apply(dependency, raw, DEPENDENCY_FIELDS, "Dependency", where, prefix)
    return dependency


def decode_metadata(raw: Any, into: Metadata | None = None) -> Metadata:
    """Chart.yaml (or requirements.yaml, which Helm decodes onto the same struct)."""
    metadata = into if into is not None else Metadata()
    if raw is None:
        return metadata
    _apply(metadata, raw, METADATA_FIELDS, "Metadata")
    if any(str(k).casefold() == "dependencies" and v is not None for k, v in raw.items()):
        metadata.dependencies_declared = True
    if into is None and isinstance(raw, dict):
        metadata.raw = raw
    return metadata


def decode_lock(raw: Any) -> Lock:
    lock = Lock()
    if raw is None:
        return lock
    if not isinstance(raw, dict):
        raise DecodeError(f"json: cannot unmarshal {go_json_kind(raw)} into Go value of type v2.Lock")
    for key, value in raw.items():
        lowered = str(key).casefold()
        if value is None:
            continue
        if lowered == "generated":
            lock.generated = _scalar_to_string(value, "struct field Lock.generated")
        elif lowered == "digest":
            lock.digest = _scalar_to_string(value, "struct field Lock.digest")
        elif lowered == "dependencies":
            lock.dependencies = _decode(value, "dependencies", "struct field Lock.dependencies",
                                        "dependencies")
    return lock


# ------------------------------------------------------------------------ validation

_GO_SPACES = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B))
ALIAS_FORMAT = re.compile(r"^[a-zA-Z0-9_-]+$")


def sanitize_string(text: str) -> str:
    """Helm's sanitizeString: whitespace becomes a space, unprintable characters go."""
    out = []
    for ch in text:
        if ch in _GO_SPACES:
            out.append(" ")
        elif ch.isprintable():
            out.append(ch)
    return "".join(out)


class ValidationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__("validation: " + message)


def is_valid_semver(version: str) -> bool:
    """Masterminds semver.NewVersion accepts it (loose form: ``1``, ``v1.2`` are fine)."""
    from helmpy.versions import Version, VersionError

    try:
        Version.parse(version)
    except VersionError:
        return False
    return True


def validate_metadata(md: Metadata) -> None:
    """Helm's Metadata.Validate: sanitises strings, raises ValidationError on the first problem."""
    for attr in ("name", "description", "home", "icon", "condition", "tags", "app_version",
                 "kube_version"):
        setattr(md, attr, sanitize_string(getattr(md, attr)))
    md.sources = [sanitize_string(s) for s in md.sources]
    md.keywords = [sanitize_string(s) for s in md.keywords]
    if md.api_version == "":
        raise ValidationError("chart.metadata.apiVersion is required")
    if md.name == "":
        raise ValidationError("chart.metadata.name is required")
    if md.name != _go_base(md.name):
        raise ValidationError(f"chart.metadata.name {_go_quote(md.name)} is invalid")
    if md.version == "":
        raise ValidationError("chart.metadata.version is required")
    if not is_valid_semver(md.version):
        raise ValidationError(f"chart.metadata.version {_go_quote(md.version)} is invalid")
    if md.type not in ("", "application", "library"):
        raise ValidationError("chart.metadata.type must be application or library")
    for maintainer in md.maintainers:
        if maintainer is None:
            raise ValidationError("maintainers must not contain empty or null nodes")
        maintainer.name = sanitize_string(maintainer.name)
        maintainer.email = sanitize_string(maintainer.email)
        maintainer.url = sanitize_string(maintainer.url)
    seen: set[str] = set()
    for dependency in md.dependencies:
        if dependency is None:
            raise ValidationError("dependencies must not contain empty or null nodes")
        for attr in ("name", "version", "repository", "condition"):
            setattr(dependency, attr, sanitize_string(getattr(dependency, attr)))
        dependency.tags = [sanitize_string(t) for t in dependency.tags]
        if dependency.alias and not ALIAS_FORMAT.match(dependency.alias):
            raise ValidationError(
                f"dependency {_go_quote(dependency.name)} has disallowed characters in the alias")
        key = dependency.alias or dependency.name
        if key in seen:
            raise ValidationError(f"more than one dependency with name or alias {_go_quote(key)}")
        seen.add(key)


def _go_base(path: str) -> str:
    """Go's filepath.Base on a '/'-separated path."""
    if path == "":
        return "."
    stripped = path.rstrip("/")
    if stripped == "":
        return "/"
    return stripped.rsplit("/", 1)[-1]


def go_quote(text: str) -> str:
    """Go's strconv.Quote (%q), for the strings Helm quotes in its messages."""
    from helmpy.gotemplate.gostrconv import quote

    return quote(text)


_go_quote = go_quote
