"""values.schema.json validation: helmpy against Helm v4.2.3's SDK on the same chart.

Each case writes one chart directory (root chart ``c`` and optional subcharts), renders it
with Helm's SDK and validates it with helmpy (loader, values coalescing, schema check).
jsonschema v6 walks Go maps, so sibling errors come out in random order; both messages are
normalised (siblings sorted, ``additional properties`` names sorted) before comparing.
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.errors import HelmpyError

SubCharts = dict[str, tuple[Any, str]]


def write_chart(root: Path, schema: Any, values_yaml: str, subs: SubCharts | None = None) -> Path:
    """Chart ``c`` with ``values.yaml``, ``values.schema.json`` (str, JSON value or None)."""
    def write(folder: Path, name: str, schema: Any, values_yaml: str) -> None:
        (folder / "templates").mkdir(parents=True)
        (folder / "Chart.yaml").write_text(f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n")
        (folder / "values.yaml").write_text(values_yaml)
        if schema is not None:
            text = schema if isinstance(schema, str) else json.dumps(schema)
            (folder / "values.schema.json").write_text(text)

    chart = root / "c"
    write(chart, "c", schema, values_yaml)
    for name, (sub_schema, sub_values) in (subs or {}).items():
        write(chart / "charts" / name, name, sub_schema, sub_values)
    return chart


def helm_message(chart_dir: Path) -> str | None:
    """Helm's error for rendering the chart, or None when it renders."""
    import helm_python

    try:
        chart = helm_python.Chart.load(str(chart_dir))
    except helm_python.HelmError as err:
        return "load error: " + str(err)
    try:
        with chart:
            chart.render(name="r", namespace="ns")
    except helm_python.HelmError as err:
        return str(err)
    return None


def helmpy_message(chart_dir: Path) -> str | None:
    from helmpy.chart.loader import load
    from helmpy.engine.schema import validate_chart_values
    from helmpy.values.merge import prepare_values

    try:
        chart = load(str(chart_dir))
    except HelmpyError as err:
        return "load error: " + str(err)
    try:
        processed, values = prepare_values(chart, {})
        validate_chart_values(processed, values)
    except HelmpyError as err:
        return str(err)
    return None


def both(schema: Any, values_yaml: str = "", subs: SubCharts | None = None
         ) -> tuple[str | None, str | None]:
    with tempfile.TemporaryDirectory() as tmp:
        chart_dir = write_chart(Path(tmp), schema, values_yaml, subs)
        return helm_message(chart_dir), helmpy_message(chart_dir)


_ITEM = re.compile(r"^( *)- ")
_ADDITIONAL = re.compile(r"additional properties (.*) not allowed$")


_LOADING = re.compile(r'^(failing loading "[^"]*"): .*$', re.MULTILINE)


def normalise(message: str | None) -> Any:
    """The message with Go's map-order randomness removed (a comparable structure).

    helmpy deliberately never loads a schema from a URL or a host file (security.md): where
    Helm reports why fetching ``$ref: other.json`` failed, helmpy says it refused. Only the
    reason after ``failing loading "<url>":`` is left out of the comparison.
    """
    if message is None:
        return None
    message = _LOADING.sub(r"\1: <not loaded>", message)
    root: list[Any] = []
    stack: list[tuple[int, list[Any]]] = [(0, root)]
    for line in message.split("\n"):
        match = _ITEM.match(line)
        if match is None:
            stack = [(0, root)]
            root.append(("text", line))
            continue
        depth = len(match.group(1)) // 2 + 1
        text = line[match.end():]
        additional = _ADDITIONAL.search(text)
        if additional:
            names = sorted(additional.group(1).split(", "))
            text = text[:additional.start(1)] + ", ".join(names) + " not allowed"
        while stack[-1][0] >= depth:
            stack.pop()
        node: list[Any] = []
        stack[-1][1].append(("item", text, node))
        stack.append((depth, node))
    return _sorted_tree(root)


def _sorted_tree(nodes: list[Any]) -> list[Any]:
    out: list[Any] = []
    run: list[Any] = []
    for node in nodes:
        if node[0] == "text":
            out.extend(sorted(run, key=repr))
            run = []
            out.append(node)
        else:
            run.append(("item", node[1], _sorted_tree(node[2])))
    out.extend(sorted(run, key=repr))
    return out


