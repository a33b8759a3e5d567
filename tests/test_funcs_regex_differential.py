"""Sprig's regex functions in helmpy (Go regexp on RE2) against Helm."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.funcs.regex import FUNCS
from tests.batch_differential import assert_same_as_helm, assert_same_error, call_in, literal


def call(name: str, *args: Any) -> tuple[str, Callable[[], Any]]:
    return call_in(FUNCS, name, *args)


SUBJECTS = [
    "", "abc", "pizza", "a1b2c3", "baaac", "héllo wörld ß", "foo.bar-baz_qux",
    "line1\nline2\n", "xyz123abc456", "AbC", "日本語テキスト", "  spaced  out  ",
]
PATTERNS = [
    "", "a*", "z+", "[0-9]+", "b", "(a)(x*)", "^", "$", "(?m)^l", "(?m)$", "\\b", "\\w+",
    "\\pL+", "[[:alpha:]]+", "(?i)abc", "x*", ".", "(?s).+", "[^a-z]", "\\d|\\s", "a|b|",
    "(?U)a+", "a+?", "\\Qa.b\\E", "[\\p{Greek}x]", "\\p{Han}+", "(?P<first>\\w)(?P<rest>\\w*)",
    "(?<n>l)", "é", "\\x{e9}", "\\141", "[a-c-e]", "[]a]", "[^]a]", "\\B", "\\A.", ".\\z",
    "[\\d\\-]+", "(|a)+", "(a|ab)(c|bcd)(d*)", "\\p{greek}", "[\\P{L}]+", "\\p{Letter}",
]
TEMPLATE = "<$0|${1}|$1x|$$|$first|${rest}|$9|$>"


@pytest.mark.parametrize("pattern", PATTERNS)
def test_find_split_replace(pattern: str) -> None:
    cases = []
    for subject in SUBJECTS:
        cases += [
            call("regexFindAll", pattern, subject, -1),
            call("regexSplit", pattern, subject, -1),
            call("regexReplaceAll", pattern, subject, TEMPLATE),
            call("regexReplaceAllLiteral", pattern, subject, "${1}"),
            call("regexFind", pattern, subject),
            call("regexMatch", pattern, subject),
        ]
    for n in (0, 1, 2, 3):
        cases += [call("regexFindAll", pattern, "a1b2c3aaa", n),
                  call("regexSplit", pattern, "a1b2c3aaa", n),
                  call("mustRegexSplit", pattern, "a1b2c3aaa", n)]
    cases.append(call("mustRegexMatch", pattern, "x1"))
    assert_same_as_helm(cases)


def test_quote_meta_and_bad_pattern_match() -> None:
    assert_same_as_helm([
        call("regexQuoteMeta", "a.b*c\\d[e]{f}^$|?+()-#é"),
        call("regexMatch", "[", "abc"),
        call("regexMatch", "(", "("),
    ])


BAD_PATTERNS = [
    "(", ")", "a)", "[", "[a", "[z-a]", "a**", "a*?*", "x{2}{3}", "*a", "a|*", "(*)",
    "(?i)*", "\\", "a\\", "\\q", "\\8", "\\1", "\\x", "\\xZ", "\\xA", "\\x{}", "\\x{110000}",
    "\\x{41", "\\C", "(?P<>a)", "(?P<n", "(?<n!>a)", "(?=a)", "(?!a)", "(?<=a)", "(?#c)",
    "(?z)", "(?i", "(?", "(?-)", "(?i-)", "(?--i)", "x{1001}", "x{2,1}", "(a{500}){3}",
    "((a{10}){10}){11}", "[[:foo:]]", "[[:alpha:]", "\\p{Foo}", "\\pX", "\\p", "\\p{",
    "[\\p{Foo}]", "[\\8]", "(a)|b)", "x{99999999999}", "a`b(",
]


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_bad_pattern_errors(pattern: str) -> None:
    assert_same_error(f"mustRegexFind {literal(pattern)} {literal('x')}", "mustRegexFind",
                      lambda: FUNCS["mustRegexFind"].fn(pattern, "x"))
    assert_same_error(f"regexSplit {literal(pattern)} {literal('x')} -1", "regexSplit",
                      lambda: FUNCS["regexSplit"].fn(pattern, "x", -1))


ATOMS = ["a", "b", ".", "\\d", "\\w", "[ab]", "[^a]", "é", "\\s", "x"]
pattern_parts = st.lists(
    st.tuples(st.sampled_from(ATOMS), st.sampled_from(["", "*", "+", "?", "*?", "{1,2}"])),
    min_size=1, max_size=4,
).map(lambda parts: "".join(a + q for a, q in parts))
patterns = st.one_of(pattern_parts, st.builds(lambda p, q: f"({p})|{q}", pattern_parts,
                                               pattern_parts))
subjects = st.text(alphabet=st.sampled_from("ab x1é\n"), max_size=10)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(patterns, subjects), min_size=1, max_size=10))
def test_regex_property(pairs: list[tuple[str, str]]) -> None:
    cases = []
    for pattern, subject in pairs:
        cases += [
            call("regexFindAll", pattern, subject, -1),
            call("regexSplit", pattern, subject, -1),
            call("regexReplaceAll", pattern, subject, "[$1]"),
        ]
    assert_same_as_helm(cases)


@pytest.mark.parametrize(("opening", "body", "closing", "count"), [
    ("(", "a{2}", "){2}", 999), ("(", "a.", ")", 999), ("(", "a", ")", 1001),
    ("(", "a*", ")*", 500),
])
def test_nesting_limit(opening: str, body: str, closing: str, count: int) -> None:
    pattern = opening * count + body + closing * count
    assert_same_error(f"mustRegexMatch {literal(pattern)} {literal('x')}", "mustRegexMatch",
                      lambda: FUNCS["mustRegexMatch"].fn(pattern, "x"))


def test_deep_but_allowed_nesting() -> None:
    assert_same_as_helm([
        call("mustRegexMatch", "(" * 999 + "ab" + ")" * 999, "ab"),
        call("mustRegexMatch", "(" * 499 + "a*" + ")*" * 499, "aaa"),
        call("mustRegexMatch", "(?:" * 1200 + "a" + ")" * 1200, "a"),
        call("mustRegexMatch", "a" + "|a" * 2000, "a"),
    ])
