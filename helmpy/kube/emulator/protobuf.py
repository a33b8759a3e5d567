"""Decode the Kubernetes protobuf request bodies that typed Go clients send.

client-go's typed clientsets (which Helm uses for its release Secrets and ConfigMaps) encode
request bodies as protobuf: the bytes ``k8s\\x00`` then a ``runtime.Unknown`` envelope whose
``raw`` field is the object. Responses can stay JSON because those clients also accept JSON.
Only the kinds such clients write are described here (Secret, ConfigMap, Namespace and the
metadata they carry); any other kind is refused with 415.
"""
from __future__ import annotations

import base64
import datetime as _dt
from typing import Any

MAGIC = b"k8s\x00"

Schema = dict[int, tuple[str, Any]]

TIME: Schema = {1: ("seconds", "int64"), 2: ("nanos", "int32")}
OWNER_REFERENCE: Schema = {1: ("kind", "string"), 3: ("name", "string"), 4: ("uid", "string"),
                           5: ("apiVersion", "string"), 6: ("controller", "bool"),
                           7: ("blockOwnerDeletion", "bool")}
OBJECT_META: Schema = {
    1: ("name", "string"), 2: ("generateName", "string"), 3: ("namespace", "string"),
    5: ("uid", "string"), 6: ("resourceVersion", "string"), 7: ("generation", "int64"),
    8: ("creationTimestamp", TIME), 9: ("deletionTimestamp", TIME),
    10: ("deletionGracePeriodSeconds", "int64"), 11: ("labels", ("map", "string")),
    12: ("annotations", ("map", "string")), 13: ("ownerReferences", ("repeated", OWNER_REFERENCE)),
    14: ("finalizers", ("repeated", "string")),
}
KINDS: dict[str, Schema] = {
    "Secret": {1: ("metadata", OBJECT_META), 2: ("data", ("map", "bytes")),
               3: ("type", "string"), 4: ("stringData", ("map", "string")),
               5: ("immutable", "bool")},
    "ConfigMap": {1: ("metadata", OBJECT_META), 2: ("data", ("map", "string")),
                  3: ("binaryData", ("map", "bytes")), 4: ("immutable", "bool")},
    "Namespace": {1: ("metadata", OBJECT_META),
                  2: ("spec", {1: ("finalizers", ("repeated", "string"))}),
                  3: ("status", {1: ("phase", "string")})},
    "DeleteOptions": {1: ("gracePeriodSeconds", "int64"),
                      2: ("preconditions", {1: ("uid", "string"),
                                            2: ("resourceVersion", "string")}),
                      3: ("orphanDependents", "bool"), 4: ("propagationPolicy", "string"),
                      5: ("dryRun", ("repeated", "string"))},
}
UNKNOWN: Schema = {1: ("typeMeta", {1: ("apiVersion", "string"), 2: ("kind", "string")}),
                   2: ("raw", "bytes")}


class ProtobufError(ValueError):
    """A body the decoder does not understand."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> list[tuple[int, int | bytes]]:
    out: list[tuple[int, int | bytes]] = []
    pos = 0
    while pos < len(data):
        tag, pos = _varint(data, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            out.append((number, value))
        elif wire == 2:
            length, pos = _varint(data, pos)
            out.append((number, data[pos:pos + length]))
            pos += length
        elif wire == 1:
            out.append((number, int.from_bytes(data[pos:pos + 8], "little")))
            pos += 8
        elif wire == 5:
            out.append((number, int.from_bytes(data[pos:pos + 4], "little")))
            pos += 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
    return out


def _scalar(kind: str, value: int | bytes) -> Any:
    if kind == "string":
        return bytes(value).decode() if isinstance(value, bytes) else str(value)
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode()  # JSON form of []byte
    if kind == "bool":
        return bool(value)
    if isinstance(value, int) and value >= 1 << 63:
        value -= 1 << 64
    return value


def _decode(data: bytes, schema: Schema) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for number, value in _fields(data):
        if number not in schema:
            continue
        name, kind = schema[number]
        if isinstance(kind, tuple) and kind[0] == "map":
            entry = dict(_fields(bytes(value)))  # type: ignore[arg-type]
            key = _scalar("string", entry.get(1, b""))
            out.setdefault(name, {})[key] = _scalar(kind[1], entry.get(2, b""))
        elif isinstance(kind, tuple) and kind[0] == "repeated":
            item = kind[1]
            decoded = _decode(bytes(value), item) if isinstance(item, dict) \
                else _scalar(item, value)
            out.setdefault(name, []).append(decoded)
        elif isinstance(kind, dict):
            out[name] = _decode(bytes(value), kind)  # type: ignore[arg-type]
        else:
            out[name] = _scalar(kind, value)
    return out


def _rfc3339(stamp: dict[str, Any]) -> str:
    moment = _dt.datetime.fromtimestamp(stamp.get("seconds", 0), _dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def decode_object(body: bytes) -> dict[str, Any]:
    """The JSON-shaped object of a ``k8s\\x00``-prefixed protobuf body."""
    if not body.startswith(MAGIC):
        raise ProtobufError("missing the k8s protobuf magic prefix")
    envelope = _decode(body[len(MAGIC):], UNKNOWN)
    type_meta = envelope.get("typeMeta") or {}
    kind = type_meta.get("kind", "")
    schema = KINDS.get(kind)
    if schema is None:
        raise ProtobufError(f"the emulator cannot decode protobuf for kind {kind!r}")
    raw = base64.b64decode(envelope.get("raw", ""))
    obj = {"apiVersion": type_meta.get("apiVersion", ""), "kind": kind, **_decode(raw, schema)}
    if kind == "DeleteOptions":
        return obj
    meta = obj.setdefault("metadata", {})
    for field in ("creationTimestamp", "deletionTimestamp"):
        if field in meta:
            if meta[field].get("seconds"):
                meta[field] = _rfc3339(meta[field])
            else:
                del meta[field]
    for field in ("name", "generateName", "namespace", "uid", "resourceVersion"):
        if meta.get(field) == "":
            del meta[field]
    return obj
