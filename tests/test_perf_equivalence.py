"""The fast paths added for speed give exactly what the straightforward code gives."""
from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.engine.manifests import _SEPARATOR, _split_on_separators
from helmpy.gotemplate.gotypes import Int64, Values
from helmpy.goyaml.compose import depth_bound, is_shallow
from helmpy.goyaml.deep import deep_copy

# Helm's SplitManifests regex, as Go runs it; the linear splitter must cut at the same places.
_SEPARATOR_TEXT = st.text(alphabet="-\n \t\r\f\va:", max_size=60)


@settings(max_examples=200, deadline=None)
@given(_SEPARATOR_TEXT)
def test_linear_split_matches_separator_regex(text: str) -> None:
    assert _split_on_separators(text) == _SEPARATOR.split(text)


def test_linear_split_corners() -> None:
    for text in ("---", "---\n", "\n---", " \n---x", "a\n  \n--- \n---\nb", "----", "a\n---",
                 "a ---\n", "\n\n---\n\n---\n\n", "x\n---y\n---"):
        assert _split_on_separators(text) == _SEPARATOR.split(text), repr(text)


def _shape(value: object, ids: dict[int, int]) -> object:
    """Types, contents and sharing of a value tree (shared containers get one number)."""
    if isinstance(value, (dict, list, tuple)):
        seen = id(value) in ids
        number = ids.setdefault(id(value), len(ids))
        if seen:
            return ("shared", number)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        return (type(value).__name__, number, [(_shape(k, ids), _shape(v, ids)) for k, v in items])
    return (type(value).__name__, value)


_LEAVES = st.one_of(st.none(), st.booleans(), st.floats(allow_nan=False), st.text(max_size=5),
                    st.integers(-10, 10).map(Int64))
_TREES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=4), inner, max_size=4),
        st.dictionaries(st.text(max_size=4), inner, max_size=4).map(Values),
        st.tuples(inner, inner),
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(_TREES, _TREES)
def test_deep_copy_matches_deepcopy(first: object, second: object) -> None:
    tree = {"a": first, "b": [first, second], "c": Values({"d": second})}  # shared parts
    ours, reference = deep_copy(tree), copy.deepcopy(tree)
    assert _shape(ours, {}) == _shape(reference, {})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.text(alphabet=" \t?:-[{a\r", max_size=12)),
                max_size=8),
       st.integers(1, 60))
def test_shallow_check_agrees_with_depth_bound(lines: list[tuple[int, str]], limit: int) -> None:
    text = "\n".join(" " * indent + rest for indent, rest in lines)
    assert is_shallow(text, limit) == (depth_bound(text) <= limit)
