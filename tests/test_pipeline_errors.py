"""Install-level failures of ``helmpy.render`` against Helm's own messages.

Helm's SDK runs a client-side dry-run install (no cluster contacted), which performs the same
checks ``helm install``/``helm template`` do after rendering: dependency presence, the chart's
kubeVersion constraint, and YAML parsing of every rendered document.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import helmpy


def _chart(root: Path, chart_yaml: str, templates: dict[str, str]) -> Path:
    chart = root / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(chart_yaml)
    for name, text in templates.items():
        (chart / "templates" / name).write_text(text)
    return chart


def _helm_error(chart: Path) -> str:
    import helm_python

    config = helm_python.Config(kube_apiserver="http://127.0.0.1:9")
    with pytest.raises(helm_python.HelmError) as caught:
        config.install(helm_python.Chart.load(str(chart)), name="r", dry_run="client")
    return str(caught.value)


CASES = {
    "missing-dependency": (
        "apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n"
        "  - name: db\n    version: 1.0.0\n    repository: https://example.com\n"
        "  - name: cache\n    version: 2.0.0\n    repository: https://example.com\n",
        {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"},
    ),
    "kube-version": (
        "apiVersion: v2\nname: c\nversion: 0.1.0\nkubeVersion: '>=1.10.0 <1.20.0'\n",
        {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"},
    ),
    "yaml-second-document": (
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nkind: [\n"},
    ),
    "annotation-not-string": (
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
                    "  annotations:\n    a: [1]\n"},
    ),
    "kind-not-string": (
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        {"cm.yaml": "apiVersion: v1\nkind: [ConfigMap]\nmetadata:\n  name: x\n"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_install_failure_matches_helm(name: str, tmp_path: Path) -> None:
    chart_yaml, templates = CASES[name]
    chart = _chart(tmp_path, chart_yaml, templates)
    want = _helm_error(chart)
    with pytest.raises(helmpy.HelmpyError) as caught:
        helmpy.render(helmpy.load_chart(str(chart)), release="r", namespace="default")
    if name == "missing-dependency":
        # The SDK prefixes its own advice; Helm's action error is the text after it.
        want = want.split("first: ", 1)[1]
    assert str(caught.value) == want


def test_numeric_hook_annotations_read_as_text(tmp_path: Path) -> None:
    """sigs.k8s.io/yaml turns numbers into text for string fields: the weight still counts."""
    chart = _chart(tmp_path, "apiVersion: v2\nname: c\nversion: 0.1.0\n", {
        "job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n"
                    "    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n",
    })
    import helm_python

    config = helm_python.Config(kube_apiserver="http://127.0.0.1:9")
    release = config.install(helm_python.Chart.load(str(chart)), name="r", dry_run="client")
    result = helmpy.render(helmpy.load_chart(str(chart)), release="r", namespace="default")
    assert result.manifest == release.get("manifest", "") == ""
    assert [(h.name, h.weight, h.events) for h in result.hooks] == [("j", 5, ["pre-install"])]
