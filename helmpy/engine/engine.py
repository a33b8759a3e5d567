"""Rendering a chart tree's templates, as Helm's pkg/engine does.

Every template of the chart and its enabled subcharts is parsed into one template set
(deepest paths first, equal depths in reverse lexical order, so a parent's ``define`` wins
over a subchart's), then every non-partial template is executed in that same order with its
own chart's scope: ``.Values`` scoped to the subchart, ``.Chart``, ``.Files``, and the shared
``.Release`` and ``.Capabilities``.
"""
from __future__ import annotations

import posixpath
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from helmpy.engine import values_methods  # noqa: F401 - installs .Values methods
from helmpy.engine.context import chart_object, files_object, scope_values
from helmpy.engine.errors import cleanup_parse_error, reformat_exec_error, warn_wrap
from helmpy.errors import RenderError
from helmpy.funcs import library_functions
from helmpy.gotemplate import TemplateExecError, TemplateParseError, TemplateSet
from helmpy.gotemplate.gotypes import INTERFACE, STRING, FuncError, FuncSpec, Values

# Helm's limit on nested include of one name before it reports a loop.
MAX_INCLUDE_DEPTH = 1000
NO_VALUE = "<no value>"
RECURSION_LIMIT = 60_000
ROOT_TEMPLATE = "gotpl"  # the name of Helm's root template; tpl texts are parsed under it

Lookup = Callable[[str, str, str, str], dict]


@dataclass
class EngineOptions:
    strict: bool = False  # missing map keys are errors (missingkey=error)
    lint_mode: bool = False  # required/fail only log, as under `helm lint`
    enable_dns: bool = False  # getHostByName really resolves
    lookup: Lookup | None = None  # cluster-backed lookup; None renders offline ({})
    warnings: list[str] = field(default_factory=list)  # lint-mode messages


@dataclass
class Renderable:
    text: str
    scope: dict[str, Any]  # the chart's top-level data; .Template is set per execution
    base_path: str


def sort_templates(names: list[str]) -> list[str]:
    """Helm's order: by number of '/' descending, then name descending."""
    return sorted(names, key=lambda n: (n.count("/"), n), reverse=True)


def is_partial(path: str) -> bool:
    return posixpath.basename(path).startswith("_")


def collect_templates(chart: Any, top: dict[str, Any]) -> dict[str, Renderable]:
    """Every template in the tree with its scope (Helm's allTemplates/recAllTpls)."""
    out: dict[str, Renderable] = {}
    _collect(chart, top, out)
    return out


def _collect(chart: Any, parent: dict[str, Any], out: dict[str, Renderable]) -> dict[str, Any]:
    subcharts: dict[str, Any] = {}
    scope: dict[str, Any] = Values({
        "Chart": chart_object(chart),
        "Files": files_object(chart),
        "Release": parent["Release"],
        "Capabilities": parent["Capabilities"],
        "Values": parent["Values"] if chart.parent is None
        else scope_values(parent["Values"], chart.name()),
        "Subcharts": subcharts,
    })
    for child in chart.dependencies:
        subcharts[child.name()] = _collect(child, scope, out)
    prefix = chart.full_path()
    library = (chart.metadata.type or "").lower() == "library"
    for tpl in chart.templates:
        if library and not is_partial(tpl.name):
            continue
        out[posixpath.join(prefix, tpl.name)] = Renderable(
            tpl.data.decode("utf-8", errors="replace") if isinstance(tpl.data, bytes) else tpl.data,
            scope, posixpath.join(prefix, "templates"))
    return scope


