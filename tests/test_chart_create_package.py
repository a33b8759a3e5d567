"""create, package/save, show and dependency list against Helm's SDK."""
from __future__ import annotations

import glob
import io
import tarfile
from pathlib import Path

import pytest

from helmpy.chart.create import create, create_from_starter
from helmpy.chart.dependencies import dependency_list
from helmpy.chart.loader import load
from helmpy.chart.package import package_chart
from helmpy.chart.show import show
from helmpy.errors import ChartError

hp = pytest.importorskip("helm_python")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "charts"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["mychart", "a.b", "x1-y"])
def test_create_writes_helms_default_starter(tmp_path: Path, name: str) -> None:
    (tmp_path / "helm").mkdir()
    (tmp_path / "ours").mkdir()
    hp.Chart.create(name, str(tmp_path / "helm")).close()
    create(name, str(tmp_path / "ours"))
    assert _tree(tmp_path / "ours" / name) == _tree(tmp_path / "helm" / name)
    assert (tmp_path / "ours" / name / "charts").is_dir()


def test_create_from_starter_matches_helm(tmp_path: Path) -> None:
    starter = tmp_path / "starter"
    starter.mkdir()
    create("base", str(starter))
    (tmp_path / "helm").mkdir()
    (tmp_path / "ours").mkdir()
    hp.Chart.create_from("fresh", str(tmp_path / "helm"), str(starter / "base")).close()
    # The SDK passes bare metadata (no description or type), unlike `helm create -p`.
    create_from_starter("fresh", str(tmp_path / "ours"), str(starter / "base"), description="",
                        chart_type="")
    assert _tree(tmp_path / "ours" / "fresh") == _tree(tmp_path / "helm" / "fresh")


def _archive_members(path: str) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def _headers(path: str) -> list[tuple]:
    with tarfile.open(path, "r:gz") as tar:
        return [(m.name, m.mtime, m.mode, m.uid, m.gid, m.uname, m.gname, m.type) for m in tar]


@pytest.mark.parametrize("chart", ["stable/wordpress", "stable/mysql", "argo/argo-workflows",
                                   "datadog/datadog-operator", "incubator/druid",
                                   "jenkins/jenkins"])
def test_package_matches_helms_archive_contents(tmp_path: Path, chart: str) -> None:
    src = CORPUS / chart
    if not src.exists():
        pytest.skip("corpus not present")
    (tmp_path / "helm").mkdir()
    (tmp_path / "ours").mkdir()
    helm_archive = hp.package(str(src), destination=str(tmp_path / "helm"), version="2.0.0",
                              app_version="9.9")
    ours = package_chart(str(src), destination=str(tmp_path / "ours"), version="2.0.0",
                         app_version="9.9")
    assert Path(ours).name == Path(helm_archive).name
    assert _archive_members(ours) == _archive_members(helm_archive)
    # Helm adds subcharts in Go map order (random), so compare headers as sets.
    assert sorted(_headers(ours)) == sorted(_headers(helm_archive))
    with hp.Chart.load(ours) as loaded:  # Helm loads helmpy's archive unchanged
        assert loaded.metadata["version"] == "2.0.0"
        assert loaded.metadata["appVersion"] == "9.9"
    with open(ours, "rb") as handle:
        assert handle.read(3) == b"\x1f\x8b\x08"


@pytest.mark.parametrize("version", ["1.0.0-01", "abc", "1.2.3.4"])
def test_package_version_errors_match_helm(tmp_path: Path, version: str) -> None:
    src = tmp_path / "c"
    create("c", str(tmp_path))
    with pytest.raises(hp.HelmError) as helm_err:
        hp.package(str(src), destination=str(tmp_path), version=version)
    with pytest.raises(ChartError) as our_err:
        package_chart(str(src), destination=str(tmp_path), version=version)
    assert str(our_err.value) == str(helm_err.value)


def test_package_missing_dependency_matches_helm(tmp_path: Path) -> None:
    create("c", str(tmp_path))
    with open(tmp_path / "c" / "Chart.yaml", "a") as handle:
        handle.write("dependencies:\n- name: absent\n  version: 1.0.0\n  repository: x\n")
    with pytest.raises(hp.HelmError) as helm_err:
        hp.package(str(tmp_path / "c"), destination=str(tmp_path))
    with pytest.raises(ChartError) as our_err:
        package_chart(str(tmp_path / "c"), destination=str(tmp_path))
    assert str(our_err.value) == str(helm_err.value)


SHOW_CHARTS = sorted(glob.glob(str(CORPUS / "*" / "*")))[::25]


@pytest.mark.parametrize("chart", SHOW_CHARTS)
@pytest.mark.parametrize("fmt", ["all", "chart", "values", "readme", "crds"])
def test_show_matches_helm(chart: str, fmt: str) -> None:
    assert show(load(chart), fmt) == hp.show(chart, output_format=fmt)


def _subchart_tgz(name: str, version: str) -> bytes:
    buffer = io.BytesIO()
    data = f"apiVersion: v2\nname: {name}\nversion: {version}\n".encode()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo(f"{name}/Chart.yaml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_dependency_list_statuses_match_helm(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "charts").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(
        "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n"
        "- {name: packed, version: ^1.0.0, repository: https://x}\n"
        "- {name: old, version: ^2.0.0, repository: https://x}\n"
        "- {name: unpacked, version: 1.0.0, repository: file://../u}\n"
        "- {name: absent, version: 1.0.0, repository: https://x}\n"
        "- {name: badver, version: 'not a range', repository: https://x}\n"
        "- {name: renamed, version: 1.0.0, repository: https://x}\n"
        "- {name: twice, version: 1.0.0, repository: https://x}\n")
    (chart / "charts" / "packed-1.2.0.tgz").write_bytes(_subchart_tgz("packed", "1.2.0"))
    (chart / "charts" / "old-1.0.0.tgz").write_bytes(_subchart_tgz("old", "1.0.0"))
    (chart / "charts" / "badver-1.0.0.tgz").write_bytes(_subchart_tgz("badver", "1.0.0"))
    (chart / "charts" / "renamed-1.0.0.tgz").write_bytes(_subchart_tgz("other", "1.0.0"))
    (chart / "charts" / "twice-1.0.0.tgz").write_bytes(_subchart_tgz("twice", "1.0.0"))
    (chart / "charts" / "twice-1.0.1.tgz").write_bytes(_subchart_tgz("twice", "1.0.1"))
    (chart / "charts" / "unpacked").mkdir()
    (chart / "charts" / "unpacked" / "Chart.yaml").write_text(
        "apiVersion: v2\nname: unpacked\nversion: 1.0.0\n")
    ours = dependency_list(str(chart))
    assert ours == hp.dependency_list(str(chart))
    assert {row["status"] for row in ours} == {"ok", "wrong version", "unpacked", "missing",
                                               "invalid version", "misnamed", "too many matches"}


def test_dependency_list_on_a_corrupt_subchart_fails_like_helm(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "charts").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n"
                                      "- {name: broken, version: 1.0.0, repository: https://x}\n")
    (chart / "charts" / "broken-1.0.0.tgz").write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(hp.HelmError) as helm_err:
        hp.dependency_list(str(chart))
    with pytest.raises(ChartError) as our_err:
        dependency_list(str(chart))
    assert str(our_err.value) == str(helm_err.value)
