"""helmpy.goyaml.reader against Helm's own YAML reading (helm_python.values_from_yaml)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
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
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_reader_matches_helm(text: str) -> None:
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
        st.dictionaries(SCALARS.filter(lambda s: not s.startswith(("-", "'", '"'))), inner,
                        max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "k1", "yes", "1"]), DOCS, min_size=1))
def test_generated_documents_match_helm(doc: dict) -> None:
    text = _render(doc, 0).lstrip("\n")
    assert helmpy_values_json(text) == helm_values_json(text), text
