"""Helm's release record encoding: Go ``encoding/json`` output, gzip, base64.

``encode_release`` produces what Helm's storage drivers store (``base64(gzip(json))``) and
``decode_release`` reads what they store (gzip optional, as in Helm). The JSON writer follows
Go's rules so records are interchangeable with Helm's: struct fields in declaration order,
map keys sorted, ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, floats formatted as
``strconv.FormatFloat(f, 'f'|'e', -1, 64)`` with Go's exponent clean-up.
"""
from __future__ import annotations

import base64
import binascii
import gzip
import json
import math
import re
from decimal import Decimal
from typing import Any

from helmpy.release.model import Hook, HookExecution, Info, Release

RECORD_TYPE = "helm.sh/release.v1"
OWNER = "helm"
SYSTEM_LABELS = ("name", "owner", "status", "version", "createdAt", "modifiedAt")
GZIP_MAGIC = b"\x1f\x8b\x08"

# Declaration order of the chart structs a release embeds (pkg/chart/v2).
CHART_FIELDS = ("metadata", "lock", "templates", "values", "schema", "schemamodtime",
                "files", "modtime")
METADATA_FIELDS = ("name", "home", "sources", "version", "description", "keywords",
                   "maintainers", "icon", "apiVersion", "condition", "tags", "appVersion",
                   "deprecated", "annotations", "kubeVersion", "dependencies", "type")
MAINTAINER_FIELDS = ("name", "email", "url")
DEPENDENCY_FIELDS = ("name", "version", "repository", "condition", "tags", "enabled",
                     "import-values", "alias")
LOCK_FIELDS = ("generated", "digest", "dependencies")
FILE_FIELDS = ("name", "data", "modtime")


class ReleaseDecodeError(ValueError):
    """A stored record that is not a valid release body."""


# --- Go-compatible JSON ------------------------------------------------------------------

