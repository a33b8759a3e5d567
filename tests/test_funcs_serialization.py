"""helmpy.funcs.serialization against Helm's own rendering of the same calls."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.funcs import serialization as ser
from helmpy.gotemplate.gotypes import Int64
from tests.batch_differential import assert_same_as_helm, assert_same_error, literal

pytest.importorskip("helm_python")

NAN = float("nan")
INF = float("inf")

SAMPLE_VALUES = [
    "s", "", "<a href=\"x\">&</a>", "tab\there\nnl \\ back \u2028 é \x01", "\U0001F680",
    1, Int64(5), -3, 1.5, 1e21, 1e-7, 100000000.0, -0.0, True, None, [], {},
    [1, "a", None, {}], {"b": [], "a": {"z": 1, "y": 2}}, {"<k>": "&v"},
    {"yes": "no", "on": [1.5, "1.0"], "k": "x\ny"}, [[1, 2], [], [[]]],
]


def test_writers_match_helm() -> None:
    cases = []
    for value in SAMPLE_VALUES:
        lit = literal(value)
        for name in ("toYaml", "mustToYaml", "toYamlPretty", "toJson", "mustToJson",
                     "toPrettyJson", "mustToPrettyJson", "toRawJson", "mustToRawJson"):
            fn = ser.FUNCS[name].fn
            cases.append((f"{name} {lit}", lambda fn=fn, value=value: fn(value)))
    assert_same_as_helm(cases)


def test_toml_writers_match_helm() -> None:
    values = [
        {"title": "x", "n": 1, "f": 1.5, "b": True, "list": [1, 2], "tbl": {"k": "v"}},
        {"a": {"b": {"c": 1}}, "z": "top"}, {"a": None, "b": 1}, 3, "str", [1, 2],
        {"a": 1e21, "b": 1e-7, "c": "é\x7f\x01\t\"\\\u2028\U0001F680", "d e": 1, "": 2,
         "f.g": 3, "ok-_9": 4, "h": {}, "i": [], "j": [{"x": 1}, {"y": {"z": 2}}],
         "k": [1, "a", {"q": 1}, [2]], "l": -INF, "m": -0.0, "n": Int64(5), "o": 8080.0},
        [1, None], {"t": [{"a": 1}, 2]}, {"t": [2, {"a": 1}]}, {"x": [[1, None]]},
        {"n": NAN, "i": INF}, {"inline": [{"a": 1, "b": None}, {"c": {"d": []}}]},
    ]
    failing = ([1, None], {"x": [[1, None]]})
    cases = []
    for value in values:
        names = ("toToml",) if value in failing else ("toToml", "mustToToml")
        for name in names:
            fn = ser.FUNCS[name].fn
            cases.append((f"{name} {literal(value)}", lambda fn=fn, value=value: fn(value)))
    assert_same_as_helm(cases)
    assert_same_error("mustToToml (list 1 nil)", "mustToToml", lambda: ser.must_to_toml([1, None]))


YAML_DOCS = [
    "a: 1\nb:\n  - x\n  - y\nc: {d: e}", "- a\n- b", "a:\n\tb: 1", "", "# comment", "~",
    "just a string", "x: .inf", "base: &b {x: 1}\ncopy: *b\nm:\n  <<: *b\n  y: 2",
    "l: [x, y, n, on, off, yes, no, Y]\ny: key", "- a\n- 1\n- {b: c}", "[]", "a: 1",
    "a: 1\n---\nb: [", "- 1\n- .inf", "{", "a: *x", "1: 2\n1.5: 3\ntrue: 4",
]
JSON_DOCS = [
    '{"a":1,"b":[true,null],"c":{"d":"e"}}', "[1,2]", "", "null", "{}", "tru", "[1,",
    '{"big":12345678901234567890,"n":1000000,"f":1.0}', '{"a":1,"a":2}', '{"a":1} x',
    '{"a" 1}', '{"a":1}}', "[1,\"a\",{\"b\":2}]", "1.", "-", "1e", '"abc', '"a\\x"',
    "1e400", '  {"a": [1, 2.5, "x"]}  ', '"\\ud83d\\ude80"', "nul", "{\"a\":}",
]
TOML_DOCS = ['title = "x"\nn = 1\n[tbl]\nk = "v"', "a = ", "a = 1\na = 2", "a = 1.5\nb = true",
             "arr = [1, 2]\n[[t]]\nx = 1\n[[t]]\nx = 2", "a = 1.5\nb = -0.0\nc = inf\nd = nan",
             'a = "x"\nb = \'y\'\nc = """m\nl"""', "a = [1, \"x\", 1.5]", "a = {b = 1, c = [1, 2]}",
             "d = 1979-05-27T07:32:00Z", "d = 1979-05-27T00:32:00.999999-07:00",
             "d = 1979-05-27T07:32:00", "d = 1979-05-27", "t = 07:32:00",
             "[a.b]\nc = 1\n[a]\nd = 2", "a = 0x10\nb = 0o17\nc = 0b11\nd = 1_000",
             '"quoted key" = 1\n"a.b" = 2', "[a]\n[a]", 'a = "unterminated',
             "a.b = 1\na.c = 2", "a = 9223372036854775808", "# just comment", "",
             "a = +inf\nb = -inf", 'x = 1\n\n[t]\ny = "z"\n[t.u]\nv = []',
             # TOML 1.1 forms BurntSushi reads
             "a = {b = 1,\n c = 2\n}", 'a = "\\e"', "t = 07:32", "d = 1979-05-27T07:32Z",
             "a = {b = 1, c = {d = 2,},}", 's = "x,}"\nt = {a = "}", b = \'{,}\',}',
             'a = """\\x41\n"""', "a = '\\x41'", "a = [1,\n2,\n]", "a = {\n# c\nb = 1}",
             'a = {b = "12:30", c = 07:32,}',
             # error texts
             "a = 1 b = 2", "= 1", "a = 01", "a = 1__0", "a = .5", "a = x", "a = [1,",
             "a", ".", "-_# c\n", "[t]\n'y'true", "]", "[[u]]\n# c\ntrue", "a=[t]\n[[u]]\n",
             "1.", "'y' = ", "[[[[u]]\n", "[.}", "[a", "[", "[_,[t]\n", "'y'\n1.5a",
             "[[t]\nb_true].", "0=[,}"]


def test_readers_match_helm() -> None:
    cases = []
    for doc in YAML_DOCS:
        for name in ("fromYaml", "fromYamlArray"):
            fn = ser.FUNCS[name].fn
            cases.append((f"{name} {json.dumps(doc)}", lambda fn=fn, doc=doc: fn(doc)))
    for doc in JSON_DOCS:
        for name in ("fromJson", "fromJsonArray"):
            fn = ser.FUNCS[name].fn
            cases.append((f"{name} {json.dumps(doc)}", lambda fn=fn, doc=doc: fn(doc)))
    for doc in TOML_DOCS:
        cases.append((f"fromToml {json.dumps(doc)}", lambda doc=doc: ser.from_toml(doc)))
        cases.append((f"fromToml {json.dumps(doc)} | toJson",
                      lambda doc=doc: ser.to_json(ser.from_toml(doc))))
    assert_same_as_helm(cases)


@pytest.mark.parametrize("doc", [d for d in JSON_DOCS if d not in ("", "tru", "[1,", "1.", "-",
                                                                   "1e", '"abc', '"a\\x"',
                                                                   "{\"a\":}", "nul", '{"a":1} x',
                                                                   '{"a" 1}', '{"a":1}}',
                                                                   "1e400")])
def test_must_from_json_matches_helm(doc: str) -> None:
    assert_same_as_helm([(f"mustFromJson {json.dumps(doc)} | typeOf",
                          lambda: _type_of(ser.must_from_json(doc)))])


def _type_of(value: object) -> str:
    from helmpy.gotemplate.gotypes import go_type_name

    return go_type_name(value)


@pytest.mark.parametrize("doc", ["", "tru", "[1,", '{"a":1} x', "1.", "{\"a\":}", "1e400"])
def test_must_from_json_errors_match_helm(doc: str) -> None:
    assert_same_error(f"mustFromJson {json.dumps(doc)}", "mustFromJson",
                      lambda: ser.must_from_json(doc))


@pytest.mark.parametrize("name", ["mustToYaml", "mustToJson", "mustToPrettyJson",
                                  "mustToRawJson", "toRawJson"])
def test_must_writers_fail_like_helm(name: str) -> None:
    assert_same_error(f'{name} (float64 "NaN")', name, lambda: ser.FUNCS[name].fn(NAN))


def test_must_to_yaml_control_characters_fail_like_helm() -> None:
    assert_same_error('mustToYaml (dict "a" "x\\u007f")', "mustToYaml",
                      lambda: ser.must_to_yaml({"a": "x\x7f"}))


def test_to_toml_nil_fails_like_helm() -> None:
    assert_same_error("toToml nil", "toToml", lambda: ser.to_toml(None))


TOML_KEY = st.text(alphabet=st.sampled_from(list("ab_-1. \"é")), max_size=4)
TOML_LEAF = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab\"\\\n\t") + ["é", "\x7f", "\x01"]), max_size=5),
    st.booleans(), st.integers(-1000, 1000), st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
TOML_TREE = st.recursive(TOML_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(TOML_KEY, inner, max_size=3)), max_leaves=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(TOML_KEY, TOML_TREE, max_size=4), min_size=1, max_size=6))
def test_generated_toml_matches_helm(values: list) -> None:
    assert_same_as_helm([(f"toToml {literal(v)}", lambda v=v: ser.to_toml(v)) for v in values])


def test_non_utf8_bytes_are_written_as_go_writes_them() -> None:
    # helmpy carries bytes that are not UTF-8 as surrogate escapes, as Go strings carry bytes
    text = b"a?\xff\xfeb".decode("utf-8", "surrogateescape")
    assert_same_as_helm([
        ('toJson "a?\\xff\\xfeb"', lambda: ser.to_json(text)),
        ('toRawJson "a?\\xff\\xfeb"', lambda: ser.to_raw_json(text)),
        ('toYaml (dict "k" "a?\\xff\\xfeb")', lambda: ser.to_yaml({"k": text})),
    ])
