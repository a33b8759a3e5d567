"""Compiling a chart's values.schema.json the way Helm's jsonschema v6 compiler does.

The document lives at ``file:///values.schema.json``. Its draft comes from ``$schema``
(2020-12 when absent); the document is checked against that draft's metaschema before use.
``$ref`` resolves only inside the document and the bundled metaschemas: remote URLs and
files are refused (security.md), ``urn:`` references become the permissive ``true`` schema
as in Helm.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit, urlunsplit

from helmpy.engine.schema.gojson import GoJSONError, decode_schema
from helmpy.engine.schema.gonet import go_url_parse
from helmpy.engine.schema.goregex import GoRegexError, compile_go_regex
from helmpy.engine.schema.messages import JsonNumber
from helmpy.engine.schema.model import TYPE_ORDER, Pattern, Resource, Schema
from helmpy.gotemplate.gostrconv import quote as go_quote

ROOT_URL = "file:///values.schema.json"
LATEST = 2020

_DRAFT_URLS = {
    "json-schema.org/schema": LATEST,
    "json-schema.org/draft/2020-12/schema": 2020,
    "json-schema.org/draft/2019-09/schema": 2019,
    "json-schema.org/draft-07/schema": 7,
    "json-schema.org/draft-06/schema": 6,
    "json-schema.org/draft-04/schema": 4,
}
METASCHEMA_URLS = {
    2020: "https://json-schema.org/draft/2020-12/schema",
    2019: "https://json-schema.org/draft/2019-09/schema",
    7: "http://json-schema.org/draft-07/schema",
    6: "http://json-schema.org/draft-06/schema",
    4: "http://json-schema.org/draft-04/schema",
}
_SPEC_DIRS = {2020: "draft202012", 2019: "draft201909", 7: "draft7", 6: "draft6", 4: "draft4"}

# Keywords whose value is a subschema, a list of them, or a name -> subschema map.
_SCHEMA_KEYWORDS = ("additionalItems", "additionalProperties", "contains", "else", "if",
                    "not", "propertyNames", "then", "unevaluatedItems",
                    "unevaluatedProperties", "contentSchema")
_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP_KEYWORDS = ("properties", "patternProperties", "definitions", "$defs",
                 "dependentSchemas", "dependencies")


_Sub = Callable[..., Schema]  # compiles the subschema at the given keyword path


class SchemaCompileError(Exception):
    """The schema cannot be used; ``str()`` is the jsonschema library's message."""


def draft_from_url(url: str) -> int | None:
    base = urldefrag(url)[0]
    for prefix in ("http://", "https://"):
        if base.startswith(prefix):
            return _DRAFT_URLS.get(base[len(prefix):])
    return None


def _specifications_root() -> Path:
    """jsonschema_specifications' schema folder, found without importing the package (its
    import pulls in the ``referencing`` library: a fifth of a cold ``helmpy template``)."""
    spec = importlib.util.find_spec("jsonschema_specifications")
    if spec is None or not spec.submodule_search_locations:
        return Path(str(resources.files("jsonschema_specifications"))) / "schemas"
    return Path(next(iter(spec.submodule_search_locations))) / "schemas"


@cache
def _draft_documents(draft: int) -> dict[str, Any]:
    """One draft's bundled metaschema (and 2019/2020 vocabularies) by their $id."""
    docs: dict[str, Any] = {}
    folder = _specifications_root() / _SPEC_DIRS[draft]
    files = [folder / "metaschema.json"]
    vocab = folder / "vocabularies"
    if vocab.is_dir():
        files += [f for f in vocab.iterdir() if f.name.endswith(".json") or "." not in f.name]
    for path in files:
        if not path.is_file():
            continue
        doc = decode_schema(path.read_bytes())
        url = urldefrag(doc.get("$id") or doc.get("id") or METASCHEMA_URLS[draft])[0]
        if url == METASCHEMA_URLS[draft]:
            _as_bundled_by_v6(draft, doc)
        docs[url] = doc
    return docs