def assert_same(schema: Any, values_yaml: str = "", subs: SubCharts | None = None) -> str | None:
    helm, mine = both(schema, values_yaml, subs)
    assert normalise(mine) == normalise(helm), f"\nhelm:   {helm!r}\nhelmpy: {mine!r}"
    return helm


# --- hand-picked cases: one or two per keyword and message ---------------------------------

D7 = "http://json-schema.org/draft-07/schema#"
D4 = "http://json-schema.org/draft-04/schema#"
D6 = "http://json-schema.org/draft-06/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"

KEYWORD_CASES: list[tuple[str, Any, str]] = [
    ("required one", {"required": ["policy"]}, "a: 1"),
    ("required many", {"required": ["b", "a", "z"]}, "q: 1"),
    ("type", {"properties": {"a": {"type": "string"}}}, "a: 1"),
    ("type list", {"properties": {"a": {"type": ["object", "string", "null"]}}}, "a: 1"),
    ("integer", {"properties": {"a": {"type": "integer"}}}, "a: 1.5\nb: 2"),
    ("integer ok", {"properties": {"a": {"type": "integer"}}}, "a: 2.0"),
    ("enum", {"properties": {"a": {"enum": ["x", 1, None, True, 2.50]}}}, "a: y"),
    ("enum one", {"properties": {"a": {"enum": ["x"]}}}, "a: y"),
    ("enum complex", {"properties": {"a": {"enum": [[1], {"b": 1}]}}}, "a: y"),
    ("const", {"properties": {"a": {"const": "x"}}}, "a: 2"),
    ("const object", {"properties": {"a": {"const": {"k": 1}}}}, "a: {k: 2}"),
    ("const number", {"properties": {"a": {"const": 1}}}, "a: 1.0"),
    ("minimum", {"properties": {"a": {"minimum": 30000}}}, "a: 1234.5"),
    ("maximum big", {"properties": {"a": {"maximum": 0.5}}}, "a: 12345678"),
    ("exclusive", {"properties": {"a": {"exclusiveMinimum": 3, "exclusiveMaximum": 2}}}, "a: 3"),
    ("multipleOf", {"properties": {"a": {"multipleOf": 0.01}}}, "a: 0.123"),
    ("group", {"properties": {"a": {"minimum": 5, "multipleOf": 2},
                              "b": {"maximum": 0, "multipleOf": 3}}}, "a: 1\nb: 1"),
    ("single group", {"properties": {"a": {"minimum": 5, "multipleOf": 2}}}, "a: 1"),
    ("lengths", {"properties": {"a": {"minLength": 2000}, "b": {"maxLength": 1}}},
     "a: abc\nb: héé"),
    ("pattern", {"properties": {"a": {"pattern": "^[a-z]+$"}}}, "a: 'ab\\'c1'"),
    ("pattern dollar", {"properties": {"a": {"pattern": "^a$"}}}, 'a: "a\\n"'),
    ("additionalProperties false", {"properties": {"a": {}}, "additionalProperties": False},
     "a: 1\nz: 2\nb: 3"),
    ("additionalProperties schema", {"additionalProperties": {"type": "string"}}, "a: 1\nb: x"),
    ("patternProperties", {"patternProperties": {"^x": {"type": "string"}, "y$": {"minimum": 9}},
                           "additionalProperties": False}, "xy: 1\nq: 2"),
    ("min/max properties", {"properties": {"a": {"minProperties": 2},
                                           "b": {"maxProperties": 0}}}, "a: {x: 1}\nb: {y: 1}"),
    ("items", {"properties": {"a": {"items": {"type": "string"}}}}, "a: [x, 1, 2]"),
    ("prefixItems", {"properties": {"a": {"prefixItems": [{"type": "string"}],
                                          "items": {"type": "string"}}}}, "a: [1, 2, 3]"),
    ("items array d7", {"$schema": D7, "properties": {"a": {
        "items": [{"type": "string"}], "additionalItems": {"type": "string"}}}}, "a: [1, 2, 3]"),
    ("additionalItems false", {"$schema": D7, "properties": {"a": {
        "items": [{}], "additionalItems": False}}}, "a: [1, 2, 3]"),
    ("min/max items", {"properties": {"a": {"minItems": 1234}, "b": {"maxItems": 0}}},
     "a: [1]\nb: [1]"),
    ("uniqueItems", {"properties": {"a": {"uniqueItems": True}}}, "a: [1, 2, 2, 1]"),
    ("uniqueItems objects", {"properties": {"a": {"uniqueItems": True}}}, "a: [{x: 1}, {x: 1.0}]"),
    ("contains", {"properties": {"a": {"contains": {"type": "string"}}}}, "a: [1, 2]"),
    ("minContains", {"properties": {"a": {"contains": {"type": "string"}, "minContains": 2}}},
     "a: [x, 1]"),
    ("maxContains", {"properties": {"a": {"contains": {"type": "number"}, "maxContains": 1}}},
     "a: [1, 2, x, 3]"),
    ("anyOf", {"properties": {"a": {"anyOf": [{"type": "string"},
                                              {"type": "object", "required": ["q"]}]}}}, "a: 1"),
    ("oneOf none", {"properties": {"a": {"oneOf": [{"type": "string"}, {"type": "boolean"}]}}},
     "a: 1"),
    ("oneOf two", {"properties": {"a": {"oneOf": [{"type": "number"}, {"type": "integer"}]}}},
     "a: 1"),
    ("allOf", {"properties": {"a": {"allOf": [{"type": "string"}, {"minimum": 4}]}}}, "a: 1"),
    ("not", {"properties": {"a": {"not": {"type": "number"}}}}, "a: 1"),
    ("if then else", {"properties": {"a": {"if": {"type": "string"}, "then": {"minLength": 3},
                                           "else": {"minimum": 5}}}}, "a: 1"),
    ("if then", {"properties": {"a": {"if": {"type": "string"}, "then": {"minLength": 3}}}},
     "a: x"),
    ("ref", {"properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {"type": "string"}}},
     "a: 1"),
    ("ref group", {"properties": {"a": {"$ref": "#/definitions/x"}}, "definitions": {"x": {
        "properties": {"b": {"type": "string"}, "c": {"type": "string"}}}}}, "a: {b: 1, c: 2}"),
    ("ref siblings 2020", {"properties": {"a": {"$ref": "#/$defs/x", "minimum": 5}},
                           "$defs": {"x": {"maximum": 0}}}, "a: 1"),
    ("ref siblings d7", {"$schema": D7, "properties": {"a": {"$ref": "#/definitions/x",
                                                             "type": "string"}},
                         "definitions": {"x": {}}}, "a: 1"),
    ("ref escaped", {"properties": {"a": {"$ref": "#/definitions/~0x~1y%25"}},
                     "definitions": {"~x/y%": {"type": "string"}}}, "a: 1"),
    ("anchor", {"properties": {"a": {"$ref": "#thing"}},
                "$defs": {"x": {"$anchor": "thing", "type": "string"}}}, "a: 1"),
    ("recursive ref", {"$defs": {"node": {"type": "object", "properties": {
        "child": {"$ref": "#/$defs/node"}, "v": {"type": "string"}}}},
        "properties": {"tree": {"$ref": "#/$defs/node"}}}, "tree: {child: {child: {v: 1}}}"),
    ("ref cycle", {"$schema": D4, "$ref": "#/definitions/a",
                   "definitions": {"a": {"$ref": "#/definitions/a"}}}, "a: 1"),
    ("ref root cycle", {"$ref": "#"}, "a: 1"),
    ("false schema", False, "a: 1"),
    ("false property", {"properties": {"a": False}}, "a: 1"),
    ("true schema", True, "a: 1"),
    ("propertyNames", {"properties": {"a": {"propertyNames": {"maxLength": 2}}}},
     "a: {abc: 1, de: 2}"),
    ("dependentRequired", {"dependentRequired": {"a": ["b", "c"]}}, "a: 1\nc: 1"),
    ("dependentSchemas", {"dependentSchemas": {"a": {"required": ["zz"]}}}, "a: 1"),
    ("dependencies d7", {"$schema": D7, "dependencies": {"a": ["b"], "c": {"required": ["d"]}}},
     "a: 1\nc: 2"),
    ("draft4 exclusive", {"$schema": D4, "properties": {"a": {"minimum": 3,
                                                              "exclusiveMinimum": True}}}, "a: 3"),
    ("draft6 const", {"$schema": D6, "properties": {"a": {"const": 3}}}, "a: 4"),
    ("2019 items", {"$schema": D2019, "properties": {"a": {"items": [{"type": "string"}]}}},
     "a: [1]"),
    ("unevaluatedProperties", {"properties": {"a": {"type": "number"}},
                               "allOf": [{"properties": {"b": {}}}],
                               "unevaluatedProperties": False}, "a: 1\nb: 2\nc: 3"),
    ("format ignored 2020", {"properties": {"a": {"format": "ipv4"}}}, "a: nope"),
    ("formats draft7", {"$schema": D7, "properties": {
        "a": {"format": "ipv4"}, "c": {"format": "email"}, "d": {"format": "uri"},
        "e": {"format": "hostname"}, "f": {"format": "regex"}, "g": {"format": "date"},
        "i": {"format": "uuid"}, "j": {"format": "date-time"}, "k": {"format": "time"},
        "l": {"format": "duration"}, "m": {"format": "json-pointer"}}},
     "a: x\nc: z\nd: '::'\ne: -a\nf: ((\ng: 2020-13-01\ni: abc\nj: '2020-01-01T10:00:00'\n"
     "k: '25:00:00Z'\nl: P1X\nm: a/b"),
    ("formats ok draft7", {"$schema": D7, "properties": {
        "a": {"format": "ipv4"}, "c": {"format": "email"}, "d": {"format": "uri"},
        "g": {"format": "date"}, "j": {"format": "date-time"}}},
     "a: 10.0.0.1\nc: a@b.io\nd: 'https://x.io/a?b#c'\ng: '2024-02-29'\n"
     "j: '2020-01-01T10:00:00.5+01:00'"),
    ("null value", {"properties": {"a": {"type": "string"}}}, "a: null\nb: 1"),
    ("nested path", {"properties": {"a": {"properties": {"b~c/d": {"items": {
        "type": "string"}}}}}}, "a: {'b~c/d': [x, 1]}"),
    ("strings quoted", {"properties": {"a": {"enum": ["it's", "q\"x", "tab\t"]}}}, "a: 1"),
    ("big numbers", {"properties": {"a": {"maximum": -1e308}, "b": {"minimum": 1e-7}}},
     "a: 1e100\nb: 0.00000001"),
    ("integer want", {"properties": {"a": {"type": "integer", "minimum": 1000000}}}, "a: 999"),
]


@pytest.mark.parametrize(("schema", "values_yaml"), [c[1:] for c in KEYWORD_CASES],
                         ids=[c[0] for c in KEYWORD_CASES])
def test_keyword_messages_match_helm(schema: Any, values_yaml: str) -> None:
    assert_same(schema, values_yaml)


SCHEMA_PROBLEMS: list[tuple[str, str]] = [
    ("bad type name", '{"type":"foo"}'),
    ("negative minLength", '{"minLength":-1}'),
    ("bad regex", '{"pattern":"(("}'),
    ("bad regex property", '{"patternProperties":{"a)":{}}}'),
    ("array schema", "[]"),
    ("required not array", '{"required":"a"}'),
    ("draft7 bad", '{"$schema":"http://json-schema.org/draft-07/schema#","type":"x"}'),
    ("draft4 bad", '{"$schema":"http://json-schema.org/draft-04/schema#","minItems":"x"}'),
    ("pointer not found", '{"properties":{"a":{"$ref":"#/definitions/nope"}}}'),
    ("anchor not found", '{"properties":{"a":{"$ref":"#foo"}}}'),
    ("bad pointer escape", '{"properties":{"a":{"$ref":"#/definitions/%7Ex"}}}'),
    ("empty file", ""),
    ("blank file", "  \n"),
    ("truncated", '{"type": "object"'),
    ("trailing", '{"a":1} x'),
    ("extra brace", '{"a":1}}'),
    ("leading zero", '{"a":01}'),
    ("bad literal", '{"a":tru}'),
    ("bad escape", '{"a":"\\x"}'),
    ("unterminated string", '"abc'),
    ("bad key", "{a:1}"),
    ("bad number", '{"a":-}'),
    ("bad exponent", '{"a":1e}'),
    ("bad fraction", '{"a":1.}'),
    ("control char", '{"a":"\x01"}'),
    ("bad unicode escape", '{"a":"\\u12x4"}'),
    ("missing colon", '{"a" 1}'),
    ("missing comma", '[1 2]'),
    ("quote char", "{'a':1}"),
    ("non-ascii", '{"a":\u00e9}'),
    ("urn ref", '{"properties":{"a":{"$ref":"urn:example:thing"}}}'),
    ("draft6 bad patternProperties",
     '{"$schema":"http://json-schema.org/draft-06/schema#","patternProperties":{"((":{}}}'),
    ("draft4 nested bad patternProperties", '{"$schema":"http://json-schema.org/draft-04/schema#",'
     '"properties":{"x":{"patternProperties":{"a)":{}}}}}'),
]


@pytest.mark.parametrize("schema_text", [c[1] for c in SCHEMA_PROBLEMS],
                         ids=[c[0] for c in SCHEMA_PROBLEMS])
def test_schema_problems_match_helm(schema_text: str) -> None:
    assert_same(schema_text, "a: 1\n")


_HEADING = re.compile(r"^[A-Za-z0-9_.-]+:$", re.MULTILINE)


def chart_sections(message: str | None) -> list[Any]:
    """Per-chart sections, sorted: Helm's loader adds undeclared subcharts in map order."""
    if message is None:
        return []
    starts = [m.start() for m in _HEADING.finditer(message)] + [len(message)]
    return sorted((normalise(message[a:b]) for a, b in zip(starts, starts[1:], strict=False)),
                  key=repr)


def test_subcharts_and_globals_match_helm() -> None:
    subs: SubCharts = {
        "sub": ({"properties": {"x": {"type": "string", "minLength": 3},
                                "global": {"type": "string"}}}, "y: 1\n"),
        "other": ({"required": ["needed"]}, "z: 1\n"),
        "plain": (None, "w: 1\n"),
    }
    values = "a: 1\nsub:\n  x: 2\nglobal:\n  g: 1\n"
    helm, mine = both({"properties": {"a": {"type": "string"}}}, values, subs)
    assert helm is not None and mine is not None
    assert mine.startswith("values don't meet the specifications of the schema(s) in the "
                           "following chart(s):\nc:\n- at '/a': got number, want string\n")
    assert chart_sections(mine) == chart_sections(helm), f"\nhelm:   {helm!r}\nhelmpy: {mine!r}"


def test_schema_errors_are_glued_to_the_next_chart_like_helm() -> None:
    subs: SubCharts = {"sub": ({"required": ["q"]}, "y: 1\n")}
    assert_same("{bad", "a: 1\n", subs)


def test_only_subchart_fails() -> None:
    subs: SubCharts = {"sub": ({"properties": {"y": {"enum": [2, 3]}}}, "y: 1\n")}
    assert_same({"type": "object"}, "a: 1\n", subs)


def test_subchart_values_not_a_map() -> None:
    subs: SubCharts = {"sub": ({"type": "object"}, "y: 1\n")}
    assert_same(None, "sub: [1, 2]\n", subs)


# --- generated schemas and values ------------------------------------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3),
                     st.sampled_from([0.5, 2.5, 1e6, -7.25]), st.sampled_from(["", "a", "bb", "x1"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abcd"), inner, max_size=3)),
    max_leaves=6)
_types = st.sampled_from(["string", "number", "integer", "boolean", "object", "array", "null"])


def _leaf_schema() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda t: {"type": t}, _types),
        st.builds(lambda ts: {"type": ts}, st.lists(_types, min_size=1, max_size=3, unique=True)),
        st.builds(lambda e: {"enum": e}, st.lists(_scalars, min_size=1, max_size=3)),
        st.builds(lambda c: {"const": c}, _scalars),
        st.builds(lambda n: {"minimum": n}, st.integers(-2, 2)),
        st.builds(lambda n: {"maximum": n}, st.sampled_from([0, 1, 0.5, 1000])),
        st.builds(lambda n: {"multipleOf": n}, st.sampled_from([2, 0.5, 3])),
        st.builds(lambda n: {"minLength": n}, st.integers(0, 2)),
        st.builds(lambda n: {"maxLength": n}, st.integers(0, 1)),
        st.builds(lambda p: {"pattern": p}, st.sampled_from(["^a", "b$", "[0-9]", "^$"])),
        st.builds(lambda n: {"minItems": n}, st.integers(1, 2)),
        st.builds(lambda n: {"maxItems": n}, st.integers(0, 1)),
        st.builds(lambda r: {"required": r}, st.lists(st.sampled_from("abcd"), min_size=1,
                                                      max_size=3, unique=True)),
        st.just({"uniqueItems": True}),
        st.just({"additionalProperties": False}),
    )


