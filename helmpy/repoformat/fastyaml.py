"""A fast reader for block-style YAML as index writers emit it, with text scalars.

libyaml through PyYAML builds every node in Python and manages about 1 MB/s; a 20 MB index
took half a minute. Index files written by Helm, ChartMuseum and helmpy use a small, regular
subset of YAML: block mappings and sequences, plain/quoted scalars (long ones folded over
lines), literal blocks, ``[]``/``{}``. This reader handles exactly that subset line by line and
raises :class:`Unsupported` on anything else (flow collections with content, anchors, tags,
folded blocks, comments after values, tabs, duplicate keys), so the caller falls back to the
full YAML reader. Results equal the full reader's (tests compare them).
"""
from __future__ import annotations

from typing import Any

_NULLS = {"", "~", "null", "Null", "NULL"}
_BAD_START = set("[{&*!>%@`|")
_SLOW_KEY = set("\"'[{&*!>%@`|?-#")
_SLOW_VALUE = set("\"'[{&*!>%@`|#")


class Unsupported(Exception):
    """Input outside the supported subset: use the full YAML reader."""


def _full_scalar(raw: str) -> Any:
    """Quoted scalars with escapes or line folding: let the full reader decode them."""
    from helmpy.repoformat import yamlio

    try:
        value = yamlio.load_text_scalars_slow(raw)
    except yamlio.YAMLError as err:
        raise Unsupported(str(err)) from err
    if isinstance(value, (dict, list)):
        raise Unsupported("not a scalar")
    return value


