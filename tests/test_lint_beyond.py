"""helmpy lint's checks beyond Helm, each on charts with faults the test plants:
manifest validation, version increment against git, ci values files, output formats,
parallel runs, and the command line (whose text output follows Helm's cmd/helm/lint.go)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from helmpy.cli.main import cli
from helmpy.lint import (
    ERROR,
    INFO,
    LintOptions,
    LintTarget,
    ci_values_targets,
    lint_chart,
    lint_many,
)
from helmpy.lint.formats import render
from tests.test_lint_rules import GOOD_CHART, write_chart

DEPLOYMENT_FAULTS = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - image: nginx
        imagePullPolicyy: Always
        resources:
          limits: {cpu: 1, memory: 1Gi}
        env:
        - name: N
          value: 5
"""
VALID_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
    targetPort: http
"""
WIDGET_CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer}
"""
WIDGET = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n"
GADGET = "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n"


def _texts(report, severity: int) -> list[str]:
    return [m.text for m in report.messages if m.severity == severity and m.line is not None]


# ------------------------------------------------------------------ --validate-manifests

def test_validate_manifests_finds_planted_faults(tmp_path: Path) -> None:
    chart = write_chart(tmp_path / "demo", {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/deploy.yaml": DEPLOYMENT_FAULTS,
        "templates/svc.yaml": VALID_SERVICE,
        "templates/widget.yaml": WIDGET + "---\n" + GADGET,
        "crds/widget.yaml": WIDGET_CRD,
    })
    report = lint_chart(str(chart), LintOptions(validate_manifests=True))
    errors = _texts(report, ERROR)
    assert 'apps/v1 Deployment "web": field "spec.replicas": expected integer, got string' in errors
    assert ('apps/v1 Deployment "web": unknown field '
            '"spec.template.spec.containers[0].imagePullPolicyy"') in errors
    assert ('apps/v1 Deployment "web": missing required field '
            '"spec.template.spec.containers[0].name"') in errors
    assert ('apps/v1 Deployment "web": field "spec.template.spec.containers[0].env[0].value": '
            'expected string, got integer') in errors
    assert any(t.startswith('example.com/v1 Widget "w": field "spec.size"') for t in errors)
    assert not any("Service" in t or "limits" in t for t in errors)  # valid parts pass
    assert _texts(report, INFO) == ['example.com/v1 Gadget "g": no schema for example.com/v1 Gadget; '
                                    'not validated']
    widget_line = next(m.line for m in report.messages if "Widget" in m.text)
    assert widget_line == 1
    assert report.failed


def test_validate_manifests_checks_list_items(tmp_path: Path) -> None:
    items = ("apiVersion: v1\nkind: List\nmetadata:\n  name: l\nitems:\n"
             "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {k: v}\n"
             "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  datum: {k: v}\n")
    chart = write_chart(tmp_path / "demo", {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                                            "templates/list.yaml": items})
    report = lint_chart(str(chart), LintOptions(validate_manifests=True))
    assert _texts(report, ERROR) == ['items[1]: v1 ConfigMap "b": unknown field "datum"']


def test_validate_manifests_is_off_by_default_and_quiet_on_valid_charts(tmp_path: Path) -> None:
    chart = write_chart(tmp_path / "demo", {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                                            "templates/svc.yaml": VALID_SERVICE})
    assert lint_chart(str(chart), LintOptions(validate_manifests=True)).messages == []
    faulty = write_chart(tmp_path / "faulty", {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                                               "templates/deploy.yaml": DEPLOYMENT_FAULTS})
    assert not lint_chart(str(faulty)).failed


# ------------------------------------------------------------------ --check-version-increment

def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def test_version_increment_against_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    chart = write_chart(repo / "charts" / "demo", {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                                                   "templates/svc.yaml": VALID_SERVICE})
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    options = LintOptions(check_version_increment=True, since="main")

    assert not lint_chart(str(chart), options).failed  # unchanged since the ref
    (chart / "templates" / "svc.yaml").write_text(VALID_SERVICE.replace("80", "81"))
    report = lint_chart(str(chart), options)
    assert report.failed
    assert any(m.path == "Chart.yaml" and "needs a version bump" in m.text for m in report.messages)
    (chart / "Chart.yaml").write_text(GOOD_CHART.replace("0.1.0", "0.1.1"))
    assert not lint_chart(str(chart), options).failed
    (chart / "Chart.yaml").write_text(GOOD_CHART.replace("0.1.0", "0.0.9"))
    assert lint_chart(str(chart), options).failed

    new_chart = write_chart(repo / "charts" / "fresh", {"Chart.yaml": GOOD_CHART, "values.yaml": ""})
    assert not lint_chart(str(new_chart), options).failed  # new charts are exempt
    bad_ref = lint_chart(str(chart), LintOptions(check_version_increment=True, since="nope"))
    assert bad_ref.failed and "unknown git ref" in bad_ref.errors[-1]


# ------------------------------------------------------------------ --ci-values

def test_ci_values_files_are_each_linted(tmp_path: Path) -> None:
    chart = write_chart(tmp_path / "demo", {
        "Chart.yaml": GOOD_CHART, "values.yaml": "port: 80\n",
        "values.schema.json": '{"properties":{"port":{"type":"integer"}}}',
        "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{{ .Values.port }}\n",
        "ci/good-values.yaml": "port: 8080\n",
        "ci/bad-values.yaml": "port: eighty\n",
        "ci/ignored.yaml": "port: [x]\n",
    })
    targets = ci_values_targets(str(chart), {})
    assert [t.label.rsplit(" ", 1)[-1] for t in targets] == ["(ci/bad-values.yaml)", "(ci/good-values.yaml)"]
    reports = lint_many(targets, LintOptions(), jobs=1)
    assert [r.failed for r in reports] == [True, False]
    assert any("got string, want integer" in m.text for m in reports[0].messages)
    plain = write_chart(tmp_path / "plain", {"Chart.yaml": GOOD_CHART, "values.yaml": ""})
    assert [t.label for t in ci_values_targets(str(plain), {})] == [""]


