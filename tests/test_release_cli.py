"""The release commands end to end (click, in process) against the emulator, checked
against what Helm's SDK reports for the same releases and Helm's printers' formats."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from helmpy.cli.main import cli
from helmpy.kube.emulator import Emulator
from tests.emulator_support import helm_config, release_json_of, write_hello_chart
from tests.release_scenarios import stored

pytest.importorskip("helm_python")


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[Emulator, dict[str, str], Path]]:
    with Emulator() as emu:
        kubeconfig = emu.write_kubeconfig(tmp_path / "kubeconfig")
        yield emu, {"KUBECONFIG": str(kubeconfig), "TZ": "UTC", "HELMPY_DRIVER": ""}, \
            write_hello_chart(tmp_path)


def run(environment: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)


def test_install_upgrade_rollback_uninstall_output(env: Any) -> None:
    emu, environment, chart = env
    done = run(environment, "install", "demo", str(chart), "--set", "message=one", "--wait")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0] == "NAME: demo" and lines[1].startswith("LAST DEPLOYED: ")
    assert lines[2:8] == ["NAMESPACE: default", "STATUS: deployed", "REVISION: 1",
                          "DESCRIPTION: Install complete", "TEST SUITE: None", "NOTES:"]
    assert lines[8] == "Hello demo <&> one"
    done = run(environment, "upgrade", "demo", str(chart), "--set", "message=two")
    assert done.stdout.startswith('Release "demo" has been upgraded. Happy Helming!\nNAME: demo')
    done = run(environment, "rollback", "demo", "1")
    assert done.stdout == "Rollback was a success! Happy Helming!\n"
    assert stored(emu, "configmaps")["demo-cm"]["data"] == {"message": "one"}
    with helm_config(emu) as cfg:
        assert [(h["revision"], h["status"]) for h in cfg.history("demo")] == [
            (1, "superseded"), (2, "superseded"), (3, "deployed")]
    done = run(environment, "uninstall", "demo")
    assert done.stdout == 'release "demo" uninstalled\n'
    done = run(environment, "uninstall", "demo")
    assert done.exit_code == 1
    assert done.stderr == "Error: uninstall: Release not loaded: demo: release: not found\n"
    assert run(environment, "uninstall", "demo", "--ignore-not-found").exit_code == 0


def test_failures_are_reported_like_helm(env: Any) -> None:
    _, environment, chart = env
    run(environment, "install", "demo", str(chart))
    done = run(environment, "install", "demo", str(chart))
    assert done.exit_code == 1
    assert done.stderr == ("Error: INSTALLATION FAILED: release name check failed: cannot "
                           "reuse a name that is still in use\n")
    done = run(environment, "upgrade", "nope", str(chart))
    assert done.stderr == 'Error: UPGRADE FAILED: "nope" has no deployed releases\n'


def test_reads_match_helms_view(env: Any) -> None:
    """A release Helm wrote, read through helmpy's commands."""
    emu, environment, chart = env
    with helm_config(emu) as cfg:
        cfg.install(str(chart), "demo", {"message": "<one>", "replicas": 2},
                    labels={"team": "a"})
        cfg.upgrade(str(chart), "demo", {"message": "two"})
        helm_values = cfg.get_values("demo", revision=1)
        helm_all = cfg.get_values("demo", all_values=True) if _has_all(cfg) else None
        helm_history = cfg.history("demo")
        helm_status = cfg.status("demo")
        helm_metadata = cfg.get_metadata("demo")
    done = run(environment, "get", "values", "demo", "--revision", "1", "-o", "json")
    assert json.loads(done.stdout) == helm_values
    if helm_all is not None:
        done = run(environment, "get", "values", "demo", "--all", "-o", "json")
        assert json.loads(done.stdout) == helm_all
    done = run(environment, "get", "manifest", "demo")
    assert done.stdout == helm_status["manifest"] + "\n"
    done = run(environment, "history", "demo", "-o", "json")
    ours = json.loads(done.stdout)
    assert [(h["revision"], h["status"], h["chart"], h["app_version"]) for h in ours] == \
        [(h["revision"], h["status"], f"{h['chart_name']}-{h['chart_version']}",
          h["app_version"]) for h in helm_history]
    done = run(environment, "get", "metadata", "demo", "-o", "json")
    assert json.loads(done.stdout) == helm_metadata
    # status -o json is Helm's release JSON without the chart, byte for byte.
    record = json.loads(release_json_of(stored(emu, "secrets")["sh.helm.release.v1.demo.v2"]))
    record.pop("chart")
    done = run(environment, "status", "demo", "-o", "json")
    ours = json.loads(done.stdout)
    assert sorted(ours["info"].pop("resources")) == ["v1/ConfigMap", "v1/Deployment",
                                                     "v1/Service"]
    assert ours == record
    done = run(environment, "list", "-o", "json")
    assert [(r["name"], r["revision"], r["status"]) for r in json.loads(done.stdout)] == [
        ("demo", "2", "deployed")]


