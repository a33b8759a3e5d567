"""fmt and text/template printing of Go structs (.Capabilities) compared with Helm."""
from __future__ import annotations

from helmpy.engine.capabilities import make_capabilities
from helmpy.gotemplate.gofmt import format_template_value, sprintf
from tests.batch_differential import helm_outputs


def test_capabilities_printing_matches_helm() -> None:
    caps = make_capabilities()
    expected = helm_outputs([
        ".Capabilities",
        ".Capabilities.KubeVersion",
        'printf "%v" .Capabilities.KubeVersion',
        'printf "%v" .Capabilities',
        'printf "%+v" .Capabilities.HelmVersion',
        ".Capabilities.HelmVersion",
        'printf "%s|%d" .Capabilities.KubeVersion .Capabilities.APIVersions',
    ])
    got = [
        format_template_value(caps),
        format_template_value(caps.KubeVersion),
        sprintf("%v", caps.KubeVersion),
        sprintf("%v", caps),
        sprintf("%+v", caps.HelmVersion),
        format_template_value(caps.HelmVersion),
        sprintf("%s|%d", caps.KubeVersion, caps.APIVersions),
    ]
    assert got == expected
