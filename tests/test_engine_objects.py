"""The built-in objects (.Chart, .Release, .Capabilities, .Files, .Template, .Subcharts)
as templates see them, compared with Helm's SDK rendering the same template."""
from __future__ import annotations

from pathlib import Path

import pytest

import helmpy
from tests.helm_reference import helm_render_case, write_case_chart

TEMPLATES = [
    "{{ .Chart }}|{{ toJson .Chart }}|{{ toYaml .Chart }}|{{ .Chart.Annotations }}",
    "{{ .Release }}|{{ toJson .Release }}|{{ typeOf .Release.Revision }}",
    "{{ .Capabilities }}|{{ .Capabilities.KubeVersion }}|{{ .Capabilities.HelmVersion }}",
    "{{ toJson .Capabilities }}|{{ toPrettyJson .Capabilities.HelmVersion }}",
    "{{ toYaml .Capabilities.KubeVersion }}|{{ toPrettyJson (dict \"k\" .Capabilities.KubeVersion) }}",
    "{{ .Capabilities.APIVersions.Has \"apps/v1\" }}|{{ .Capabilities.APIVersions.Has \"x/v9\" }}",
    "{{ typeOf . }}|{{ typeOf .Template }}|{{ typeOf .Chart }}|{{ typeOf .Values }}|"
    "{{ typeOf .Capabilities }}|{{ typeOf .Files }}|{{ typeOf .Subcharts }}",
    "{{ .Template }}|{{ .Template.Name }}|{{ .Template.BasePath }}|{{ keys . | sortAlpha }}",
    "{{ .Files.Get \"files/a.txt\" }}|{{ .Files.GetBytes \"files/a.txt\" }}|{{ .Files.Lines \"files/a.txt\" }}",
    "{{ range $k, $v := .Files.Glob \"files/*\" }}{{ $k }}={{ $v | toString }};{{ end }}",
    "{{ (.Files.Glob \"files/*\").AsConfig }}|{{ (.Files.Glob \"files/*\").AsSecrets }}",
    "{{ .Files.Glob \"files/**\" | len }}|{{ .Files.Glob \"files/{a,b}.txt\" | len }}|{{ .Files.Get \"nope\" }}",
    "{{ tpl \"{{ .Template.Name }}-{{ .Chart.Name }}\" . }}",
    "{{ .Files.Lines \"files/empty.txt\" }}",
    "{{ .Files.Lines \"nope.txt\" }}|{{ .Files.Get \"files/empty.txt\" | len }}",
]
FILES = {"files/a.txt": "alpha\nbeta\n", "files/b.txt": "b: 1\n", "files/sub/c.txt": "c",
         "files/empty.txt": ""}


@pytest.mark.parametrize("template", TEMPLATES)
def test_builtin_objects_match_helm(template: str, tmp_path: Path) -> None:
    want, want_error = helm_render_case(template, values="a: 1\n", files=FILES)
    chart = helmpy.load_chart(str(write_case_chart(tmp_path, template, "a: 1\n", None, FILES)))
    if want_error is not None:
        with pytest.raises(helmpy.HelmpyError) as caught:
            helmpy.render_templates(chart, release="r", namespace="ns")
        assert str(caught.value) == want_error
    else:
        out = helmpy.render_templates(chart, release="r", namespace="ns")
        assert out["c/templates/case.yaml"] == want


def test_get_host_by_name_is_off_without_enable_dns(tmp_path: Path) -> None:
    template = '{{ getHostByName "localhost" }}'
    want, _ = helm_render_case(template)
    chart = helmpy.load_chart(str(write_case_chart(tmp_path, template)))
    assert helmpy.render_templates(chart, release="r", namespace="ns")["c/templates/case.yaml"] == want == ""
    on = helmpy.render_templates(chart, release="r", namespace="ns", enable_dns=True)
    assert on["c/templates/case.yaml"] == "127.0.0.1"


KUBE_TEMPLATE = ("{{ fail (printf \"V=%s|%v|G=%s|M=%s|m=%s\" .Capabilities.KubeVersion.Version "
                 ".Capabilities.KubeVersion .Capabilities.KubeVersion.GitVersion "
                 ".Capabilities.KubeVersion.Major .Capabilities.KubeVersion.Minor) }}")


@pytest.mark.parametrize("kube_version", ["1.30", "v1.29.0-rc.1+k3s", "1.30.2", "v1.31"])
def test_kube_version_flag_matches_helm(kube_version: str, tmp_path: Path) -> None:
    """Helm's lint takes --kube-version and lint mode logs what `fail` would say."""
    import helm_python

    chart = write_case_chart(tmp_path, KUBE_TEMPLATE)
    helm_python.enable_logging() if hasattr(helm_python, "enable_logging") else None
    report = helm_python.lint(str(chart), kube_version=kube_version)
    assert report is not None
    result = helmpy.render(helmpy.load_chart(str(chart)), release="r", namespace="ns",
                           kube_version=kube_version, lint_mode=True)
    (warning,) = [w for w in result.warnings if "V=" in w]
    from helmpy.engine.capabilities import parse_generic_version

    parts = parse_generic_version(kube_version)
    given = kube_version if kube_version.startswith("v") else "v" + kube_version
    normalized = "v" + ".".join(map(str, parts))
    assert warning.endswith(f"V={given}|{{{given} {normalized} {parts[0]} {parts[1]}}}|"
                            f"G={given}|M={parts[0]}|m={parts[1]}")
