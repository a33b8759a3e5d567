"""Output as Helm prints it: the status block, tables (uitable), JSON and YAML.

Tables follow gosuri/uitable as Helm uses it: every cell padded to its column's width and
cells joined by a tab. JSON is Go's ``json.Encoder`` (HTML-escaped, one line, newline);
YAML is sigs.k8s.io/yaml (JSON keys sorted).
"""
from __future__ import annotations

import json
from typing import Any

from helmpy.engine.manifests import go_trim_space
from helmpy.release.actions.base import chart_app_version, chart_name_version
from helmpy.release.codec import go_json, release_json
from helmpy.release.model import Release
from helmpy.uitable import table

TABLE, JSON, YAML = "table", "json", "yaml"
OUTPUT_FORMATS = (TABLE, JSON, YAML)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00"
ANSIC = "Mon Jan _2 15:04:05 2006"


def go_time(text: str) -> Any:
    """A stored time as Go's JSON decoding makes it (a GoTime; None when empty/invalid)."""
    from helmpy.funcs.dates import local_location, parse_in_location

    if not text:
        return None
    try:
        return parse_in_location(RFC3339_NANO, text, local_location())
    except ValueError:
        return None


def ansic(text: str) -> str:
    """``t.Local().Format(time.ANSIC)``."""
    from helmpy.funcs.dates import local_location

    moment = go_time(text)
    return "" if moment is None else moment.in_location(local_location()).format(ANSIC)


def go_time_string(text: str, layout: str = "") -> str:
    """Go's Time.String() (or Format(layout)); ``-`` for a zero/absent time."""
    moment = go_time(text)
    if moment is None:
        return "-"
    return moment.format(layout) if layout else str(moment)


def encode_json(value: Any) -> str:
    return go_json(value) + "\n"


def encode_yaml(value: Any) -> str:
    from helmpy.goyaml.writer import dump

    return dump(value)


