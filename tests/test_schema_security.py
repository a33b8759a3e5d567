"""values.schema.json hardening (../shared/docs/security.md, "schemas" row).

Helm fetches ``$ref`` targets over HTTP and reads ``file://`` targets from the host; helmpy
resolves references only inside the chart's own schema (plus the bundled metaschemas),
bounds how deep evaluation may nest, and always answers with a message, never a traceback.
"""
from __future__ import annotations

import builtins
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from helmpy.chart.model import Chart, Metadata
from helmpy.engine.schema import HEADER, validate_against_schema, validate_chart_values
from helmpy.errors import RenderError


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if validation touches the network or opens any file."""
    validate_against_schema({}, b'{"$schema": "http://json-schema.org/draft-07/schema#"}')
    validate_against_schema({}, b'{"type": "object"}')  # metaschemas now cached

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("schema validation opened a socket")

    def no_files(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"schema validation opened a file: {args[:1]}")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(builtins, "open", no_files)
    monkeypatch.setattr(Path, "read_bytes", no_files)
    monkeypatch.setattr(Path, "open", no_files)


def schema(doc: Any) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize("ref", [
    "http://example.com/schema.json",
    "https://raw.githubusercontent.com/x/y/main/values.schema.json#/a",
    "file:///etc/passwd",
    "file:///dev/zero",
    "/dev/urandom",
    "../../../../etc/shadow",
    "other.json",
])
def test_refs_outside_the_schema_are_refused_without_io(sealed: None, ref: str) -> None:
    message = validate_against_schema({"a": 1}, schema({"properties": {"a": {"$ref": ref}}}))
    assert message.startswith('failing loading "')
    assert "helmpy resolves $ref only inside the chart's values.schema.json" in message


def test_remote_metaschema_is_refused_without_io(sealed: None) -> None:
    message = validate_against_schema({}, schema({"$schema": "http://evil.example/meta"}))
    assert message.startswith('failing loading "http://evil.example/meta": ')


def test_embedded_id_resolves_locally(sealed: None) -> None:
    doc = {"$id": "https://example.com/root.json",
           "properties": {"a": {"$ref": "https://example.com/root.json#/$defs/s"}},
           "$defs": {"s": {"type": "string"}}}
    assert validate_against_schema({"a": 1}, schema(doc)) == "- at '/a': got number, want string\n"


def test_standard_metaschema_refs_work_offline(sealed: None) -> None:
    doc = {"properties": {"s": {"$ref": "http://json-schema.org/draft-07/schema#"}}}
    message = validate_against_schema({"s": {"type": 5}}, schema(doc))
    assert message.startswith("- at '/s/type': ")


def test_self_referencing_schema_reports_a_cycle() -> None:
    doc = {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
           "$ref": "#/$defs/a"}
    message = validate_against_schema({}, schema(doc))
    assert "causing reference cycle" in message


def test_deeply_recursive_values_are_bounded() -> None:
    doc = {"$defs": {"n": {"type": "object", "properties": {"a": {"$ref": "#/$defs/n"}}}},
           "$ref": "#/$defs/n"}
    value: dict[str, Any] = {}
    for _ in range(2000):
        value = {"a": value}
    message = validate_against_schema(value, schema(doc))
    assert "nested deeper than" in message or message.startswith("unable to validate schema")


def test_deeply_nested_schema_document_is_bounded() -> None:
    text = '{"items":' * 5000 + "{}" + "}" * 5000
    message = validate_against_schema([], text.encode())
    assert message  # a clear refusal, not a RecursionError traceback
    assert "Traceback" not in message


def test_huge_exponents_and_infinities_do_not_crash() -> None:
    doc = {"properties": {"a": {"maximum": 1}, "b": {"minimum": JSONRaw("1e400")}}}
    text = json.dumps(doc).replace('"@@1e400@@"', "1e400").encode()
    message = validate_against_schema({"a": float("inf"), "b": 1.0}, text)
    assert message.startswith("unable to validate schema: runtime error")


class JSONRaw(str):
    """A number literal spliced into the JSON text verbatim."""

    def __new__(cls, text: str) -> JSONRaw:
        return super().__new__(cls, f"@@{text}@@")


def test_chart_tree_message_has_helms_header() -> None:
    root = Chart(metadata=Metadata(name="root"), schema=b'{"required": ["x"]}')
    sub = Chart(metadata=Metadata(name="sub"), schema=b"{not json")
    root.add_dependency(sub)
    with pytest.raises(RenderError) as info:
        validate_chart_values(root, {"sub": {"a": 1}})
    assert str(info.value) == (HEADER + "root:\n- at '': missing property 'x'\n"
                               "sub:\ninvalid character 'n' looking for beginning of object "
                               "key string")