# ------------------------------------------------------------------ formats and parallel runs

@pytest.fixture()
def two_reports(tmp_path: Path) -> list:
    good = write_chart(tmp_path / "good", {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                                           "templates/svc.yaml": VALID_SERVICE})
    bad = write_chart(tmp_path / "bad", {"Chart.yaml": GOOD_CHART.replace("icon: https://example.com/i.png\n", ""),
                                         "values.yaml": "",
                                         "templates/sts.yaml": "apiVersion: apps/v1\nkind: StatefulSet\n"
                                                               "metadata:\n  name: db\n"})
    return lint_many([LintTarget(str(good)), LintTarget(str(bad))], LintOptions(), jobs=1)


def test_parallel_runs_equal_sequential(two_reports: list) -> None:
    targets = [r.target for r in two_reports] * 2
    parallel = lint_many(targets, LintOptions(), jobs=2)
    assert [r.messages for r in parallel] == [r.messages for r in two_reports] * 2


def test_json_findings(two_reports: list) -> None:
    items = json.loads(render(two_reports, "json"))
    assert {tuple(sorted(i)) for i in items} == {("chart", "line", "message", "path", "severity")}
    error = next(i for i in items if i["severity"] == "error")
    assert error["chart"].endswith("bad") and error["path"] == "templates/sts.yaml"
    assert error["line"] == 1 and "matchLabels" in error["message"]
    assert {i["severity"] for i in items} == {"error", "info"}
    assert all(i["severity"] != "info" for i in json.loads(render(two_reports, "json", quiet=True)))


def test_junit_report(two_reports: list) -> None:
    root = ET.fromstring(render(two_reports, "junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 2 and root.get("failures") == "1"
    assert cases[0].find("failure") is None
    assert "matchLabels" in cases[1].find("failure").text


def test_github_annotations(two_reports: list) -> None:
    lines = render(two_reports, "github").splitlines()
    error = next(line for line in lines if line.startswith("::error "))
    assert error.startswith(f"::error file={two_reports[1].target.path}/templates/sts.yaml,line=1,")
    assert any(line.startswith("::notice file=") and "Chart.yaml" in line for line in lines)
    assert lines[-1] == "2 chart(s) linted, 1 chart(s) failed"


def test_sarif_report(two_reports: list) -> None:
    doc = json.loads(render(two_reports, "sarif"))
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    error = next(r for r in results if r["level"] == "error")
    location = error["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("bad/templates/sts.yaml")
    assert location["region"] == {"startLine": 1}


# ------------------------------------------------------------------ the command line

def _helm_text(paths: list[str], quiet: bool = False, strict: bool = False) -> tuple[str, bool]:
    """What cmd/helm/lint.go prints for these paths, from the SDK's per-chart results."""
    import helm_python

    out, failed = [], 0
    for path in paths:
        result = helm_python.lint(path, None, strict=strict)
        sev = ["UNKNOWN", "INFO", "WARNING", "ERROR"]
        noisy = any(m["severity"] > 1 for m in result["messages"]) or bool(result["errors"])
        if quiet and not noisy:
            continue
        out.append(f"==> Linting {path}\n")
        if not result["messages"]:
            out.extend(f"Error {e}\n" for e in result["errors"])
        out.extend(f"[{sev[m['severity']]}] {m['path']}: {m['error']}\n" for m in result["messages"]
                   if not quiet or m["severity"] > 1)
        failed += bool(result["errors"])
        out.append("\n")
    summary = f"{len(paths)} chart(s) linted, {failed} chart(s) failed"
    if not failed:
        out.append(summary + "\n")
    return "".join(out), bool(failed)


@pytest.mark.parametrize("flags", [[], ["--quiet"], ["--strict"]])
def test_cli_text_matches_helm(two_reports: list, tmp_path: Path, flags: list[str]) -> None:
    pytest.importorskip("helm_python")
    paths = [r.target.path for r in two_reports] + [str(tmp_path / "missing")]
    result = CliRunner().invoke(cli, ["lint", *flags, *paths])
    want, failed = _helm_text(paths, quiet="--quiet" in flags, strict="--strict" in flags)
    assert result.stdout == want
    assert result.exit_code == (1 if failed else 0)
    if failed:
        assert result.stderr.strip().endswith("chart(s) failed")


def test_cli_bad_kube_version() -> None:
    result = CliRunner().invoke(cli, ["lint", "--kube-version", "banana", "."])
    # Helm's ParseKubeVersion fails with Kubernetes' ParseGeneric text (as the SDK reports it).
    import helm_python

    with pytest.raises(Exception) as helm_error:
        helm_python.lint(".", None, kube_version="banana")
    assert result.exit_code == 1
    assert result.stderr == f"Error: invalid kube version 'banana': {helm_error.value}\n"


def test_lint_does_not_import_heavy_modules(two_reports: list) -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom helmpy.cli.main import cli\n"
            f"CliRunner().invoke(cli, ['lint', {two_reports[1].target.path!r}])\n"
            "print(sorted(m for m in ('kubernetes', 'requests', 'gnupg', 'cryptography') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "[]"
