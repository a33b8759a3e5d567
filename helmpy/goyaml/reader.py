"""Read YAML exactly as Helm does (sigs.k8s.io/yaml: yaml.v2 decode -> JSON -> Go values).

``load(text)`` gives the first document the way ``yaml.Unmarshal`` into ``interface{}``
sees it: YAML 1.1 booleans, every number a float, timestamps as strings, map keys
stringified as sigs.k8s.io/yaml does, merge keys, and Go's error messages. Maps are
plain dicts (callers wrap them as they need).

Parsing is libyaml's (the C library go-yaml was ported from) through PyYAML's C
binding; scalar resolution and construction are ours, to follow yaml.v2.
"""
from __future__ import annotations

import base64
import binascii
import gc
import math
import re
import sys
import threading
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from helmpy.goyaml import fastbuild
from helmpy.goyaml import resolve as rs
from helmpy.goyaml.compose import (
    MAX_DEPTH,
    PLAIN,
    QUOTED,
    NodeParser,
    check_depth,
    compose,
    depth_bound,
    is_shallow,
    restore_colons,
)
from helmpy.goyaml.errors import GoYAMLError
from helmpy.goyaml.gofloat import format_float
from helmpy.goyaml.gorepr import GoMapItems, go_syntax

__all__ = ["GoYAMLError", "load", "load_all", "load_map"]


class _Failure(Exception):
    """A yaml.v2 decode failure (message without the ``yaml: `` prefix)."""


