"""Release records are interchangeable with Helm's: decoded from and encoded for Helm's SDK.

Helm writes through the emulator with its default secret driver (and the configmap driver);
helmpy's codec must re-encode those bodies byte for byte, and records helmpy writes must
read back through Helm's ``history``, ``status`` and ``get_values``.
"""
from __future__ import annotations

import copy
import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.kube.client import connect
from helmpy.kube.emulator import Emulator
from helmpy.release.codec import (
    decode_release,
    loads_release_json,
    release_from_dict,
    release_json,
)
from helmpy.release.model import DEPLOYED, SUPERSEDED, Info, Release, go_now
from helmpy.storage import open_storage
from tests import emulator_support as support
from tests.emulator_support import helm_config, objects, release_json_of, write_hello_chart

pytest.importorskip("helm_python")
emulator = support.emulator  # fixtures shared through the support module
hello_chart = support.hello_chart

TRICKY_VALUES: dict[str, Any] = {
    "message": "<tag> & \u2028 \u2029 \x01\b\f\n\r\t \"q\" \\ é 日本 \U0001f600",
    "small": 1e-7, "tiny": 1.5e-300, "edge": 1e-6, "big": 1e21, "below": 1e20,
    "fraction": 123456.789, "negative": -0.5, "negzero": -0.0, "subnormal": 5e-324,
    "huge": 1.7976931348623157e308, "rounded": 123456789012345678, "whole": 3, "flag": True, "nothing": None,
    "list": [1, "two", {"three": 3.25}], "nested": {"b": 2, "a": {"z": [], "y": {}}},
}


def _kube(emu: Emulator) -> Any:
    return connect(api_server=emu.url)


def test_helm_record_decodes_and_reencodes_byte_for_byte(emulator: Emulator,
                                                          hello_chart: Path) -> None:
    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "demo", TRICKY_VALUES, labels={"team": "a"},
                    description="first install")
        cfg.upgrade(str(hello_chart), "demo", {"message": "again", "hook": True})
        helm_history = cfg.history("demo")
        helm_status = cfg.status("demo")
        helm_values = cfg.get_values("demo", revision=1)
    for secret in objects(emulator, "secrets").values():
        raw = release_json_of(secret)
        assert release_json(loads_release_json(raw)).encode() == raw
    storage = open_storage("secret", kube=_kube(emulator))
    revisions = sorted(storage.history("demo"), key=lambda rel: rel.version)
    assert [(r.version, r.status) for r in revisions] == \
        [(h["revision"], h["status"]) for h in helm_history]
    first, latest = revisions
    assert first.config == helm_values
    assert first.info is not None and first.info.description == "first install"
    assert latest.manifest == helm_status["manifest"]
    assert latest.hooks and latest.hooks[0].events == ["pre-install", "pre-upgrade"]
    assert latest.hooks[0].last_run.phase == "Succeeded"
    assert storage.get("demo", 1).labels == {"team": "a"}
    assert storage.deployed("demo").version == 2


def test_record_written_by_helmpy_reads_back_in_helm(emulator: Emulator,
                                                     hello_chart: Path) -> None:
    with helm_config(emulator) as cfg:
        cfg.install(str(hello_chart), "seed", None)
    storage = open_storage("secret", kube=_kube(emulator))
    seed = storage.get("seed", 1)
    for version, status in ((1, SUPERSEDED), (2, DEPLOYED)):
        stamp = go_now()
        rel = Release(name="made", info=Info(first_deployed=stamp, last_deployed=stamp,
                                             description=f"rev {version}", status=status,
                                             notes="hello notes\n"),
                      chart=copy.deepcopy(seed.chart), config=dict(TRICKY_VALUES, rev=version),
                      manifest=seed.manifest.replace("seed-", "made-"), version=version,
                      namespace="default", labels={"origin": "helmpy"})
        storage.create(rel)
    with helm_config(emulator) as cfg:
        history = cfg.history("made")
        assert [(h["revision"], h["status"]) for h in history] == [(1, "superseded"),
                                                                   (2, "deployed")]
        status = cfg.status("made")
        assert status["manifest"] == seed.manifest.replace("seed-", "made-")
        assert status["chart_name"] == "hello"
        helm_values = cfg.get_values("made")
        # Helm decodes record JSON numbers as float64.
        expected = json.loads(json.dumps(dict(TRICKY_VALUES, rev=2)), parse_int=float)
        assert helm_values == expected
        assert cfg.get_values("made", revision=1)["rev"] == 1


