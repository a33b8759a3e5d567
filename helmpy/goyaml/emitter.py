"""A block-style YAML emitter that writes exactly what go-yaml's emitter writes.

go-yaml's emitter is a port of libyaml's; this follows its state machine for the subset
Helm's encoders produce (block mappings and sequences, empty flow collections, plain,
quoted and literal scalars), including its scalar analysis, quoting choices, line
folding at ``best_width`` and escapes. Two dialects matter to Helm: yaml.v2 (``toYaml``,
via sigs.k8s.io/yaml) and yaml.v3 with indent 2 (``toYamlPretty``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PLAIN, SINGLE, DOUBLE, LITERAL = "plain", "single", "double", "literal"

_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK_RE = re.compile("[\r\n\x85\u2028\u2029]")
_DOUBLE_ESCAPES = {
    "\x00": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
    "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
    "\u2028": "L", "\u2029": "P",
}


def is_printable(char: str) -> bool:
    """libyaml's IS_PRINTABLE: which characters may appear unescaped."""
    code = ord(char)
    return (
        code == 0x0A
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
    )


@dataclass(slots=True)
class ScalarAnalysis:
    multiline: bool
    flow_plain_allowed: bool
    block_plain_allowed: bool
    single_quoted_allowed: bool
    block_allowed: bool


# Scalars made only of these characters (not starting or ending with a space, not
# starting with an indicator) allow every style: the common case, analysed at once.
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_./+=~;()$^][A-Za-z0-9_./+=~;()$^ -]*\Z")
_ALL_ALLOWED = ScalarAnalysis(False, True, True, True, True)
# The same plus flow indicators inside (URLs, "a:b"): only flow-context plain is refused.
_FLOW_UNSAFE = re.compile(r"[A-Za-z0-9_./+=~;()$^][A-Za-z0-9_./+=~;()$^ :,?\[\]{}-]*\Z")
_FLOW_REFUSED = ScalarAnalysis(False, False, True, True, True)


def analyze_scalar(value: str, tabs_in_blocks: bool = False) -> ScalarAnalysis:
    """yaml_emitter_analyze_scalar (tabs_in_blocks: yaml.v3's handling of tabs)."""
    if not value:
        return ScalarAnalysis(False, False, True, True, False)
    if value[-1] not in " :" and not value.startswith("...") and ": " not in value:
        if _PLAIN_SAFE.match(value):
            return _ALL_ALLOWED
        if _FLOW_UNSAFE.match(value):
            return _FLOW_REFUSED
    block_indicators = flow_indicators = line_breaks = special_characters = False
    tab_characters = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = previous_space = previous_break = False
    if value.startswith(("---", "...")):
        block_indicators = flow_indicators = True
    preceded_by_whitespace = True
    last = len(value) - 1
    for index, char in enumerate(value):
        followed_by_whitespace = index == last or value[index + 1] in " \t" + _BREAKS
        if index == 0:
            if char in "#,[]{}&*!|>'\"%@`":
                flow_indicators = block_indicators = True
            elif char in "?:":
                flow_indicators = True
                if followed_by_whitespace:
                    block_indicators = True
            elif char == "-" and followed_by_whitespace:
                flow_indicators = block_indicators = True
        else:
            if char in ",?[]{}":
                flow_indicators = True
            elif char == ":":
                flow_indicators = True
                if followed_by_whitespace:
                    block_indicators = True
            elif char == "#" and preceded_by_whitespace:
                flow_indicators = block_indicators = True
        if tabs_in_blocks and char == "\t":
            tab_characters = True
        elif not is_printable(char):
            special_characters = True
        if char == " ":
            leading_space = leading_space or index == 0
            trailing_space = trailing_space or index == last
            break_space = break_space or previous_break
            previous_space, previous_break = True, False
        elif char in _BREAKS:
            line_breaks = True
            leading_break = leading_break or index == 0
            trailing_break = trailing_break or index == last
            space_break = space_break or previous_space
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_whitespace = char in " \t" + _BREAKS
    flow_plain = block_plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        flow_plain = block_plain = False
    if trailing_space:
        block = False
    if break_space:
        flow_plain = block_plain = single = False
    if space_break or tab_characters or special_characters:
        flow_plain = block_plain = single = False
    if space_break or special_characters:
        block = False
    if line_breaks:
        flow_plain = block_plain = False
    if flow_indicators:
        flow_plain = False
    if block_indicators:
        block_plain = False
    return ScalarAnalysis(line_breaks, flow_plain, block_plain, single, block)


