"""YAML in and out for repository files (index.yaml, repositories.yaml, Chart.lock).

Reading: index files can be tens of megabytes, so they go through libyaml (CSafeLoader) with a
resolver that keeps every scalar except null as text. Helm decodes into typed Go structs, where
``version: 1.10`` stays the string "1.10" and a timestamp stays its text; resolving them as YAML
1.1 numbers or dates would corrupt them.

Writing: Helm writes these files with sigs.k8s.io/yaml (JSON-shaped data through yaml.v2, keys in
yaml.v2's natural order); helmpy.goyaml.writer.dump is the project's exact port of that.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(_Base):  # type: ignore[misc,valid-type]
    """Scalars stay strings; only null resolves (an empty/null entry must be seen as missing)."""


_TextLoader.yaml_implicit_resolvers = {}
_TextLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
# Explicit tags (!!int etc.) should not make our typed fields non-strings either.
for _tag in ("int", "float", "bool", "timestamp", "binary"):
    _TextLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Base.construct_yaml_str)


class YAMLError(ValueError):
    """A YAML or JSON document that could not be decoded."""


def load_text_scalars(data: bytes | str) -> Any:
    """Decode JSON (when the data is valid JSON, as Helm checks first) or YAML with text scalars."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            pass
    from helmpy.repoformat import fastyaml

    try:
        _check_depth(text)
        return fastyaml.load(text)
    except (fastyaml.Unsupported, RecursionError):
        pass
    return load_text_scalars_slow(text)


def load_text_scalars_slow(text: str) -> Any:
    """The full YAML reader (libyaml), with alias and depth guards; scalars stay text."""
    try:
        _check_depth(text)
        if "&" in text and "*" in text:
            return _load_guarded(text)
        return yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as err:
        raise YAMLError(str(err)) from err
    except RecursionError as err:
        raise YAMLError("yaml: exceeded max depth") from err


MAX_EXPANDED_NODES = 5_000_000
MAX_DEPTH = 10_000
_DEEP_BLOCK = re.compile(r"\n[ \t?:-]{" + str(MAX_DEPTH // 10) + "}")


def _check_depth(text: str) -> None:
    """Refuse documents nested deep enough to exhaust libyaml's C stack (go-yaml's limit).

    A cheap scan rules out ordinary files; only suspicious ones get an event-by-event count.
    """
    if text.count("[") + text.count("{") < MAX_DEPTH // 10 and not _DEEP_BLOCK.search(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_TextLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YAMLError(f"yaml: exceeded max depth of {MAX_DEPTH}")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1



def _load_guarded(text: str) -> Any:
    """Documents using anchors: refuse ones whose aliases expand past a bound (alias bombs)."""
    loader = _TextLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}

        def expanded(current: yaml.Node) -> int:
            key = id(current)
            if key in sizes:
                return sizes[key]
            sizes[key] = 1  # a cycle counts once; recursion stops here
            total = 1
            if isinstance(current, yaml.SequenceNode):
                total += sum(expanded(child) for child in current.value)
            elif isinstance(current, yaml.MappingNode):
                total += sum(expanded(k) + expanded(v) for k, v in current.value)
            sizes[key] = total
            if total > MAX_EXPANDED_NODES:
                raise YAMLError("yaml: document contains excessive aliasing")
            return total

        expanded(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def dump(value: Any) -> str:
    """YAML text for JSON-shaped data, as sigs.k8s.io/yaml.Marshal writes it (helmpy.goyaml)."""
    from helmpy.goyaml.writer import dump as go_dump

    return str(go_dump(value))


def sanitize_terminal(text: str) -> str:
    """Drop control characters from untrusted text before it reaches a terminal."""
    return "".join(ch if ch in "\t" or not unicodedata.category(ch).startswith("C") else ""
                   for ch in text)
