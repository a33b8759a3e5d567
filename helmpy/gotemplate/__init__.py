"""Go text/template: lexer, parser, nodes, compiler (via Jinja2) and runtime."""
from helmpy.gotemplate.exec_errors import (
    TemplateError,
    TemplateExecError,
    TemplateNotFoundError,
    TemplateParseError,
)
from helmpy.gotemplate.template_set import TemplateSet

__all__ = [
    "TemplateError",
    "TemplateExecError",
    "TemplateNotFoundError",
    "TemplateParseError",
    "TemplateSet",
]
