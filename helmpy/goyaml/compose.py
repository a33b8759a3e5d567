"""libyaml parsing as go-yaml would do it: node graphs, and go-yaml's errors.

go-yaml is a Go port of libyaml; PyYAML's C binding gives the same scanner and parser.
Where they differ (``%YAML 1.2``, the ``\\/`` escape, flow scalars ending in ``:``,
redefined anchors, nesting limits) this module makes libyaml behave as go-yaml.
"""
from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import Node, ScalarNode

from helmpy.goyaml.errors import GoYAMLError

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str | bytes) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_DEPTH = 10000
# Nesting the composer's C recursion survives on the worker thread's stack.
STACK_SAFE_DEPTH = 100000
PLAIN = "?plain"
QUOTED = "?quoted"


class NodeParser(_Parser):  # type: ignore[misc, valid-type]
    """libyaml composer that leaves scalar resolution to us."""

    def __init__(self, stream: str | bytes) -> None:
        _Parser.__init__(self, stream)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else QUOTED
        return "?collection"

    # PyYAML's pure-Python composer calls these; the C parser does not.
    def descend_resolver(self, *args: Any) -> None:
        pass

    def ascend_resolver(self, *args: Any) -> None:
        pass


class _RedefiningComposer(Composer, NodeParser):  # type: ignore[misc]
    """PyYAML's Python composer over libyaml events, letting an anchor be redefined
    (go-yaml allows it; libyaml's composer refuses). Used only when that happens."""

    def __init__(self, stream: str | bytes) -> None:
        NodeParser.__init__(self, stream)
        Composer.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(
                    None, None, "found undefined alias", event.start_mark
                )
            return self.anchors[event.anchor]
        event = self.peek_event()
        self.anchors.pop(event.anchor, None)
        return super().compose_node(parent, index)


# --- errors in go-yaml's words ------------------------------------------------------


def translate(err: yaml.YAMLError, source: str | bytes) -> GoYAMLError:
    """go-yaml's message for a libyaml failure (go-yaml is a port of libyaml)."""
    if isinstance(err, yaml.reader.ReaderError):
        return GoYAMLError("yaml: " + err.reason)
    if isinstance(err, yaml.composer.ComposerError) and err.problem == "found undefined alias":
        return GoYAMLError(f"yaml: unknown anchor '{_alias_at(source, err.problem_mark)}' referenced")
    problem = getattr(err, "problem", None) or "unknown problem parsing YAML content"
    problem_mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    line = 0
    if problem_mark is not None and problem_mark.line != 0:
        line = problem_mark.line
        # go-yaml counts lines from 1 only for scanner errors
        if isinstance(err, yaml.scanner.ScannerError):
            line += 1
    elif context_mark is not None and context_mark.line != 0:
        line = context_mark.line
    where = f"line {line}: " if line else ""
    return GoYAMLError(f"yaml: {where}{problem}")


def _alias_at(source: str | bytes, mark: Any) -> str:
    """The alias name written at an error mark (``*name``)."""
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    if mark is None:
        return ""
    line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
    match = re.match(r"\*([0-9A-Za-z_-]*)", line[mark.column:])  # libyaml's anchor chars
    return match.group(1) if match else ""


_LEADING_RUNS: dict[int, re.Pattern[str]] = {}
_LEADING = re.compile(r"[ \t?:-]*")


def is_shallow(text: str, limit: int) -> bool:
    """Whether ``depth_bound(text) <= limit``, without measuring every line."""
    flow = text.count("[") + text.count("{")
    longest = limit - flow  # depth_bound is flow + longest leading run + 1
    if longest <= 0:
        return False
    pattern = _LEADING_RUNS.get(longest)
    if pattern is None:
        # after a literal newline: the regex engine then jumps from line start to line start
        pattern = _LEADING_RUNS[longest] = re.compile(f"\n[ \t?:-]{{{longest},}}")
    if _LEADING.match(text).end() >= longest:  # type: ignore[union-attr]
        return False  # the first line
    return pattern.search(text) is None


def depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth of a document."""
    flow = text.count("[") + text.count("{")
    if flow > MAX_DEPTH:
        return flow
    leading = max((len(m) for m in re.findall(r"^[ \t?:-]*", text, re.MULTILINE)), default=0)
    return flow + leading + 1


def check_depth(source: str | bytes) -> None:
    """Refuse nesting go-yaml refuses before libyaml's composer recurses into it in C."""
    parser = NodeParser(source)
    flow = block = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                if event.flow_style:
                    flow += 1
                else:
                    block += 1
                if flow > MAX_DEPTH or block > MAX_DEPTH:
                    line = event.start_mark.line if event.start_mark is not None else 0
                    where = f"line {line + 1}: " if line else ""
                    raise GoYAMLError(f"yaml: {where}exceeded max depth of {MAX_DEPTH}")
            elif isinstance(event, yaml.CollectionEndEvent):
                # flow collections only nest inside flow collections
                if flow:
                    flow -= 1
                else:
                    block -= 1
    except yaml.YAMLError as err:
        raise translate(err, source) from None


_VERSION_DIRECTIVE = re.compile(r"%YAML[ \t]+([0-9]+)\.([0-9]+)")


def _check_version(source: str | bytes) -> None:
    """go-yaml accepts only %YAML 1.1 (libyaml also takes 1.2)."""
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    if "%YAML" not in text:
        return
    for number, line in enumerate(text.lstrip("\ufeff").split("\n")):
        if line.startswith("---") or line[:1] not in ("%", "#", "", " ", "\t", "\r"):
            return
        match = _VERSION_DIRECTIVE.match(line)
        if match and (match.group(1), match.group(2)) != ("1", "1"):
            where = f"line {number}: " if number else ""
            raise GoYAMLError(f"yaml: {where}found incompatible YAML document")


# go-yaml lets a plain scalar in a flow collection end in ":" before ",", "]" or "}"
# ("[a:]" is ["a:"]); libyaml refuses it. Such colons are swapped for this placeholder
# while libyaml parses, and swapped back in the values.
_COLON = "\U0010fffd"
_MAX_COLON_FIXES = 200


def compose(source: str | bytes, first_only: bool) -> tuple[list[Node | None], str | bytes]:
    """The document nodes, and the text they were parsed from (colons may be swapped)."""
    _check_version(source)
    _check_escapes(source)
    current = source
    for _ in range(_MAX_COLON_FIXES):
        try:
            try:
                return _compose_with(NodeParser(current), first_only), current
            except yaml.composer.ComposerError as err:
                if "found duplicate anchor" not in str(err.context or ""):
                    raise
                return _compose_with(_RedefiningComposer(current), first_only), current
        except yaml.scanner.ScannerError as err:
            fixed = _swap_flow_colon(current, err)
            if fixed is None:
                raise translate(err, source) from None
            current = fixed
        except yaml.YAMLError as err:
            raise translate(err, source) from None
    raise GoYAMLError("yaml: found unexpected ':'")


def _swap_flow_colon(text: str | bytes, err: yaml.scanner.ScannerError) -> str | None:
    if err.problem != "found unexpected ':'" or err.problem_mark is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    index = err.problem_mark.index
    if text[index:index + 1] != ":" or text[index + 1:index + 2] not in tuple(",]}[{"):
        return None
    return text[:index] + _COLON + text[index + 1:]


def restore_colons(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(_COLON, ":")
    if isinstance(value, list):
        return [restore_colons(item) for item in value]
    if isinstance(value, dict):
        return {restore_colons(k): restore_colons(v) for k, v in value.items()}
    return value


def _compose_with(parser: Any, first_only: bool) -> list[Node | None]:
    documents: list[Node | None] = []
    while parser.check_node():
        documents.append(parser.get_node())
        if first_only:
            break
    if not documents:
        documents.append(None)
    return documents


def _check_escapes(source: str | bytes) -> None:
    """libyaml accepts YAML 1.2's ``\\/`` escape in double-quoted scalars; go-yaml does not."""
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    if "\\/" not in text:
        return
    scanner = NodeParser(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if not isinstance(token, yaml.ScalarToken) or token.style != '"':
                continue
            raw = text[token.start_mark.index:token.end_mark.index]
            position = 0
            while (position := raw.find("\\", position)) != -1:
                if raw[position + 1:position + 2] == "/":
                    line = text.count("\n", 0, token.start_mark.index + position)
                    start = token.start_mark.line
                    where = (f"line {line + 1}: " if line else f"line {start}: " if start else "")
                    raise GoYAMLError(f"yaml: {where}found unknown escape character")
                position += 2
    except yaml.YAMLError:
        return  # the real parse reports it
