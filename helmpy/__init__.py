"""helmpy: a Helm-compatible chart renderer, packager and release manager.

The public API mirrors Helm's SDK where it can::

    import helmpy
    chart = helmpy.load_chart("charts/hello")
    values = helmpy.merge_values(chart, values_files=["prod.yaml"], set=["replicas=3"])
    out = helmpy.render(chart, release="demo", namespace="default")
    print(out.manifest)

Heavy modules are imported lazily, so ``import helmpy`` stays cheap.
"""
from __future__ import annotations

from typing import Any

from helmpy.errors import ChartError, HelmpyError, RenderError, ValuesError

__version__ = "0.1.0"

__all__ = [
    "ChartError",
    "HelmpyError",
    "RenderError",
    "ValuesError",
    "load_chart",
    "merge_values",
    "render",
    "render_templates",
]


def load_chart(path: str) -> Any:
    """Load a chart from a directory or a ``.tgz`` archive."""
    from helmpy.chart.loader import load

    return load(path)


def merge_values(chart: Any, **kwargs: Any) -> dict:
    """The ``.Values`` the root chart's templates see (see helmpy.values.merge)."""
    from helmpy.values.merge import merge_values as _merge

    return _merge(chart, **kwargs)


def render_templates(chart: Any, **kwargs: Any) -> dict[str, str]:
    """Helm's engine render: template path -> rendered text (see helmpy.engine)."""
    from helmpy.engine.render import render_templates as _render_templates

    return _render_templates(chart, **kwargs)


def render(chart: Any, **kwargs: Any) -> Any:
    """A full install render: manifest, hooks, notes, CRDs (see helmpy.engine)."""
    from helmpy.engine.pipeline import render as _render

    return _render(chart, **kwargs)
