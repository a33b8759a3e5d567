"""values.schema.json checks on the real charts of ../shared/corpus.

Every case whose chart tree ships a schema is validated with its values files. Cases Helm
installs (``expect: ok``) must pass; a case whose golden error is a schema failure must
fail with exactly that text (external-dns/default: ``missing property 'policy'``).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helmpy.errors import HelmpyError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SCHEMA_ERROR = "values don't meet the specifications of the schema(s)"


def _cases() -> list[dict[str, Any]]:
    cases_file = CORPUS / "cases.json"
    if not cases_file.is_file():
        return []
    return json.loads(cases_file.read_text())


def _has_schema(chart_dir: Path) -> bool:
    return any(chart_dir.rglob("values.schema.json"))


CASES = [c for c in _cases() if _has_schema(CORPUS / c["chart"])]


def test_corpus_has_schema_cases() -> None:
    assert len(CASES) >= 50, "the corpus is expected next to the repository (../shared)"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_schema_validation(case: dict[str, Any]) -> None:
    from helmpy.chart.loader import load
    from helmpy.engine.schema import validate_chart_values
    from helmpy.values.merge import prepare_values
    from helmpy.values.user import read_user_values

    chart = load(str(CORPUS / case["chart"]))
    user = read_user_values([str(CORPUS / f) for f in case["values_files"]])
    processed, values = prepare_values(chart, user)
    try:
        validate_chart_values(processed, values)
        got = None
    except HelmpyError as err:
        got = str(err)
    expected = None
    if case["expect"] == "error":
        error_text = (CORPUS / case["golden"] / "error.txt").read_text()
        if error_text.startswith(SCHEMA_ERROR):
            expected = error_text
    assert got == expected
