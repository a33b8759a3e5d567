"""A fast builder for the common document: no aliases, tags, merge keys or odd keys.

The full constructor in ``reader`` follows yaml.v2 through aliases, tags, merge keys,
depth limits and JSON-conversion errors; for the plain documents most charts and
rendered manifests are, that bookkeeping costs more than the values themselves. This
builder handles only what it can do exactly as the full one would, and gives up
(``Unsupported``) on anything else, so the caller builds the document the full way.
"""
from __future__ import annotations

import math
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from helmpy.goyaml import resolve as rs
from helmpy.goyaml.compose import PLAIN, QUOTED

_STR, _INT, _FLOAT, _BOOL, _NULL = rs.STR_TAG, rs.INT_TAG, rs.FLOAT_TAG, rs.BOOL_TAG, rs.NULL_TAG


class Unsupported(Exception):
    """The node needs the full constructor."""


def build(node: Node, may_alias: bool) -> Any:
    """The value the full constructor gives for ``node``, or Unsupported.

    libyaml's composer shares an anchored node with its aliases, so with ``may_alias``
    (the text has a ``*``) a node met twice means an alias: Unsupported. A merge key
    resolves to the merge tag, which is Unsupported too."""
    plain: dict[str, Any] = {}  # plain scalar text -> its (immutable) value, per document
    resolve_plain = rs.resolve_plain
    seen: set[int] = set()

    def scalar(item: ScalarNode) -> Any:
        tag = item.tag
        if tag == PLAIN and not item.style:
            text = item.value
            try:
                return plain[text]
            except KeyError:
                pass
            rtag, value = resolve_plain(text)
            if rtag == _INT:
                value = float(value)
            elif rtag == _FLOAT:
                if math.isnan(value) or math.isinf(value):
                    raise Unsupported  # a JSON-conversion error, reported the full way
            elif rtag != _STR and rtag != _BOOL and rtag != _NULL:
                raise Unsupported
            plain[text] = value
            return value
        if tag == PLAIN or tag == QUOTED:
            return item.value
        raise Unsupported

    def key(item: Node) -> str:
        if type(item) is not ScalarNode:
            raise Unsupported
        if may_alias:
            if id(item) in seen:
                raise Unsupported
            seen.add(id(item))
        value = scalar(item)
        if type(value) is str:
            return value
        if value is True:
            return "true"
        if value is False:
            return "false"
        raise Unsupported  # numbers and null keys: the full constructor's conversions

    def walk(item: Node) -> Any:
        if may_alias:
            if id(item) in seen:
                raise Unsupported
            seen.add(id(item))
        kind = type(item)
        if kind is ScalarNode:
            return scalar(item)
        if kind is MappingNode:
            result: dict[str, Any] = {}
            for key_node, value_node in item.value:
                result[key(key_node)] = walk(value_node)
            return result
        if kind is SequenceNode:
            return [walk(child) for child in item.value]
        raise Unsupported

    return walk(node)
