"""``helmpy create|package|show`` end to end, compared with Helm's SDK where it applies."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

hp = pytest.importorskip("helm_python")


def _helmpy(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "helmpy.cli.main", *args], cwd=cwd,
                          capture_output=True, timeout=120, check=False)


def test_create_package_show_round_trip(tmp_path: Path) -> None:
    created = _helmpy("create", "demo", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout == b"Creating demo\n"
    (tmp_path / "helm").mkdir()
    hp.Chart.create("demo", str(tmp_path / "helm")).close()
    for path in (tmp_path / "helm" / "demo").rglob("*"):
        if path.is_file():
            assert (tmp_path / "demo" / path.relative_to(tmp_path / "helm" / "demo")).read_bytes() \
                == path.read_bytes()

    packaged = _helmpy("package", "demo", "--version", "1.2.3", "-d", "out", cwd=tmp_path)
    assert packaged.returncode == 0, packaged.stderr
    archive = tmp_path / "out" / "demo-1.2.3.tgz"
    # Helm joins the -d value as given, so a relative destination prints relative.
    assert packaged.stdout == b"Successfully packaged chart and saved it to: out/demo-1.2.3.tgz\n"
    for fmt in ("chart", "values", "readme", "crds", "all"):
        shown = _helmpy("show", fmt, str(archive), cwd=tmp_path)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.decode() == hp.show(str(archive), output_format=fmt)


def test_create_with_a_bad_name_fails(tmp_path: Path) -> None:
    result = _helmpy("create", "Bad_Name", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == b"Creating Bad_Name\n"
    assert result.stderr.decode().startswith("Error: invalid metadata name, must match regex")
    assert not (tmp_path / "Bad_Name").exists()


def test_package_needs_a_path(tmp_path: Path) -> None:
    result = _helmpy("package", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == b"Error: need at least one argument, the path to the chart\n"


def test_show_a_missing_chart_fails(tmp_path: Path) -> None:
    result = _helmpy("show", "chart", str(tmp_path / "nothing-here"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(b"Error: ")
