"""Every case of ../shared/corpus: helmpy.render against Helm v4.2.3's goldens."""
from __future__ import annotations

import json

import pytest

import helmpy
from tests.shared_data import CORPUS, corpus_cases, read_exact, strip_nondeterministic

CASES = corpus_cases()


def _render(case: dict):
    chart = helmpy.load_chart(str(CORPUS / case["chart"]))
    return helmpy.render(chart, release=case["release"], namespace=case["namespace"],
                         values_files=[str(CORPUS / f) for f in case["values_files"]],
                         values=case.get("values") or None)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_case(case: dict) -> None:
    golden = CORPUS / case["golden"]
    skipped = set(case.get("nondeterministic") or [])
    if case["expect"] == "error":
        with pytest.raises(helmpy.HelmpyError) as caught:
            _render(case)
        assert str(caught.value) == read_exact(golden / "error.txt")
        return
    result = _render(case)
    want_manifest = strip_nondeterministic(read_exact(golden / "manifest.yaml"), skipped)
    assert strip_nondeterministic(result.manifest, skipped) == want_manifest
    chart_name = result.chart.name()
    if f"{chart_name}/templates/NOTES.txt" not in skipped:
        assert result.notes == read_exact(golden / "notes.txt")
    want_templates = json.loads(read_exact(golden / "templates.json"))
    assert sorted(result.templates) == sorted(want_templates)
    for path, text in want_templates.items():
        if path not in skipped:
            assert result.templates[path] == text, path
