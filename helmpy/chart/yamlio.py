"""YAML reading for charts and values, the way Helm's sigs.k8s.io/yaml + yaml.v2 do it.

Everything YAML in helmpy.chart and helmpy.values goes through :func:`load_yaml`, so that
the Go-compatible reader (helmpy.goyaml) is the single source of typing and error text.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any


class YamlError(Exception):
    """A YAML document could not be read; ``str()`` is Go's text after Helm's prefixes."""


def load_yaml(data: bytes | str, source: str = "") -> Any:
    """Parse one YAML document with Helm's typing; raises YamlError with sigs.k8s.io/yaml's text."""
    from helmpy.goyaml.reader import GoYAMLError, load

    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    try:
        value = load(text, source=source)
    except GoYAMLError as err:  # its text already has sigs.k8s.io/yaml's prefix
        raise YamlError(str(err)) from err
    _reject_non_json(value)
    return value


def _reject_non_json(value: Any) -> None:
    """JSON has no Inf/NaN; Go's encoder refuses them when Helm converts YAML to JSON.

    Walks with an explicit stack, in the same depth-first order as a recursive walk: Helm
    accepts documents nested up to 10000 levels, far past Python's recursion limit.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and (math.isinf(item) or math.isnan(item)):
            shown = "NaN" if math.isnan(item) else ("+Inf" if item > 0 else "-Inf")
            raise YamlError(f"error converting YAML to JSON: json: unsupported value: {shown}")
        if isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def split_documents(text: str) -> Iterator[str]:
    """Split a stream on ``---`` lines like k8s.io/apimachinery's YAMLReader.

    Only comments may follow a separator on its line. A separator opening a document stays
    part of it; one ending a document is dropped.
    """
    buffer: list[str] = []
    # Lines end at LF only (Go's reader); CR and Unicode breaks stay inside a line.
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    for line in lines:
        if line.startswith("---"):
            rest = line[3:].strip()
            if rest and not rest.startswith("#"):
                raise YamlError(f"invalid Yaml document separator: {rest}")
            if buffer:
                yield "".join(buffer)
                buffer = []
                continue  # the separator that ends a document belongs to neither
        buffer.append(line)  # a leading separator stays in its document (line numbers count it)
    if buffer:
        yield "".join(buffer)


def go_json_kind(value: Any) -> str:
    """The JSON kind name encoding/json uses in 'cannot unmarshal KIND into ...'."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def load_values(data: bytes | str) -> dict:
    """Helm's loader.LoadValues: every document must be a map; documents merge in order."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    values: dict = {}
    docs = split_documents(text)  # lazily: Helm parses each document before reading on
    while True:
        try:
            doc = next(docs)
        except StopIteration:
            break
        except YamlError as err:
            raise YamlError(f"error reading yaml document: {err}") from err
        try:
            current = load_yaml(doc)
        except YamlError as err:
            raise YamlError(f"cannot unmarshal yaml document: {err}") from err
        if current is None:
            continue
        if not isinstance(current, dict):
            raise YamlError(
                "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: "
                f"json: cannot unmarshal {go_json_kind(current)} into Go value of type "
                "map[string]interface {}")
        values = merge_maps(values, current)
    return values


def merge_maps(base: dict, override: dict) -> dict:
    """Maps merge recursively; anything else in ``override`` replaces what ``base`` had."""
    out = dict(base)
    for key, value in override.items():
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            out[key] = merge_maps(old, value)
        else:
            out[key] = value
    return out



def marshal_yaml(value: Any) -> str:
    """sigs.k8s.io/yaml.Marshal: how Helm writes Chart.yaml, Chart.lock and ``show`` output."""
    from helmpy.goyaml.writer import dump

    return dump(value)
