"""Sprig's string functions in helmpy against the same calls rendered by Helm."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.funcs.strings import FUNCS
from tests.batch_differential import assert_same_as_helm, assert_same_error, call_in


def call(name: str, *args: Any) -> tuple[str, Callable[[], Any]]:
    return call_in(FUNCS, name, *args)


WORDS = [
    "FirstName", "HTTPServer", "already_snake", "with space", "camelCaseID2", "NoHTTPS",
    "GO_PATH", "GO PATH", "GO-PATH", "http2xx", "HTTP20xOK", "Duration2m3s", "Bld4Floor3rd",
    "a", "A", "AB", "_x_", "__a__b__", "foo-bar_baz qux", "_leading", "AlreadyCamel",
    "GOLANG_IS_GREAT", "x1", "1x", "a.b.c", "ÀbcDéf", "日本語Test", "a  b", "A1B2", "ID",
    "IDs", "abc123DEF", "--x--", "v1.2.3", "my.Domain-Name_here", "a!!B", "Über Straße",
    "x9Y9z", "", " lead", "trail ", "ǆemal", "İstanbul", "ﬀ ᾳ ŉ", "\u0085x\u00a0y\u2003z",
]
ONE_STRING_FUNCS = [
    "snakecase", "kebabcase", "camelcase", "swapcase", "title", "untitle", "initials",
    "nospace", "upper", "lower", "trim", "toString",
]


@pytest.mark.parametrize("name", ONE_STRING_FUNCS)
def test_single_string_functions(name: str) -> None:
    assert_same_as_helm([call(name, word) for word in WORDS])


def test_cutting_and_wrapping() -> None:
    text = "1234567890abcdefghij"
    cases = [
        call("substr", 1, 3, "abcdef"), call("substr", 2, -1, "abcdef"),
        call("substr", -1, 2, "abcdef"), call("substr", 0, 100, "abc"),
        call("substr", 1, 2, "éé"), call("trunc", 3, "abcdef"), call("trunc", -3, "abcdef"),
        call("trunc", 0, "abc"), call("trunc", -10, "abc"), call("trunc", 2, "éa"),
        call("abbrev", 5, "hello world"), call("abbrev", 3, "hello"),
        call("abbrev", 4, "hello"), call("abbrev", 5, "ééééé"), call("abbrev", 20, ""),
    ]
    for left, right in [(5, 10), (10, 10), (15, 10), (3, 10), (8, 7), (0, 4), (1, 6), (5, 6)]:
        cases.append(call("abbrevboth", left, right, text))
    for width, body in [(5, "hello world foo"), (3, "abcdefgh ij"), (0, "a b c"),
                        (10, "  a very long sentence that goes on and on  x"), (1, "é é"),
                        (7, "averyveryverylongword and more")]:
        cases.append(call("wrap", width, body))
        cases.append(call("wrapWith", width, "<br>", body))
    assert_same_as_helm(cases)


def test_building_and_searching() -> None:
    cases = [
        call("quote", "a", None, 3, [1, "x"], 1.5, {"k": None}),
        call("quote", 'a"b\\c\nd\te', "é☃", "\x01"),
        call("squote", "a", None, 3, [1, "x"]), call("squote"),
        call("cat", "a", None, 3, [1, "x"], {"k": 2}), call("cat"),
        call("indent", 4, "a\nb\n"), call("nindent", 2, "a: 1\nb: 2"), call("indent", 0, "x"),
        call("replace", "", "x", "ab"), call("replace", "a", "bb", "aaa"),
        call("repeat", 3, "é"), call("repeat", 0, "ab"),
        call("plural", "one", "many", 1), call("plural", "one", "many", -1),
        call("contains", "", "x"), call("hasPrefix", "ca", "cat"), call("hasSuffix", "", "x"),
        call("trimAll", "$", "$$5.00$$"), call("trimAll", "", " x "),
        call("trimall", "ab", "abcba"), call("trimPrefix", "-", "--a--"),
        call("trimSuffix", ".yaml", "values.yaml"), call("trimPrefix", "", "x"),
    ]
    assert_same_as_helm(cases)


def test_splitting_and_joining() -> None:
    cases = [
        call("split", ":", "host:8080"), call("split", "", "abc"), call("split", ",", ""),
        call("splitn", "$", 2, "a$b$c"), call("splitn", "$", 0, "a$b"),
        call("splitn", "", 2, "abc"), call("splitn", ",", -1, "a,b,c"),
        call("splitList", ",", "a,b,,c"), call("splitList", "", "abc"),
        call("splitList", "", ""), call("splitList", "ab", "xabyabz"),
        call("join", ",", [1, None, 2.5, True]), call("join", ",", 5), call("join", ",", None),
        call("join", "-", ["a"]), call("join", ",", "abc"),
        call("toStrings", [1, 2.5, True, None, "s"]), call("toStrings", "abc"),
        call("toStrings", None), call("toString", 1.5), call("toString", [1, "a"]),
        call("toString", {"a": [1]}),
    ]
    assert_same_as_helm(cases)


@pytest.mark.parametrize(
    ("expression", "name", "args"),
    [
        ('substr 10 20 "abc"', "substr", (10, 20, "abc")),
        ('substr -1 5 "abc"', "substr", (-1, 5, "abc")),
        ('substr -1 -2 "abc"', "substr", (-1, -2, "abc")),
        ('substr 3 2 "abcdef"', "substr", (3, 2, "abcdef")),
        ('indent -2 "a"', "indent", (-2, "a")),
        ('nindent -1 "a"', "nindent", (-1, "a")),
        ('repeat -1 "a"', "repeat", (-1, "a")),
    ],
)
def test_runtime_panics(expression: str, name: str, args: tuple[Any, ...]) -> None:
    assert_same_error(expression, name, lambda: FUNCS[name].fn(*args))


def _substr_in_bounds(start: int, end: int, size: int) -> bool:
    """Whether Sprig's substr slices without a runtime panic."""
    if start < 0:
        return 0 <= end <= size
    if end < 0 or end > size:
        return start <= size
    return start <= end


texts = st.text(alphabet=st.sampled_from("aZ _-.9é ßǅ\tİ\u00a0日X"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8), st.integers(-6, 12), st.integers(-3, 12))
def test_string_functions_property(words: list[str], n: int, m: int) -> None:
    cases = []
    for word in words:
        for name in ("snakecase", "kebabcase", "camelcase", "swapcase", "title", "nospace",
                     "initials", "untitle", "upper", "lower", "trim"):
            cases.append(call(name, word))
        cases += [call("trunc", n, word), call("abbrev", n, word), call("wrap", n, word),
                  call("abbrevboth", m, n, word), call("wrapWith", n, "|", word),
                  call("splitList", word[:1], word)]
        if _substr_in_bounds(m, n, len(word.encode())):
            cases.append(call("substr", m, n, word))
    assert_same_as_helm(cases)


def test_split_returns_a_string_map() -> None:
    from helmpy.funcs.conversion import FUNCS as CONVERSION
    from helmpy.gotemplate.gofmt import sprintf

    parts = FUNCS["split"].fn(",", "a,b")
    first = FUNCS["splitn"].fn(",", 1, "a,b")
    assert_same_as_helm([
        ('typeOf (split "," "a,b")', lambda: CONVERSION["typeOf"].fn(parts)),
        ('printf "%#v|%T" (split "," "a,b") (splitn "," 1 "a,b")',
         lambda: sprintf("%#v|%T", parts, first)),
        ('kindOf (split "," "a,b")', lambda: CONVERSION["kindOf"].fn(parts)),
    ])
