"""helmpy's strvals against Helm's own parsers (helm_python), on generated and chosen input."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.gotemplate.gotypes import Int64
from helmpy.values import strvals

hp = pytest.importorskip("helm_python")

# Characters that drive the parser's decisions, plus a few ordinary ones.
SET_ALPHABET = "ab01-=,.[]{}\\ étnul9\t\u00a0+_"
JSON_ALPHABET = 'ab01-=,.[]{}"\\: tnrue9lfs+E'


def _helm(fn: Callable[[str], Any], text: str) -> tuple[str, Any]:
    try:
        return "ok", fn(text)
    except hp.HelmError as err:
        return "err", str(err)


def _ours(fn: Callable[[str, dict], None], text: str) -> tuple[str, Any]:
    out: dict = {}
    try:
        fn(text, out)
    except strvals.StrvalsError as err:
        return "err", str(err)
    return "ok", out


def _typed(value: Any) -> Any:
    """Values with their kinds visible (the SDK returns JSON, so 1 and 1.0 are one number)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return ("number", float(value))


def _same(ours: tuple[str, Any], helm: tuple[str, Any]) -> bool:
    mine = [ours[0], _typed(ours[1])]
    theirs = [helm[0], _typed(helm[1])]
    return json.dumps(mine, sort_keys=True) == json.dumps(theirs, sort_keys=True)


def test_set_integers_are_int64() -> None:
    """Helm's typedVal makes int64 (not float64 like YAML): templates see the difference."""
    out = strvals.parse("a=5,b=-3,c=0,d={1,x}")
    assert all(type(out[k]) is Int64 for k in ("a", "b", "c"))
    assert type(out["d"][0]) is Int64


PARSERS = [
    (strvals.parse_into, "parse_set_string"),
    (strvals.parse_into_string, "parse_set_string_values"),
    (strvals.parse_literal_into, "parse_set_literal"),
]

CHOSEN = [
    "a=1,b.c=two,ports={80,443}", "a", "a=", "a,b=1", "a.b", "a[0]=1", "a[1].b=2", "a[0][1]=x",
    "a=1,a.b=2", "a.b=1,a[0]=2", "x=0,y=01,z=-5,w=9223372036854775808,v=TRUE,n=Null",
    r"a\.b=c\,d", "a[-1]=1", "a[65536]=1", "a[65537]=1", "a[x]=1", "a[0]x=1", "a={1,2", "a={}",
    "a=b=c", ".a=1", "a..b=1", "a[0]", "a=1,", ",a=1", "a=1,,b=2", "a=1,b", "a[0].b.c=1,a[0].d=2",
    "a[2]=1,a[0].x=2", "a={a,b},c=d", "a[0]={1,2}", "a[0]=", "é=ü", "a[0]=1,a[0][0]=2",
    "a[99999999999999999999]=1",
]


@pytest.mark.parametrize("ours,helm_name", PARSERS)
@pytest.mark.parametrize("text", CHOSEN)
def test_strvals_chosen_cases_match_helm(ours: Callable, helm_name: str, text: str) -> None:
    assert _same(_ours(ours, text), _helm(getattr(hp, helm_name), text))


@pytest.mark.parametrize("ours,helm_name", PARSERS)
def test_strvals_nesting_bound_matches_helm(ours: Callable, helm_name: str) -> None:
    for depth in (30, 31, 200):
        text = ".".join(["k"] * depth) + "=1"
        assert _same(_ours(ours, text), _helm(getattr(hp, helm_name), text))


@pytest.mark.parametrize("ours,helm_name", PARSERS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=SET_ALPHABET, max_size=24))
def test_strvals_generated_input_matches_helm(ours: Callable, helm_name: str, text: str) -> None:
    assert _same(_ours(ours, text), _helm(getattr(hp, helm_name), text))


JSON_CHOSEN = [
    'a={"b":[1,2]}', 'a=1,b="x"', "a=", "a= ,b=2", "a=[1,", "a=tru", "a=x", 'a={"x" 1}', "a=1.5abc",
    'a="\\q"', "a=[1 2]", "a={1:2}", "a=-x", "a=1.x", "a=1e+", "a=1e400", 'a[0]={"x":1}', "a=null",
    'a="é\\ud800"', "a=é", 'a={"a":1}}', 'a.b[1]=[true,false]', "a=" + "[" * 10001,
]


@pytest.mark.parametrize("text", JSON_CHOSEN)
def test_set_json_chosen_cases_match_helm(text: str) -> None:
    assert _same(_ours(strvals.parse_json, text), _helm(hp.parse_set_json, text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=JSON_ALPHABET, max_size=24))
def test_set_json_generated_input_matches_helm(text: str) -> None:
    assert _same(_ours(strvals.parse_json, text), _helm(hp.parse_set_json, text))


def test_set_file_reads_files_like_helm(tmp_path: Any) -> None:
    (tmp_path / "one.txt").write_text("first\n")
    (tmp_path / "two.txt").write_text("second")
    text = f"a={tmp_path}/one.txt,b.c={tmp_path}/two.txt"

    def reader(path: str) -> str:
        with open(path, encoding="utf-8") as handle:
            return handle.read()

    assert _same(_ours(lambda t, d: strvals.parse_into_file(t, d, reader), text),
                 _helm(hp.parse_set_file, text))
