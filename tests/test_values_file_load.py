"""values.yaml reading (documents, separators, merging) against Helm's loader."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.chart.loader import load
from helmpy.errors import ChartError

hp = pytest.importorskip("helm_python")

LINES = st.sampled_from([
    "a: 1", "a: {b: 2}", "a:\n  c: 3", "b: [1, 2]", "b: [3]", "---", "--- # comment", "--- x: 1",
    "---x", "...", "# only a comment", "c: null", "- item", "plain scalar", "d: yes", "", "  e: 1",
    "f: 'str'", "a: 7", "g: 1\r", "\r---", "h: \"x\u2028y\"", "---\r",
])


def _ours(chart: Path) -> tuple[str, object]:
    try:
        return "ok", json.loads(json.dumps(load(str(chart)).values))
    except ChartError as err:
        return "err", str(err)


def _helm(chart: Path) -> tuple[str, object]:
    try:
        with hp.Chart.load(str(chart)) as loaded:
            return "ok", json.loads(json.dumps(loaded.values), parse_int=float)
    except hp.HelmError as err:
        return "err", str(err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, max_size=6))
def test_generated_values_files_load_like_helm(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        chart = Path(tmp) / "c"
        chart.mkdir()
        (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
        (chart / "values.yaml").write_text("\n".join(lines) + "\n")
        assert _ours(chart) == _helm(chart)