def test_configmap_driver_interoperates(emulator: Emulator, hello_chart: Path) -> None:
    with helm_config(emulator, storage_driver="configmap") as cfg:
        cfg.install(str(hello_chart), "demo", {"message": "cm"})
    storage = open_storage("configmap", kube=_kube(emulator))
    rel = storage.deployed("demo")
    assert rel.config == {"message": "cm"}
    rel.info.description = "edited by helmpy"  # type: ignore[union-attr]
    storage.update(rel)
    cm = objects(emulator, "configmaps")["sh.helm.release.v1.demo.v1"]
    assert decode_release(cm["data"]["release"]).info.description == "edited by helmpy"  # type: ignore[union-attr]
    with helm_config(emulator, storage_driver="configmap") as cfg:
        assert cfg.get_all("demo")["info"]["description"] == "edited by helmpy"
        assert cfg.get_values("demo") == {"message": "cm"}
        cfg.upgrade(str(hello_chart), "demo", {"message": "cm2"})
    assert [r.version for r in sorted(storage.history("demo"), key=lambda r: r.version)] \
        == [1, 2]


# Values Helm's JSON path can carry: strings, float64 numbers, bools, nulls, lists, maps.
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_keys = st.text(alphabet=string.ascii_letters + "<>&_-é", min_size=1, max_size=6)
_numbers = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-2**53, 2**53)
_leaf = _text | _numbers | st.booleans() | st.none()
_values = st.recursive(_leaf, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_keys, inner, max_size=3), max_leaves=8)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=st.dictionaries(_keys, _values, min_size=1, max_size=4))
def test_go_json_matches_helm_on_generated_values(tmp_path_factory: pytest.TempPathFactory,
                                                  values: dict[str, Any]) -> None:
    chart = write_hello_chart(tmp_path_factory.mktemp("chart"))
    with Emulator() as emu, helm_config(emu) as cfg:
        cfg.install(str(chart), "prop", values)
        raw = release_json_of(objects(emu, "secrets")["sh.helm.release.v1.prop.v1"])
    assert release_json(loads_release_json(raw)).encode() == raw


RICH_CHART_YAML = """apiVersion: v2
name: rich
version: 1.2.3
kubeVersion: ">=1.20.0-0"
description: A rich chart
type: application
keywords: [a, b]
home: https://example.com
sources: [https://s]
dependencies:
  - name: sub
    version: 0.1.0
    repository: file://./charts/sub
    condition: sub.enabled
    tags: [t1]
    alias: subby
maintainers:
  - name: me
    email: me@x
    url: https://me
icon: https://icon
appVersion: "2.0"
deprecated: false
annotations:
  z: "1"
  a: "2"
"""


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(v) for v in value]
    return value


def test_struct_field_order_is_helms_whatever_the_dict_order(emulator: Emulator,
                                                             tmp_path: Path) -> None:
    chart = tmp_path / "rich"
    (chart / "templates").mkdir(parents=True)
    (chart / "files").mkdir()
    (chart / "charts" / "sub").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(RICH_CHART_YAML)
    (chart / "charts" / "sub" / "Chart.yaml").write_text(
        "apiVersion: v2\nname: sub\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("b: 2\na: 1\nf: 0.000001\n")
    (chart / "values.schema.json").write_text('{"type":"object"}\n')
    (chart / "files" / "x.txt").write_text("hi\n")
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r\n")
    (chart / "templates" / "hook.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: h\n  annotations:\n"
        '    "helm.sh/hook": post-install\n    "helm.sh/hook-weight": "3"\n')
    with helm_config(emulator) as cfg:
        cfg.install(str(chart), "rich", {"z": 1}, description="d")
    raw = release_json_of(objects(emulator, "secrets")["sh.helm.release.v1.rich.v1"])
    shuffled = _sorted_keys(json.loads(raw))
    assert release_json(release_from_dict(shuffled)).encode() == raw
