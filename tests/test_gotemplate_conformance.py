"""Go text/template conformance: the ``syntax`` and ``builtins`` engine cases, recorded
from Helm v4.2.3, rendered through helmpy and compared byte for byte."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from tests.helm_reference import write_case_chart

CASES_FILE = Path(__file__).resolve().parents[1] / ".." / "shared" / "conformance" / \
    "engine-cases.yaml"
CATEGORIES = {"syntax", "builtins"}


def _cases() -> list[dict]:
    if not CASES_FILE.exists():
        return []
    with open(CASES_FILE, encoding="utf-8") as f:
        return [c for c in yaml.safe_load(f) if c["category"] in CATEGORIES]


def render_case(tmp_path: Path, case: dict) -> tuple[str, str]:
    import helmpy

    chart = write_case_chart(tmp_path, case["template"], case.get("values"),
                             case.get("helpers"), case.get("files"))
    try:
        out = helmpy.render_templates(helmpy.load_chart(str(chart)),
                                      release=case["release"]["name"],
                                      namespace=case["release"]["namespace"])
    except Exception as err:  # the message is what Helm's user sees
        return "error", str(err)
    return "output", out["c/templates/case.yaml"]


@pytest.fixture(autouse=True)
def _utc() -> None:
    os.environ["TZ"] = "UTC"


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_engine_case(tmp_path: Path, case: dict) -> None:
    want = next(iter(case["expect"].items()))
    assert render_case(tmp_path, case) == want
