"""Chart.yaml decoding (YAML -> JSON -> Go struct) against Helm's loader on generated fields."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.chart.loader import load
from helmpy.errors import ChartError

hp = pytest.importorskip("helm_python")

FIELDS = ["appVersion", "description", "keywords", "deprecated", "annotations", "maintainers",
          "kubeVersion", "home", "sources", "icon", "condition", "tags", "type", "AppVersion",
          "dependencies"]
SCALARS = st.sampled_from(["1.10", "2", "true", "yes", "null", "~", "'quoted'", "1e3", "0x1F",
                           "text", "1.5.0", "2023-01-01", "-1", "0.000001", "123456789", ""])
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=2).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.dictionaries(st.sampled_from(["name", "email", "a", "version"]), SCALARS, max_size=2).map(
        lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"),
    st.lists(st.dictionaries(st.sampled_from(["name", "version", "alias", "tags"]), SCALARS,
                             max_size=2), max_size=2).map(
        lambda ds: "[" + ", ".join("{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
                                   for d in ds) + "]"),
)


def _ours(path: Path) -> tuple[str, object]:
    try:
        return "ok", load(str(path)).metadata.to_json_dict()
    except ChartError as err:
        return "err", str(err)


def _helm(path: Path) -> tuple[str, object]:
    try:
        with hp.Chart.load(str(path)) as chart:
            return "ok", chart.metadata
    except hp.HelmError as err:
        return "err", str(err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=3))
def test_generated_chart_yaml_decodes_like_helm(fields: dict[str, str]) -> None:
    text = "apiVersion: v2\nname: c\nversion: 1.0.0\n" + "".join(
        f"{key}: {value}\n" for key, value in fields.items())
    with tempfile.TemporaryDirectory() as tmp:
        chart = Path(tmp) / "c"
        chart.mkdir()
        (chart / "Chart.yaml").write_text(text)
        assert _ours(chart) == _helm(chart), text