class Emitter:
    """Writes one YAML document from scalars given as (text, requested style)."""

    def __init__(self, dialect: str = "v2", best_width: int = 80) -> None:
        self.v3 = dialect == "v3"
        self.best_indent = 2
        self.best_width = best_width if best_width >= 0 else (1 << 31) - 1
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True
        self.indent = -1
        self.indents: list[int] = []
        self.flow_level = 0
        self.root_context = self.sequence_context = self.mapping_context = False
        self.simple_key_context = False

    # --- low-level output ----------------------------------------------------------
    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0
        if self.v3:
            self.indention = True

    def write_break(self, char: str) -> None:
        if char == "\n":
            self.put_break()
        else:
            self.out.append(char)
            self.column = 0
        self.indention = True

    def write_indent(self) -> None:
        indent = max(self.indent, 0)
        if not self.indention or self.column > indent or (
            self.column == indent and not self.whitespace
        ):
            self.put_break()
        if self.column < indent:
            self.put(" " * (indent - self.column))
        self.whitespace = True
        self.indention = True

    def write_indicator(
        self, indicator: str, need_whitespace: bool, is_whitespace: bool, is_indention: bool
    ) -> None:
        if need_whitespace and not self.whitespace:
            self.put(" ")
        self.put(indicator)
        self.whitespace = is_whitespace
        self.indention = self.indention and is_indention

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = self.best_indent if flow else 0
        elif not indentless:
            self.indent += self.best_indent

    def pop_indent(self) -> None:
        self.indent = self.indents.pop()

    def text(self) -> str:
        return "".join(self.out)

    # --- nodes -------------------------------------------------------------------------
    def document(self, node: Any) -> str:
        """Emit node as the only document of a stream; returns the YAML text."""
        self.emit_node(node, root=True)
        # document end: yaml_emitter_write_indent with indent -1
        self.indent = -1
        self.write_indent()
        return self.text()

    def _set_context(self, root: bool, sequence: bool, mapping: bool, simple_key: bool) -> None:
        self.root_context = root
        self.sequence_context = sequence
        self.mapping_context = mapping
        self.simple_key_context = simple_key

    def emit_node(
        self,
        node: Any,
        root: bool = False,
        sequence: bool = False,
        mapping: bool = False,
        simple_key: bool = False,
    ) -> None:
        self._set_context(root, sequence, mapping, simple_key)
        if isinstance(node, YamlMap):
            if not node.items or self.flow_level:
                self._flow_mapping(node)
            else:
                self._block_mapping(node)
        elif isinstance(node, YamlSeq):
            if not node.items or self.flow_level:
                self._flow_sequence(node)
            else:
                self._block_sequence(node)
        else:
            self._scalar(node)

    def _flow_mapping(self, node: YamlMap) -> None:
        self.write_indicator("{", True, True, False)
        self.increase_indent(True, False)
        self.flow_level += 1
        if node.items:
            raise NotImplementedError("non-empty flow mappings are never emitted by Helm")
        self.flow_level -= 1
        self.pop_indent()
        self.write_indicator("}", False, False, False)

    def _flow_sequence(self, node: YamlSeq) -> None:
        self.write_indicator("[", True, True, False)
        self.increase_indent(True, False)
        self.flow_level += 1
        if node.items:
            raise NotImplementedError("non-empty flow sequences are never emitted by Helm")
        self.flow_level -= 1
        self.pop_indent()
        self.write_indicator("]", False, False, False)

    def _block_sequence(self, node: YamlSeq) -> None:
        # yaml.v2 writes a sequence under a mapping key without indenting it ("a:\n- 1");
        # yaml.v3 (as Helm configures it, indent 2) indents it.
        indentless = not self.v3 and self.mapping_context and not self.indention
        self.increase_indent(False, indentless)
        for item in node.items:
            self.write_indent()
            self.write_indicator("-", True, False, True)
            self.emit_node(item, sequence=True)
        self.pop_indent()

    def _block_mapping(self, node: YamlMap) -> None:
        self.increase_indent(False, False)
        for key, value in node.items:
            self.write_indent()
            key_analysis = analyze_scalar(key.text, self.v3)
            if not key_analysis.multiline and len(key.text.encode("utf-8")) <= 128:
                self.emit_node(key, mapping=True, simple_key=True)
                self.write_indicator(":", False, False, False)
            else:
                self.write_indicator("?", True, False, True)
                self.emit_node(key, mapping=True)
                self.write_indent()
                self.write_indicator(":", True, False, True)
            self.emit_node(value, mapping=True)
        self.pop_indent()

    # --- scalars -----------------------------------------------------------------------
    def _scalar(self, scalar: YamlScalar) -> None:
        value = scalar.text
        analysis = analyze_scalar(value, self.v3)
        style = scalar.style
        if self.simple_key_context and analysis.multiline:
            style = DOUBLE
        if style == PLAIN:
            if (self.flow_level and not analysis.flow_plain_allowed) or (
                not self.flow_level and not analysis.block_plain_allowed
            ):
                style = SINGLE
            if not value and (self.flow_level or self.simple_key_context):
                style = SINGLE
        if style == SINGLE and not analysis.single_quoted_allowed:
            style = DOUBLE
        if style == LITERAL and (
            not analysis.block_allowed or self.flow_level or self.simple_key_context
        ):
            style = DOUBLE
        self.increase_indent(True, False)
        allow_breaks = not self.simple_key_context
        if style == PLAIN:
            self._write_plain(value, allow_breaks)
        elif style == SINGLE:
            self._write_single(value, allow_breaks)
        elif style == DOUBLE:
            self._write_double(value, allow_breaks)
        else:
            self._write_literal(value)
        self.pop_indent()

    def _write_plain(self, value: str, allow_breaks: bool) -> None:
        if (value or not self.v3) and not self.whitespace:
            self.put(" ")
        if not _BREAK_RE.search(value) and (
            " " not in value or self.column + len(value) <= self.best_width
        ):
            # nothing to fold or break: the loop below would copy it unchanged
            self.put(value)
            if value:
                self.whitespace = False
            self.indention = False
            return
        spaces = breaks = False
        length = len(value)
        for index, char in enumerate(value):
            if char == " ":
                following = value[index + 1] if index + 1 < length else ""
                if (
                    allow_breaks
                    and not spaces
                    and self.column > self.best_width
                    and following != " "
                ):
                    self.write_indent()
                else:
                    self.put(char)
                spaces = True
            elif char in _BREAKS:
                if not breaks and char == "\n":
                    self.put_break()
                self.write_break(char)
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(char)
                self.indention = False
                spaces = breaks = False
        if value:
            self.whitespace = False
        self.indention = False

    def _write_single(self, value: str, allow_breaks: bool) -> None:
        self.write_indicator("'", True, False, False)
        spaces = breaks = False
        last = len(value) - 1
        for index, char in enumerate(value):
            if char == " ":
                following = value[index + 1] if index < last else ""
                if (
                    allow_breaks
                    and not spaces
                    and self.column > self.best_width
                    and 0 < index < last
                    and following != " "
                ):
                    self.write_indent()
                else:
                    self.put(char)
                spaces = True
            elif char in _BREAKS:
                if not breaks and char == "\n":
                    self.put_break()
                self.write_break(char)
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put("''" if char == "'" else char)
                self.indention = False
                spaces = breaks = False
        self.write_indicator("'", False, False, False)
        self.whitespace = False
        self.indention = False

    def _write_double(self, value: str, allow_breaks: bool) -> None:
        self.write_indicator('"', True, False, False)
        spaces = False
        last = len(value) - 1
        for index, char in enumerate(value):
            if not is_printable(char) or char in _BREAKS or char in '"\\' or char == "\ufeff":
                short = _DOUBLE_ESCAPES.get(char)
                code = ord(char)
                if short is not None:
                    self.put("\\" + short)
                elif code <= 0xFF:
                    self.put(f"\\x{code:02X}")
                elif code <= 0xFFFF:
                    self.put(f"\\u{code:04X}")
                else:
                    self.put(f"\\U{code:08X}")
                spaces = False
            elif char == " ":
                if allow_breaks and not spaces and self.column > self.best_width and 0 < index < last:
                    self.write_indent()
                    if value[index + 1] == " ":
                        self.put("\\")
                else:
                    self.put(char)
                spaces = True
            else:
                self.put(char)
                spaces = False
        self.write_indicator('"', False, False, False)
        self.whitespace = False
        self.indention = False

    def _write_literal(self, value: str) -> None:
        self.write_indicator("|", True, False, False)
        if value[:1] in (" ",) or value[:1] in tuple(_BREAKS):
            self.write_indicator(str(self.best_indent), False, False, False)
        if not value or value[-1] not in _BREAKS:
            self.write_indicator("-", False, False, False)
        elif len(value) == 1 or value[-2] in _BREAKS:
            self.write_indicator("+", False, False, False)
        self.put_break()
        self.indention = True
        self.whitespace = True
        breaks = True
        for char in value:
            if char in _BREAKS:
                self.write_break(char)
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(char)
                self.indention = False
                breaks = False


@dataclass(slots=True)
class YamlScalar:
    text: str
    style: str = PLAIN


@dataclass(slots=True)
class YamlMap:
    items: list[tuple[YamlScalar, Any]]


@dataclass(slots=True)
class YamlSeq:
    items: list[Any]
