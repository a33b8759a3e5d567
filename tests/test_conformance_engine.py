"""Every template case of ../shared/conformance, byte for byte against Helm v4.2.3."""
from __future__ import annotations

import pytest

import helmpy
from tests.helm_reference import write_case_chart
from tests.shared_data import engine_cases

CASES = engine_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_engine_case(case: dict, tmp_path) -> None:
    chart_dir = write_case_chart(tmp_path, case["template"], case.get("values"),
                                 case.get("helpers"), case.get("files"))
    release = case.get("release") or {}
    expect = case["expect"]
    chart = helmpy.load_chart(str(chart_dir))
    kwargs = {"release": release.get("name", "rel"), "namespace": release.get("namespace", "ns")}
    if "output" in expect:
        out = helmpy.render_templates(chart, **kwargs)
        assert out.get("c/templates/case.yaml") == expect["output"]
    else:
        with pytest.raises(helmpy.HelmpyError) as caught:
            helmpy.render_templates(chart, **kwargs)
        assert str(caught.value) == expect["error"]
