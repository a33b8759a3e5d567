"""security.md rows "--set parsing", "YAML", "schemas" and "DNS in templates", end to end.

Each hostile input goes through ``helmpy template`` (a subprocess, so a crash, a hang or a
traceback shows) and the refusal is compared with what Helm's SDK says about the same input.
Wall-clock bounds are generous (shared 2-core machine) but far below what the unbounded
behaviour costs.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests import repo_support
from tests.helm_reference import helm_render_case
from tests.repo_support import run_helmpy
from tests.security_support import no_traceback
from tests.test_repo_client import recorder

hp = pytest.importorskip("helm_python")


home = repo_support.home  # the fixture, shared through the support module


def _chart(root: Path, files: dict[str, str], chart_yaml_extra: str = "") -> Path:
    chart = root / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(f"apiVersion: v2\nname: c\nversion: 1.0.0\n{chart_yaml_extra}")
    for name, text in files.items():
        (chart / name).parent.mkdir(parents=True, exist_ok=True)
        (chart / name).write_text(text)
    return chart


def _helm_load_error(chart: Path) -> str:
    with pytest.raises(hp.HelmError) as err:
        hp.Chart.load(str(chart)).close()
    return str(err.value)


def _timed(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    result = run_helmpy(*args, env=env)
    return result, time.monotonic() - start


# --- --set parsing -------------------------------------------------------------------------

@pytest.mark.parametrize("flag,text,helm_parser", [
    ("--set", ".".join(["a"] * 10_000) + "=1", "parse_set_string"),
    ("--set", "a[99999999]=1", "parse_set_string"),
    ("--set", "a[-1]=1", "parse_set_string"),
    ("--set-literal", ".".join(["a"] * 10_000) + "=1", "parse_set_literal"),
])
def test_set_bounds_through_the_cli(tmp_path: Path, flag: str, text: str,
                                    helm_parser: str) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n"})
    with pytest.raises(hp.HelmError) as helm:
        getattr(hp, helm_parser)(text)
    result, elapsed = _timed("template", "rel", str(chart), flag, text)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == f"Error: failed parsing {flag} data: {helm.value}\n"
    assert elapsed < 30


def test_nested_list_indexes_do_not_crash(tmp_path: Path) -> None:
    """Helm bounds name nesting (30), not list nesting; 30000 nested indexes must not crash."""
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n"})
    result, elapsed = _timed("template", "rel", str(chart), "--set-string",
                             "a" + "[0]" * 30_000 + "=1")
    no_traceback(result)
    assert elapsed < 30
    assert (result.returncode, result.stderr) in [
        (0, ""), (1, "Error: input is nested too deeply for helmpy to process\n")]


def test_set_json_depth_is_bounded(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n"})
    text = "a=" + "[" * 60_000  # under the kernel's 128 KiB limit for one argument
    with pytest.raises(hp.HelmError) as helm:
        hp.parse_set_json(text)
    result, elapsed = _timed("template", "rel", str(chart), "--set-json", text)
    no_traceback(result)
    assert result.returncode == 1
    assert "exceeded max depth" in str(helm.value)
    # Helm's options.go drops the cause here: "failed parsing --set-json data %s"
    assert result.stderr == f"Error: failed parsing --set-json data {text}\n"
    assert elapsed < 30


def test_largest_index_helm_allows_still_works(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": "n: {{ len .Values.a }}\n"})
    result = run_helmpy("template", "rel", str(chart), "--set", "a[65536]=1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("n: 65537\n")


# --- YAML ----------------------------------------------------------------------------------

def _alias_bomb() -> str:
    """Nine levels of ten aliases each: 10^9 nodes if expanded."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("where", ["values.yaml", "Chart.yaml"])
