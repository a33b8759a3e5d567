"""The fast index reader must decode exactly what the full YAML reader decodes."""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.repoformat import fastyaml as _fastyaml
from helmpy.repoformat import yamlio as _yamlio

TRICKY = ["", " ", "null", "~", "true", "1.10", "0x1F", "- dash", "a: b", "x #y", "#hash",
          "'single'", '"double"', "back\\slash", "line\nbreak", "trailing\n",
          "  lead", "trail  ", "é ü 日本", ":", "-", "[x]", "{y}", "&anchor", "*alias", "!tag",
          "%dir", "@at", "`tick", "| pipe", "> gt", "?q", "a" * 120, "word " * 30,
          "2020-01-01T00:00:00Z", "1e3", ".inf", "<<", "multi\n\nparagraph\n"]

# Control characters are refused by Helm's writer itself, so they never reach an index file.
printable = st.characters(blacklist_categories=("Cc", "Cs"))
scalars = st.one_of(st.sampled_from(TRICKY), st.text(printable, max_size=40),
                    st.text(alphabet=string.ascii_letters + " .:-#'\"\n", max_size=100))
keys = st.one_of(st.sampled_from(["name", "version", "urls", "a.b/c", "x-y", "k1", "k10"]),
                 st.text(alphabet=string.ascii_letters + "./-_", min_size=1, max_size=12))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_fast_reader_agrees_with_full_reader(doc: dict) -> None:
    text = _yamlio.dump(doc)
    expected = _yamlio.load_text_scalars_slow(text)
    try:
        got = _fastyaml.load(text)
    except _fastyaml.Unsupported:
        return  # falls back to the full reader: same result by construction
    assert got == expected


def test_helm_style_index_is_in_the_fast_subset(tmp_path) -> None:
    import helm_python

    from tests.repo_support import helm_package

    dist = tmp_path / "dist"
    helm_package(tmp_path, dist, "alpha", "1.0.0", description="d " * 80,
                 annotations={"changes": "- kind: added\n  description: x\n"})
    helm_python.repo_index_generate(str(dist))
    text = (dist / "index.yaml").read_text()
    assert _fastyaml.load(text) == _yamlio.load_text_scalars_slow(text)
