"""merge_values on the real-chart corpus equals the .Values Helm recorded (values.json)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import helmpy
from helmpy.gotemplate.gotypes import Values

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CASES = [c for c in json.loads((CORPUS / "cases.json").read_text()) if c["expect"] == "ok"] \
    if (CORPUS / "cases.json").exists() else []


def _difference(want: Any, got: Any, path: str = "") -> str:
    """'' when equal as JSON values (numbers by value, bools only equal bools)."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{path}: want a map, got {type(got).__name__}"
        for key in set(want) | set(got):
            if key not in got or key not in want:
                return f"{path}.{key}: present on one side only"
            why = _difference(want[key], got[key], f"{path}.{key}")
            if why:
                return why
        return ""
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return f"{path}: list differs"
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            why = _difference(a, b, f"{path}[{i}]")
            if why:
                return why
        return ""
    if isinstance(want, bool) or isinstance(got, bool) or want is None or got is None:
        return "" if want is got or (type(want) is type(got) and want == got) else f"{path}: {got!r}"
    if isinstance(want, int | float) and isinstance(got, int | float):
        return "" if float(want) == float(got) else f"{path}: want {want!r} got {got!r}"
    return "" if want == got else f"{path}: want {want!r} got {got!r}"


@pytest.mark.skipif(not CASES, reason="corpus not present")
def test_every_corpus_chart_loads() -> None:
    charts = sorted({c["chart"] for c in json.loads((CORPUS / "cases.json").read_text())})
    assert len(charts) == 395
    for chart in charts:
        helmpy.load_chart(str(CORPUS / chart))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_values_match_helm(case: dict) -> None:
    want = json.loads((CORPUS / case["golden"] / "values.json").read_text())
    chart = helmpy.load_chart(str(CORPUS / case["chart"]))
    got = helmpy.merge_values(chart, values_files=[str(CORPUS / f) for f in case["values_files"]],
                              values=case.get("values") or None)
    assert isinstance(got, Values)
    assert _difference(want, got) == ""
