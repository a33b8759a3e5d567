"""values.schema.json details against Helm v4.2.3's SDK: regexes, formats, edge schemas,
unevaluated keywords, dynamic references and $ref resolution (harness in
test_schema_differential)."""
from __future__ import annotations

import json
from typing import Any

import pytest

from tests.test_schema_differential import D4, D7, D2019, assert_same

# Go RE2 semantics and syntax errors, run through Python's re by helmpy.
PATTERNS = ["(?i)é", "^\\s$", "a++", "(?#c)", "a{2,1}", "a{1001}", "{2}", "a{,2}", "\\",
            "x*?y+?", "x*??", "(?P<n>a)", "(?<n>a)", "\\Qa.b\\E", "[^[:space:]]", "\\pN",
            "(?:ab)+", "(?i:A)b", "\\bfoo\\b", "a{2}*", "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
            "^(\\d+(\\.\\d+)?)(Ki|Mi|Gi)?$", "a|b|", "(a)(b)\\2", "(?=a)", "[z-a]", "*a",
            "[abc", "a)", "\\Z", "^a$", "(?m)^b$", "(?s)a.b", "a{2"]
PATTERN_VALUES = ["é", "É", "\v", "abc", "a b", "foo-bar", "10Mi", "a\nb", "a{,2}", ""]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_patterns_match_helm(pattern: str) -> None:
    values = "\n".join(f"v{i}: {json.dumps(v)}" for i, v in enumerate(PATTERN_VALUES))
    assert_same({"additionalProperties": {"pattern": pattern}}, values)


EDGE_SCHEMAS: list[tuple[str, Any, str]] = [
    ("$schema number", {"$schema": 5}, "a: 1"),
    ("$schema with fragment", {"$schema": "http://json-schema.org/draft-07/schema#foo"}, "a: 1"),
    ("$schema without #", {"$schema": "http://json-schema.org/draft-07/schema", "type": "x"},
     "a: 1"),
    ("https draft-07", {"$schema": "https://json-schema.org/draft-07/schema#",
                        "properties": {"a": {"format": "ipv4"}}}, "a: x"),
    ("latest alias", {"$schema": "http://json-schema.org/schema#", "type": 3}, "a: 1"),
    ("embedded dialect", {"properties": {"a": {"$id": "http://x/y", "$schema": D7,
                                               "format": "ipv4"}}}, "a: x"),
    ("embedded dialect without id", {"properties": {"a": {"$schema": D7, "format": "ipv4"}}},
     "a: x"),
    ("bad $id", {"$id": "::"}, "a: 1"),
    ("bad $ref uri", {"properties": {"q": {"$ref": "%zz"}}}, "a: 1"),
    ("bad $ref host", {"$schema": D7, "properties": {"q": {"$ref": "http://[::1"}}}, "a: 1"),
    ("huge integer", {"properties": {"a": {"type": "integer"}}}, "a: 10000000000000000000000"),
    ("float multipleOf", {"properties": {"a": {"multipleOf": 0.1}}}, "a: 0.3"),
    ("enum literals", {"properties": {"a": {"enum": [1.0, 1e2, -0.0]}}}, "a: 3"),
    ("const literal", {"properties": {"a": {"const": 100}}}, "a: 1e2"),
    ("runes", {"properties": {"a": {"maxLength": 2}}}, "a: 'héllo😀'"),
]


@pytest.mark.parametrize(("schema", "values_yaml"), [c[1:] for c in EDGE_SCHEMAS],
                         ids=[c[0] for c in EDGE_SCHEMAS])
def test_edge_schemas_match_helm(schema: Any, values_yaml: str) -> None:
    assert_same(schema, values_yaml)


# Draft-07 asserts formats; the messages come from Go's net/url, net/netip and time.
FORMAT_SAMPLES: dict[str, list[str]] = {
    "ipv4": ["1.2.3.4", "256.1.1.1", "01.2.3.4", "1.2.3", "a.b.c.d", "1..2.3", "-1.2.3.4"],
    "ipv6": ["::1", "1::2::3", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "g::1", ":::", "1:2",
             "12345::", "::ffff:1.2.3.256", "1:2:3:4:5:1.2.3.4", "1.2.3.4:5", "1:2x", "::1%"],
    "email": ["a@b.c", "a", ".a@b.c", "a..b@c.d", '"a\\b"@c.d', "a@[IPv6:1::2::3]",
              "a@[300.1.1.1]", "a b@c.d", "a@-b.c"],
    "hostname": ["a.b", "-a", "a-", "a..b", "a_b", "x" * 64, "é.com"],
    "date": ["2020-01-01", "2020-13-01", "2020-02-30", "2021-02-29", "2020-1-01", "2020/01/01",
             "2020-01-01x", "x"],
    "date-time": ["2020-01-01T10:00:00Z", "2020-01-01 10:00:00Z", "2020-01-01T25:00:00Z",
                  "2020-01-01T10:00:00", "2020-01-01T10:00:60Z", "2020-01-01T10:00:00+01:60"],
    "time": ["10:00:00Z", "10:00:00", "10:00:00.Z", "10:00:00+1:00", "aa:00:00Z"],
    "uri": ["http://x", "x", "::", "http://[::1", "http://x/%zz", "http://x y", "http://a:b",
            "http://us er@host", "http://h%41st", "mailto:a@b"],
    "uri-reference": ["x", "%zz", "a/b:c", "//host/p", "#frag"],
    "uri-template": ["http://x/{a}", "http://x/{a", "http://x/{{a}}"],
    "uuid": ["12345678-1234-1234-1234-123456789abc", "1234", "123456789-234-1234-1234-12345"],
    "json-pointer": ["/a", "a", "/a~2", "/a~"],
    "relative-json-pointer": ["0", "01", "a", "0#"],
    "duration": ["P1D", "P", "P1W", "PW", "P1X", "PT", "P1M1Y", "P1"],
    "period": ["2020-01-01T00:00:00Z/P1D", "x", "x/y"],
    "semver": ["1.0.0", "1.0", "v1.0.0", "1.0.0-01", "1.0.0+"],
    "regex": ["a", "((", "a**"],
}


