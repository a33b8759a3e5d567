"""helmpy's lint rules against Helm's SDK on small charts with known faults.

Each case writes a chart, lints it with ``helm_python.lint`` and with helmpy, and expects
the same findings (severity, path, text) in the same order.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from helmpy.lint import LintOptions, LintTarget, lint_chart
from tests.files_support import write_files as write_chart

helm_python = pytest.importorskip("helm_python")

GOOD_CHART = "apiVersion: v2\nname: demo\nversion: 0.1.0\nicon: https://example.com/i.png\n"
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  selector:
    matchLabels:
      app: demo
"""

CASES: dict[str, dict[str, str]] = {
    "good": {"Chart.yaml": GOOD_CHART, "values.yaml": "a: 1\n",
             "templates/d.yaml": DEPLOYMENT.format(name="{{ .Release.Name }}")},
    "v1-everything-wrong": {
        "Chart.yaml": ("name: demo\nversion: v1.2\ntype: application\nicon: not a url\n"
                       "sources: ['', 'https://x.io']\ndependencies:\n- name: sub\n  version: 1.0.0\n"),
    },
    "bad-apiversion": {"Chart.yaml": "apiVersion: v3\nname: demo\nversion: 1.0.0\n"},
    "uppercase-name": {"Chart.yaml": "apiVersion: v2\nname: Demo_Chart\nversion: 1.0.0\n"},
    "slash-name": {"Chart.yaml": "apiVersion: v2\nname: a/b\nversion: 1.0.0\n"},
    "no-name-no-version": {"Chart.yaml": "apiVersion: v2\ndescription: x\n"},
    "bad-version": {"Chart.yaml": "apiVersion: v2\nname: demo\nversion: abc\n"},
    "zero-prerelease-version": {"Chart.yaml": "apiVersion: v2\nname: demo\nversion: v0.0.0-0+meta\n"},
    "duplicate-block-key": {"Chart.yaml": GOOD_CHART + "maintainers:\n- name: a\nmaintainers:\n\n- name: b\n"},
    "numeric-versions": {"Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0\nappVersion: 2\n"},
    "bool-appversion": {"Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: true\n"},
    "maintainer-no-name": {"Chart.yaml": GOOD_CHART + "maintainers:\n- email: a@b.io\n"},
    "maintainer-bad-email": {"Chart.yaml": GOOD_CHART + "maintainers:\n- name: me\n  email: nope\n"},
    "maintainer-bad-url": {"Chart.yaml": GOOD_CHART + "maintainers:\n- name: me\n  url: 'ht tp://x'\n"},
    "maintainer-ok": {"Chart.yaml": GOOD_CHART + "maintainers:\n- name: me\n  email: me@example.com\n"
                                                 "  url: https://example.com/me\n"},
    "unknown-fields": {"Chart.yaml": GOOD_CHART + "zeta: 1\nengine: gotpl\n"},
    "unknown-nested": {"Chart.yaml": GOOD_CHART + "maintainers:\n- name: me\n  github: me\n"},
    "unknown-dependency-field": {"Chart.yaml": GOOD_CHART + ("dependencies:\n- name: a\n  version: 1.0.0\n"
                                                             "  depends-on: [b]\n  zzz: 1\n")},
    "boolean-like-value-keys": {"Chart.yaml": GOOD_CHART, "values.yaml": "yes: 1\nfeature:\n  on: true\n",
                                "templates/a.yaml": "a: b\n"},
    "duplicate-keys": {"Chart.yaml": GOOD_CHART + "name: again\ndescription: a\ndescription: b\n"},
    "unparsable-chart": {"Chart.yaml": "apiVersion: v2\nname: [demo\n"},
    "chart-not-map": {"Chart.yaml": "- a\n- b\n"},
    "no-values": {"Chart.yaml": GOOD_CHART, "templates/x.yaml": "a: b\n"},
    "bad-values": {"Chart.yaml": GOOD_CHART, "values.yaml": "a: [1\n"},
    "values-not-a-map": {"Chart.yaml": GOOD_CHART, "values.yaml": "- 1\n"},
    "values-multi-document": {"Chart.yaml": GOOD_CHART, "values.yaml": "a: 1\n---\nb: x\n",
                              "values.schema.json": '{"properties":{"b":{"type":"integer"}}}'},
    "schema-violation": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "port: eighty\n",
        "values.schema.json": '{"type":"object","properties":{"port":{"type":"integer"}},'
                              '"required":["port","host"]}',
        "templates/x.yaml": "a: b\n",
    },
    "no-templates": {"Chart.yaml": GOOD_CHART, "values.yaml": ""},
    "bad-extension-and-indent": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/notes.md": "hello",
        "templates/indented.yaml": "  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: x\n",
    },
    "invalid-yaml-stops": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n",
        "templates/b.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n",
    },
    "bad-separator": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "apiVersion: v1\nkind: ConfigMap\n---apiVersion: v1\n",
    },
    "names-per-kind": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": (
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1svc\n---\n"
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n---\n"
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: a/b%c\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + "x" * 254 + "\n---\n"
            "apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: ANY\n---\n"
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: UPPER\n---\n"
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ..\n"),
    },
    "workload-without-selector": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n",
        "templates/b.yml": "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\n",
    },
    "list-resource-policy": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/list.yaml": ("apiVersion: v1\nkind: List\nmetadata:\n  name: l\nitems:\n"
                                "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n"
                                "    annotations:\n      helm.sh/resource-policy: keep\n"),
    },
    "type-errors-in-objects": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "apiVersion: v1\nkind: 5\nmetadata:\n  name: x\n",
    },
    "scalar-document": {"Chart.yaml": GOOD_CHART, "values.yaml": "", "templates/a.yaml": "just text\n"},
    "metadata-name-number": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 12\n",
    },
    "case-insensitive-fields": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "APIVERSION: extensions/v1beta1\nKIND: Ingress\nMetadata:\n  NAME: Up\n",
    },
    "release-and-capabilities": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": ('apiVersion: v1\nkind: Service\nmetadata:\n  name: "R{{ .Release.Revision }}-'
                             '{{ .Release.IsInstall }}-{{ .Release.IsUpgrade }}-{{ .Release.Service }}-'
                             '{{ .Capabilities.KubeVersion }}-{{ .Chart.Name }}-{{ .Release.Name }}"\n'),
    },
    "render-error": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "x: {{ .Values.a.b.c }}\n",
    },
    "required-relaxed": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"need\" .Values.n }}x\n",
    },
    "deprecated-apis": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": (
            "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\n---\n"
            "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\n---\n"
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\n"
            "apiVersion: resource.k8s.io/v1beta2\nkind: ResourceClaim\nmetadata:\n  name: r\n"),
    },
    "dependencies": {
        "Chart.yaml": GOOD_CHART + ("dependencies:\n- name: sub\n  version: 1.0.0\n- name: gone\n"
                                    "  version: 1.0.0\n- name: sub\n  alias: sub\n  version: 1.0.0\n"),
        "values.yaml": "",
        "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
        "charts/extra/Chart.yaml": "apiVersion: v2\nname: extra\nversion: 1.0.0\n",
    },
    "subchart-schema": {
        "Chart.yaml": GOOD_CHART + "dependencies:\n- name: sub\n  version: 1.0.0\n",
        "values.yaml": "sub:\n  port: x\n",
        "templates/a.yaml": "a: b\n",
        "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
        "charts/sub/values.schema.json": '{"properties":{"port":{"type":"integer"}}}',
    },
    "crds": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "crds/a.yaml": ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n"
                        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                        "metadata:\n  name: w.example.com\n"),
        "crds/b.yaml": "{{ .Values.x }}: [\n",
    },
    "json-manifests": {
        "Chart.yaml": GOOD_CHART, "values.yaml": "",
        "templates/a.yaml": ('{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "Bad_Name"}}\n'
                             '{"apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget",'
                             ' "metadata": {"name": "p"}}\n'),
        "templates/b.yaml": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": 5}}\n',
    },
    "json-truncated": {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                       "templates/a.yaml": '  {"apiVersion": "v1", "kind": "Con'},
    "json-trailing-garbage": {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                              "templates/a.yaml": '{"kind": "ConfigMap", "metadata": {"name": "x"}} oops'},
    "crds-mixed": {
        "Chart.yaml": GOOD_CHART + "dependencies:\n- name: s\n  version: 1.0.0\n", "values.yaml": "",
        "crds/a.json": '{"apiVersion": "v1", "kind": "X"}', "crds/b.txt": "kind: X\n",
        "crds/c.yml": "---\n---\n", "crds/f.yaml": "kind: 5\n",
        "crds/sub/d.yaml": "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\n",
        "charts/s/Chart.yaml": "apiVersion: v2\nname: s\nversion: 1.0.0\n", "charts/s/crds/e.yaml": "kind: Nope\n",
    },
    "library-chart": {"Chart.yaml": GOOD_CHART + "type: library\n", "values.yaml": "",
                      "templates/_h.tpl": '{{ define "x" }}a{{ end }}',
                      "templates/cm.yaml": "kind: Deployment\nmetadata:\n  name: X\n"},
    "uppercase-extensions": {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                             "templates/cm.YAML": "kind: Service\nmetadata:\n  name: X\n", "templates/n.TXT": "x"},
    "helmignore": {"Chart.yaml": GOOD_CHART, "values.yaml": "", ".helmignore": "templates/bad.yaml\n",
                   "templates/bad.yaml": "kind: [\n", "templates/ok.yaml": "kind: Service\nmetadata:\n  name: ok\n"},
    "nested-templates": {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                         "templates/sub/dir/x.yaml": "kind: Service\nmetadata:\n  name: X\n"},
    "empty-render": {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                     "templates/x.yaml": "{{- if false }}\nkind: X\n{{- end }}\n", "templates/y.yaml": "# c\n"},
    "crlf-and-indent": {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                        "templates/x.yaml": "\r\n  kind: Service\r\nmetadata:\r\n  name: X\r\n"},
    "missing-include": {"Chart.yaml": GOOD_CHART, "values.yaml": "", "templates/x.yaml": '{{ include "nope" . }}\n'},
    "subchart-templates-not-checked": {
        "Chart.yaml": GOOD_CHART + "dependencies:\n- name: s\n  version: 1.0.0\n", "values.yaml": "",
        "charts/s/Chart.yaml": "apiVersion: v2\nname: s\nversion: 1.0.0\n",
        "charts/s/templates/x.yaml": "kind: Deployment\nmetadata:\n  name: X\n"},
    "disabled-subchart": {
        "Chart.yaml": GOOD_CHART + "dependencies:\n- name: s\n  version: 1.0.0\n  condition: s.enabled\n",
        "values.yaml": "s:\n  enabled: false\n", "charts/s/Chart.yaml": "apiVersion: v2\nname: s\nversion: 1.0.0\n",
        "charts/s/templates/x.yaml": '{{ fail "boom" }}\n'},
    "fail-relaxed": {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                     "templates/x.yaml": '{{ fail "boom" }}\nkind: Service\nmetadata:\n  name: X\n'},
    "crds-not-a-directory": {"Chart.yaml": GOOD_CHART, "values.yaml": "", "crds": "file"},
    "templates-not-a-directory": {"Chart.yaml": GOOD_CHART, "values.yaml": "", "templates": "file"},
}


