"""YAML in and out for repository files (index.yaml, repositories.yaml, Chart.lock).

Reading: index files can be tens of megabytes, so they go through libyaml (CSafeLoader) with a
resolver that keeps every scalar except null as text. Helm decodes into typed Go structs, where
``version: 1.10`` stays the string "1.10" and a timestamp stays its text; resolving them as YAML
1.1 numbers or dates would corrupt them.

Writing: Helm writes these files with sigs.k8s.io/yaml (JSON-shaped data through yaml.v2, keys in
yaml.v2's natural order). helmpy.goyaml.dump is the project's writer for that; until it lands,
a PyYAML-based stand-in with yaml.v2's quoting and key order is used (PyYAML and yaml.v2 share
libyaml's emitter analysis, so plain/quoted choices agree).
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cmp_to_key
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


def _goyaml_dump() -> Any:
    try:
        from helmpy.goyaml import dump  # type: ignore[attr-defined]
    except ImportError:
        return None
    return dump


def dump(value: Any) -> str:
    """YAML text for JSON-shaped data, as sigs.k8s.io/yaml would write it."""
    real = _goyaml_dump()
    if real is not None:
        return str(real(value))
    return _standin_dump(value)


# --- stand-in writer ---------------------------------------------------------------------

def natural_key_less(a: str, b: str) -> bool:
    """yaml.v2's map key order: letters by code point, runs of digits by numeric value."""
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = ar[i].isalpha(), br[i].isalpha()
        if al and bl:
            return ar[i] < br[i]
        if al or bl:
            return bl
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and ar[j].isdigit():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdigit():
            an = an * 10 + int(ar[ai])
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdigit():
            bn = bn * 10 + int(br[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ar[i] < br[i]
    return len(ar) < len(br)


def _key_cmp(a: str, b: str) -> int:
    if natural_key_less(a, b):
        return -1
    if natural_key_less(b, a):
        return 1
    return 0


_sort_key = cmp_to_key(_key_cmp)

_NON_STRING = re.compile(
    r"""^(?:~|null|Null|NULL
    |y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)
    |[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
       (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?
    |<<|)$""", re.X)


class _Dumper(yaml.SafeDumper):
    pass


def _repr_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if _NON_STRING.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _repr_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    items = sorted(value.items(), key=lambda kv: _sort_key(str(kv[0])))
    return dumper.represent_mapping("tag:yaml.org,2002:map", items, flow_style=False)


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(dict, _repr_dict)
_Dumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign,assignment]


def _standin_dump(value: Any) -> str:
    if value == {}:
        return "{}\n"
    return str(yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_flow_style=False,
                         sort_keys=False, width=80))


def sanitize_terminal(text: str) -> str:
    """Drop control characters from untrusted text before it reaches a terminal."""
    return "".join(ch if ch in "\t" or not unicodedata.category(ch).startswith("C") else ""
                   for ch in text)
