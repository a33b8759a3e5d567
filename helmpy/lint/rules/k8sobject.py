"""Reading rendered manifests the way Helm's lint does: a stream split like apimachinery's
YAMLReader, each document decoded by sigs.k8s.io/yaml into a stub struct with only
``apiVersion``, ``kind`` and ``metadata.{name,namespace}`` (encoding/json matches field
names case-insensitively and reports the first type mismatch)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from helmpy.chart.yamlio import YamlError, go_json_kind, load_yaml, split_documents


@dataclass
class K8sStub:
    api_version: str
    kind: str
    name: str
    namespace: str
    body: dict[str, Any]  # the whole decoded document, for helmpy's own checks
    line: int  # 1-based line of the document's start in the rendered file


class StubError(Exception):
    """The decode error text Helm prints after ``unable to parse YAML: ``."""


def _field(obj: dict[str, Any], name: str) -> Any:
    """encoding/json's lookup: an exact key first, else the first case-insensitive one."""
    if name in obj:
        return obj[name]
    folded = name.casefold()
    for key in obj:
        if key.casefold() == folded:
            return obj[key]
    return None


def _scalar_text(value: bool | int | float) -> str:
    """sigs.k8s.io/yaml turns a YAML scalar bound for a string field into its text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    # Integers were ints to yaml.v2 (FormatInt); other numbers print as float32 'g'.
    if float(value).is_integer() and abs(value) < 2**63:
        return str(int(value))
    from helmpy.goyaml.gofloat import format_float

    return format_float(float(value), "g", 32)


def _string(obj: dict[str, Any], name: str, struct: str, go_path: str) -> tuple[str, str | None]:
    value = _field(obj, name)
    if value is None:
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, (bool, int, float)):
        return _scalar_text(value), None
    return "", (f"json: cannot unmarshal "
                f"{go_json_kind(value)} into Go struct field {struct}.{go_path} of type string")


_YAML_PREFIX = "error unmarshaling JSON: while decoding JSON: "


def decode_stub(value: Any, line: int, prefix: str = _YAML_PREFIX) -> K8sStub | None:
    """One decoded document as Helm's ``*k8sYamlStruct`` (None for an empty document).

    ``prefix`` is what sigs.k8s.io/yaml puts before encoding/json's errors; errors of a JSON
    stream come without it. Either way a scalar bound for a string field becomes its text.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise StubError(f"{prefix}json: cannot unmarshal {go_json_kind(value)} into Go value "
                        "of type rules.k8sYamlStruct")
    errors: list[str] = []
    api_version, err = _string(value, "apiVersion", "k8sYamlStruct", "apiVersion")
    errors.append(err or "")
    kind, err = _string(value, "Kind", "k8sYamlStruct", "Kind")
    errors.append(err or "")
    name = namespace = ""
    metadata = _field(value, "Metadata")
    if isinstance(metadata, dict):
        namespace, err = _string(metadata, "Namespace", "k8sYamlMetadata", "Metadata.Namespace")
        errors.append(err or "")
        name, err = _string(metadata, "Name", "k8sYamlMetadata", "Metadata.Name")
        errors.append(err or "")
    elif metadata is not None:
        errors.append("json: cannot unmarshal "
                      f"{go_json_kind(metadata)} into Go struct field k8sYamlStruct.Metadata of "
                      "type rules.k8sYamlMetadata")
    first = next((e for e in errors if e), None)
    if first:
        raise StubError(prefix + first)
    return K8sStub(api_version, kind, name, namespace, value, line)


def iter_stubs(text: str) -> Iterator[K8sStub | None]:
    """Every document of a rendered file; raises StubError at the first one Helm cannot read."""
    if text.lstrip(" \t\r\n").startswith("{"):
        yield from _iter_json_stubs(text)  # apimachinery sniffs a JSON stream by its first byte
        return
    line = 1
    try:
        for doc in split_documents(text):
            try:
                value = load_yaml(doc)
            except YamlError as err:
                raise StubError(str(err)) from err
            yield decode_stub(value, line)
            line += doc.count("\n") + 1  # the separator line that ended it
    except YamlError as err:  # a malformed '---' line
        raise StubError(str(err)) from err


def _iter_json_stubs(text: str) -> Iterator[K8sStub | None]:
    """A stream of JSON values decoded one by one, as encoding/json's Decoder reads them."""
    from helmpy.goyaml.gojson_decode import Decoder, JSONDecodeFailure

    decoder = Decoder(text)
    while True:
        decoder.skip_ws()
        if decoder.peek() is None:
            return
        start = decoder.i
        try:
            value = decoder.value()
        except JSONDecodeFailure as err:
            message = str(err)
            if message == "unexpected EOF":
                raise StubError(message) from err
            # Go's SyntaxError offset counts the bytes read, the offending one included.
            offset = len(text[:decoder.i + 1].encode("utf-8"))
            raise StubError(f"json: offset {offset}: {message}") from err
        yield decode_stub(value, text.count("\n", 0, start) + 1, prefix="")
