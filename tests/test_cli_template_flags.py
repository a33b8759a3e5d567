"""``helmpy template`` flags, with expectations built from Helm's goldens and Helm's rules.

- ``--include-crds``: Helm writes every CRD of the chart tree (``crds/`` files, root first)
  as ``---\\n# Source: <chart path>/crds/<file>\\n<content>\\n`` before the manifest.
- ``--show-only``: only the documents whose ``# Source:`` path (without the chart name)
  matches, each printed as ``---\\n<document>\\n``; an unmatched name is an error.
- ``--output-dir``: one file per template under DIR/<template path>.
- ``--kube-version`` / ``--api-versions``: what ``.Capabilities`` reports (Helm v4.2 keeps
  the given version text in ``.KubeVersion.Version``; see test_engine_objects for the rest).
"""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from helmpy.cli.main import cli
from tests.shared_data import CORPUS, corpus_cases, read_exact


def _case(case_id: str) -> dict:
    return next(c for c in corpus_cases() if c["id"] == case_id)


def _run(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, list(args), input=input)
    return result


def test_include_crds_prints_crds_first() -> None:
    case = _case("stable/etcd-operator/default")
    chart_dir = CORPUS / case["chart"]
    crd_files = sorted((chart_dir / "crds").iterdir())
    assert crd_files, "the chart ships CRDs"
    crds = "".join(
        f"---\n# Source: etcd-operator/crds/{f.name}\n{read_exact(f)}\n" for f in crd_files)
    golden = read_exact(CORPUS / case["golden"] / "manifest.yaml")
    result = _run("template", case["release"], str(chart_dir), "-n", case["namespace"],
                  "--include-crds", "--no-hooks")
    assert result.exit_code == 0, result.output
    assert result.stdout == (crds + golden).strip() + "\n"


def test_show_only_selects_templates_by_path() -> None:
    case = _case("stable/cockroachdb/default")
    templates = json.loads(read_exact(CORPUS / case["golden"] / "templates.json"))
    manifest = read_exact(CORPUS / case["golden"] / "manifest.yaml")
    wanted = sorted(p for p in templates if f"# Source: {p}\n" in manifest)[:2]
    assert len(wanted) == 2
    args = ["template", case["release"], str(CORPUS / case["chart"]), "-n", case["namespace"]]
    for path in wanted:
        args += ["-s", path.split("/", 1)[1]]
    result = _run(*args)
    assert result.exit_code == 0, result.output
    # each document as the manifest has it, in the order of the -s flags
    docs = ["# Source: " + d.rstrip("\n") for d in manifest.split("---\n# Source: ")[1:]]
    expected = "".join(f"---\n{d}\n" for p in wanted for d in docs
                       if d.startswith(f"# Source: {p}\n"))
    assert result.stdout == expected


def test_output_dir_writes_one_file_per_template(tmp_path: Path) -> None:
    case = _case("stable/acs-engine-autoscaler/default")
    templates = json.loads(read_exact(CORPUS / case["golden"] / "templates.json"))
    result = _run("template", case["release"], str(CORPUS / case["chart"]), "-n",
                  case["namespace"], "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    rendered = sorted(p for p, text in templates.items()
                      if text.strip() and not p.endswith("NOTES.txt"))
    assert written == rendered
    for path in rendered:
        text = (tmp_path / path).read_text()
        assert text == f"---\n# Source: {path}\n{templates[path].lstrip()}\n"


def test_values_from_stdin_and_capabilities_flags(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (chart / "templates" / "cm.yaml").write_text(
        "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\ndata:\n"
        "  v: {{ .Values.v | quote }}\n"
        "  kube: {{ .Capabilities.KubeVersion.Version }}/{{ .Capabilities.KubeVersion.Minor }}\n"
        "  api: {{ .Capabilities.APIVersions.Has \"example.com/v1\" | quote }}\n")
    result = _run("template", "r", str(chart), "-f", "-", "--kube-version", "1.30",
                  "-a", "example.com/v1", input="v: from-stdin\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "---\n# Source: c/templates/cm.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata:\n"
        "  name: x\ndata:\n  v: \"from-stdin\"\n  kube: v1.30/30\n  api: \"true\"\n")


def _tiny_chart(tmp_path: Path) -> Path:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n")
    return chart


def test_release_naming_flags(tmp_path: Path) -> None:
    chart = _tiny_chart(tmp_path)
    named = _run("template", str(chart), "--name-template", '{{ "Web" | lower }}-{{ 3 }}')
    assert named.exit_code == 0, named.output
    assert "  name: web-3\n" in named.stdout
    # helm template presets the name "release-name", which Install.NameAndChart checks
    # before --generate-name: the flag is accepted and changes nothing.
    generated = _run("template", str(chart), "-g")
    assert generated.exit_code == 0, generated.output
    assert "  name: release-name\n" in generated.stdout
    both = _run("template", "x", str(chart), "-g")
    assert both.exit_code == 1
    assert "cannot set --generate-name and also specify a name" in both.output
    bad = _run("template", "Bad_Name", str(chart))
    assert bad.exit_code == 1
    assert 'release name "Bad_Name": invalid release name' in bad.output


def test_post_renderer_rewrites_the_manifest(tmp_path: Path) -> None:
    chart = _tiny_chart(tmp_path)
    script = tmp_path / "post.sh"
    script.write_text("#!/bin/sh\nsed \"s/ConfigMap/$1/\"\n")
    script.chmod(0o755)
    result = _run("template", "r", str(chart), "--post-renderer", str(script),
                  "--post-renderer-args", "Secret")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: Secret\n"
                             "metadata:\n  name: r\n")