def helm_findings(path: str, values: dict[str, Any] | None = None, **kwargs: Any) -> list[tuple]:
    report = helm_python.lint(path, values, **kwargs)
    return [(m["severity"], m["path"], m["error"]) for m in report["messages"]]


def helmpy_findings(path: str, values: dict[str, Any] | None = None, **kwargs: Any) -> list[tuple]:
    report = lint_chart(LintTarget(path, values or {}), LintOptions(**kwargs))
    return [(m.severity, m.path, m.text) for m in report.messages]


@pytest.mark.parametrize("name", sorted(CASES))
def test_rules_match_helm(tmp_path: Path, name: str) -> None:
    chart = str(write_chart(tmp_path / "demo", CASES[name]))
    assert helmpy_findings(chart) == helm_findings(chart)


@pytest.mark.parametrize("kube_version", ["v1.8.0", "v1.16.0", "v1.21.0", "v1.25.0", "v1.33.0",
                                          "v1.35.0", "v1.40.0"])
def test_deprecations_follow_kube_version(tmp_path: Path, kube_version: str) -> None:
    chart = str(write_chart(tmp_path / "demo", CASES["deprecated-apis"]))
    ours = helmpy_findings(chart, kube_version=kube_version)
    assert ours == helm_findings(chart, kube_version=kube_version)