def go_float(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {value!r}")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    # Position of the decimal point relative to the first digit.
    point = len(digits) + int(exponent)
    prefix = "-" if sign else ""
    if 1e-6 <= abs(value) < 1e21:
        if point <= 0:
            return f"{prefix}0.{'0' * -point}{text}"
        if point >= len(text):
            return prefix + text + "0" * (point - len(text))
        return f"{prefix}{text[:point]}.{text[point:]}"
    exp = point - 1
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
    exp_text = f"{abs(exp):02d}"
    if exp < 0 and exp_text.startswith("0"):
        exp_text = exp_text[1:]  # Go trims e-07 to e-7 (but keeps e+07)
    return f"{prefix}{mantissa}e{'-' if exp < 0 else '+'}{exp_text}"


_SURROGATES = re.compile("[\ud800-\udfff]")


def go_string(text: str) -> str:
    # A lone surrogate is what invalid UTF-8 becomes in Python; Go writes U+FFFD for it.
    text = _SURROGATES.sub("\ufffd", text)
    out = json.dumps(text, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        out = out.replace(raw, escaped)
    return out


def go_json(value: Any) -> str:
    """Encode like Go's json.Marshal of the equivalent interface{} value (maps sorted)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, str):
        return go_string(value)
    if isinstance(value, bytes | bytearray):
        return go_string(base64.b64encode(bytes(value)).decode())
    if isinstance(value, dict):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(go_string(k) + ":" + go_json(v) for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(go_json(v) for v in value) + "]"
    raise TypeError(f"json: unsupported type: {type(value).__name__}")


def _empty(value: Any) -> bool:
    """Go's omitempty: false, 0, "", nil and empty slices or maps are left out."""
    if value is None or value is False:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str | list | dict | tuple):
        return len(value) == 0
    return False


def _struct(fields: list[tuple[str, str]]) -> str:
    return "{" + ",".join(go_string(name) + ":" + encoded for name, encoded in fields) + "}"


def _ordered(value: dict[str, Any], order: tuple[str, ...], omitempty: bool,
             nested: dict[str, Any] | None = None) -> str:
    """A struct kept as a dict: known fields in declaration order, then any others."""
    nested = nested or {}
    keys = [k for k in order if k in value] + [k for k in value if k not in order]
    fields = []
    for key in keys:
        item = value[key]
        if omitempty and _empty(item):
            continue
        encoder = nested.get(key)
        fields.append((key, encoder(item) if encoder and item is not None else go_json(item)))
    return _struct(fields)


def _list_of(encoder: Any) -> Any:
    return lambda items: "[" + ",".join(encoder(i) for i in items) + "]"


def _dependency(dep: dict[str, Any]) -> str:
    return _ordered(dep, DEPENDENCY_FIELDS, True)


def _metadata(meta: dict[str, Any]) -> str:
    return _ordered(meta, METADATA_FIELDS, True, {
        "maintainers": _list_of(lambda m: _ordered(m, MAINTAINER_FIELDS, True)),
        "dependencies": _list_of(_dependency)})


def _file(item: dict[str, Any]) -> str:
    return _ordered(item, FILE_FIELDS, False)


def chart_json(chart: dict[str, Any]) -> str:
    return _ordered(chart, CHART_FIELDS, False, {
        "metadata": _metadata,
        "lock": lambda lock: _ordered(lock, LOCK_FIELDS, False,
                                      {"dependencies": _list_of(_dependency)}),
        "templates": _list_of(_file),
        "files": _list_of(_file)})


def _hook_json(hook: Hook) -> str:
    run = hook.last_run
    run_fields = []
    if run.started_at:
        run_fields.append(("started_at", go_string(run.started_at)))
    if run.completed_at:
        run_fields.append(("completed_at", go_string(run.completed_at)))
    run_fields.append(("phase", go_string(run.phase)))
    fields = [(name, go_string(getattr(hook, name)))
              for name in ("name", "kind", "path", "manifest") if getattr(hook, name)]
    if hook.events:
        fields.append(("events", go_json(hook.events)))
    fields.append(("last_run", _struct(run_fields)))
    if hook.weight:
        fields.append(("weight", str(hook.weight)))
    if hook.delete_policies:
        fields.append(("delete_policies", go_json(hook.delete_policies)))
    if hook.output_log_policies:
        fields.append(("output_log_policies", go_json(hook.output_log_policies)))
    return _struct(fields)


def _info_json(info: Info) -> str:
    fields = [(name, go_string(getattr(info, name)))
              for name in ("first_deployed", "last_deployed", "deleted", "description",
                           "status", "notes") if getattr(info, name)]
    if info.resources:
        fields.append(("resources", go_json(info.resources)))
    return _struct(fields)


def release_json(rel: Release) -> str:
    """The release body exactly as Helm's ``json.Marshal(release)`` writes it."""
    fields: list[tuple[str, str]] = []
    if rel.name:
        fields.append(("name", go_string(rel.name)))
    if rel.info is not None:
        fields.append(("info", _info_json(rel.info)))
    if rel.chart is not None:
        fields.append(("chart", chart_json(rel.chart)))
    if rel.config:
        fields.append(("config", go_json(rel.config)))
    if rel.manifest:
        fields.append(("manifest", go_string(rel.manifest)))
    if rel.hooks:
        fields.append(("hooks", "[" + ",".join(_hook_json(h) for h in rel.hooks) + "]"))
    if rel.version:
        fields.append(("version", str(rel.version)))
    if rel.namespace:
        fields.append(("namespace", go_string(rel.namespace)))
    if rel.apply_method:
        fields.append(("apply_method", go_string(rel.apply_method)))
    return _struct(fields)


# --- record body ---------------------------------------------------------------------------

def encode_release(rel: Release) -> str:
    """``base64(gzip(json))``, the string Helm stores in a record's ``release`` field."""
    packed = gzip.compress(release_json(rel).encode(), compresslevel=9, mtime=0)
    return base64.b64encode(packed).decode()


def _time(value: Any) -> str:
    return value if isinstance(value, str) else ""


def release_from_dict(data: dict[str, Any]) -> Release:
    info_data = data.get("info")
    info = None
    if isinstance(info_data, dict):
        info = Info(first_deployed=_time(info_data.get("first_deployed")),
                    last_deployed=_time(info_data.get("last_deployed")),
                    deleted=_time(info_data.get("deleted")),
                    description=info_data.get("description") or "",
                    status=info_data.get("status") or "",
                    notes=info_data.get("notes") or "",
                    resources=info_data.get("resources"))
    hooks = []
    for item in data.get("hooks") or []:
        run = item.get("last_run") or {}
        hooks.append(Hook(name=item.get("name") or "", kind=item.get("kind") or "",
                          path=item.get("path") or "", manifest=item.get("manifest") or "",
                          events=list(item.get("events") or []),
                          last_run=HookExecution(_time(run.get("started_at")),
                                                 _time(run.get("completed_at")),
                                                 run.get("phase") or ""),
                          weight=int(item.get("weight") or 0),
                          delete_policies=list(item.get("delete_policies") or []),
                          output_log_policies=list(item.get("output_log_policies") or [])))
    return Release(name=data.get("name") or "", info=info, chart=data.get("chart"),
                   config=data.get("config") or {}, manifest=data.get("manifest") or "",
                   hooks=hooks, version=int(data.get("version") or 0),
                   namespace=data.get("namespace") or "",
                   apply_method=data.get("apply_method") or "")


def _go_int(text: str) -> int | float:
    # Go writes float64 negative zero as "-0"; keep it a float so it re-encodes as "-0".
    return -0.0 if text == "-0" else int(text)


def loads_release_json(text: str | bytes) -> Release:
    """A release from its JSON body (Go's number quirks preserved)."""
    body = json.loads(text, parse_int=_go_int)
    if not isinstance(body, dict):
        raise ReleaseDecodeError("release body is not a JSON object")
    return release_from_dict(body)


def decode_release(data: str | bytes) -> Release:
    """Read a stored record body (base64, optionally gzip-compressed JSON)."""
    try:
        raw = base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError) as err:
        raise ReleaseDecodeError(f"illegal base64 data: {err}") from err
    if raw[:3] == GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise ReleaseDecodeError(str(err)) from err
    try:
        body = json.loads(raw, parse_int=_go_int)
    except ValueError as err:
        raise ReleaseDecodeError(str(err)) from err
    if not isinstance(body, dict):
        raise ReleaseDecodeError("release body is not a JSON object")
    return release_from_dict(body)


