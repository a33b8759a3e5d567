"""The chart loader against Helm's (helm_python.Chart.load): contents and every error path."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from helmpy.chart.loader import load
from helmpy.errors import ChartError
from tests.files_support import write_files as _write
from tests.security_support import tgz

hp = pytest.importorskip("helm_python")

CHART = "apiVersion: v2\nname: c\nversion: 1.0.0\n"


def _tgz(entries: dict[str, bytes]) -> bytes:
    # A fixed gzip time: these bytes appear in parametrize ids, which xdist workers must agree on.
    return tgz([(name, data, None) for name, data in entries.items()], mtime=0)


def _helm_load(path: Path) -> tuple[str, object]:
    try:
        with hp.Chart.load(str(path)) as chart:
            return "ok", {
                "files": sorted(f["name"] for f in chart.files),
                "templates": sorted(f["name"] for f in chart.templates),
                "metadata": chart.metadata,
                "deps": sorted(d["name"] for d in chart.dependencies),
            }
    except hp.HelmError as err:
        return "err", str(err)


def _our_load(path: Path) -> tuple[str, object]:
    try:
        chart = load(str(path))
    except ChartError as err:
        return "err", str(err)
    return "ok", {
        "files": sorted(f.name for f in chart.files),
        "templates": sorted(f.name for f in chart.templates),
        "metadata": chart.metadata.to_json_dict(),
        "deps": sorted(d.name() for d in chart.dependencies),
    }


LOAD_CASES: dict[str, dict[str, str | bytes]] = {
    "no-chart-yaml": {"values.yaml": "a: 1\n"},
    "bad-version": {"Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.x\n"},
    "float-version": {"Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0\nappVersion: 1.10\n"},
    "no-name": {"Chart.yaml": "apiVersion: v2\nversion: 1.0.0\n"},
    "no-version": {"Chart.yaml": "apiVersion: v2\nname: c\n"},
    "no-api-version-is-v1": {"Chart.yaml": "name: c\nversion: 1.0.0\n"},
    "bad-yaml": {"Chart.yaml": "apiVersion: v2\nname: c\n version: 1.0.0\n  x: [\n"},
    "name-not-string": {"Chart.yaml": "apiVersion: v2\nname: {a: 1}\nversion: 1.0.0\n"},
    "bad-values-yaml": {"Chart.yaml": CHART, "values.yaml": "a: 1\nb: [\n"},
    "values-not-a-map": {"Chart.yaml": CHART, "values.yaml": "- a\n"},
    "values-inf": {"Chart.yaml": CHART, "values.yaml": "a: .inf\n"},
    "values-multi-document": {"Chart.yaml": CHART, "values.yaml": "a: 1\n---\nb: 2\n"},
    "bad-subchart": {"Chart.yaml": CHART, "charts/s/Chart.yaml": "name: s\n"},
    "bad-type": {"Chart.yaml": CHART + "type: foo\n"},
    "slash-in-name": {"Chart.yaml": "apiVersion: v2\nname: a/b\nversion: 1.0.0\n"},
    "duplicate-dependency": {"Chart.yaml": CHART + "dependencies:\n- name: a\n  repository: x\n"
                                                   "- name: a\n  repository: y\n"},
    "bad-alias": {"Chart.yaml": CHART + "dependencies:\n- name: a\n  alias: a.b\n"},
    "null-dependency": {"Chart.yaml": CHART + "dependencies:\n- null\n"},
    "null-maintainer": {"Chart.yaml": CHART + "maintainers:\n- null\n"},
    "bad-lock": {"Chart.yaml": CHART, "Chart.lock": "x: [\n"},
    "corrupt-subchart-archive": {"Chart.yaml": CHART, "charts/x.tgz": "notgz"},
    "double-star-helmignore": {"Chart.yaml": CHART, ".helmignore": "a/**\n"},
    "bad-pattern-helmignore": {"Chart.yaml": CHART, ".helmignore": "[a\n"},
    "helmignore-rules": {
        "Chart.yaml": CHART, ".helmignore": "*.bak\n/docs/\nsecret/*.key\n# comment\nci/\n",
        "a.bak": "x", "docs/readme.md": "x", "sub/docs/keep.md": "x", "secret/a.key": "x",
        "secret/b.txt": "x", "ci/values.yaml": "x", "templates/.hidden": "x",
        "templates/x.yaml": "x", "README.md": "x", "crds/c.yaml": "x"},
    "helmignore-negation": {"Chart.yaml": CHART, ".helmignore": "!keep.txt\n", "keep.txt": "x",
                            "other.txt": "x"},
    "v1-requirements": {"Chart.yaml": "apiVersion: v1\nname: c\nversion: 1.0.0\n",
                        "requirements.yaml": "dependencies:\n- name: s\n  version: 1.0.0\n",
                        "requirements.lock": "dependencies: []\n",
                        "charts/s/Chart.yaml": "name: s\nversion: 1.0.0\n"},
    "ignored-subchart-entries": {"Chart.yaml": CHART, "charts/_x/Chart.yaml": "bad: [",
                                 "charts/.y/Chart.yaml": "bad: [", "charts/z.prov": "sig"},
    "bom-and-requirements-v2": {"Chart.yaml": b"\xef\xbb\xbf" + CHART.encode(),
                                "requirements.yaml": "dependencies: []\n"},
}


@pytest.mark.parametrize("files", LOAD_CASES.values(), ids=list(LOAD_CASES))
def test_directory_load_matches_helm(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    chart_dir = _write(tmp_path / "c", files)
    assert _our_load(chart_dir) == _helm_load(chart_dir)


def test_nested_archive_subcharts_load(tmp_path: Path) -> None:
    inner = _tgz({"inner/Chart.yaml": b"apiVersion: v2\nname: inner\nversion: 0.1.0\n"})
    middle = _tgz({"mid/Chart.yaml": b"apiVersion: v2\nname: mid\nversion: 0.1.0\n",
                   "mid/charts/inner-0.1.0.tgz": inner})
    chart_dir = _write(tmp_path / "c", {"Chart.yaml": CHART, "charts/mid-0.1.0.tgz": middle})
    chart = load(str(chart_dir))
    assert chart.dependencies[0].dependencies[0].full_path() == "c/charts/mid/charts/inner"
    assert _our_load(chart_dir) == _helm_load(chart_dir)


@pytest.mark.parametrize("name,data", [
    ("not-gzip.tgz", b"plain text, not an archive\n"),
    ("values.yaml", b"a: 1\n"),
    ("truncated.tgz", _tgz({"c/Chart.yaml": CHART.encode()})[:40]),
    ("empty.tgz", _tgz({})),
    ("chart-yaml-at-top.tgz", _tgz({"Chart.yaml": CHART.encode()})),
    ("ok.tgz", _tgz({"c/Chart.yaml": CHART.encode(), "c/templates/a.yaml": b"x"})),
])
def test_archive_load_matches_helm(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    ours, helm = _our_load(path), _helm_load(path)
    if helm[0] == "err" and name == "truncated.tgz":
        assert ours[0] == "err"  # Go and Python detect the truncation at different points
    else:
        assert ours == helm


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ChartError, match="no such file or directory"):
        load(str(tmp_path / "nope"))


def test_irregular_file_is_refused(tmp_path: Path) -> None:
    chart_dir = _write(tmp_path / "c", {"Chart.yaml": CHART})
    os.mkfifo(chart_dir / "pipe")
    with pytest.raises(ChartError, match="cannot load irregular file .*pipe as it has file mode"):
        load(str(chart_dir))


def test_symlink_inside_chart_is_followed(tmp_path: Path) -> None:
    chart_dir = _write(tmp_path / "c", {"Chart.yaml": CHART, "files/real.txt": "data"})
    os.symlink("files/real.txt", chart_dir / "alias.txt")
    names = {f.name: f.data for f in load(str(chart_dir)).files}
    assert names["alias.txt"] == b"data"
