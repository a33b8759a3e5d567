"""Helm's own behaviour, from Helm v4.2.3's Go SDK (test-only dependency).

Tests and dev tools use these to compare helmpy with Helm on generated input::

    from tests.helm_reference import helm_render_case
    out, err = helm_render_case('{{ printf "%d" 3 }}', values="x: 1\n")

helmpy itself never imports this module or ``helm_python``.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

CHART_YAML = 'apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: "1.0"\n'


def write_case_chart(
    root: Path,
    template: str,
    values: str | None = None,
    helpers: str | None = None,
    files: dict[str, str] | None = None,
) -> Path:
    """Write the one-template chart ``c`` the conformance cases use; returns its path."""
    chart = root / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART_YAML)
    if values is not None:
        (chart / "values.yaml").write_text(values)
    (chart / "templates" / "case.yaml").write_text(template)
    if helpers:
        (chart / "templates" / "_helpers.tpl").write_text(helpers)
    for rel, text in (files or {}).items():
        path = chart / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return chart


def helm_render_case(
    template: str,
    values: str | None = None,
    helpers: str | None = None,
    files: dict[str, str] | None = None,
    release: str = "r",
    namespace: str = "ns",
) -> tuple[str | None, str | None]:
    """Render one template with Helm's SDK: (output, None) or (None, Helm's error text)."""
    import helm_python

    with tempfile.TemporaryDirectory() as tmp:
        chart_dir = write_case_chart(Path(tmp), template, values, helpers, files)
        try:
            chart = helm_python.Chart.load(str(chart_dir))
        except helm_python.HelmError as err:
            return None, str(err)
        try:
            with chart:
                out = chart.render(name=release, namespace=namespace)
        except helm_python.HelmError as err:
            return None, str(err)
    return out.get("c/templates/case.yaml"), None