class _Constructor:
    """Builds Go-JSON values from a composed node graph, counting work like yaml.v2."""

    def __init__(self, source: str | bytes) -> None:
        self.source = source
        self.decode_count = 0
        self.alias_count = 0
        self.alias_depth = 0
        self.seen: set[int] = set()  # nodes met before: meeting them again is an alias
        self.edges: dict[int, list[bool]] = {}  # per collection: which children are aliases
        text = source if isinstance(source, str) else source.decode("utf-8", "replace")
        self.may_alias = "*" in text  # no "*": no alias anywhere, nothing to track
        self.open: set[int] = set()  # nodes under construction
        self.pending: str | None = None  # first JSON-conversion error, reported at the end
        self.pending_depth = 0
        self.depth = self.flow_depth = self.block_depth = 0
        self.json_depth_char: str | None = None

    # yaml.v2's guard against alias expansion bombs (decode.go allowedAliasRatio)
    def _count(self) -> None:
        self.decode_count += 1
        if self.alias_depth > 0:
            self.alias_count += 1
        if self.alias_count > 100 and self.decode_count > 1000:
            count = self.decode_count
            if count <= 400000:
                allowed = 0.99
            elif count >= 4000000:
                allowed = 0.10
            else:
                allowed = 0.99 - 0.89 * ((count - 400000) / 3600000)
            if self.alias_count / count > allowed:
                raise _Failure("document contains excessive aliasing")

    def build(self, node: Node, alias: bool = False) -> Any:
        """yaml.v2's unmarshal of one node (``alias``: reached through an alias)."""
        self._count()
        if alias:
            return self._alias(node)
        return self._construct(node)

    def _child_is_alias(self, parent: Node, index: int, child: Node) -> bool:
        """Whether a child position holds an alias. libyaml's composer shares the anchored
        node instead of keeping alias nodes, so this is learnt on the first walk through
        the parent (a node met before is an alias) and remembered for later expansions."""
        if not self.may_alias:
            return False
        flags = self.edges.setdefault(id(parent), [])
        if index < len(flags):
            return flags[index]
        is_alias = id(child) in self.seen
        self.seen.add(id(child))
        flags.append(is_alias)
        return is_alias

    def _construct(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        key = id(node)
        self._enter(node)
        self.open.add(key)
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, self._child_is_alias(node, index, child))
                        for index, child in enumerate(node.value)]
            return self._mapping(node)
        finally:
            self.open.discard(key)
            self._leave(node)

    def _enter(self, node: Node) -> None:
        """Nesting limits: go-yaml's (10000 flow levels or indents), then encoding/json's
        (10000 nested values in the JSON it is turned into)."""
        self.depth += 1
        if node.flow_style:
            self.flow_depth += 1
        else:
            self.block_depth += 1
        if self.flow_depth > MAX_DEPTH or self.block_depth > MAX_DEPTH:
            line = node.start_mark.line if node.start_mark is not None else 0
            where = f"line {line + 1}: " if line else ""
            raise _Failure(f"{where}exceeded max depth of {MAX_DEPTH}")
        if self.depth > MAX_DEPTH and self.json_depth_char is None:
            self.json_depth_char = "[" if isinstance(node, SequenceNode) else "{"

    def _leave(self, node: Node) -> None:
        self.depth -= 1
        if node.flow_style:
            self.flow_depth -= 1
        else:
            self.block_depth -= 1

    def _alias(self, node: Node) -> Any:
        if id(node) in self.open:
            raise _Failure(f"anchor '{self._anchor_name(node)}' value contains itself")
        self.alias_depth += 1
        self._count()
        try:
            return self._construct(node)
        finally:
            self.alias_depth -= 1

    def _anchor_name(self, node: Node) -> str:
        """Name of the alias that refers back into its own anchor (rare path: re-parse)."""
        open_anchors: list[str | None] = []
        parser = NodeParser(self.source)
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
                return str(event.anchor)
            if isinstance(event, yaml.CollectionStartEvent):
                open_anchors.append(event.anchor)
            elif isinstance(event, yaml.CollectionEndEvent):
                open_anchors.pop()
        return ""

    def _resolved(self, node: ScalarNode) -> tuple[str, Any]:
        tag = node.tag
        if tag == PLAIN and not node.style:
            return rs.resolve_plain(node.value)
        if tag in (PLAIN, QUOTED) or tag == rs.STR_TAG:
            return rs.STR_TAG, node.value
        if tag == rs.BINARY_TAG:
            try:
                data = base64.b64decode(re.sub(r"[\r\n]", "", node.value), validate=True)
            except (binascii.Error, ValueError):
                raise _Failure("!!binary value contains invalid base64 data") from None
            return rs.STR_TAG, data.decode("utf-8", "replace")
        if tag == rs.MERGE_TAG and node.value == "<<":
            return rs.MERGE_TAG, rs.MERGE_KEY
        if tag not in rs.RESOLVABLE_TAGS:
            return rs.STR_TAG, node.value
        try:
            return rs.resolve_tagged(tag, node.value)
        except ValueError as err:
            raise _Failure(str(err)) from None

    def _scalar(self, node: ScalarNode) -> Any:
        tag, value = self._resolved(node)
        if tag == rs.FLOAT_TAG and (math.isnan(value) or math.isinf(value)):
            if self.pending is None:
                self.pending = "json: unsupported value: " + format_float(value)
            return value
        if tag == rs.INT_TAG:
            return float(value)
        if value is rs.MERGE_KEY:
            return "<<"
        return value

    def _key(self, node: Node, alias: bool) -> str | tuple[str, str]:
        """A map key as sigs.k8s.io/yaml turns it into a JSON object key, or
        (Go type, Go value) of a key it refuses."""
        self._count()
        if alias:
            self.alias_depth += 1
            self._count()
            self.alias_depth -= 1
        if not isinstance(node, ScalarNode):
            self._decode_key_contents(node)  # yaml.v2 fails on the innermost bad key first
            raise _Failure("invalid map key: " + go_syntax(self._yaml_value(node)))
        value = self._resolved(node)[1]
        if value is rs.MERGE_KEY:
            return "<<"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, rs.UInt64):
            return ("uint64", hex(value))
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            text = format_float(value, "g", 32)
            return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
        if value is None:
            return ("%!s(<nil>)", "<nil>")
        return value

    def _mapping(self, node: MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key_alias = self._child_is_alias(node, 2 * index, key_node)
            if self._is_merge(key_node) and not key_alias:
                value_alias = self._child_is_alias(node, 2 * index + 1, value_node)
                self._merge(value_node, value_alias, result)
                continue
            key = self._key(key_node, key_alias)
            value = self.build(value_node, self._child_is_alias(node, 2 * index + 1, value_node))
            if isinstance(key, tuple):
                # sigs.k8s.io/yaml fails converting to JSON, after yaml.v2 decoded it all
                # sigs.k8s.io/yaml converts top-down: the outermost bad key is reported
                depth = len(self.open)
                if (
                    self.pending is None
                    or self.pending.startswith("json:")
                    or self.pending_depth >= depth
                ):
                    self.pending_depth = depth
                    shown = go_syntax(self._yaml_value(value_node))
                    self.pending = (
                        f"unsupported map key of type: {key[0]}, key: {key[1]}, value: {shown}"
                    )
                continue
            result[key] = value
        return result

    def _is_merge(self, node: Node) -> bool:
        if not isinstance(node, ScalarNode) or node.value != "<<":
            return False
        return (node.tag == PLAIN and not node.style) or node.tag == rs.MERGE_TAG

    def _merge(self, node: Node, alias: bool, into: dict[str, Any]) -> None:
        want_map = "map merge requires map or sequence of maps as the value"
        if isinstance(node, MappingNode):
            into.update(self.build(node, alias))
        elif isinstance(node, SequenceNode) and not alias:
            flags = [self._child_is_alias(node, index, child)
                     for index, child in enumerate(node.value)]
            # earlier maps take precedence, so yaml.v2 applies them last
            for child, child_alias in reversed(list(zip(node.value, flags, strict=True))):
                if not isinstance(child, MappingNode):
                    raise _Failure(want_map)
                into.update(self.build(child, child_alias))
        else:
            raise _Failure(want_map)

    def _decode_key_contents(self, node: Node) -> None:
        if isinstance(node, SequenceNode):
            for child in node.value:
                self._decode_key_contents(child)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                self._decode_key_contents(key)
                if not isinstance(key, ScalarNode):
                    raise _Failure("invalid map key: " + go_syntax(self._yaml_value(key)))
                self._decode_key_contents(value)

    def _yaml_value(self, node: Node) -> Any:
        """The yaml.v2 value of a node (for Go-syntax error text), without conversions."""
        if isinstance(node, ScalarNode):
            tag, value = self._resolved(node)
            return value
        if isinstance(node, SequenceNode):
            return [self._yaml_value(child) for child in node.value]
        return GoMapItems((self._yaml_value(k), self._yaml_value(v)) for k, v in node.value)


def _run_deep(func: Any, *args: Any) -> Any:
    """Run func on a thread with a large stack (deep documents recurse in C and Python)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 4 * MAX_DEPTH + 1000))
        try:
            outcome["value"] = func(*args)
        except BaseException as err:  # handed back to the caller's thread
            outcome["error"] = err
        finally:
            sys.setrecursionlimit(limit)

    old = threading.stack_size()
    threading.stack_size(512 * 1024 * 1024)
    try:
        worker = threading.Thread(target=target, name="goyaml-deep")
        worker.start()
    finally:
        threading.stack_size(old)
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _first_non_finite(value: Any) -> float:
    """The first NaN/Inf encoding/json reaches (maps in sorted key order, lists in order)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and (math.isnan(item) or math.isinf(item)):
            return item
        if isinstance(item, dict):
            stack.extend(item[k] for k in sorted(item, reverse=True))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return math.nan


def _convert(source: str | bytes, node: Node | None, fast: bool = False,
             may_alias: bool = True) -> Any:
    if node is None:
        return None
    if fast:
        try:
            return fastbuild.build(node, may_alias)
        except fastbuild.Unsupported:
            pass
    builder = _Constructor(source)
    try:
        builder._count()  # the document node
        builder.seen.add(id(node))
        value = builder.build(node)
    except _Failure as err:
        raise GoYAMLError("yaml: " + str(err)) from None
    if builder.pending is not None:
        if builder.pending.startswith("json: unsupported value"):
            # json.Marshal meets the non-finite floats in its own order: map keys sorted
            raise GoYAMLError("json: unsupported value: " + format_float(_first_non_finite(value)))
        raise GoYAMLError(builder.pending)
    if builder.json_depth_char is not None:
        raise GoYAMLError(
            f"while decoding JSON: invalid character '{builder.json_depth_char}' "
            "exceeded max depth",
            prefix="error unmarshaling JSON: ",
        )
    return value


def _load_documents(source: str | bytes, first_only: bool) -> list[Any]:
    text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    shallow = is_shallow(text, 500)  # the common case, decided without measuring
    bound = 0 if shallow else depth_bound(text)
    deep = bound > 500
    if bound > MAX_DEPTH:
        # Refuse excessive nesting from the event stream (linear) before composing: composing
        # a document nested past go-yaml's limit first costs quadratic time (a 400 KB
        # values.yaml of '[' took over a minute), and libyaml's composer recurses in C.
        check_depth(source)

    # Shallow documents try the fast builder first.
    fast = not deep
    may_alias = "*" in text

    def work() -> list[Any]:
        nodes, parsed = compose(source, first_only)
        values = [_convert(parsed, node, fast, may_alias) for node in nodes]
        if parsed is not source:
            values = [restore_colons(value) for value in values]
        return values

    # Composing allocates a node per scalar and collection, all alive until converted, and
    # no reference cycles: the cyclic collector would only re-scan them (a third of the
    # reading time in a process that holds many compiled templates).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_deep(work) if deep else work()
    finally:
        if collecting:
            gc.enable()


def load(text: str | bytes, source: str = "") -> Any:
    """The first YAML document as Helm's ``yaml.Unmarshal`` into ``interface{}`` sees it.

    Raises GoYAMLError whose message is Helm's (``error converting YAML to JSON: ...``).
    ``source`` is unused by Helm's messages; it is kept for callers' own reporting.
    """
    return _load_documents(text, first_only=True)[0]


def load_all(text: str | bytes, source: str = "") -> list[Any]:
    """Every document of a YAML stream, each read as :func:`load` reads one."""
    return _load_documents(text, first_only=False)


_JSON_KIND = {bool: "bool", str: "string", float: "number", list: "array"}


def load_map(text: str | bytes, go_type: str = "common.Values") -> dict[str, Any]:
    """A document that must be a map (values.yaml, Chart.yaml...): ``{}`` when empty.

    Errors as sigs.k8s.io/yaml.Unmarshal into a Go map type reports them.
    """
    value = load(text)
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = _JSON_KIND.get(type(value), "object")
        raise GoYAMLError(
            f"while decoding JSON: json: cannot unmarshal {kind} into Go value of type {go_type}",
            prefix="error unmarshaling JSON: ",
        )
    return value