def test_alias_bombs_in_chart_files_are_refused_like_helm(tmp_path: Path, where: str) -> None:
    if where == "Chart.yaml":
        chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n"}, chart_yaml_extra=_alias_bomb())
    else:
        chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n", where: _alias_bomb()})
    helm_message = _helm_load_error(chart)
    assert "excessive aliasing" in helm_message
    result, elapsed = _timed("template", "rel", str(chart))
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == f"Error: {helm_message}\n"
    assert elapsed < 30


def test_alias_bomb_in_a_values_file_flag(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n"})
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_alias_bomb())
    result, elapsed = _timed("template", "rel", str(chart), "-f", str(bomb))
    no_traceback(result)
    assert result.returncode == 1
    assert "yaml: document contains excessive aliasing" in result.stderr
    assert elapsed < 30


def test_alias_bomb_through_from_yaml_matches_helm(tmp_path: Path) -> None:
    template = 'x: {{ .Files.Get "bomb.yaml" | fromYaml | toJson }}\n'
    helm_output, helm_error = helm_render_case(template, files={"bomb.yaml": _alias_bomb()})
    assert helm_error is None and "excessive aliasing" in helm_output
    chart = _chart(tmp_path, {"templates/t.yaml": template, "bomb.yaml": _alias_bomb()})
    result, elapsed = _timed("template", "rel", str(chart))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"---\n# Source: c/templates/t.yaml\n{helm_output}"
    assert elapsed < 30


def test_alias_bomb_in_a_repository_index(home: dict[str, str]) -> None:
    bomb = "apiVersion: v1\n" + _alias_bomb() + "entries:\n  x:\n  - name: x\n    version: 1.0.0\n" \
        "    keywords: *i\n"
    with recorder({"/index.yaml": bomb.encode()}) as (url, _):
        result, elapsed = _timed("repo", "add", "bomb", url, env=home)
    no_traceback(result)
    assert result.returncode == 1
    assert "excessive aliasing" in result.stderr
    assert elapsed < 30


@pytest.mark.parametrize("nesting", [
    "[" * 100_000 + "]" * 100_000,                # 200 KB of brackets
    '["]", ' * 30_000 + "]" * 30_000,            # closers hidden in strings
    "{a: " * 30_000 + "1" + "}" * 30_000,
])
def test_deep_nesting_in_values_is_refused_quickly_like_helm(tmp_path: Path,
                                                             nesting: str) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n", "values.yaml": f"a: {nesting}\n"})
    helm_message = _helm_load_error(chart)
    result, elapsed = _timed("template", "rel", str(chart))
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == f"Error: {helm_message}\n"
    assert elapsed < 20  # composing first took over a minute for the first case


def test_deep_nesting_through_from_yaml_matches_helm(tmp_path: Path) -> None:
    template = 'x: {{ .Files.Get "deep.yaml" | fromYaml | toJson }}\n'
    deep = "a: " + "[" * 50_000 + "]" * 50_000 + "\n"
    helm_output, helm_error = helm_render_case(template, files={"deep.yaml": deep})
    chart = _chart(tmp_path, {"templates/t.yaml": template, "deep.yaml": deep})
    result, elapsed = _timed("template", "rel", str(chart))
    assert helm_error is None
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"---\n# Source: c/templates/t.yaml\n{helm_output}"
    assert elapsed < 20


def test_large_values_file_is_read_in_bounded_time(tmp_path: Path) -> None:
    values = "".join(f"key{i}: value number {i}\n" for i in range(150_000))  # 4.4 MB
    chart = _chart(tmp_path, {"templates/t.yaml": "n: {{ len .Values }}\n", "values.yaml": values})
    with hp.Chart.load(str(chart)) as loaded:
        helm_out = loaded.render(name="rel")["c/templates/t.yaml"]
    result, elapsed = _timed("template", "rel", str(chart))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"---\n# Source: c/templates/t.yaml\n{helm_out}"
    assert elapsed < 60


def test_values_file_over_the_per_file_cap_is_refused_like_helm(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n",
                              "values.yaml": "a: " + "x" * (5 * 1024 * 1024) + "\n"})
    helm_message = _helm_load_error(chart)
    result = run_helmpy("template", "rel", str(chart))
    assert result.returncode == 1
    assert result.stderr == f"Error: {helm_message}\n"