class Engine:
    """Helm's template engine: render a chart tree, or text through ``tpl``."""

    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()

    def render(self, chart: Any, top: dict[str, Any]) -> dict[str, str]:
        """Render every non-partial template; ``top`` holds Values, Release, Capabilities."""
        return self.render_templates(collect_templates(chart, top))

    def render_templates(self, templates: dict[str, Renderable]) -> dict[str, str]:
        # Go's stack grows as needed; include chains up to Helm's limit need deep recursion.
        if sys.getrecursionlimit() < RECURSION_LIMIT:
            sys.setrecursionlimit(RECURSION_LIMIT)
        tset = self._template_set()
        order = sort_templates(list(templates))
        for name in order:
            try:
                tset.parse(name, templates[name].text)
            except TemplateParseError as err:
                raise cleanup_parse_error(name, err) from None
        rendered: dict[str, str] = {}
        for name in order:
            if is_partial(name):
                continue
            item = templates[name]
            item.scope["Template"] = Values({"Name": name, "BasePath": item.base_path})
            try:
                text = tset.execute(name, item.scope)
            except TemplateExecError as err:
                raise reformat_exec_error(name, err) from None
            except RecursionError:
                raise RenderError(
                    f"rendering template failed: exceeded recursion rendering {name}") from None
            rendered[name] = text.replace(NO_VALUE, "") if text else ""
        return rendered

    # -- the function map -------------------------------------------------------------

    def _template_set(self) -> TemplateSet:
        funcs = dict(library_functions())
        funcs.update(self._fixed_functions())
        tset = TemplateSet(funcs, missing_key="error" if self.options.strict else "zero")
        self._bind(tset, {})
        return tset

    def _bind(self, tset: TemplateSet, included: dict[str, int]) -> None:
        """Add include and tpl, closed over ``tset`` (tpl re-binds them on its clone)."""
        tset.funcs["include"] = FuncSpec("include", self._include_fn(tset, included),
                                         (STRING, INTERFACE))
        tset.funcs["tpl"] = FuncSpec("tpl", self._tpl_fn(tset, included), (STRING, INTERFACE))

    def _include_fn(self, tset: TemplateSet, included: dict[str, int]) -> Callable[..., str]:
        def include(name: str, data: Any) -> str:
            depth = included.get(name, 0)
            if depth > MAX_INCLUDE_DEPTH:
                raise FuncError(f"rendering template has a nested reference name: {name}: "
                                "unable to execute template")
            if not tset.has(name):
                raise FuncError(
                    f'template: no template "{name}" associated with template "{ROOT_TEMPLATE}"')
            included[name] = depth + 1
            try:
                return tset.execute(name, data)
            except TemplateExecError as err:
                raise FuncError(str(err)) from err
            finally:
                included[name] -= 1

        return include

    def _tpl_fn(self, parent: TemplateSet, included: dict[str, int]) -> Callable[..., str]:
        def tpl(text: str, data: Any) -> str:
            tset = parent.clone()
            self._bind(tset, included)
            try:
                tset.parse(ROOT_TEMPLATE, text)
            except TemplateParseError as err:
                raise FuncError(f"cannot parse template {_go_quote(text)}: {err}") from err
            try:
                out = tset.execute(ROOT_TEMPLATE, data)
            except TemplateExecError as err:
                raise FuncError(
                    f"error during tpl function execution for {_go_quote(text)}: {err}") from err
            return out.replace(NO_VALUE, "")

        return tpl

    def _fixed_functions(self) -> dict[str, FuncSpec]:
        opts = self.options

        def required(warn: str, value: Any) -> Any:
            if value is None or (isinstance(value, str) and value == ""):
                if opts.lint_mode:
                    opts.warnings.append(f"[INFO] Missing required value: {warn}")
                    return ""
                raise FuncError(warn_wrap(warn))
            return value

        def fail(message: str) -> str:
            if opts.lint_mode:
                opts.warnings.append(f"[WARNING] Fail: {message}")
                return ""
            raise FuncError(warn_wrap(message))

        def lookup(api_version: str, kind: str, namespace: str, name: str) -> dict:
            if opts.lookup is None or opts.lint_mode:
                return {}
            return opts.lookup(api_version, kind, namespace, name)

        def get_host_by_name(host: str) -> str:
            if not opts.enable_dns:
                return ""
            import socket

            try:
                return socket.gethostbyname(host)
            except OSError:
                return ""

        return {
            "required": FuncSpec("required", required, (STRING, INTERFACE)),
            "fail": FuncSpec("fail", fail, (STRING,)),
            "lookup": FuncSpec("lookup", lookup, (STRING, STRING, STRING, STRING)),
            "getHostByName": FuncSpec("getHostByName", get_host_by_name, (STRING,)),
        }


def _go_quote(text: str) -> str:
    """Go's %q of a string."""
    from helmpy.gotemplate.gostrconv import quote

    return quote(text)
