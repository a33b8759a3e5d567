"""Helm's rewording of Go template errors.

Go's text/template reports ``template: LOC: executing "NAME" at <NODE>: MSG``. Helm's engine
rewrites those before a user sees them:

- parse errors become ``parse error at (LOC): MSG``;
- errors raised by ``fail`` and ``required`` (marked with HELM_ERR_START/END) become
  ``execution error at (LOC): MSG``;
- other execution errors become a multi-line trace, one entry per template in the chain of
  wrapped errors, unless some link of that chain is not a template error, in which case the
  raw Go message is kept.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from helmpy.errors import RenderError
from helmpy.gotemplate.gotypes import FuncError

WARN_START = "HELM_ERR_START"
WARN_END = "HELM_ERR_END"
_WARN = re.compile(WARN_START + "(.*)" + WARN_END, re.DOTALL)

# Go's (?U) makes the groups lazy; Go's `.` stops at newlines and `$` is end of text.
_EXEC = re.compile(
    r"^template: (?P<tpl>.+?): executing (?P<func>.+?) at (?P<loc>.+?): "
    r"(?P<msg>.+?)(?P<next>( template:.*)?)\Z"
)
_EXEC_NO_TEMPLATE = re.compile(r"^template: (?P<tpl>.+?): (?P<msg>.+?)(?P<next>( template:.*)?)\Z")
_NO_SUCH_TEMPLATE = re.compile(r"^template: no template (?P<loc>.*) associated with template (?P<func>.*)\Z")


def warn_wrap(message: str) -> str:
    """Mark a ``fail``/``required`` message so the final error shows it alone."""
    return WARN_START + message + WARN_END


@dataclass(frozen=True)
class _Traceable:
    location: str = ""
    executed: str = ""
    message: str = ""

    def __str__(self) -> str:
        out = ""
        if self.location:
            out += self.location + "\n  "
        if self.executed:
            out += self.executed + "\n    "
        if self.message:
            out += self.message + "\n"
        return out


def go_error_chain(err: BaseException) -> Iterator[str]:
    """The texts of Go's errors.Unwrap chain that ``err`` stands for, outermost first."""
    from helmpy.gotemplate import TemplateExecError

    text = str(err)
    yield text
    cause = err.__cause__
    if isinstance(err, TemplateExecError):
        # ExecError wraps the formatted error: fmt.Errorf(... %w) when a function failed.
        yield text
        if cause is not None:
            yield from go_error_chain(cause)
    elif isinstance(err, FuncError) and cause is not None:
        yield from go_error_chain(cause)


def cleanup_parse_error(filename: str, err: BaseException) -> RenderError:
    tokens = str(err).split(": ")
    if len(tokens) == 1:
        return RenderError(f"parse error in ({filename}): {err}")
    return RenderError(f"parse error at ({tokens[1]}): {tokens[-1]}")


def reformat_exec_error(filename: str, err: BaseException) -> RenderError:
    """Helm's reformatExecErrorMsg for an execution error of template ``filename``."""
    from helmpy.gotemplate import TemplateExecError

    text = str(err)
    if not isinstance(err, TemplateExecError):
        return err if isinstance(err, RenderError) else RenderError(text)
    tokens = text.split(": ", 2)
    if len(tokens) != 3:
        return RenderError(f"execution error in ({filename}): {text}")
    warned = _WARN.search(tokens[2])
    if warned:
        return RenderError(f"execution error at ({tokens[1]}): {warned.group(1)}")
    trace: list[_Traceable] = []
    for link in go_error_chain(err):
        if m := _EXEC.match(link):
            item = _Traceable(m["tpl"], f"executing {m['func']} at {m['loc']}:", m["msg"])
        elif m := _EXEC_NO_TEMPLATE.match(link):
            item = _Traceable(m["tpl"], "", m["msg"])
        elif _NO_SUCH_TEMPLATE.match(link):
            item = _Traceable("", "", link)
        else:
            return RenderError(text)
        if not trace or trace[-1] != item:
            trace.append(item)
    return RenderError("".join(str(t) for t in trace).strip())
