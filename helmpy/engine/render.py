"""``render_templates``: Helm's engine render of a chart with user values.

This is the offline render ``helm template`` performs before it splits manifests: the
user's values are read, dependencies are enabled or pruned and their values imported,
values are coalesced and checked against every chart's values.schema.json, then every
template of the tree is rendered.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from helmpy.engine.capabilities import make_capabilities
from helmpy.engine.context import release_object
from helmpy.engine.engine import Engine, EngineOptions


@dataclass
class RenderRequest:
    """Everything that decides a render, with Helm's defaults."""

    release: str = "release-name"
    namespace: str = "default"
    values_files: Sequence[str] = ()
    values: dict[str, Any] | None = None
    set: Sequence[str] = ()
    set_string: Sequence[str] = ()
    set_file: Sequence[str] = ()
    set_json: Sequence[str] = ()
    set_literal: Sequence[str] = ()
    kube_version: str | None = None
    api_versions: Sequence[str] = ()
    is_upgrade: bool = False
    revision: int = 1
    strict: bool = False
    lint_mode: bool = False
    enable_dns: bool = False
    skip_schema_validation: bool = False
    lookup: Any = None
    warnings: list[str] = field(default_factory=list)
    # A cluster's own capabilities (install/upgrade); replaces the defaults above when set.
    capabilities: Any = None


@dataclass
class PreparedRender:
    chart: Any  # the dependency-processed tree that is rendered
    top: dict[str, Any]  # .Values, .Release, .Capabilities


def prepare(chart: Any, request: RenderRequest) -> PreparedRender:
    """User values -> processed dependencies -> coalesced, schema-checked render values."""
    from helmpy.values.merge import prepare_values, read_user_values

    user = read_user_values(
        values_files=request.values_files, set=request.set, set_string=request.set_string,
        set_file=request.set_file, set_json=request.set_json, set_literal=request.set_literal,
        values=request.values,
    )
    processed, values = prepare_values(chart, user)
    if not request.skip_schema_validation:
        from helmpy.engine.schema import validate_chart_values

        validate_chart_values(processed, values)
    top = {
        "Values": values,
        "Release": release_object(request.release, request.namespace, request.revision,
                                  request.is_upgrade),
        "Capabilities": request.capabilities or make_capabilities(
            request.kube_version, tuple(request.api_versions)),
    }
    return PreparedRender(processed, top)


def engine_for(request: RenderRequest) -> Engine:
    return Engine(EngineOptions(strict=request.strict, lint_mode=request.lint_mode,
                                enable_dns=request.enable_dns, lookup=request.lookup,
                                warnings=request.warnings))


def render_templates(chart: Any, **kwargs: Any) -> dict[str, str]:
    """Helm's engine render: template path (``CHART/templates/x.yaml``) -> rendered text.

    Keyword arguments are the fields of :class:`RenderRequest` (``release``, ``namespace``,
    ``values_files``, ``values``, ``set``, ... ``kube_version``, ``api_versions``).
    A failed render raises :class:`helmpy.RenderError` with Helm's message.
    """
    request = RenderRequest(**kwargs)
    prepared = prepare(chart, request)
    return engine_for(request).render(prepared.chart, prepared.top)