def custom_labels(labels: dict[str, str]) -> dict[str, str]:
    """Labels other than the six the drivers manage themselves."""
    return {k: v for k, v in labels.items() if k not in SYSTEM_LABELS}


def record_labels(rel: Release, stamp_name: str, stamp: int) -> dict[str, str]:
    """The labels a Secret/ConfigMap record carries (custom labels first, system ones win)."""
    labels = dict(custom_labels(rel.labels))
    labels.update({stamp_name: str(stamp), "name": rel.name, "owner": OWNER,
                   "status": rel.status, "version": str(rel.version)})
    return labels


def file_record(name: str, data: bytes, modtime: str = "0001-01-01T00:00:00Z") -> dict[str, Any]:
    """A chart file (template or other) in the JSON form a release stores."""
    return {"name": name, "data": base64.b64encode(data).decode(), "modtime": modtime}


def chart_record(metadata: dict[str, Any], templates: list[tuple[str, bytes]],
                 values: dict[str, Any] | None, *, schema: bytes | None = None,
                 files: list[tuple[str, bytes]] | None = None,
                 lock: dict[str, Any] | None = None,
                 modtime: str = "0001-01-01T00:00:00Z",
                 schema_modtime: str = "0001-01-01T00:00:00Z",
                 file_modtimes: dict[str, str] | None = None) -> dict[str, Any]:
    """The chart as a release stores it (top chart only; subcharts are never stored).

    ``metadata`` is Chart.yaml as Helm holds it after loading (dependencies enabled,
    aliases applied); empty fields are dropped on encoding, as Go's omitempty does.
    ``files`` are the non-template files; ``None`` and ``[]`` encode as Helm's ``null``.
    """
    stamps = file_modtimes or {}
    zero = "0001-01-01T00:00:00Z"
    return {
        "metadata": metadata,
        "lock": lock,
        "templates": [file_record(name, data, stamps.get(name, zero))
                      for name, data in templates] or None,
        "values": values,
        "schema": base64.b64encode(schema).decode() if schema is not None else None,
        "schemamodtime": schema_modtime,
        "files": [file_record(name, data, stamps.get(name, zero))
                  for name, data in files or []] or None,
        "modtime": modtime,
    }