def test_user_values_reach_schema_and_templates(tmp_path: Path) -> None:
    chart = str(write_chart(tmp_path / "demo", CASES["schema-violation"]))
    values = {"port": 80, "host": None}
    assert helmpy_findings(chart, values) == helm_findings(chart, values)
    values = {"port": 80, "host": "h"}
    assert helmpy_findings(chart, values) == helm_findings(chart, values)


def test_namespace_reaches_templates(tmp_path: Path) -> None:
    files = {"Chart.yaml": GOOD_CHART, "values.yaml": "",
             "templates/a.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Namespace }}\n"}
    chart = str(write_chart(tmp_path / "demo", files))
    assert helmpy_findings(chart, namespace="9bad") == helm_findings(chart, namespace="9bad")


@pytest.mark.parametrize("name", ["nothing", "afile", "bad.tgz", "missing.tgz", "."])
def test_unlintable_paths_are_errors(tmp_path: Path, name: str) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "bad.tgz").write_text("garbage")
    path = str(tmp_path / name)
    report = lint_chart(path)
    helm = helm_python.lint(path, None)
    assert report.errors == helm["errors"]
    assert report.linted == helm["total_charts_linted"] == 0


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    chart = str(write_chart(tmp_path / "demo", CASES["deprecated-apis"]))
    for strict in (False, True):
        report = lint_chart(chart, LintOptions(strict=strict))
        helm = helm_python.lint(chart, None, strict=strict)
        assert report.errors == helm["errors"], strict