def release_dict(rel: Release, strip_chart: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(release_json(rel))
    if strip_chart:
        data.pop("chart", None)
    return data


def release_output(rel: Release, fmt: str, strip_chart: bool = False) -> str:
    if fmt == JSON:
        if strip_chart:
            rel = Release(**{**rel.__dict__, "chart": None})
        return release_json(rel) + "\n"
    return encode_yaml(release_dict(rel, strip_chart))


def status_text(rel: Release, *, debug: bool = False, show_metadata: bool = False,
                hide_notes: bool = False, computed: dict[str, Any] | None = None,
                resources: str = "") -> str:
    """Helm's statusPrinter.WriteTable (colour off); ``resources`` is the RESOURCES block."""
    info = rel.info
    out = [f"NAME: {rel.name}\n"]
    if info and info.last_deployed:
        out.append(f"LAST DEPLOYED: {ansic(info.last_deployed)}\n")
    out.append(f"NAMESPACE: {rel.namespace}\n")
    out.append(f"STATUS: {info.status if info else ''}\n")
    out.append(f"REVISION: {rel.version}\n")
    if show_metadata:
        meta = rel.chart_metadata
        out.append(f"CHART: {meta.get('name', '')}\nVERSION: {meta.get('version', '')}\n"
                   f"APP_VERSION: {meta.get('appVersion', '')}\n")
    out.append(f"DESCRIPTION: {info.description if info else ''}\n")
    out.append(resources)
    tests = [h for h in rel.hooks if "test" in h.events]
    if not tests:
        out.append("TEST SUITE: None\n")
    for hook in tests:
        if not hook.last_run.started_at:
            continue
        out.append(f"TEST SUITE:     {hook.name}\n"
                   f"Last Started:   {ansic(hook.last_run.started_at)}\n"
                   f"Last Completed: {ansic(hook.last_run.completed_at)}\n"
                   f"Phase:          {hook.last_run.phase}\n")
    if debug:
        out.append("USER-SUPPLIED VALUES:\n")
        out.append(encode_yaml(rel.config or None) + "\n")
        out.append("COMPUTED VALUES:\n")
        out.append(encode_yaml(computed if computed is not None else {}) + "\n")
    description = info.description if info else ""
    if description.lower() == "dry run complete" or debug:
        out.append("HOOKS:\n")
        out.extend(f"---\n# Source: {h.path}\n{h.manifest}\n" for h in rel.hooks)
        out.append(f"MANIFEST:\n{rel.manifest}\n")
    if not hide_notes and info and info.notes:
        out.append(f"NOTES:\n{go_trim_space(info.notes)}\n")
    return "".join(out)


def history_rows(revisions: list[Release]) -> list[dict[str, Any]]:
    return [{"revision": r.version,
             "updated": (r.info.last_deployed if r.info and r.info.last_deployed
                         else "0001-01-01T00:00:00Z"),
             "status": r.status, "chart": chart_name_version(r),
             "app_version": chart_app_version(r),
             "description": r.info.description if r.info else ""} for r in revisions]


def _struct_json(fields: dict[str, Any]) -> str:
    """A Go struct's JSON: the fields in declaration (insertion) order, not sorted like a map."""
    return "{" + ",".join(f"{go_json(k)}:{go_json(v)}" for k, v in fields.items()) + "}"


def _rows_json(rows: list[dict[str, str]]) -> str:
    return "[" + ",".join(_struct_json(row) for row in rows) + "]\n"


def history_output(revisions: list[Release], fmt: str) -> str:
    rows = history_rows(revisions)
    if fmt == JSON:
        return _rows_json(rows)
    if fmt == YAML:
        return encode_yaml(rows)
    lines = [["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"]]
    lines += [[str(r["revision"]), ansic(r["updated"]), r["status"], r["chart"],
               r["app_version"], r["description"]] for r in rows]
    return table(lines)


def list_rows(releases: list[Release], time_format: str = "") -> list[dict[str, str]]:
    rows = []
    for r in releases:
        updated = go_time_string(r.info.last_deployed, time_format) \
            if r.info and r.info.last_deployed else "-"
        rows.append({"name": r.name, "namespace": r.namespace, "revision": str(r.version),
                     "updated": updated, "status": r.status, "chart": chart_name_version(r),
                     "app_version": chart_app_version(r)})
    return rows


def list_output(releases: list[Release], fmt: str, no_headers: bool = False,
                short: bool = False, time_format: str = "") -> str:
    if short:
        names = [r.name for r in releases]
        if fmt == JSON:
            return encode_json(names)
        if fmt == YAML:
            return encode_yaml(names)
        return "".join(n + "\n" for n in names)
    rows = list_rows(releases, time_format)
    if fmt == JSON:
        return _rows_json(rows)
    if fmt == YAML:
        return encode_yaml(rows)
    lines = [] if no_headers else [["NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS",
                                    "CHART", "APP VERSION"]]
    lines += [list(row.values()) for row in rows]
    return table(lines)


def values_output(values: dict[str, Any] | None, fmt: str, all_values: bool) -> str:
    if fmt == JSON:
        return encode_json(values)
    if fmt == YAML:
        return encode_yaml(values)
    header = "COMPUTED VALUES:\n" if all_values else "USER-SUPPLIED VALUES:\n"
    return header + encode_yaml(values)


def metadata_output(meta: dict[str, Any], fmt: str) -> str:
    if fmt == JSON:
        return _struct_json(meta) + "\n"
    if fmt == YAML:
        return encode_yaml(meta)
    out = [f"NAME: {meta['name']}\n", f"CHART: {meta['chart']}\n",
           f"VERSION: {meta['version']}\n", f"APP_VERSION: {meta['appVersion']}\n"]
    deps = sorted(str(d.get("name", "")) for d in meta.get("dependencies") or [])
    out.append(f"ANNOTATIONS: {_label_set(meta.get('annotations') or {})}\n"
               f"LABELS: {_label_set(meta.get('labels') or {})}\n"
               f"DEPENDENCIES: {','.join(deps)}\n"
               f"NAMESPACE: {meta['namespace']}\nREVISION: {meta['revision']}\n"
               f"STATUS: {meta['status']}\nDEPLOYED_AT: {meta['deployedAt']}\n")
    return "".join(out)


def _label_set(values: dict[str, str]) -> str:
    """k8s labels.Set.String(): ``k=v`` pairs sorted by key, comma-joined."""
    return ",".join(f"{k}={values[k]}" for k in sorted(values))