class _Reader:
    def __init__(self, text: str) -> None:
        if "\t" in text or "\r" in text:
            raise Unsupported("tabs or carriage returns")
        self.lines: list[tuple[int, str]] = [
            (len(line) - len(content), content)
            for line in text.split("\n") for content in (line.lstrip(" "),)]

    def skip(self, i: int) -> int:
        lines = self.lines
        while i < len(lines) and (not lines[i][1] or lines[i][1][0] == "#"):
            i += 1
        return i

    # -- nodes ----------------------------------------------------------------------------
    def node(self, i: int, indent: int) -> tuple[Any, int]:
        content = self.lines[i][1]
        if content == "-" or content.startswith("- "):
            return self.seq(i, indent)
        return self.map(i, indent)

    def seq(self, i: int, indent: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        lines = self.lines
        while True:
            i = self.skip(i)
            if i >= len(lines):
                break
            ind, content = lines[i]
            if ind != indent or not (content == "-" or content.startswith("- ")):
                if ind > indent:
                    raise Unsupported("bad sequence indentation")
                break
            rest = content[1:]
            sub = rest.lstrip(" ")
            if (sub and sub[0] not in _SLOW_VALUE and sub[0] != "-" and ": " not in sub
                    and " #" not in sub and sub[-1] != ":"
                    and (i + 1 >= len(lines) or lines[i + 1][0] <= indent
                         or not lines[i + 1][1])):
                # Fast path: "- plain-scalar" on one line (urls, keywords, sources).
                sub = sub.rstrip(" ")
                items.append(None if sub in _NULLS else sub)
                i += 1
                continue
            if not sub:
                j = self.skip(i + 1)
                if j < len(lines) and lines[j][0] > indent:
                    value, i = self.node(j, lines[j][0])
                else:
                    value, i = None, i + 1
            elif sub in ("[]", "{}"):
                value, i = ([] if sub == "[]" else {}), i + 1
            elif sub[0] == "-" or sub[0] in _BAD_START:
                raise Unsupported("nested inline sequence or flow content")
            elif _is_key_line(sub):
                lines[i] = (indent + len(content) - len(sub), sub)
                value, i = self.map(i, lines[i][0])
            else:
                value, i = self.scalar(sub, i, indent)
            items.append(value)
        return items, i

    def map(self, i: int, indent: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        lines = self.lines
        count = len(lines)
        while True:
            if i >= count:
                break
            ind, content = lines[i]
            if not content or content[0] == "#":
                i = self.skip(i)
                if i >= count:
                    break
                ind, content = lines[i]
            if ind == indent and content[-1:] != ":" and content[0] not in _SLOW_KEY:
                # Fast path: "key: plain-scalar" on one line (most lines of an index).
                key, sep, rest = content.partition(": ")
                if (sep and rest and " #" not in key and key[-1] != " " and key not in out
                        and (i + 1 >= count or lines[i + 1][0] <= indent
                             or not lines[i + 1][1])):
                    first = rest[0]
                    if first not in _SLOW_VALUE:
                        if ": " not in rest and " #" not in rest and rest[-1] != ":":
                            rest = rest.rstrip(" ")
                            out[key] = None if rest in _NULLS else rest
                            i += 1
                            continue
                    elif (first == '"' and len(rest) > 1 and rest[-1] == '"'
                          and '"' not in rest[1:-1] and "\\" not in rest):
                        out[key] = rest[1:-1]
                        i += 1
                        continue
                    elif (first == "'" and len(rest) > 1 and rest[-1] == "'"
                          and "'" not in rest[1:-1]):
                        out[key] = rest[1:-1]
                        i += 1
                        continue
            if ind < indent or content.startswith("- ") or content == "-":
                if ind > indent:
                    raise Unsupported("bad mapping indentation")
                break
            if ind > indent:
                raise Unsupported("unexpected indentation")
            key, rest = _split_key(content)
            if key in out:
                raise Unsupported("duplicate key")
            if not rest:
                j = self.skip(i + 1)
                if j < len(lines) and (lines[j][0] > indent or (
                        lines[j][0] == indent and (lines[j][1].startswith("- ")
                                                   or lines[j][1] == "-"))):
                    out[key], i = self.node(j, lines[j][0])
                else:
                    out[key], i = None, i + 1
                continue
            first = rest[0]
            if rest == "[]":
                out[key], i = [], i + 1
            elif rest == "{}":
                out[key], i = {}, i + 1
            elif first == "|":
                out[key], i = self.literal(rest, i, indent)
            elif first in _BAD_START:
                raise Unsupported("flow, anchor, tag or folded block")
            else:
                out[key], i = self.scalar(rest, i, indent)
        return out, i

    # -- scalars --------------------------------------------------------------------------
    def _continuation(self, i: int, indent: int) -> int:
        """Index past the lines that continue a scalar started on line ``i``."""
        lines = self.lines
        j = i + 1
        while j < len(lines) and lines[j][1] and lines[j][0] > indent:
            j += 1
        return j

    def scalar(self, text: str, i: int, indent: int) -> tuple[Any, int]:
        end = self._continuation(i, indent)
        first = text[0]
        if end > i + 1 or (first in "\"'" and not _closed(text)):
            raw = "\n".join([text] + [" " * ind + c for ind, c in self.lines[i + 1:end]])
            if first not in "\"'" and (" #" in raw or ": " in raw):
                raise Unsupported("comment or mapping inside a plain scalar")
            return _full_scalar(raw), end
        if first == '"':
            inner = text[1:-1]
            if "\\" in inner:
                return _full_scalar(text), i + 1
            return inner, i + 1
        if first == "'":
            return text[1:-1].replace("''", "'"), i + 1
        if " #" in text or text.endswith(":") or ": " in text:
            raise Unsupported("comment or mapping in plain scalar")
        text = text.rstrip(" ")
        return (None if text in _NULLS else text), i + 1

    def literal(self, header: str, i: int, indent: int) -> tuple[str, int]:
        chomp = header[1:]
        if chomp not in ("", "-", "+"):
            raise Unsupported("literal block indicator")
        lines = self.lines
        j = i + 1
        body: list[tuple[int, str]] = []
        while j < len(lines) and (not lines[j][1] or lines[j][0] > indent):
            body.append(lines[j])
            j += 1
        trailing = 0
        while body and not body[-1][1]:
            body.pop()
            trailing += 1
        if not body:
            return "", j
        block_indent = body[0][0]
        if any(c and ind < block_indent for ind, c in body):
            raise Unsupported("literal block indentation")
        text = "\n".join(" " * (ind - block_indent) + c if c else
                         " " * max(ind - block_indent, 0) for ind, c in body)
        if chomp == "-":
            return text, j
        if chomp == "+":
            # The document's own final newline is not part of a kept block.
            return text + "\n" * (trailing if j >= len(lines) else 1 + trailing), j
        return text + "\n", j


def _closed(text: str) -> bool:
    quote = text[0]
    if len(text) < 2 or text[-1] != quote:
        return False
    if quote == "'":
        inner = text[1:-1]
        return inner.replace("''", "").count("'") == 0
    backslashes = len(text[1:-1]) - len(text[1:-1].rstrip("\\"))
    return backslashes % 2 == 0 and '"' not in text[1:-1].replace('\\"', "")


def _is_key_line(text: str) -> bool:
    if text[0] in "\"'":
        if '": ' in text or "': " in text or text.endswith(('":', "':")):
            raise Unsupported("quoted key")
        return False
    return text.endswith(":") or ": " in text


def _split_key(content: str) -> tuple[str, str]:
    if content[0] in "\"'":
        raise Unsupported("quoted key")
    if content.endswith(":") and ": " not in content:
        key, rest = content[:-1], ""
    else:
        key, sep, rest = content.partition(": ")
        if not sep:
            raise Unsupported("not a mapping entry")
        rest = rest.strip(" ")
    if not key or key[0] in _BAD_START or key[0] in "?-#" or " #" in key or key[-1] == " ":
        raise Unsupported("complex key")
    return key, rest


def load(text: str) -> Any:
    """Decode ``text`` (raises Unsupported outside the subset)."""
    if text.startswith("%") or "\n..." in text:
        raise Unsupported("directives or document end markers")
    if text.startswith("---"):
        first, _, text = text.partition("\n")
        if first.strip() != "---":
            raise Unsupported("content after document marker")
    if "\n---" in text:
        raise Unsupported("multiple documents")
    reader = _Reader(text)
    start = reader.skip(0)
    if start >= len(reader.lines):
        return None
    indent, content = reader.lines[start]
    value, end = reader.node(start, indent)
    if reader.skip(end) < len(reader.lines):
        raise Unsupported("trailing content")
    return value