def test_archive_is_linted_like_its_directory(tmp_path: Path) -> None:
    from helmpy.chart.loader import load
    from helmpy.chart.save import save

    chart_dir = write_chart(tmp_path / "demo", CASES["workload-without-selector"])
    archive = save(load(str(chart_dir)), str(tmp_path))
    ours = helmpy_findings(str(archive))
    theirs = helm_findings(str(archive))
    assert [m for m in ours if not os.path.isabs(m[1])] == [m for m in theirs if not os.path.isabs(m[1])]
    assert len(ours) == len(theirs)


URL_SAMPLES = [
    "https://example.com", "http://x", "ftp://a.b/c", "example.com", "//example.com/x", "/abs/path",
    "mailto:me@x.io", "https://exa mple.com", "https://example.com/a b", "http://[::1]:80/",
    "http://a_b.com", "https://example.com/#frag", "git@github.com:x/y.git", "HTTPS://EX.COM",
    "https://", "x:y", "http://%zz", "https://example.com/%zz", "file:///tmp/x", "https://ex.com:99999/",
    "https://-x.com", "http://localhost:8080", "https://example.com?x=1", "data:image/png;base64,AAA",
    "https://例え.jp", "http://1.2.3.4", "http://300.1.1.1", "https://a", "a", "http://.com",
    "http://a..b.com", "https://ex.com/path?q=a b", "https://user:pw@ex.com/", "localhost:80",
]
EMAIL_SAMPLES = [
    "me@example.com", "me", "me@x", "a.b+c@ex.co", "a@b.c", '"q"@ex.com', "a@@b.com", "a@-b.com",
    "a@b_c.com", "ab@[1.2.3.4]", "a b@c.com", "ü@ex.com", "a@ex.com.", "a.@ex.com", ".a@ex.com",
    "a@ex.c0m", '"a b"@ex.com', "a@ex-.com",
]


def _metadata_cases() -> list[str]:
    import json

    out = []
    for url in URL_SAMPLES:
        quoted = json.dumps(url)
        out += [f"icon: {quoted}\n", f"sources: [{quoted}]\n",
                f"maintainers:\n- name: me\n  url: {quoted}\n"]
    out += [f"maintainers:\n- name: me\n  email: {json.dumps(e)}\n" for e in EMAIL_SAMPLES]
    return out


@pytest.mark.parametrize("extra", _metadata_cases())
def test_urls_and_emails_match_helm(tmp_path: Path, extra: str) -> None:
    """govalidator's URL and e-mail checks, as Helm's Chart.yaml rules apply them."""
    chart = str(write_chart(tmp_path / "demo", {"Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0.0\n"
                                                              + extra, "values.yaml": ""}))
    assert helmpy_findings(chart) == helm_findings(chart)


@pytest.mark.parametrize("field", ["email", "url"])
def test_maintainer_fields_property(tmp_path_factory: pytest.TempPathFactory, field: str) -> None:
    import json

    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("ab1.-_@:/?#[]%~ é") + ["http://", "https://", ".com", "x@y"])

    @settings(max_examples=100, deadline=None)
    @given(st.lists(alphabet, min_size=1, max_size=8).map("".join))
    def check(text: str) -> None:
        root = tmp_path_factory.mktemp("prop") / "demo"
        chart = str(write_chart(root, {"Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0.0\n"
                                       f"maintainers:\n- name: me\n  {field}: {json.dumps(text)}\n",
                                       "values.yaml": ""}))
        assert helmpy_findings(chart) == helm_findings(chart)

    check()


