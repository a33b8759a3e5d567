"""The fast paths added for speed give exactly what the straightforward code gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.engine.manifests import _SEPARATOR, _split_on_separators

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
