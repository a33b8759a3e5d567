"""The errors Go's text/template reports, in Go's raw form (the engine rewords them)."""
from __future__ import annotations

from helmpy.errors import RenderError


class TemplateParseError(RenderError):
    """``template: NAME:LINE: MESSAGE`` (Go's parse.Tree.errorf)."""

    def __init__(self, name: str, line: int, message: str) -> None:
        self.name = name
        self.line = line
        self.message = message
        super().__init__(f"template: {name}:{line}: {message}")


class TemplateExecError(RenderError):
    """``template: LOC:LINE:COL: executing "TPL" at <NODE>: MESSAGE`` (Go's state.errorf).

    ``name``/``line``/``col`` locate the node in its file (Go's ErrorContext), ``node_text``
    is the node's Go String(), ``template_name`` the template being executed. When a
    function failed, ``func_name`` names it and ``__cause__`` is its exception.
    """

    def __init__(self, name: str, line: int, col: int, node_text: str, template_name: str,
                 message: str, func_name: str | None = None) -> None:
        self.name = name
        self.line = line
        self.col = col
        self.node_text = node_text
        self.template_name = template_name
        self.message = message
        self.func_name = func_name
        from helmpy.gotemplate.gostrconv import quote

        super().__init__(
            f"template: {name}:{line}:{col}: executing {quote(template_name)} at "
            f"<{node_text}>: {message}")


class TemplateError(RenderError):
    """An execution error Go reports without a node (``template: NAME: MESSAGE``)."""


class TemplateNotFoundError(RenderError):
    """ExecuteTemplate of an unknown name."""

    def __init__(self, name: str, root: str) -> None:
        self.template_name = name
        super().__init__(f'template: no template "{name}" associated with template "{root}"')
