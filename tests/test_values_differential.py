"""Coalescing and dependency processing compared with Helm's SDK on the same charts.

Each scenario writes a chart tree, renders ``{{ toJson .Values }}`` with Helm and compares it
with helmpy's ``prepare_values`` for the same user values.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.chart.loader import load
from helmpy.errors import HelmpyError
from helmpy.values.merge import prepare_values
from tests.files_support import write_files as _write

hp = pytest.importorskip("helm_python")


def _chart_yaml(name: str, deps: list[dict] | None = None) -> str:
    doc: dict[str, Any] = {"apiVersion": "v2", "name": name, "version": "0.1.0"}
    if deps is not None:
        doc["dependencies"] = deps
    return yaml.safe_dump(doc)


def _numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _as_sdk_sees(value: Any) -> Any:
    """The SDK passes user values as JSON, so Go sees every number as float64."""
    if isinstance(value, dict):
        return {k: _as_sdk_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_sdk_sees(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _compare(files: dict[str, str], user: dict | None) -> None:
    files = dict(files)
    files["templates/values.yaml"] = "{{ toJson .Values }}"
    with tempfile.TemporaryDirectory() as tmp:
        chart_dir = _write(Path(tmp) / "c", files)
        try:
            with hp.Chart.load(str(chart_dir)) as chart:
                rendered = chart.render(user or {}, name="r", namespace="ns")
            helm: Any = ("ok", json.loads(rendered["c/templates/values.yaml"]))
        except hp.HelmError as err:
            helm = ("err", str(err))
        try:
            ours: Any = ("ok", _numbers(json.loads(json.dumps(
                prepare_values(load(str(chart_dir)), _as_sdk_sees(user))[1]))))
        except HelmpyError as err:
            ours = ("err", str(err))
    assert ours == helm


SUB = {
    "charts/sub/Chart.yaml": _chart_yaml("sub"),
    "charts/sub/values.yaml": "enabled: false\nport: 80\nexports:\n  data:\n    shared: from-sub\n"
                              "global:\n  region: sub-region\n  extra: 1\nnested:\n  a: 1\n  b: 2\n",
}


def _with_parent(values: str, deps: list[dict] | None, extra: dict[str, str] | None = None
                 ) -> dict[str, str]:
    files = {"Chart.yaml": _chart_yaml("c", deps), "values.yaml": values, **SUB}
    files.update(extra or {})
    return files


SCENARIOS: list[tuple[str, dict[str, str], dict | None]] = [
    ("condition-false", _with_parent("sub:\n  enabled: false\n",
                                     [{"name": "sub", "version": "0.1.0", "repository": "",
                                       "condition": "sub.enabled"}]), None),
    ("condition-true-by-user", _with_parent("x: 1\n", [{"name": "sub", "version": "0.1.0",
                                                       "repository": "",
                                                       "condition": "sub.enabled"}]),
     {"sub": {"enabled": True}}),
    ("condition-first-existing-wins", _with_parent(
        "flags:\n  on: true\n", [{"name": "sub", "version": "0.1.0", "repository": "",
                                  "condition": "missing.path,flags.on,sub.enabled"}]), None),
    ("condition-non-bool", _with_parent("flag: yes-string\n", [
        {"name": "sub", "version": "0.1.0", "repository": "", "condition": "flag"}]), None),
    ("tags-disable", _with_parent("tags:\n  backend: false\n", [
        {"name": "sub", "version": "0.1.0", "repository": "", "tags": ["backend"]}]), None),
    ("condition-overrides-tags", _with_parent("tags:\n  backend: false\nsub:\n  enabled: true\n", [
        {"name": "sub", "version": "0.1.0", "repository": "", "tags": ["backend"],
         "condition": "sub.enabled"}]), None),
    ("alias-twice", _with_parent("first:\n  port: 1\n", [
        {"name": "sub", "version": "0.1.0", "repository": "", "alias": "first"},
        {"name": "sub", "version": "0.1.0", "repository": "", "alias": "second"}]), None),
    ("import-exports-string", _with_parent("shared: parent-wins\n", [
        {"name": "sub", "version": "0.1.0", "repository": "", "import-values": ["data"]}]), None),
    ("import-child-parent-map", _with_parent("imported:\n  a: parent\n", [
        {"name": "sub", "version": "0.1.0", "repository": "",
         "import-values": [{"child": "nested", "parent": "imported"}, {"child": "missing",
                                                                        "parent": "x"}]}]), None),
    ("globals-parent-wins", _with_parent("global:\n  region: parent\n  map: {k: 1}\n", None),
     {"global": {"user": True}}),
    ("null-deletes-default", _with_parent("a: 1\nb: {c: 2, d: 3}\n", None),
     {"a": None, "b": {"c": None}, "sub": {"port": None}}),
    ("table-meets-scalar", _with_parent("a: {b: 1}\nc: 2\n", None), {"a": "str", "c": {"d": 1}}),
    ("alias-condition-and-import", _with_parent("blue:\n  enabled: true\ngreen:\n  enabled: false\n", [
        {"name": "sub", "version": "0.1.0", "repository": "", "alias": "blue",
         "condition": "blue.enabled", "import-values": [{"child": "nested", "parent": "fromBlue"}]},
        {"name": "sub", "version": "0.1.0", "repository": "", "alias": "green",
         "condition": "green.enabled"}]), None),
    ("condition-with-spaces", _with_parent("flags:\n  on: false\n", [
        {"name": "sub", "version": "0.1.0", "repository": "",
         "condition": " missing.x, flags.on"}]), None),
    ("tags-mixed", _with_parent("tags:\n  a: false\n  b: true\n", [
        {"name": "sub", "version": "0.1.0", "repository": "", "tags": ["a", "b"]}]), None),
    ("version-mismatch-keeps-unaliased", _with_parent("x: 1\n", [
        {"name": "sub", "version": "^9.0.0", "repository": "", "alias": "other",
         "condition": "sub.enabled"}]), None),
    ("empty-dependency-list", _with_parent("x: 1\n", []), {"sub": {"port": 1}}),
    ("subchart-key-not-table", _with_parent("x: 1\n", None), {"sub": 3}),
    ("requirements-v1", {
        "Chart.yaml": "apiVersion: v1\nname: c\nversion: 0.1.0\n",
        "requirements.yaml": "dependencies:\n- name: sub\n  version: 0.1.0\n  repository: ''\n"
                             "  condition: sub.enabled\n",
        "values.yaml": "sub:\n  enabled: false\n", **SUB}, None),
    ("nested-subchart-condition", {
        "Chart.yaml": _chart_yaml("c", [{"name": "sub", "version": "0.1.0", "repository": ""}]),
        "values.yaml": "sub:\n  inner:\n    on: false\n",
        "charts/sub/Chart.yaml": _chart_yaml("sub", [{"name": "inner", "version": "0.1.0",
                                                      "repository": "", "condition": "inner.on"}]),
        "charts/sub/values.yaml": "inner:\n  on: true\n  v: 1\n",
        "charts/sub/charts/inner/Chart.yaml": _chart_yaml("inner"),
        "charts/sub/charts/inner/values.yaml": "v: 2\nw: 3\n"}, None),
]


@pytest.mark.parametrize("name,files,user", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_values_scenario_matches_helm(name: str, files: dict[str, str], user: dict | None) -> None:
    _compare(files, user)


def test_nested_tables_are_plain_maps_and_root_is_values() -> None:
    from helmpy.gotemplate.gotypes import Values, go_type_name

    with tempfile.TemporaryDirectory() as tmp:
        chart_dir = _write(Path(tmp) / "c", _with_parent("a: {b: {c: 1}}\n", None))
        values = prepare_values(load(str(chart_dir)), None)[1]
    assert isinstance(values, Values)
    # Helm: {{ typeOf .Values }} common.Values, {{ typeOf .Values.a }} map[string]interface {}
    from tests.helm_reference import helm_render_case

    out, _ = helm_render_case("{{ typeOf .Values }} {{ typeOf .Values.a }} {{ typeOf .Values.a.b }}",
                              values="a: {b: {c: 1}}\n")
    assert out == " ".join(go_type_name(v) for v in (values, values["a"], values["a"]["b"]))


KEYS = st.sampled_from(["a", "b", "global", "sub", "enabled"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["x", "y1"]))
TREES = st.recursive(SCALARS, lambda inner: st.dictionaries(KEYS, inner, max_size=3),
                     max_leaves=8)
MAPS = st.dictionaries(KEYS, TREES, max_size=4)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parent=MAPS, child=MAPS, user=MAPS)
def test_generated_values_trees_match_helm(parent: dict, child: dict, user: dict) -> None:
    files = {
        "Chart.yaml": _chart_yaml("c", [{"name": "sub", "version": "0.1.0", "repository": "",
                                         "condition": "sub.enabled"}]),
        "values.yaml": json.dumps(parent),
        "charts/sub/Chart.yaml": _chart_yaml("sub"),
        "charts/sub/values.yaml": json.dumps(child),
    }
    _compare(files, user)


def test_nulls_inside_top_level_globals_reach_subcharts_like_helm() -> None:
    """Found by Hypothesis: the top-level chart's own nulls are kept, also inside ``global``."""
    files = {
        "Chart.yaml": _chart_yaml("c", [{"name": "sub", "version": "0.1.0", "repository": "",
                                         "condition": "sub.enabled"}]),
        "values.yaml": json.dumps({"global": {"a": {"a": {"a": None}}}}),
        "charts/sub/Chart.yaml": _chart_yaml("sub"),
        "charts/sub/values.yaml": "{}",
    }
    _compare(files, {"a": None, "sub": {}})
