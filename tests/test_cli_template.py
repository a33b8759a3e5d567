"""``helmpy template`` output against ``helm template`` output rebuilt from Helm's goldens.

``helm template`` prints the release manifest (trimmed, one newline), then every hook as
``---\\n# Source: PATH\\nDOC\\n``, hooks ordered by kind as Helm's install order puts them.
The expected hooks are read from Helm's rendered templates (templates.json) here, with a
small independent reader, so the test does not lean on helmpy's own splitting code.
"""
from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from helmpy.cli.main import cli
from tests.shared_data import CORPUS, corpus_cases, read_exact

CHARTS = [
    "stable/acs-engine-autoscaler/default",
    "stable/anchore-engine/default",
    "stable/cockroachdb/default",
    "stable/dex/default",
    "stable/elastic-stack/default",
    "stable/falco/default",
]
# Helm's install order for the kinds these charts' hooks use.
HOOK_KIND_ORDER = ["ServiceAccount", "Secret", "ConfigMap", "ClusterRole", "ClusterRoleBinding",
                   "Role", "RoleBinding", "Service", "Pod", "Job"]
DOC_SPLIT = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")


def _expected_hooks(templates: dict[str, str]) -> str:
    hooks = []
    for path in sorted(templates):
        if path.endswith("NOTES.txt"):
            continue
        for doc in DOC_SPLIT.split(templates[path].lstrip()):
            doc = doc.lstrip()
            if not doc:
                continue
            head = yaml.safe_load(doc) or {}
            annotations = (head.get("metadata") or {}).get("annotations") or {}
            if "helm.sh/hook" in annotations:
                hooks.append((HOOK_KIND_ORDER.index(head["kind"]), path, doc))
    hooks.sort(key=lambda h: h[0])
    return "".join(f"---\n# Source: {path}\n{doc}\n" for _, path, doc in hooks)


@pytest.mark.parametrize("case_id", CHARTS)
def test_template_matches_helm(case_id: str) -> None:
    case = next(c for c in corpus_cases() if c["id"] == case_id)
    golden = CORPUS / case["golden"]
    templates = json.loads(read_exact(golden / "templates.json"))
    expected = read_exact(golden / "manifest.yaml").strip() + "\n" + _expected_hooks(templates)
    result = CliRunner().invoke(
        cli, ["template", case["release"], str(CORPUS / case["chart"]), "-n", case["namespace"]])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_template_show_only_and_errors(tmp_path) -> None:
    case = next(c for c in corpus_cases() if c["id"] == "stable/falco/default")
    chart = str(CORPUS / case["chart"])
    runner = CliRunner()
    shown = runner.invoke(cli, ["template", "r", chart, "-s", "templates/nope.yaml"])
    assert shown.exit_code != 0
    assert "could not find template templates/nope.yaml in chart" in shown.output


def test_invalid_yaml_reports_helms_error_and_debug_shows_it(tmp_path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (chart / "templates" / "x.yaml").write_text("a: b\n c: d\n  e\n")
    import helm_python

    # Helm's own message, from a client-side dry-run install (no cluster is contacted).
    config = helm_python.Config(kube_apiserver="http://127.0.0.1:9")
    with pytest.raises(helm_python.HelmError) as helm_error:
        config.install(helm_python.Chart.load(str(chart)), name="r", dry_run="client")
    runner = CliRunner()
    plain = runner.invoke(cli, ["template", str(chart)])
    assert plain.exit_code == 1
    assert (f"Error: {helm_error.value}\n\nUse --debug flag to render out invalid YAML"
            in plain.output)
    debug = runner.invoke(cli, ["template", str(chart), "--debug"])
    assert debug.exit_code == 1
    assert debug.stdout.startswith("---\n# Source: c/templates/x.yaml\na: b\n c: d\n  e\n")