@pytest.mark.parametrize("fmt", sorted(FORMAT_SAMPLES))
def test_formats_match_helm(fmt: str) -> None:
    samples = FORMAT_SAMPLES[fmt]
    values = "\n".join(f"v{i}: {json.dumps(v)}" for i, v in enumerate(samples))
    assert_same({"$schema": D7, "additionalProperties": {"format": fmt}}, values)


UNEVALUATED: list[tuple[str, Any, str]] = [
    ("true in allOf", {"allOf": [True], "unevaluatedProperties": False}, "a: 1"),
    ("true in allOf items", {"properties": {"x": {"allOf": [True], "unevaluatedItems": False}}},
     "x: [1]"),
    ("anyOf all branches", {"anyOf": [True, {"properties": {"a": {}}}],
                            "unevaluatedProperties": False}, "a: 1\nb: 2"),
    ("prefixItems", {"properties": {"x": {"prefixItems": [True], "unevaluatedItems": False}}},
     "x: [1, 2]"),
    ("contains", {"properties": {"a": {"prefixItems": [{}], "contains": {"type": "string"},
                                       "unevaluatedItems": False}}}, "a: [1, x, 3]"),
    ("oneOf", {"properties": {"a": {"oneOf": [{"properties": {"x": {}}, "required": ["x"]},
                                              {"properties": {"y": {}}, "required": ["y"]}],
                                    "unevaluatedProperties": {"type": "string"}}}},
     "a: {x: 1, y: 2, z: 3}"),
    ("if then else", {"properties": {"a": {
        "if": {"properties": {"x": {"const": 1}}}, "then": {"properties": {"t": {}}},
        "else": {"properties": {"e": {}}}, "unevaluatedProperties": False}}},
     "a: {x: 1, t: 2, e: 3}"),
    ("through $ref", {"properties": {"a": {"$ref": "#/$defs/b", "unevaluatedProperties": False}},
                      "$defs": {"b": {"properties": {"q": {}}}}}, "a: {q: 1, r: 2}"),
    ("dependentSchemas", {"properties": {"a": {
        "dependentSchemas": {"x": {"properties": {"y": {}}}}, "unevaluatedProperties": False}}},
     "a: {x: 1, y: 2, z: 3}"),
    ("dynamicRef tree", {"$dynamicAnchor": "node", "properties": {
        "kids": {"items": {"$dynamicRef": "#node"}}, "v": {"type": "string"}}},
     "kids: [{v: 1}, {kids: [{v: 2}]}]"),
    ("recursiveRef tree", {"$schema": D2019, "$recursiveAnchor": True, "properties": {
        "kids": {"items": {"$recursiveRef": "#"}}, "v": {"type": "string"}}}, "kids: [{v: 1}]"),
]


@pytest.mark.parametrize(("schema", "values_yaml"), [c[1:] for c in UNEVALUATED],
                         ids=[c[0] for c in UNEVALUATED])
def test_unevaluated_and_dynamic_refs_match_helm(schema: Any, values_yaml: str) -> None:
    assert_same(schema, values_yaml)


REF_RESOLUTION: list[tuple[str, Any, str]] = [
    ("embedded $id", {"$defs": {"x": {"$id": "http://e/x.json", "$defs": {
        "y": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/y"}}}},
        "properties": {"q": {"$ref": "http://e/x.json"}}}, "q: {a: 1}"),
    ("anchor in embedded resource", {"$defs": {"x": {"$id": "http://e/x.json", "$anchor": "top",
                                                     "type": "string"}},
                                     "properties": {"q": {"$ref": "http://e/x.json#top"}}}, "q: 1"),
    ("relative to root $id", {"$id": "http://e/root.json", "$defs": {
        "x": {"$id": "sub/x.json", "type": "string"}},
        "properties": {"q": {"$ref": "sub/x.json"}}}, "q: 1"),
    ("draft7 plain-name id", {"$schema": D7, "definitions": {"x": {"$id": "#foo",
                                                                   "type": "string"}},
                              "properties": {"q": {"$ref": "#foo"}}}, "q: 1"),
    ("missing pointer in resource", {"$defs": {"x": {"$id": "http://e/x.json",
                                                     "$ref": "#/$defs/x"}},
                                     "properties": {"q": {"$ref": "http://e/x.json"}}}, "q: 1"),
    ("ref to a non-schema", {"properties": {"q": {"$ref": "#/properties/r/type"},
                                            "r": {"type": "string"}}}, "q: 1"),
    ("ref to a non-schema draft4", {"$schema": D4, "properties": {
        "q": {"$ref": "#/properties/r/type"}, "r": {"type": "string"}}}, "q: 1"),
    ("ref into items array", {"properties": {"q": {"$ref": "#/items/0"}},
                              "items": [{"type": "string"}]}, "q: 1"),
    ("absolute ref to root $id", {"$id": "http://e/root.json", "properties": {
        "q": {"$ref": "http://e/root.json#/$defs/s"}}, "$defs": {"s": {"type": "string"}}},
     "q: 1"),
]


@pytest.mark.parametrize(("schema", "values_yaml"), [c[1:] for c in REF_RESOLUTION],
                         ids=[c[0] for c in REF_RESOLUTION])
def test_ref_resolution_matches_helm(schema: Any, values_yaml: str) -> None:
    assert_same(schema, values_yaml)
