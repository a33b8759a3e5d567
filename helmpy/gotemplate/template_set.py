"""A set of associated templates, as Go's template.Template with its common map."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helmpy.errors import RenderError
from helmpy.gotemplate.compiler import CompiledTree, compile_text
from helmpy.gotemplate.exec_errors import TemplateError, TemplateNotFoundError
from helmpy.gotemplate.gotypes import FuncSpec
from helmpy.gotemplate.runtime import Context, ExecState


class TemplateSet:
    """Parse texts into one namespace of templates and execute them by name.

    ``funcs`` is kept by reference: functions added to it later (the engine's include and
    tpl closures) are visible to templates parsed afterwards and to every execution.
    Builtins are always available; a function of the same name overrides one.
    """

    def __init__(self, funcs: Mapping[str, FuncSpec] | None = None, missing_key: str = "zero",
                 root_name: str = "gotpl") -> None:
        self.funcs: dict[str, FuncSpec] = funcs if isinstance(funcs, dict) else dict(funcs or {})
        if missing_key not in ("zero", "error", "default", "invalid"):
            raise ValueError(f"unrecognized missing_key option {missing_key!r}")
        self.missing_key = missing_key
        self.root_name = root_name
        self._templates: dict[str, CompiledTree] = {}
        self._names: tuple[int, frozenset[str]] = (-1, frozenset())

    def _function_names(self) -> frozenset[str]:
        # Functions are only ever added or replaced, so the count tells when to refresh.
        count, names = self._names
        if count != len(self.funcs):
            names = frozenset(self.funcs)
            self._names = (len(self.funcs), names)
        return names

    def parse(self, name: str, text: str) -> None:
        """Add template ``name`` and the templates it defines (Go's Parse + AddParseTree)."""
        trees = compile_text(name, text, self.funcs, self.missing_key == "error",
                             self._function_names())
        templates = self._templates
        for tname, compiled in trees.items():
            old = templates.get(tname)
            if old is not None and compiled.empty:
                continue  # an empty body never replaces a template (Go's associate)
            templates[tname] = compiled

    def has(self, name: str) -> bool:
        return name in self._templates

    def names(self) -> list[str]:
        return list(self._templates)

    def execute(self, name: str, data: Any) -> str:
        compiled = self._templates.get(name)
        if compiled is None:
            raise TemplateNotFoundError(name, self.root_name)
        state = ExecState(self._templates, self.funcs, self.missing_key == "error")
        try:
            return "".join(compiled.fn(Context(state, data, compiled.sites)))
        except (RenderError, RecursionError):
            raise
        except Exception as err:  # a defect, not the template's fault: still no traceback
            raise TemplateError(f"template: {name}: internal error: {type(err).__name__}: "
                                f"{err}") from err

    def clone(self) -> TemplateSet:
        """A copy sharing compiled templates; later parses and funcs stay separate."""
        copy = TemplateSet.__new__(TemplateSet)
        copy.funcs = dict(self.funcs)
        copy.missing_key = self.missing_key
        copy.root_name = self.root_name
        copy._templates = dict(self._templates)
        copy._names = self._names
        return copy
