"""helmpy lint on every chart and values file of ../shared/corpus gives Helm's SDK findings.

Each corpus case (chart + its ci values file, or none) is linted by ``helm_python.lint`` and by
helmpy with the same user values and namespace; the findings must be equal, in order.

One deliberate tolerance: Helm lists the subcharts missing from Chart.yaml in the order its
loader attached them, which comes from a Go map and changes between runs (the SDK itself
gives different orders for stable/weave-scope). For that message the names are compared as
a set; helmpy lists them in charts/ directory order, which is stable.
"""
from __future__ import annotations

from typing import Any

import pytest

from helmpy.lint import LintOptions, LintTarget, lint_chart
from helmpy.values.user import read_user_values
from tests.shared_data import CORPUS, corpus_cases

helm_python = pytest.importorskip("helm_python")

CASES = corpus_cases() if (CORPUS / "cases.json").exists() else []
UNORDERED_PREFIX = "chart metadata is missing these dependencies: "


def _normalise(findings: list[tuple[int, str, str]]) -> list[tuple[int, str, Any]]:
    out: list[tuple[int, str, Any]] = []
    for severity, path, text in findings:
        if text.startswith(UNORDERED_PREFIX):
            out.append((severity, path, frozenset(text[len(UNORDERED_PREFIX):].split(","))))
        else:
            out.append((severity, path, text))
    return out


@pytest.mark.skipif(not CASES, reason="corpus not present")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_lint_matches_helm(case: dict) -> None:
    chart = str(CORPUS / case["chart"])
    values = read_user_values([str(CORPUS / f) for f in case["values_files"]], values=case["values"])
    helm = helm_python.lint(chart, values or None, namespace=case["namespace"])
    ours = lint_chart(LintTarget(chart, values), LintOptions(namespace=case["namespace"]))
    theirs = [(m["severity"], m["path"], m["error"]) for m in helm["messages"]]
    mine = [(m.severity, m.path, m.text) for m in ours.messages]
    assert _normalise(mine) == _normalise(theirs)
    assert ours.linted == helm["total_charts_linted"]
    assert len(ours.errors) == len(helm["errors"])


def _subchart_paths() -> list[str]:
    from helmpy.lint import subchart_paths

    charts = sorted({c["chart"] for c in CASES})
    return [p for chart in charts for p in subchart_paths(str(CORPUS / chart))]


SUBCHARTS = _subchart_paths() if CASES else []


@pytest.mark.skipif(not SUBCHARTS, reason="corpus not present")
@pytest.mark.parametrize("path", SUBCHARTS, ids=[p.split("/charts/", 1)[-1] for p in SUBCHARTS])
def test_with_subcharts_paths_match_helm(path: str) -> None:
    """``--with-subcharts`` lints each chart under charts/ on its own, as helm's command does."""
    helm = helm_python.lint(path, None)
    ours = lint_chart(LintTarget(path))
    theirs = [(m["severity"], m["path"], m["error"]) for m in helm["messages"]]
    assert _normalise([(m.severity, m.path, m.text) for m in ours.messages]) == _normalise(theirs)
