"""charts/helmpy-repo, the chart that deploys ``helmpy serve``, checked with Helm's SDK."""
from __future__ import annotations

from pathlib import Path

import helm_python
import pytest
import yaml

CHART = Path(__file__).resolve().parent.parent / "charts" / "helmpy-repo"


def _render(values: dict | None = None) -> list[dict]:
    with helm_python.Chart.load(str(CHART)) as chart:
        rendered = chart.render(values, name="repo", namespace="tools")
    docs = []
    for name, text in sorted(rendered.items()):
        if name.endswith(".yaml"):
            docs.extend(d for d in yaml.safe_load_all(text) if d)
    return docs


def test_helm_lints_the_chart() -> None:
    result = helm_python.lint(str(CHART))
    assert result["total_charts_linted"] == 1
    assert result["errors"] == []
    assert all(m["severity"] < 4 for m in result["messages"]), result  # 4 is ERROR


def test_default_render_runs_helmpy_serve() -> None:
    docs = _render()
    kinds = sorted(d["kind"] for d in docs)
    assert kinds == ["Deployment", "PersistentVolumeClaim", "Service"]
    deploy = next(d for d in docs if d["kind"] == "Deployment")
    container = deploy["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][:4] == ["serve", "--address=0.0.0.0:8879", "--repo-path=/charts",
                                     "--url=http://repo-helmpy-repo.tools:8879/"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health"


@pytest.mark.parametrize("values", [
    {"auth": {"username": "admin", "password": "pw", "protectReads": True}},
    {"server": {"requireProvenance": True, "keyring": "AAAA"}, "persistence": {"enabled": False}},
])
def test_auth_and_provenance_options(values: dict) -> None:
    docs = _render(values)
    deploy = next(d for d in docs if d["kind"] == "Deployment")
    args = deploy["spec"]["template"]["spec"]["containers"][0]["args"]
    assert any(d["kind"] == "Secret" for d in docs)
    if "auth" in values:
        assert "--basic-auth-user=admin" in args and "--auth-reads" in args
    else:
        assert "--require-provenance" in args and "--keyring=/keyring/keyring.gpg" in args