# --- schemas -------------------------------------------------------------------------------

SCHEMA_HEADER = "Error: values don't meet the specifications of the schema(s) in the following " \
    "chart(s):\nc:\n"


@pytest.mark.parametrize("ref", ["file:///etc/passwd", "file:///dev/zero", "/dev/urandom",
                                 "../../../../etc/shadow", "REMOTE"])
def test_schema_refs_never_leave_the_chart(tmp_path: Path, ref: str) -> None:
    with recorder({"/schema.json": b'{"type": "string"}'}) as (url, seen):
        target = f"{url}/schema.json" if ref == "REMOTE" else ref
        schema = {"properties": {"a": {"$ref": target}}}
        chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n", "values.yaml": "a: 1\n",
                                  "values.schema.json": json.dumps(schema)})
        result, elapsed = _timed("template", "rel", str(chart))
    no_traceback(result)
    assert seen == []  # nothing fetched
    assert result.returncode == 1
    assert result.stderr == (f'{SCHEMA_HEADER}failing loading "{_absolute(target)}": helmpy '
                             "resolves $ref only inside the chart's values.schema.json\n")
    assert "root:" not in result.stdout + result.stderr  # no /etc/passwd content
    assert elapsed < 30


def _absolute(ref: str) -> str:
    return ref if "://" in ref else "file://" + str(Path("/", ref).resolve())


def test_recursive_schema_over_deep_values_is_bounded(tmp_path: Path) -> None:
    schema = {"$ref": "#/$defs/n",
              "$defs": {"n": {"type": "object", "properties": {"a": {"$ref": "#/$defs/n"}}}}}
    values = "".join("  " * i + "a:\n" for i in range(1500)) + "  " * 1500 + "a: {}\n"
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n", "values.yaml": values,
                              "values.schema.json": json.dumps(schema)})
    result, elapsed = _timed("template", "rel", str(chart))
    no_traceback(result)
    assert elapsed < 60
    with hp.Chart.load(str(chart)) as loaded:
        helm_out = loaded.render(name="rel")["c/templates/t.yaml"]
    if result.returncode == 0:
        assert result.stdout == f"---\n# Source: c/templates/t.yaml\n{helm_out}"
    else:  # Helm (Go) has no recursion limit; helmpy refuses cleanly instead of crashing
        assert result.stderr == "Error: input is nested too deeply for helmpy to process\n"


def test_self_referencing_schema_is_refused_not_looped(tmp_path: Path) -> None:
    schema = {"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}
    chart = _chart(tmp_path, {"templates/t.yaml": "x: 1\n", "values.schema.json": json.dumps(schema)})
    result, elapsed = _timed("template", "rel", str(chart))
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith(SCHEMA_HEADER) and "causing reference cycle" in result.stderr
    assert elapsed < 30


# --- DNS in templates ----------------------------------------------------------------------

DNS_TEMPLATE = 'h: {{ getHostByName "localhost" | quote }}\n'


def test_get_host_by_name_is_off_by_default_like_helm(tmp_path: Path) -> None:
    helm_output, helm_error = helm_render_case(DNS_TEMPLATE)
    assert helm_error is None and helm_output == 'h: ""\n'
    chart = _chart(tmp_path, {"templates/t.yaml": DNS_TEMPLATE})
    result = run_helmpy("template", "rel", str(chart))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"---\n# Source: c/templates/t.yaml\n{helm_output}"


def test_enable_dns_really_resolves(tmp_path: Path) -> None:
    chart = _chart(tmp_path, {"templates/t.yaml": DNS_TEMPLATE})
    result = run_helmpy("template", "rel", str(chart), "--enable-dns")
    assert result.returncode == 0, result.stderr
    assert result.stdout == '---\n# Source: c/templates/t.yaml\nh: "127.0.0.1"\n'