def _has_all(cfg: Any) -> bool:
    import inspect

    return "all_values" in inspect.signature(cfg.get_values).parameters


def test_tables(env: Any) -> None:
    _, environment, chart = env
    run(environment, "install", "beta", str(chart))
    run(environment, "install", "alpha", str(chart), "--set", "behavior=fail", "--wait")
    done = run(environment, "list")
    header, first, second = done.stdout.splitlines()
    assert header.split("\t")[0].rstrip() == "NAME"
    assert [c.rstrip() for c in header.split("\t")] == [
        "NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"]
    assert first.startswith("alpha") and "\tfailed  \t" in first
    assert second.startswith("beta ") and "\tdeployed\t" in second
    assert len({len(line.split("\t")[3]) for line in (header, first, second)}) == 1
    assert run(environment, "list", "-q").stdout == "alpha\nbeta\n"
    assert run(environment, "list", "--deployed", "-q").stdout == "beta\n"
    assert run(environment, "list", "--filter", "^al", "-q").stdout == "alpha\n"
    done = run(environment, "history", "beta")
    header, row = done.stdout.splitlines()
    assert [c.rstrip() for c in header.split("\t")] == [
        "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"]
    assert [c.rstrip() for c in row.split("\t")][2:] == [
        "deployed", "hello-0.1.0", "1.0", "Install complete"]


def test_upgrade_install_and_dry_run(env: Any) -> None:
    emu, environment, chart = env
    done = run(environment, "upgrade", "--install", "demo", str(chart), "--dry-run")
    assert done.stdout.startswith('Release "demo" does not exist. Installing it now.\n')
    assert "STATUS: pending-install\n" in done.stdout
    assert "DESCRIPTION: Dry run complete\n" in done.stdout and "MANIFEST:\n---" in done.stdout
    assert "demo-cm" not in stored(emu, "configmaps")
    done = run(environment, "upgrade", "-i", "demo", str(chart))
    assert "STATUS: deployed" in done.stdout
    done = run(environment, "upgrade", "-i", "demo", str(chart), "--set", "message=x")
    assert done.stdout.startswith('Release "demo" has been upgraded.')


def test_other_storage_drivers(env: Any, tmp_path: Path) -> None:
    _, environment, chart = env
    sqlite = {**environment, "HELMPY_DRIVER": "sql",
              "HELMPY_DRIVER_SQL_CONNECTION_STRING": f"sqlite:///{tmp_path}/r.db"}
    assert run(sqlite, "install", "demo", str(chart)).exit_code == 0
    assert run(sqlite, "list", "-q").stdout == "demo\n"
    assert run(environment, "list", "-q").stdout == ""
    assert run(environment, "install", "cm", str(chart), "--storage", "configmap").exit_code == 0
    assert run(environment, "list", "-q", "--storage", "configmap").stdout == "cm\n"


def test_get_subcommands(env: Any) -> None:
    _, environment, chart = env
    run(environment, "install", "demo", str(chart), "--set", "hook=true",
        "--set", "hookDeletePolicy=hook-succeeded")
    assert run(environment, "get", "notes", "demo").stdout == "NOTES:\nHello demo <&> hi\n\n"
    hooks = run(environment, "get", "hooks", "demo").stdout
    assert hooks.startswith("---\n# Source: hello/templates/hook.yaml\napiVersion: batch/v1\n")
    assert run(environment, "get", "values", "demo").stdout == \
        "USER-SUPPLIED VALUES:\nhook: true\nhookDeletePolicy: hook-succeeded\n"
    full = run(environment, "get", "all", "demo").stdout
    assert "CHART: hello\nVERSION: 0.1.0\nAPP_VERSION: 1.0\n" in full
    assert "USER-SUPPLIED VALUES:\n" in full and "COMPUTED VALUES:\n" in full
    assert "HOOKS:\n---\n# Source: hello/templates/hook.yaml" in full
    meta = run(environment, "get", "metadata", "demo").stdout.splitlines()
    assert [line.split(":")[0] for line in meta] == [
        "NAME", "CHART", "VERSION", "APP_VERSION", "ANNOTATIONS", "LABELS", "DEPENDENCIES",
        "NAMESPACE", "REVISION", "STATUS", "DEPLOYED_AT"]


