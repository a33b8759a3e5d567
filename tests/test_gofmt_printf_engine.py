"""printf end to end: whole templates rendered by helmpy's engine and by Helm."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helmpy
from tests.batch_differential import literal
from tests.helm_reference import helm_render_case, write_case_chart
from tests.test_gofmt_printf import arguments, format_strings

VALUES = "port: 8080\nratio: 0.25\nbig: 1000000\nname: web\nflag: true\nlist: [1, a]\n"
VALUE_REFS = [".Values.port", ".Values.ratio", ".Values.big", ".Values.name", ".Values.flag",
              ".Values.list", ".Values.missing", ".Release.Name", ".Capabilities.KubeVersion"]


def render_both(template: str, tmp: Path) -> tuple[str | None, str | None]:
    chart = helmpy.load_chart(str(write_case_chart(tmp, template, VALUES)))
    try:
        ours: str | None = helmpy.render_templates(chart, release="r", namespace="ns").get(
            "c/templates/case.yaml")
    except helmpy.HelmpyError as err:
        ours = "ERROR: " + str(err)
    out, err = helm_render_case(template, values=VALUES)
    return ours, (out if err is None else "ERROR: " + err)


operand = st.one_of(arguments.map(literal), st.sampled_from(VALUE_REFS))


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(calls=st.lists(st.tuples(format_strings, st.lists(operand, max_size=4)), min_size=1,
                      max_size=6))
def test_printf_templates_render_like_helm(calls: list[tuple[str, list[str]]],
                                           tmp_path_factory: Any) -> None:
    lines = ["{{ printf " + json.dumps(fmt, ensure_ascii=False) + " " + " ".join(ops) + " }}"
             for fmt, ops in calls]
    ours, helm = render_both("\n".join(lines), tmp_path_factory.mktemp("c"))
    assert ours == helm