def test_rendered_documents_property(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Random manifest streams (kinds, names, API versions, separators, broken YAML) get
    Helm's template findings."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    kinds = ["Deployment", "Service", "ConfigMap", "Namespace", "Role", "List", "StatefulSet",
             "Ingress", "5", "true", "null", "[a]"]
    apis = ["v1", "apps/v1", "extensions/v1beta1", "policy/v1beta1", "x.io/v1", "1"]
    names = ["ok", "Bad_Name", "a.b", "-x", "", "12", "1.5", "yes", "~", "'quoted'", "{a: b}", "x" * 64]
    extras = ["spec:\n  selector:\n    matchLabels: {a: b}",
              "items:\n- metadata:\n    annotations:\n      helm.sh/resource-policy: keep",
              "bad: [unclosed", "dup: 1\ndup: 2", "metadata: x"]
    line = st.one_of(st.sampled_from(apis).map("apiVersion: {}".format),
                     st.sampled_from(kinds).map("kind: {}".format),
                     st.sampled_from(names).map("metadata:\n  name: {}".format),
                     st.sampled_from(extras))
    document = st.lists(line, min_size=1, max_size=4, unique=True).map(lambda ls: "\n".join(ls) + "\n")
    separator = st.sampled_from(["---\n", "---\n# c\n", "--- # x\n", "\n---\n", "---x\n"])

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.tuples(separator, document), min_size=1, max_size=3), st.booleans())
    def check(docs: list[tuple[str, str]], indent: bool) -> None:
        text = ("  " if indent else "") + docs[0][1] + "".join(sep + doc for sep, doc in docs[1:])
        root = tmp_path_factory.mktemp("docs") / "demo"
        chart = str(write_chart(root, {"Chart.yaml": GOOD_CHART, "values.yaml": "",
                                       "templates/a.yaml": text}))
        assert helmpy_findings(chart) == helm_findings(chart)

    check()


@pytest.mark.parametrize("kube_version", ["1.30", "v1.31.2", "1.29.0-rc.1+k3s", "v1.2.x", " 1.30",
                                          "1.30."])
def test_kube_version_reaches_capabilities(tmp_path: Path, kube_version: str) -> None:
    chart = str(write_chart(tmp_path / "demo", CASES["release-and-capabilities"]))
    assert helmpy_findings(chart, kube_version=kube_version) == helm_findings(chart, kube_version=kube_version)


@pytest.mark.parametrize("kube_version", ["banana", "1", "01.30", ""])
def test_bad_kube_versions_are_refused_like_helm(tmp_path: Path, kube_version: str) -> None:
    from helmpy.errors import HelmpyError

    chart = str(write_chart(tmp_path / "demo", CASES["good"]))
    try:
        helm_python.lint(chart, None, kube_version=kube_version)
        helm_error = None
    except Exception as err:  # noqa: BLE001 - the SDK's error type is its own
        helm_error = str(err)
    try:
        lint_chart(chart, LintOptions(kube_version=kube_version))
        ours = None
    except HelmpyError as err:
        ours = str(err)
    assert ours == helm_error


def test_chart_yaml_property(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Random Chart.yaml files (field types, versions, duplicate and unknown keys) get Helm's findings."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    values = ["demo", "Demo", "a/b", '"x y"', "1.0", "1", "true", "null", "~", "[a]", "{a: 1}",
              "v1.2.3", "1.2.3-rc.1+b", "0.0.0", "0.0.0-0", '""', "'1.2'", "01.2.3", "1.2.3.4",
              "v2", "v1", "v3", "application", "library", "other", "2023-01-01"]
    fields = ["name", "version", "apiVersion", "appVersion", "type", "kubeVersion", "description",
              "icon", "home", "deprecated", "tags", "condition", "keywords", "annotations", "sources",
              "Name", "engine"]
    extras = ["dependencies:\n- name: x\n  version: 1.0.0", "maintainers:\n- name: me",
              "maintainers:\n- null", "dependencies:\n- alias: a\n  name: x"]
    entry = st.one_of(st.tuples(st.sampled_from(fields), st.sampled_from(values)).map(": ".join),
                      st.sampled_from(extras))

    @settings(max_examples=100, deadline=None)
    @given(st.lists(entry, min_size=1, max_size=7))
    def check(lines: list[str]) -> None:
        root = tmp_path_factory.mktemp("chartyaml") / "demo"
        chart = str(write_chart(root, {"Chart.yaml": "\n".join(lines) + "\n", "values.yaml": ""}))
        assert helmpy_findings(chart) == helm_findings(chart)

    check()
