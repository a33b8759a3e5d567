"""helmpy.goyaml.reader against Helm's own YAML reading (helm_python.values_from_yaml)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helmpy.goyaml import gojson
from helmpy.goyaml.reader import GoYAMLError, load, load_map

helm_native = pytest.importorskip("helm_python._native")


def helm_values_json(text: str) -> str:
    """Helm's parse of a values document, as the JSON its Go code writes (or its error)."""
    try:
        return helm_native.call_string("helm_values_from_yaml", text)
    except Exception as err:  # helm_python.HelmValuesError
        return "ERROR " + str(err)


def helmpy_values_json(text: str) -> str:
    try:
        return gojson.dumps(load_map(text))
    except GoYAMLError as err:
        return "ERROR " + str(err)


DOCUMENTS = [
    "y: 1\nn: Y\non: off\nOff: yes\nNO: True\n",
    "x: 0x1F\no: 017\np: 0o17\nq: 1_000\nr: .5\ns: 1e3\nt: 2001-12-14\nu: ~\nv:\nw: 1000000\n",
    "x: [1e3, 0x1F, 017, 0o17, 08, 1_000, .5, -.5, +5, 0b101, -0b11, 0xFFFFFFFFFFFFFFFFFF]\n",
    "x: [18446744073709551615, 123456789012345678901234, 1e400, ._5, .5e3, ~, Null, nULL]\n",
    "x: [ON, oN, 0x_1F, +0x1F, -0o7, 0B1, 0O7, 1__0, 1., -1.e3, 0.1e-7, 9007199254740993]\n",
    "x: [-0, 0.0, -0.0, 1e21, 1e-7, 123456789.5, 2001-12-14 10:00:00, '1', \"2\"]\n",
    "0.1: a\n1e10: b\n1.5: c\n-1: d\ntrue: f\n1e3: g\n.5: h\n123456789.123: i\n0x10: j\n",
    "-0.0: k\n3.0: l\nyes: m\n",
    "a: &x 1\nb: *x\nc:\n  <<: {d: 1}\n  e: 2\n",
    "base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\nm:\n  x: 0\n  <<: [*b, *o]\n  z: 9\n",
    "a: !!float 1\nb: !!str 1\nc: !foo 1\nd: ! \"5\"\ne: !!binary aGVsbG8=\nf: !!int '7'\n",
    "t: |\n  line1\n  line2\nf: >\n  folded\n  text\n\nk: |-\n  x\n",
    "",
    "# only a comment\n",
    "---\na: 1\n---\nb: 2\n",
    "- 1\n",
    "just a string\n",
    "a: .inf\n",
    "a: [1,\n",
    "a: 'x\n",
    "a:\n\tb: 1\n",
    "a: b: c\n",
    "a: *y\n",
    "a: &x [*x]\n",
    "a:\n  - 1\n b: 2\n",
    "- a\nb: 1\n",
    "? [1]\n: 2\n",
    "null: [1, {a: 1}]\n",
    "{\n",
    "a: !!int x\n",
    "18446744073709551615: e\n",
    "a: \x01\n",
    "a: .nan\n",
    "a: " + "[" * 20000 + "]" * 20000 + "\n",
    # nesting limits: go-yaml's 10000 flow levels / indents, then encoding/json's 10000
    "a: " + "[" * 10000 + "]" * 10000, "a: " + "[" * 10001 + "]" * 10001,
    "- " * 10500 + "x\n", "[" * 9999 + "]" * 9999, "{a: " * 10001 + "1" + "}" * 10001,
    "a: " + "[" * 200000 + "]" * 200000,
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_reader_matches_helm(text: str) -> None:
    assert helmpy_values_json(text) == helm_values_json(text)


# Syntax corners: directives, tags, block/flow styles, escapes, merges, anchors, numbers.
SYNTAX_DOCUMENTS = [
 "a: 1\r\nb: 2\r\n", "\ufeffa: 1\n", "%YAML 1.1\n---\na: 1\n", "%YAML 1.2\n---\na: 1\n", "--- !!map\na: 1\n",
 "a: |2\n   x\n  y\n", "a: >-\n  folded\n  text\n\n  more\n", "a: \"esc \\x41 \\u00e9 \\U0001F680 \\N \\_ \\L \\P \\e \\0\"\n",
 "a: 'it''s'\n", "a: [1, [2, 3], {b: c}]\n", "{a: 1, b: [x, y]}\n", "a: !!set {x, y}\n", "a: !!omap [{x: 1}]\n",
 "? complex\n: value\n", "a: b\n  c\n", "a:    \n  - x\n  -   y\n", "- - 1\n  - 2\n- 3\n",
 "a: &anc\n  b: 1\nc: *anc\nd: *anc\n", "key with spaces: v\n", "'quoted key': v\n", "\"dq\\tkey\": v\n",
 "a: 1 # comment\n# full\nb: 2\n", "a: 1\n...\n", "a: 1\n---\n", "---\n- 1\n", "a: !!timestamp 2001-12-14\n",
 "a: !!timestamp 2001-12-14t21:59:43.10-05:00\n", "a: !!bool yes\n", "a: !!float 1e3\n", "a: !!str\n",
 "a: !!null\n", "a: !!int 0x10\n", "a: !!bool 1\n", "a: 12:30:45\n", "a: 190:20:30\n", "a: 1.2.3\n",
 "a: +.inf\n", "a: -\n", "a: ' '\n", "a: \"\"\n", "a: ''\n", "a: \\\n", "a: @b\n", "a: `b\n",
 "a: b: c: d\n", "a:\n- b\n-\n- c\n", "a: [a, b, ]\n", "a: {b, c}\n", "[a, b]: c\n", "{a: b}: c\n",
 "a: 1\na: 2\nb: 3\n", "<<: {a: 1}\nb: 2\n", "a: {<<: [{x: 1}, {x: 2, y: 3}], y: 0}\n",
 "a: &x 1\n<<: *x\n", "a:\n  b:\n    c:\n      d: [1,2,{e: f}]\n", "x: " + "a" * 2000 + "\n",
 "a: \"line1\n  line2\n\n  line3\"\n", "a: 'x\n\n  y'\n", "a: |+\n  x\n\n\nb: 1\n", "a: |\n\tx\n",
 "a: 0.5e+3\n", "a: 5e\n", "a: 0x\n", "a: 0b2\n", "a: -0x1F\n", "a: +0o17\n", "a: 0O17\n", "a: 1__0.5\n",
 "a: .5.\n", "a: 6.8523015e+5\n", "a: 685.230_15e+03\n", "a: 685_230.15\n", "a: -.5e-3\n",
 "null: 1\n", "~: 1\n", "? \n: 1\n", "a: !custom 5\n", "a: !custom [1]\n", "a: !!binary |\n  aGVs\n  bG8=\n",
 "a: !!binary x\n", "a: *\n", "&a a: *a\n", "a: &a [*a]\n", "a: {b: &c [1], d: *c}\n",
]
SYNTAX_DOCUMENTS += [
 "k: [a, b]:\n", "- [a, b]: c\n", "? a\n? b\n", "x: {a, b: c}\n", "x: [a: b]\n", "x: [a: b, c]\n", "a: 'x' # c\n", "a: x #c\n",
 "a: x#c\n", "a: -1\n", "a: 1:\n", "a:b: c\n", "a : b\n", "a:\n  - b\n  c: d\n", "a: b\t# c\n", "a:\tb\n", "-\tx\n",
 "a: |\n  x\n \n  y\n", "a: >\n\n  x\n", "--- |\n  x\n", "--- >-\n x\n", "a: \"\\/\"\n", "a: \"\\u12\"\n", "a: \"\\q\"\n",
 "a: !<tag:yaml.org,2002:str> 1\n", "!!str : x\n", "? - a\n  - b\n: c\n", "a: [1,2\n", "a: {b: 1\n", "a: ]\n", "a: }\n",
 "a: b\n c\n", "a:\n b\n c: d\n", "'a\n b': c\n", "a: 'unterminated\n", "a: \"x\ny\"\n", "a: - b\n", "- a\n - b\n",
 "a: &x\nb: *x\n", "a: &x b\nc: &x d\ne: *x\n", "a: *x\nb: &x 1\n", "a: !!binary aGk=\n", "%TAG ! tag:example.com,2000:\n---\na: !foo 1\n",
 "a: !e!foo 1\n", "a: {? b}\n", "a: [? b : c]\n", "\"a\": \"b\"\n\"c\": \"d\"\n", "{\"a\":1,\"b\":[1,2,{\"c\":null}]}\n",
 "a: @\n", "a: x\n  # c\n", "a:\n\n\n  b: 1\n", "a: >+\n  x\n\n", "a: |-\n\n", "a: |\n", "a: >\n", "- |\n- >\n",
 "a: 0.\n", "a: +1_000\n", "a: 1_000.5_5\n", "a: 0b1_0\n", "a: 0x_\n", "a: 1e1_0\n", "a: 9223372036854775807\n",
 "a: 9223372036854775808\n", "a: -9223372036854775808\n", "a: -9223372036854775809\n", "a: 0777777777777777777777\n",
 "9223372036854775808: x\n", "-9223372036854775809: x\n", "1e500: x\n", "0x10: x\n", "0b11: x\n", "1_0: x\n",
 "a: 2001-12-14t21:59:43.10-05:00\n", "2001-12-14: x\n", "a:\n  ? b\n  : c\n", "a: \u2028\n", "a: x\u2028y\n",
 "a: \u0085x\n", "a: x\u00a0\n", "a: \ufeffx\n", "\ufeff\ufeffa: 1\n", "a: x\r\n  y\r\n", "a: |\r\n  x\r\n  y\r\n",
    "a: \"x\\\\/y\"\n", "b: 1\na: \"x\\/y\"\n", "a: \"x\n  \\/y\"\n",
    "a: &x [1]\nb: &x [2]\nc: *x\nd: *y\n", "a: &x 1\nb: *x\nc: &x 2\nd: *x\n",
]
# go-yaml ends flow plain scalars in ":" before "," "]" "}" (libyaml refuses them)
SYNTAX_DOCUMENTS += ["x: [a:b]", "x: {a:1}", "x: {a:}", "x: [a:]", "x: [a:, b]", "x: {a:, b: 1}",
                     "x: [a:[1]]", "x: {a:{b: 1}}", "x: {a::}", "x: {a: b:}", "[\n  b:}[>\n|",
                     "x: [a:]\ny: &q [b:]\nz: *q", "x: [a:, b:, c:]"]
SYNTAX_DOCUMENTS += ["? ? ? ? ", "? [a, {? [1]: 2}]\n: 1", "? {a: [1], ? {b: 1}: 2}\n: 3"]
SYNTAX_DOCUMENTS += ["a: !!null x\n", "a: !!null ~\n", "a: !!null \"\"\n", "# c\n%YAML 1.2\n---\na: 1\n",
                     "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "%FOO bar\n---\na: 1\n"]


@pytest.mark.parametrize("text", SYNTAX_DOCUMENTS)
def test_syntax_corners_match_helm(text: str) -> None:
    assert helmpy_values_json(text) == helm_values_json(text)


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    bomb = "\n".join(lines) + "\n"
    expected = helm_values_json(bomb)
    assert expected.startswith("ERROR ")
    assert helmpy_values_json(bomb) == expected


def _aliased_list(size: int, aliases: int) -> str:
    return ("base: &b [" + ", ".join(["1"] * size) + "]\n"
            + "".join(f"k{i}: *b\n" for i in range(aliases)))


# yaml.v2's alias-ratio guard, on both sides of its threshold, and through nested aliases
# and merges (Helm accepts 219 x 1000 and refuses 220 x 1000)
_INNER = "a: &a [" + ", ".join(["x"] * 50) + "]\nb: &b {p: *a, q: *a, r: [*a, *a]}\n"
ALIAS_DOCUMENTS = [
    _aliased_list(219, 1000), _aliased_list(220, 1000), _aliased_list(150, 1000),
    _aliased_list(200, 3000), _aliased_list(60, 3000),
    _INNER + "".join(f"c{i}: *b\n" for i in range(120)),
    _INNER + "".join(f"c{i}: {{<<: *b, z: 1}}\n" for i in range(150)),
    _INNER + "".join(f"c{i}: {{<<: [*b, {{w: *a}}]}}\n" for i in range(150)),
    "a: &a {k: &k v}\n" + "".join(f"? *k\n: {i}\n" for i in range(3))
    + "".join(f"m{i}: *a\n" for i in range(2000)),
]


@pytest.mark.parametrize("text", ALIAS_DOCUMENTS)
def test_alias_ratio_matches_helm(text: str) -> None:
    assert helmpy_values_json(text) == helm_values_json(text)


def test_numbers_are_floats() -> None:
    values = load("a: 1\nb: [2, 0x10]\nc: {d: 3}\n")
    assert values == {"a": 1.0, "b": [2.0, 16.0], "c": {"d": 3.0}}
    assert all(type(v) is float for v in (values["a"], *values["b"], values["c"]["d"]))


# Scalars that stress yaml.v2's resolution rules.
SCALARS = st.one_of(
    st.sampled_from(
        ["y", "Y", "n", "N", "yes", "No", "ON", "oFF", "true", "False", "~", "null", "", "<<",
         ".inf", "-.Inf", ".5", "1.", "0x1F", "0o17", "017", "08", "1_0", "+1", "-0", "0b11",
         "1e3", "1E+3", "2001-12-14", "12:30", "1:20:30", "0.0", "'q'", '"d"', "a b", "-", "."]
    ),
    st.from_regex(r"[-+]?[0-9_]{1,6}(\.[0-9_]{0,3})?([eE][-+]?[0-9]{1,3})?", fullmatch=True),
    st.from_regex(r"[-+]?0[xXoObB][0-9a-fA-F_]{1,18}", fullmatch=True),
    st.text(alphabet="aeyYnNoO01._-+ ", min_size=1, max_size=5).map(str.strip).filter(bool),
)


def _usable_key(text: str) -> bool:
    """Keys sigs.k8s.io/yaml refuses (nil, uint64) are left out: with two in one map, Go's
    random map order picks the one it reports."""
    from helmpy.goyaml.resolve import UInt64, resolve_plain

    if text.startswith(("-", "'", '"')):
        return False
    value = resolve_plain(text)[1] if text else None
    return value is not None and not isinstance(value, UInt64)


def _render(value: object, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return " {}\n"
        return "\n" + "".join(f"{pad}{k}:{_render(v, indent + 2)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return " []\n"
        return "\n" + "".join(f"{pad}-{_render(v, indent + 2)}" for v in value)
    return f" {value}\n"


DOCS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(SCALARS.filter(_usable_key), inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "k1", "yes", "1"]), DOCS, min_size=1))
def test_generated_documents_match_helm(doc: dict) -> None:
    text = _render(doc, 0).lstrip("\n")
    # Keys that Go turns into the same JSON key (".inf" and an overflowing float, say)
    # leave Helm's winner to Go's random map order: nothing to compare there.
    assume(not _keys_collide(text))
    assert helmpy_values_json(text) == helm_values_json(text), text


def _keys_collide(text: str) -> bool:
    """True when the document's mappings hold more key nodes than the decoded maps keys."""
    import yaml

    from helmpy.goyaml.reader import load

    try:
        node = yaml.compose(text)
        value = load(text)
    except Exception:  # noqa: BLE001 - errors are compared by the test itself
        return False

    def key_nodes(node: object) -> int:
        if isinstance(node, yaml.MappingNode):
            return sum(1 + key_nodes(v) for _, v in node.value)
        if isinstance(node, yaml.SequenceNode):
            return sum(key_nodes(n) for n in node.value)
        return 0

    def keys(value: object) -> int:
        if isinstance(value, dict):
            return sum(1 + keys(v) for v in value.values())
        if isinstance(value, list):
            return sum(keys(v) for v in value)
        return 0

    return key_nodes(node) > keys(value)


# Documents in many syntaxes: generated data written by PyYAML with random styles.
DATA_TEXT = st.text(alphabet=st.sampled_from(list("ab yn01:-#'\"\\\n\t.,[]{}|>&*!%@?~") + ["é", "\u00a0"]),
                    max_size=10)
DATA = st.recursive(
    st.one_of(DATA_TEXT, st.booleans(), st.none(), st.integers(-10**20, 10**20),
              st.floats(allow_nan=False, allow_infinity=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(DATA_TEXT, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DATA, st.sampled_from([None, True, False]), st.sampled_from([None, '"', "'", "|", ">"]),
       st.integers(min_value=2, max_value=6), st.integers(min_value=20, max_value=120))
def test_pyyaml_styled_documents_match_helm(data, flow, style, indent, width) -> None:
    import yaml

    text = yaml.safe_dump({"root": data}, default_flow_style=flow, default_style=style,
                          indent=indent, width=width, allow_unicode=True)
    assert helmpy_values_json(text) == helm_values_json(text), text
