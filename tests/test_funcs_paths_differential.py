"""Sprig path and URL functions: helmpy against Helm, computed in the test."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.funcs.paths import FUNCS
from tests.funcs_differential import helm_result, ours_result

pytest.importorskip("helm_python")

PATH_FUNCS = ["base", "dir", "clean", "ext", "isAbs", "osBase", "osDir", "osClean", "osExt",
              "osIsAbs"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.sampled_from(PATH_FUNCS), st.text(alphabet="/.a\\b", max_size=10))
def test_path_functions_match_helm(name: str, path: str) -> None:
    assert ours_result(FUNCS, name, [path]) == helm_result(name, [path])


URLS = [
    "http://example.com/x?y=z", "postgres://u@db:5432/name?sslmode=disable", "/just/a/path?q=1",
    "http://[::1", "http://[::1]:8080/x", "mailto:user@example.com", "https://a:b@h:444/p?q#f",
    "http://h:port/", "http://h:80x", "http://[fe80::1%25en0]:8080/", "http://h/%zz",
    "http://h/a%20b#frag%20x", "http://ho st/", "http://h%41/", "1http://x", ":nope", "a:b/c",
    "this:that", "foo/b:ar", "//host/path", "///path", "*", "http://h/?", "http://h/a?b?",
    "HTTP://H/", "http://u%40x:p%3Aw@h/", "http://u@x@h/", "http://u^x@h/", "http:opaque?x#y",
    "", "?q", "#f", "http://h/\x7f", "http://h/é?é#é", "s3://bucket/key with space",
    "http://[::1]x/", "http://h:/", "file:///etc/hosts", "http://h#a#b",
]


@pytest.mark.parametrize("url", URLS)
def test_url_parse_matches_helm(url: str) -> None:
    args = [url]
    assert ours_result(FUNCS, "urlParse", args) == helm_result("urlParse", args)


@SETTINGS
@given(st.text(alphabet="ab:/?#@%2[]5 .", max_size=14))
def test_url_parse_random_matches_helm(url: str) -> None:
    assert ours_result(FUNCS, "urlParse", [url]) == helm_result("urlParse", [url])


JOINS: list[dict[str, Any]] = [
    {"scheme": "https", "host": "example.com", "path": "/api", "query": "a=1"}, {},
    {"path": "rel/path"}, {"host": 5}, {"scheme": "ftp", "userinfo": "anon", "host": "h"},
    {"scheme": "http", "host": "h", "path": "no/slash", "fragment": "a b#c"},
    {"userinfo": "u:p@ss", "host": "h"}, {"userinfo": "bad%zz", "host": "h"},
    {"path": "a:b/c"}, {"scheme": "mailto", "opaque": "x@y", "path": "/ignored"},
    {"scheme": "http", "path": "/p?x", "host": "h é"}, {"host": None},
    {"scheme": "s", "query": "", "fragment": "!()*'"}, {"userinfo": "a/b?c:d:e", "host": "h"},
]


@pytest.mark.parametrize("fields", JOINS)
def test_url_join_matches_helm(fields: dict[str, Any]) -> None:
    assert ours_result(FUNCS, "urlJoin", [fields]) == helm_result("urlJoin", [fields])


@SETTINGS
@given(st.text(alphabet="ab:/?#@%2[]5 .", max_size=14))
def test_url_roundtrip_matches_helm(url: str) -> None:
    from tests.helm_reference import helm_render_case

    out, err = helm_render_case(f"{{{{ urlParse `{url}` | urlJoin }}}}")
    try:
        ours = FUNCS["urlJoin"].fn(FUNCS["urlParse"].fn(url))
    except Exception as failure:  # noqa: BLE001 - compare error texts below
        assert err is not None and str(failure) in err
        return
    assert err is None and out == ours


@SETTINGS
@given(st.dictionaries(
    st.sampled_from(["scheme", "host", "path", "query", "opaque", "fragment", "userinfo"]),
    st.text(alphabet="ab:/?#@%2[] .é!*'", max_size=6), max_size=5))
def test_url_join_random_matches_helm(fields: dict[str, str]) -> None:
    assert ours_result(FUNCS, "urlJoin", [fields]) == helm_result("urlJoin", [fields])