def test_no_values_prints_null_as_helm(env: Any) -> None:
    emu, environment, chart = env
    with helm_config(emu) as cfg:
        cfg.install(str(chart), "demo", None)
        assert cfg.get_values("demo") in (None, {})
    assert run(environment, "get", "values", "demo").stdout == "USER-SUPPLIED VALUES:\nnull\n"



def test_release_test_command(env: Any) -> None:
    from tests.test_release_cluster_features import TEST_POD

    emu, environment, chart = env
    (chart / "templates" / "test-pod.yaml").write_text(TEST_POD)
    (chart / "templates" / "test-two.yaml").write_text(
        TEST_POD.replace("{{ .Values.testName }}", "two"))
    with open(chart / "values.yaml", "a") as values:
        values.write("testName: ok\ntestBehavior: succeed\n")
    run(environment, "install", "demo", str(chart))
    with helm_config(emu) as cfg:
        helm_logs = cfg.test("demo", timeout=30, logs=True,
                             exclude_names=["demo-test-two"])["logs"]
    done = run(environment, "test", "demo", "--logs", "--filter", "!name=demo-test-two")
    assert done.exit_code == 0, done.output
    assert done.stdout.endswith(helm_logs)
    assert "TEST SUITE:     demo-test-ok\nLast Started:   " in done.stdout
    assert "Phase:          Succeeded\n" in done.stdout


def test_bare_wait_and_dry_run_take_no_argument(env: Any) -> None:
    """As with Helm's flags, a bare --wait/--dry-run does not swallow NAME or CHART."""
    emu, environment, chart = env
    done = run(environment, "install", "--dry-run", "demo", str(chart))
    assert done.exit_code == 0, done.output
    assert "DESCRIPTION: Dry run complete" in done.stdout
    done = run(environment, "install", "--wait", "demo", str(chart))
    assert done.exit_code == 0, done.output
    assert "STATUS: deployed" in done.stdout
    done = run(environment, "rollback", "--dry-run", "demo")
    assert done.exit_code != 0  # nothing to roll back to: Helm's message, not a parse error
    assert "release has no 0 version" in done.stderr
    assert run(environment, "uninstall", "--wait", "demo").stdout == \
        'release "demo" uninstalled\n'


def test_status_shows_live_resources(env: Any) -> None:
    """helm status (v4) always gathers the release's objects: kubectl tables under
    ``RESOURCES:`` for the table output, the live objects in ``info.resources`` otherwise."""
    _, environment, chart = env
    run(environment, "install", "demo", str(chart))
    text = run(environment, "status", "demo").stdout
    block = text.split("RESOURCES:\n", 1)[1].split("TEST SUITE:", 1)[0]
    assert block.startswith("==> v1/ConfigMap\nNAME      DATA   AGE\ndemo-cm   1      ")
    assert "\n==> v1/Deployment\nNAME       READY   UP-TO-DATE   AVAILABLE   AGE\n" in block
    assert text.index("DESCRIPTION:") < text.index("RESOURCES:") < text.index("TEST SUITE:")
    data = json.loads(run(environment, "status", "demo", "-o", "json").stdout)
    resources = data["info"]["resources"]
    assert sorted(resources) == ["v1/ConfigMap", "v1/Deployment", "v1/Service"]
    assert resources["v1/ConfigMap"][0]["data"] == {"message": "hi"}
    assert "chart" not in data


def test_post_renderer(env: Any, tmp_path: Path) -> None:
    emu, environment, chart = env
    script = tmp_path / "label.sh"
    script.write_text("#!/bin/sh\nsed 's/message: \"hi\"/message: \"post-rendered\"/'\n")
    script.chmod(0o755)
    done = run(environment, "install", "demo", str(chart), "--post-renderer", str(script))
    assert done.exit_code == 0, done.output
    assert stored(emu, "configmaps")["demo-cm"]["data"] == {"message": "post-rendered"}
    assert "post-rendered" in run(environment, "get", "manifest", "demo").stdout


def test_namespaces_and_all_namespaces(env: Any) -> None:
    emu, environment, chart = env
    done = run(environment, "install", "demo", str(chart), "-n", "team-a",
               "--create-namespace")
    assert done.exit_code == 0, done.output
    assert "NAMESPACE: team-a" in done.stdout
    run(environment, "install", "other", str(chart))
    assert run(environment, "list", "-q").stdout == "other\n"
    assert run(environment, "-n", "team-a", "list", "-q").stdout == "demo\n"
    rows = json.loads(run(environment, "list", "-A", "-o", "json").stdout)
    assert [(r["name"], r["namespace"]) for r in rows] == [("demo", "team-a"),
                                                           ("other", "default")]
    with helm_config(emu, namespace="team-a") as cfg:
        assert [r["name"] for r in cfg.list()] == ["demo"]


