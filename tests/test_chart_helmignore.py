""".helmignore rules against Helm's loader on generated rule files."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.chart.loader import load
from helmpy.errors import ChartError

hp = pytest.importorskip("helm_python")

TREE = ["README.md", "a.txt", "b.bak", "docs/guide.md", "docs/img/x.png", "sub/docs/keep.md",
        "templates/deploy.yaml", "templates/.hidden", "templates/sub/svc.yaml", "ci/test.yaml",
        "files/conf.ini", "[x].txt", "values.yaml"]
PATTERNS = ["*.txt", "*.bak", "docs/", "/docs", "docs/*", "*/docs/*", "!*.md", "!docs/",
            "templates/sub/", "ci", "[ab].*", "[!a]*", "[^a]*", "?.txt", "\\[x\\].txt",
            "files/*.ini", "/README.md", "*", "templates/*.yaml", "sub", "[a-", "# note", "", "*.txt\r", "a.txt\x0cb.bak"]


def _names(chart_dir: Path) -> tuple[str, object]:
    try:
        chart = load(str(chart_dir))
    except ChartError as err:
        return "err", str(err)
    return "ok", sorted(f.name for f in [*chart.files, *chart.templates])


def _helm_names(chart_dir: Path) -> tuple[str, object]:
    try:
        with hp.Chart.load(str(chart_dir)) as chart:
            return "ok", sorted(f["name"] for f in [*chart.files, *chart.templates])
    except hp.HelmError as err:
        return "err", str(err)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=st.lists(st.sampled_from(PATTERNS), max_size=4))
def test_generated_helmignore_matches_helm(rules: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "c"
        for rel in TREE:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text("x: 1\n")
        (root / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
        (root / ".helmignore").write_text("\n".join(rules) + "\n")
        assert _names(root) == _helm_names(root)