def _metaschema_document(url: str) -> Any:
    """The bundled metaschema document with this $id, or None. Only the draft the URL
    names is read when it has it (decoding every draft cost a cold run 40 ms)."""
    for draft, metaschema_url in METASCHEMA_URLS.items():
        folder = metaschema_url.rsplit("/", 1)[0] + "/"  # 2019/2020 vocabularies live there
        if url == metaschema_url or (draft >= 2019 and url.startswith(folder)):
            found = _draft_documents(draft).get(url)
            if found is not None:
                return found
            break
    if not url.startswith(("http://json-schema.org/", "https://json-schema.org/")):
        return None  # every bundled $id is there: no file to read for other URLs
    for draft in _SPEC_DIRS:
        found = _draft_documents(draft).get(url)
        if found is not None:
            return found
    return None


def _as_bundled_by_v6(draft: int, doc: dict[str, Any]) -> None:
    """jsonschema v6 embeds slightly older revisions of the draft 4-7 metaschemas."""
    props = doc["properties"]
    if draft in (6, 7):
        props["enum"] = {**props["enum"], "minItems": JsonNumber("1"), "uniqueItems": True}
    if draft == 6:
        props["patternProperties"].pop("propertyNames", None)
        props.pop("examples", None)
    if draft == 7:
        props["writeOnly"] = {"type": "boolean", "default": False}
    if draft == 4:
        doc.pop("id", None)
        props["$schema"] = {**props["$schema"], "format": "uri"}
        props["id"] = {**props["id"], "format": "uriref"}
        props["$ref"] = {"type": "string"}