def test_failed_release_test_still_prints_status(env: Any) -> None:
    import helm_python

    from tests.test_release_cluster_features import TEST_POD

    emu, environment, chart = env
    (chart / "templates" / "test-pod.yaml").write_text(TEST_POD)
    with open(chart / "values.yaml", "a") as values:
        values.write("testName: bad\ntestBehavior: fail\n")
    run(environment, "install", "demo", str(chart))
    run(environment, "install", "twin", str(chart))
    with helm_config(emu) as cfg, pytest.raises(helm_python.HelmError) as helm_err:
        cfg.test("twin", timeout=30)
    done = run(environment, "test", "demo", "--logs")
    assert done.exit_code == 1
    assert "TEST SUITE:     demo-test-bad\n" in done.stdout
    assert "Phase:          Failed\n" in done.stdout
    assert "POD LOGS: demo-test-bad\nchecked demo\n" in done.stdout
    assert done.stderr == "Error: " + str(helm_err.value).replace("twin", "demo") + "\n"


def test_times_as_go_prints_them(env: Any) -> None:
    """UPDATED is Go's Time.String() of the stored time (or --time-format's layout);
    history's is time.ANSIC. The stored time comes from Helm's own record here."""
    import datetime as dt

    emu, environment, chart = env
    with helm_config(emu) as cfg:
        cfg.install(str(chart), "demo", None)
    record = json.loads(release_json_of(stored(emu, "secrets")["sh.helm.release.v1.demo.v1"]))
    stamp = record["info"]["last_deployed"]
    moment = dt.datetime.fromisoformat(stamp[:19] + "+00:00")
    fraction = stamp[19:-1]
    row = json.loads(run(environment, "list", "-o", "json").stdout)[0]
    assert row["updated"] == f"{moment:%Y-%m-%d %H:%M:%S}{fraction} +0000 UTC"
    row = json.loads(run(environment, "list", "-o", "json", "--time-format",
                         "2006-01-02 15:04:05Z0700").stdout)[0]
    assert row["updated"] == f"{moment:%Y-%m-%d %H:%M:%S}Z"
    history = run(environment, "history", "demo").stdout.splitlines()[1]
    assert history.split("\t")[1].rstrip() == \
        f"{moment:%a %b} {moment.day:2d} {moment:%H:%M:%S %Y}"


def test_get_all_template(env: Any) -> None:
    emu, environment, chart = env
    with helm_config(emu) as cfg:
        cfg.install(str(chart), "demo", {"message": "templated"})
        helm_status = cfg.status("demo")
    template = ("{{ .Release.Name }}|{{ .Release.Version }}|{{ .Release.Info.Status }}|"
                "{{ .Release.Chart.Metadata.Name }}-{{ .Release.Chart.Metadata.Version }}|"
                "{{ .Release.Config.message }}|{{ .Release.Namespace }}")
    done = run(environment, "get", "all", "demo", "--template", template)
    assert done.exit_code == 0, done.output
    assert done.stdout == (f"{helm_status['name']}|{helm_status['revision']}|"
                           f"{helm_status['status']}|{helm_status['chart_name']}-"
                           f"{helm_status['chart_version']}|templated|"
                           f"{helm_status['namespace']}")


def test_timeout_durations(env: Any) -> None:
    from helmpy.release.actions.base import parse_go_duration

    assert parse_go_duration("5m0s") == 300.0
    assert parse_go_duration("1h1m1.5s") == 3661.5
    assert parse_go_duration("250ms") == 0.25
    _, environment, chart = env
    done = run(environment, "install", "demo", str(chart), "--timeout", "5x")
    # A flag that does not parse is cobra's error, before (and outside) the action.
    assert done.stderr == ('Error: invalid argument "5x" for "--timeout" flag: time: '
                           'invalid duration "5x"\n')


def test_flag_conflicts_and_missing_dependencies(env: Any) -> None:
    _, environment, chart = env
    done = run(environment, "install", "demo", str(chart), "--force-replace",
               "--force-conflicts")
    assert done.stderr == ("Error: if any flags in the group [force-replace force-conflicts] "
                           "are set none of the others can be; [force-conflicts force-replace] "
                           "were all set\n")
    with open(chart / "Chart.yaml", "a") as meta:
        meta.write("dependencies:\n- name: missing\n  version: 1.0.0\n"
                   "  repository: https://example.invalid\n")
    done = run(environment, "install", "demo", str(chart))
    assert done.stderr == (
        "Error: INSTALLATION FAILED: an error occurred while checking for chart dependencies. "
        "You may need to run `helm dependency build` to fetch missing dependencies: found in "
        "Chart.yaml, but missing in charts/ directory: missing\n")
