"""helmpy.versions against Helm's own semver (through Sprig's semver/semverCompare).

Every expectation is computed by Helm v4.2.3's SDK inside the test.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helmpy.versions import ConstraintError, Constraints, Version, VersionError
from tests.helm_reference import helm_render_case

pytest.importorskip("helm_python")

CALL_PREFIX = "error calling "


def helm_call(expr: str, func: str) -> tuple[str | None, str | None]:
    """Render one expression with Helm; (output, None) or (None, the function's error)."""
    out, err = helm_render_case("{{ " + expr + " }}")
    if err is None:
        return out, None
    marker = f"{CALL_PREFIX}{func}: "
    assert marker in err, err
    return None, err.split(marker, 1)[1]


def ours_compare(constraint: str, version: str) -> tuple[str | None, str | None]:
    try:
        c = Constraints.parse(constraint)
    except ConstraintError as err:
        return None, str(err)
    try:
        v = Version.parse(version)
    except VersionError as err:
        return None, str(err)
    return ("true" if c.check(v) else "false"), None


def ours_version(text: str) -> tuple[str | None, str | None]:
    try:
        v = Version.parse(text)
    except VersionError as err:
        return None, str(err)
    return f"{v}|{v.major}|{v.minor}|{v.patch}|{v.prerelease}|{v.metadata}|{v.original}", None


VERSION_EXPR = (
    "$v := semver `{0}` }}}}{{{{ $v }}}}|{{{{ $v.Major }}}}|{{{{ $v.Minor }}}}|"
    "{{{{ $v.Patch }}}}|{{{{ $v.Prerelease }}}}|{{{{ $v.Metadata }}}}|{{{{ $v.Original"
)

# -- generators ---------------------------------------------------------------------------
_num = st.sampled_from(["0", "1", "2", "3", "10", "01", "x", "X", "*", "99999999999999999999"])
_ident = st.sampled_from(
    ["alpha", "beta", "rc1", "0", "1", "2", "10", "01", "a-b", "x", "beta.2", "beta.10", ""]
)


@st.composite
def version_text(draw: st.DrawFn, wild: bool = False) -> str:
    nums = _num if wild else _num.filter(lambda n: n not in ("x", "X", "*"))
    parts = [draw(nums) for _ in range(draw(st.integers(1, 3 if wild else 4)))]
    text = draw(st.sampled_from(["", "", "v"])) + ".".join(parts)
    if draw(st.integers(0, 3)) == 0:
        text += "-" + draw(_ident)
    if draw(st.integers(0, 5)) == 0:
        text += "+" + draw(_ident)
    return text


_op = st.sampled_from(["", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^", ">>"])
_sep = st.sampled_from([" ", ", ", ",", "  ", ""])


@st.composite
def constraint_text(draw: st.DrawFn) -> str:
    groups = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 6)) == 0:
            groups.append(f"{draw(version_text(True))} - {draw(version_text(True))}")
            continue
        atoms = [
            draw(_op) + draw(st.sampled_from(["", " "])) + draw(version_text(True))
            for _ in range(draw(st.integers(1, 2)))
        ]
        groups.append(draw(_sep).join(atoms) if len(atoms) > 1 else atoms[0])
    return draw(st.sampled_from(["||", " || "])).join(groups)


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(constraint_text(), version_text())
def test_semver_compare_matches_helm(constraint: str, version: str) -> None:
    expected = helm_call(f"semverCompare `{constraint}` `{version}`", "semverCompare")
    assert ours_compare(constraint, version) == expected


@SETTINGS
@given(version_text())
def test_version_parse_matches_helm(text: str) -> None:
    assert ours_version(text) == helm_call(VERSION_EXPR.format(text), "semver")


@SETTINGS
@given(version_text(), version_text())
def test_version_order_matches_helm(a: str, b: str) -> None:
    try:
        va, vb = Version.parse(a), Version.parse(b)
    except VersionError:
        return
    out, err = helm_call(f"(semver `{a}`).Compare (semver `{b}`)", "Compare")
    assert err is None
    assert str(va.compare(vb)) == out


CASES = [
    (">=1.2.3", "1.2.3"), ("^0.0", "0.0.5"), ("^0", "0.9.9"), ("~0", "0.5.0"),
    ("!=1.x", "1.5.0"), ("!=1.2.x", "1.2.4-beta"), (">1.x", "2.0.0"), (">1.2.x", "1.3.0"),
    ("<=1.x", "1.9.0"), ("<=1.2.x", "1.3.0"), ("~1.x", "1.9.0"), ("^1.x", "1.9.0"),
    ("^0.x", "0.5.0"), ("^0.0.x", "0.0.9"), ("~0.0.0", "5.0.0"), ("1|2", "1.0.0"),
    ("1.2.3 - 2.3.4 || >5", "6.0.0"), ("1.0.0 - 2.0.0, !=1.5.0", "1.5.0"),
    ("\t>=1.0\n", "1.0.0"), (">= 1.0,<2", "1.9.9"), (">=1.0,,<2", "1.0.0"),
    ("=>1.0 =<2", "2.0.0"), ("~>1.2.3", "1.2.9"), ("1.2.3-alpha.1", "1.2.3-alpha.1"),
    (">1.0.0-alpha", "1.0.0-alpha.beta"), (">1.0.0-alpha.1", "1.0.0-alpha.beta"),
    ("<1.0.0-rc.1", "1.0.0-beta.11"), ("^1.2.3-0", "1.2.3"), ("v1.2", "1.2.5"),
    # size limits: bytes of the constraint, number of || groups, length of versions
    (">1" + " " * 510, "1.0.0"), (">1" + " " * 511, "1.0.0"), ("é" * 257, "1.0.0"),
    ("||".join(["1"] * 32), "1.0.0"), ("||".join(["1"] * 33), "1.0.0"),
    ("1.0.0-" + "a" * 300, "1.0.0"), (">=1", "1.2.3-" + "a" * 251), (">=1", "é" * 129),
    ("1.0.0 - 2.0.0 || " * 2, "1.5.0"),
]


@pytest.mark.parametrize(("constraint", "version"), CASES)
def test_semver_compare_edge_cases(constraint: str, version: str) -> None:
    expected = helm_call(f"semverCompare `{constraint}` `{version}`", "semverCompare")
    assert ours_compare(constraint, version) == expected


def test_strict_parse_rules() -> None:
    # StrictNewVersion is not reachable from templates; its rules are SemVer 2.0's.
    assert str(Version.parse("1.2.3-rc.1+b.5", strict=True)) == "1.2.3-rc.1+b.5"
    for bad, reason in [
        ("", "version string empty"),
        ("1.2", "invalid semantic version"),
        ("v1.2.3", "invalid characters in version"),
        ("01.2.3", "version segment starts with 0"),
        ("1.2.3-01", "version segment starts with 0"),
        ("1.2.3+a..b", "invalid metadata string"),
    ]:
        with pytest.raises(VersionError, match=reason):
            Version.parse(bad, strict=True)


@SETTINGS
@given(st.text(alphabet="0123.xX*^~<>=!|-, v+a\t", max_size=16),
       st.text(alphabet="0123.v-+a", max_size=10))
def test_semver_compare_on_junk_matches_helm(constraint: str, version: str) -> None:
    expected = helm_call(f"semverCompare `{constraint}` `{version}`", "semverCompare")
    assert ours_compare(constraint, version) == expected