_schemas = st.recursive(_leaf_schema(), lambda inner: st.one_of(
    st.builds(lambda ps: {"properties": ps}, st.dictionaries(st.sampled_from("abcd"), inner,
                                                             max_size=3)),
    st.builds(lambda i: {"items": i}, inner),
    st.builds(lambda a, b: {**a, **b}, inner, inner),
    st.builds(lambda xs: {"anyOf": xs}, st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda xs: {"oneOf": xs}, st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda xs: {"allOf": xs}, st.lists(inner, min_size=1, max_size=2)),
    st.builds(lambda x: {"not": x}, inner),
    st.builds(lambda x: {"additionalProperties": x}, inner),
    st.builds(lambda x: {"$defs": {"d": x}, "properties": {"a": {"$ref": "#/$defs/d"}}}, inner),
), max_leaves=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=_schemas, values=st.dictionaries(st.sampled_from("abcd"), _values, max_size=4),
       draft=st.sampled_from([None, D7, D4]))
def test_generated_schemas_match_helm(schema: dict[str, Any], values: dict[str, Any],
                                      draft: str | None) -> None:
    if draft is not None:
        schema = {"$schema": draft, **schema}
    assert_same(schema, json.dumps(values) if values else "")


# Arbitrary JSON under common keywords: most of these break the metaschema, which exercises
# the "is not valid against metaschema" messages (anyOf/allOf trees, $dynamicRef, formats).
_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2, 3), st.sampled_from([1.5, -0.5]),
              st.sampled_from(["", "x", "string", "#", "^(a", "#/$defs/q", "a b"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["type", "a", "minimum", "$ref"]),
                                            inner, max_size=2)),
    max_leaves=5)