def go_url_string(url: str) -> str:
    """Go's url.URL.String() of a parsed URL: the path re-escaped as Go escapes it."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path), safe="$&+,/:;=@")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment)) or url


def _unescape_token(token: str, url: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(token):
        ch = token[i]
        if ch == "~":
            nxt = token[i + 1] if i + 1 < len(token) else ""
            if nxt not in ("0", "1"):
                raise SchemaCompileError(f"invalid json-pointer {go_quote(url)}")
            out.append("~" if nxt == "0" else "/")
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Document:
    def __init__(self, url: str, doc: Any, draft: int) -> None:
        self.url = url
        self.doc = doc
        self.draft = draft
        # resource URL -> json pointer of the resource root in this document
        self.resources: dict[str, str] = {url: ""}
        self.anchors: dict[tuple[str, str], str] = {}
        self.resource_objects: dict[str, Resource] = {}
        self.resource_drafts: dict[str, int] = {}  # embedded resources with their own $schema
        self._index(doc, "", url)

    def _index(self, node: Any, pointer: str, base: str) -> None:
        if not isinstance(node, dict):
            return
        id_key = "id" if self.draft == 4 else "$id"
        ident = node.get(id_key)
        if _is_text(ident) and go_url_parse(ident) is not None:
            raise SchemaCompileError(f"error in parsing id at {go_quote(self.url + '#' + pointer)}")
        if _is_text(ident) and ident:
            new_base, fragment = urldefrag(urljoin(base, ident))
            if new_base and new_base != base:
                base = new_base
                self.resources.setdefault(base, pointer)
                dialect = node.get("$schema")
                if _is_text(dialect) and draft_from_url(dialect) is not None:
                    self.resource_drafts[base] = draft_from_url(dialect) or self.draft
            if fragment and self.draft < 2019:
                self.anchors[(base, fragment)] = pointer
        for key in ("$anchor", "$dynamicAnchor"):
            anchor = node.get(key)
            if _is_text(anchor) and self.draft >= 2019:
                self.anchors.setdefault((base, anchor), pointer)
        if node.get("$recursiveAnchor") is True and self.draft == 2019:
            self.anchors.setdefault((base, ""), pointer)
        for key in _SCHEMA_KEYWORDS:
            if key in node:
                self._index(node[key], f"{pointer}/{_escape_token(key)}", base)
        for key in (*_LIST_KEYWORDS, "items"):
            value = node.get(key)
            if isinstance(value, list):
                for i, item in enumerate(value):
                    self._index(item, f"{pointer}/{key}/{i}", base)
            elif key == "items":
                self._index(value, f"{pointer}/items", base)
        for key in _MAP_KEYWORDS:
            value = node.get(key)
            if isinstance(value, dict):
                for name, item in value.items():
                    self._index(item, f"{pointer}/{_escape_token(key)}/{_escape_token(name)}",
                                base)

    def lookup(self, pointer: str, url: str) -> Any:
        node = self.doc
        if pointer == "":
            return node
        for raw in pointer[1:].split("/"):
            token = _unescape_token(raw, url)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SchemaCompileError(f"json-pointer in {go_quote(url)} not found")
        return node

    def resource_of(self, pointer: str) -> str:
        """The URL of the innermost resource containing ``pointer``."""
        best, best_len = self.url, -1
        for url, root in self.resources.items():
            # ">=": a root $id (registered after the document URL) names the root resource.
            if (pointer == root or pointer.startswith(root + "/")) and len(root) >= best_len:
                best, best_len = url, len(root)
        return best


class Compiler:
    """Turns documents into :class:`Schema` graphs; shared caches make $ref cycles finite."""

    def __init__(self) -> None:
        self.documents: dict[str, _Document] = {}
        self.compiled: dict[tuple[str, str], Schema] = {}
        self._pending: list[tuple[Schema, dict[str, Any], _Document, str]] = []

    def add_document(self, url: str, doc: Any, draft: int) -> _Document:
        document = _Document(url, doc, draft)
        self.documents[url] = document
        for resource_url in document.resources:
            self.documents.setdefault(resource_url, document)
        return document

    def _document_for(self, url: str) -> _Document | None:
        if url in self.documents:
            return self.documents[url]
        doc = _metaschema_document(url)
        if doc is not None:
            schema_url = doc.get("$schema", url) if isinstance(doc, dict) else url
            draft = draft_from_url(urldefrag(schema_url)[0]) or LATEST
            return self.add_document(url, doc, draft)
        return None

    def compile_url(self, url: str) -> Schema:
        schema = self.resolve(url)
        while self._pending:
            target, node, document, pointer = self._pending.pop()
            self._fill(target, node, document, pointer)
        return schema

    def resolve(self, url: str) -> Schema:
        base, fragment = urldefrag(url)
        fragment = unquote(fragment)
        if base.startswith("urn:") and self._document_for(base) is None:
            return self._schema_at(self._true_document(), "")
        document = self._document_for(base)
        if document is None:
            raise SchemaCompileError(
                f"failing loading {go_quote(go_url_string(base))}: helmpy resolves $ref only "
                "inside the chart's values.schema.json")
        root = document.resources.get(base, "")
        if fragment.startswith("/") or fragment == "":
            pointer = root + fragment
            document.lookup(pointer, f"{document.url}#{pointer}")
            return self._schema_at(document, pointer)
        pointer_of_anchor = document.anchors.get((base, fragment))
        if pointer_of_anchor is None:
            raise SchemaCompileError(
                f"anchor in {go_quote(base + '#' + fragment)} not found in schema "
                f"{go_quote(base)}")
        return self._schema_at(document, pointer_of_anchor)

    def _true_document(self) -> _Document:
        url = "helmpy:permissive-urn"
        return self.documents.get(url) or self.add_document(url, True, LATEST)

    def _schema_at(self, document: _Document, pointer: str) -> Schema:
        key = (document.url, pointer)
        existing = self.compiled.get(key)
        if existing is not None:
            return existing
        node = document.lookup(pointer, f"{document.url}#{pointer}")
        resource_url = document.resource_of(pointer)
        resource = document.resource_objects.get(resource_url)
        if resource is None:
            resource = Resource(resource_url)
            document.resource_objects[resource_url] = resource
        draft = document.resource_drafts.get(resource_url, document.draft)
        # v6 asserts formats for drafts 4-7 and always while checking against a metaschema.
        assert_format = document.url != ROOT_URL or draft < 2019
        schema = Schema(location=f"{document.url}#{pointer}", draft=draft,
                        resource=resource, assert_format=assert_format)
        self.compiled[key] = schema
        if document.resources.get(resource_url) == pointer:
            resource.root = schema
        if isinstance(node, bool):
            schema.bool_value = node
        elif isinstance(node, dict):
            self._pending.append((schema, node, document, pointer))
        else:  # a $ref into something that is not a schema (v6 checks it like a resource)
            want = "object" if draft == 4 else "boolean or object"
            raise SchemaCompileError(
                f"{go_quote(schema.location)} is not valid against metaschema: jsonschema "
                f"validation failed with '{METASCHEMA_URLS[draft]}#'\n"
                f"- at '': got {_json_type(node)}, want {want}")
        return schema

    # --- keywords ------------------------------------------------------------------------

    def _ref(self, node: dict[str, Any], key: str, document: _Document, pointer: str) -> Schema:
        base = document.resource_of(pointer)
        return self.resolve(urljoin(base, node[key]))

    def _fill(self, s: Schema, node: dict[str, Any], document: _Document, pointer: str) -> None:
        draft = s.draft

        def sub(*tokens: str) -> Schema:
            return self._schema_at(document,
                                   pointer + "".join("/" + _escape_token(t) for t in tokens))

        if _is_text(node.get("$ref")):
            s.ref = self._ref(node, "$ref", document, pointer)
            if draft < 2019:
                return  # draft 4-7: $ref makes its siblings inert
        if draft >= 2019 and node.get("$recursiveAnchor") is True:
            s.resource.recursive_anchor = True
        if draft == 2019 and _is_text(node.get("$recursiveRef")):
            s.recursive_ref = self._ref(node, "$recursiveRef", document, pointer)
        if draft >= 2020 and _is_text(node.get("$dynamicAnchor")):
            s.dynamic_anchor = node["$dynamicAnchor"]
            s.resource.dynamic_anchors.setdefault(s.dynamic_anchor, s)
        if draft >= 2020 and _is_text(node.get("$dynamicRef")):
            s.dynamic_ref = self._ref(node, "$dynamicRef", document, pointer)
            s.dynamic_ref_anchor = urldefrag(node["$dynamicRef"])[1]
            if s.dynamic_ref_anchor.startswith("/"):
                s.dynamic_ref_anchor = ""

        types = node.get("type")
        if _is_text(types):
            types = [types]
        if isinstance(types, list):
            s.types = [t for t in TYPE_ORDER if t in types]
        if "const" in node and draft >= 6:
            s.has_const, s.const = True, node["const"]
        if isinstance(node.get("enum"), list):
            s.enum = node["enum"]
        if _is_text(node.get("format")) and s.assert_format:
            s.format = node["format"]

        self._fill_object(s, node, draft, sub)
        self._fill_array(s, node, draft, sub)
        self._fill_scalar(s, node, draft)
        for key, attr in (("allOf", "all_of"), ("anyOf", "any_of"), ("oneOf", "one_of")):
            if isinstance(node.get(key), list):
                setattr(s, attr, [sub(key, str(i)) for i in range(len(node[key]))])
        if "not" in node:
            s.not_ = sub("not")
        if draft >= 7:
            for key, attr in (("if", "if_"), ("then", "then"), ("else", "else_")):
                if key in node:
                    setattr(s, attr, sub(key))
        if draft >= 2019:
            if "unevaluatedProperties" in node:
                s.unevaluated_properties = sub("unevaluatedProperties")
            if "unevaluatedItems" in node:
                s.unevaluated_items = sub("unevaluatedItems")

    def _fill_object(self, s: Schema, node: dict[str, Any], draft: int, sub: _Sub) -> None:
        s.min_properties = _int(node.get("minProperties"))
        s.max_properties = _int(node.get("maxProperties"))
        if isinstance(node.get("required"), list):
            s.required = [r for r in node["required"] if _is_text(r)]
        if isinstance(node.get("properties"), dict):
            s.properties = {name: sub("properties", name) for name in node["properties"]}
        if isinstance(node.get("patternProperties"), dict):
            for text in node["patternProperties"]:
                s.pattern_properties.append((_pattern(text, s.location + "/patternProperties"),
                                             sub("patternProperties", text)))
        additional = node.get("additionalProperties")
        if isinstance(additional, bool):
            s.additional_properties = additional
        elif isinstance(additional, dict):
            s.additional_properties = sub("additionalProperties")
        if draft >= 6 and "propertyNames" in node:
            s.property_names = sub("propertyNames")
        if draft < 2019 and isinstance(node.get("dependencies"), dict):
            for name, dep in node["dependencies"].items():
                if isinstance(dep, list):
                    s.dependencies[name] = [d for d in dep if _is_text(d)]
                else:
                    s.dependencies[name] = sub("dependencies", name)
        if draft >= 2019:
            if isinstance(node.get("dependentRequired"), dict):
                s.dependent_required = {k: list(v) for k, v in node["dependentRequired"].items()
                                        if isinstance(v, list)}
            if isinstance(node.get("dependentSchemas"), dict):
                s.dependent_schemas = {k: sub("dependentSchemas", k)
                                       for k in node["dependentSchemas"]}

    def _fill_array(self, s: Schema, node: dict[str, Any], draft: int, sub: _Sub) -> None:
        s.min_items = _int(node.get("minItems"))
        s.max_items = _int(node.get("maxItems"))
        s.unique_items = node.get("uniqueItems") is True
        items = node.get("items")
        if draft < 2020:
            if isinstance(items, list):
                s.items = [sub("items", str(i)) for i in range(len(items))]
                additional = node.get("additionalItems")
                if isinstance(additional, bool):
                    s.additional_items = additional
                elif isinstance(additional, dict):
                    s.additional_items = sub("additionalItems")
            elif "items" in node:
                s.items = sub("items")
        else:
            if isinstance(node.get("prefixItems"), list):
                s.prefix_items = [sub("prefixItems", str(i))
                                  for i in range(len(node["prefixItems"]))]
            if "items" in node:
                s.items2020 = sub("items")
        if draft >= 6 and "contains" in node:
            s.contains = sub("contains")
            if draft >= 2019:
                s.min_contains = _int(node.get("minContains"))
                s.max_contains = _int(node.get("maxContains"))

    def _fill_scalar(self, s: Schema, node: dict[str, Any], draft: int) -> None:
        s.min_length = _int(node.get("minLength"))
        s.max_length = _int(node.get("maxLength"))
        if _is_text(node.get("pattern")):
            s.pattern = _pattern(node["pattern"], s.location + "/pattern")
        s.minimum = _rat(node.get("minimum"))
        s.maximum = _rat(node.get("maximum"))
        if draft == 4:
            if node.get("exclusiveMinimum") is True:
                s.exclusive_minimum, s.minimum = s.minimum, None
            if node.get("exclusiveMaximum") is True:
                s.exclusive_maximum, s.maximum = s.maximum, None
        else:
            s.exclusive_minimum = _rat(node.get("exclusiveMinimum"))
            s.exclusive_maximum = _rat(node.get("exclusiveMaximum"))
        s.multiple_of = _rat(node.get("multipleOf"))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, JsonNumber):
        return "number"
    return "string" if isinstance(value, str) else "array"


def _is_text(value: Any) -> bool:
    """A JSON string (JsonNumber is a str subclass, but a number)."""
    return type(value) is str


def _int(value: Any) -> int | None:
    if isinstance(value, JsonNumber):
        number = value.fraction()
        if number.denominator == 1:
            return int(number)
    return None


def _rat(value: Any) -> Fraction | None:
    return value.fraction() if isinstance(value, JsonNumber) else None


def _pattern(text: str, location: str) -> Pattern:
    try:
        return Pattern(text, compile_go_regex(text))
    except GoRegexError as err:  # usually the metaschema's "format": "regex" reports it first
        raise SchemaCompileError(
            f"invalid regex {go_quote(text)} at {go_quote(location)}: {err}") from None


__all__ = ["Compiler", "GoJSONError", "ROOT_URL", "SchemaCompileError", "draft_from_url"]
