"""Sprig semver/semverCompare and the *semver.Version methods against Helm."""
from __future__ import annotations

from typing import Any

import pytest

from helmpy.funcs.semver import FUNCS, GoSemver
from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gotypes import FuncError, go_type_name
from tests.funcs_differential import helm_result, ours_result
from tests.helm_reference import helm_render_case

pytest.importorskip("helm_python")

CASES: list[tuple[str, list[Any]]] = [
    ("semver", ["1.2"]), ("semver", ["v3"]), ("semver", ["bad"]), ("semver", ["01.2.3"]),
    ("semver", ["1.2.3.4"]), ("semver", [""]), ("semver", ["1.2.3-01"]), ("semver", ["1.2.3+a..b"]),
    ("semver", ["99999999999999999999"]), ("semver", ["1.2.3-rc.1+build.7"]),
    ("semverCompare", [">=1.2.3", "1.2.3"]), ("semverCompare", [">>1.0", "1.0.0"]),
    ("semverCompare", ["", "1.0.0"]), ("semverCompare", [">1.0.0", "1.0.0.1"]),
    ("semverCompare", ["^1.30.0", "v1.36.0"]), ("semverCompare", ["1|2", "1.0.0"]),
    ("semverCompare", ["bad", "worse"]), ("semverCompare", [">=1", "bad"]),
]


@pytest.mark.parametrize(("name", "args"), CASES)
def test_semver_function_matches_helm(name: str, args: list[Any]) -> None:
    assert ours_result(FUNCS, name, args) == helm_result(name, args)


METHOD_CASES = [
    ("1.2.3", "Major", []), ("v1.2.3", "Original", []), ("v1.2.3", "String", []),
    ("1.2.3-rc1+b", "Prerelease", []), ("1.2.3-rc1+b", "Metadata", []),
    ("1.2.3", "IncMajor", []), ("v1.2.3", "IncMinor", []), ("1.2.3-rc1", "IncPatch", []),
    ("1.2.3+b", "IncPatch", []), ("1.2.3", "SetPrerelease", ["beta.1"]),
    ("1.2.3", "SetPrerelease", ["01"]), ("1.2.3", "SetMetadata", ["a..b"]),
    ("1.2.3", "LessThan", ["1.2.4"]), ("1.2.3", "Compare", ["1.2.3+x"]),
    ("1.2.3-a", "GreaterThanEqual", ["1.2.3"]), ("2.0.0", "Equal", ["2"]),
]


@pytest.mark.parametrize(("text", "method", "args"), METHOD_CASES)
def test_semver_method_matches_helm(text: str, method: str, args: list[str]) -> None:
    helm_args = " ".join(
        f'(semver "{a}")' if method not in ("SetPrerelease", "SetMetadata") else f'"{a}"'
        for a in args
    )
    out, err = helm_render_case(
        f'{{{{ $r := (semver "{text}").{method} {helm_args} }}}}{{{{ printf "%T|%v" $r $r }}}}'
    )
    spec = GoSemver.go_methods[method]
    ours_args = [
        a if method in ("SetPrerelease", "SetMetadata") else FUNCS["semver"].fn(a) for a in args
    ]
    try:
        value = spec.fn(FUNCS["semver"].fn(text), *ours_args)
    except FuncError as failure:
        assert err is not None and err.endswith(f"error calling {method}: {failure}")
        return
    assert err is None
    assert out == f"{go_type_name(value).replace('int64', 'uint64')}|{format_value(value)}"