_keywords = st.sampled_from([
    "type", "enum", "const", "required", "properties", "items", "prefixItems", "minLength",
    "maximum", "multipleOf", "pattern", "patternProperties", "additionalProperties", "allOf",
    "anyOf", "oneOf", "not", "if", "$ref", "$defs", "definitions", "dependencies",
    "dependentRequired", "uniqueItems", "contains", "minContains", "format", "$id", "$anchor",
    "propertyNames", "unevaluatedProperties", "exclusiveMinimum", "minItems", "title"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keywords=st.dictionaries(_keywords, _json, min_size=1, max_size=3),
       draft=st.sampled_from([None, D7, D6, D4, D2019]))
def test_generated_schema_documents_match_helm(keywords: dict[str, Any],
                                               draft: str | None) -> None:
    schema = keywords if draft is None else {"$schema": draft, **keywords}
    assert_same(schema, "a: 1\nb: [x, 2]\nc: {d: null}\n")


def test_aliases_conditions_and_chart_order_match_helm(tmp_path: Path) -> None:
    chart = write_chart(tmp_path, {"properties": {"top": {"type": "string"}}}, "top: 1\n", {
        "zeta": ({"required": ["z"]}, "q: 1\n"),
        "alpha": ({"properties": {"a": {"const": 2}}}, "a: 1\n"),
        "mid": ({"required": ["never"]}, "m: 1\n"),
    })
    (chart / "Chart.yaml").write_text(
        "apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n"
        "- name: zeta\n  version: 0.1.0\n"
        "- name: alpha\n  version: 0.1.0\n  alias: renamed\n"
        "- name: alpha\n  version: 0.1.0\n  alias: second\n"
        "- name: mid\n  version: 0.1.0\n  condition: mid.enabled\n")
    (chart / "values.yaml").write_text("top: 1\nsecond:\n  a: 2\nmid:\n  enabled: false\n")
    helm, mine = helm_message(chart), helmpy_message(chart)
    assert mine == helm


def test_nested_subcharts_see_their_scoped_values(tmp_path: Path) -> None:
    chart = write_chart(tmp_path, None, "sub:\n  deep:\n    v: 1\n  w: x\nglobal:\n  g: [1]\n", {
        "sub": ({"properties": {"w": {"type": "integer"}, "global": {"required": ["h"]}}},
                "w: 2\n"),
    })
    deep = chart / "charts" / "sub" / "charts" / "deep"
    (deep / "templates").mkdir(parents=True)
    (deep / "Chart.yaml").write_text("apiVersion: v2\nname: deep\nversion: 0.1.0\n")
    (deep / "values.yaml").write_text("v: 0\n")
    (deep / "values.schema.json").write_text(json.dumps({
        "properties": {"v": {"type": "string"}, "global": {"properties": {
            "g": {"items": {"type": "string"}}}}}}))
    helm, mine = helm_message(chart), helmpy_message(chart)
    assert helm is not None and "deep:" in helm
    assert normalise(mine) == normalise(helm), f"\nhelm:   {helm!r}\nhelmpy: {mine!r}"
