"""Regression tests for the archive, link, size, name and --set attacks in docs/security.md."""
from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from helmpy.chart.archive import LoadLimits, read_archive_files
from helmpy.chart.create import create
from helmpy.chart.loader import load, load_archive_bytes
from helmpy.chart.model import Chart, Metadata
from helmpy.chart.save import save
from helmpy.errors import ChartError
from helmpy.values import strvals

hp = pytest.importorskip("helm_python")

CHART = b"apiVersion: v2\nname: c\nversion: 1.0.0\n"


def _tgz(entries: list[tarfile.TarInfo | tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for entry in entries:
            if isinstance(entry, tarfile.TarInfo):
                tar.addfile(entry)
                continue
            name, data = entry
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _helm_error(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "helm.tgz"
    path.write_bytes(data)
    with pytest.raises(hp.HelmError) as err:
        hp.Chart.load(str(path)).close()
    return str(err.value)


@pytest.mark.parametrize("entry", ["c/../../evil.yaml", "c//etc/passwd", "c/C:/x", "c/"])
def test_path_traversal_entries_are_rejected_like_helm(tmp_path: Path, entry: str) -> None:
    data = _tgz([("c/Chart.yaml", CHART), (entry, b"x")])
    with pytest.raises(ChartError) as err:
        load_archive_bytes(data)
    assert str(err.value) == _helm_error(data, tmp_path)


@pytest.mark.parametrize("target", ["/etc/passwd", "../../outside", "../../../etc/shadow"])
def test_archive_links_out_of_the_chart_are_refused(target: str) -> None:
    link = tarfile.TarInfo("c/templates/leak.yaml")
    link.type = tarfile.SYMTYPE
    link.linkname = target
    data = _tgz([("c/Chart.yaml", CHART), link])
    with pytest.raises(ChartError, match='"c/templates/leak.yaml" is a link pointing outside'):
        load_archive_bytes(data)


def test_directory_links_out_of_the_chart_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("host secret")
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_bytes(CHART)
    os.symlink(secret, chart / "templates" / "leak.yaml")
    with pytest.raises(ChartError, match='"templates/leak.yaml" is a symbolic link pointing outside'):
        load(str(chart))
    os.symlink("/dev/urandom", chart / "random")
    os.unlink(chart / "templates" / "leak.yaml")
    with pytest.raises(ChartError, match='"random" is a symbolic link pointing outside'):
        load(str(chart))


def test_file_over_the_per_file_cap_is_refused_like_helm(tmp_path: Path) -> None:
    data = _tgz([("c/Chart.yaml", CHART), ("c/big.bin", b"\0" * (5 * 1024 * 1024 + 1))])
    with pytest.raises(ChartError) as err:
        load_archive_bytes(data)
    assert str(err.value) == _helm_error(data, tmp_path)


def test_archive_over_the_total_cap_is_refused_like_helm(tmp_path: Path) -> None:
    chunk = b"\0" * (5 * 1024 * 1024)
    data = _tgz([("c/Chart.yaml", CHART)] + [(f"c/f{i}.bin", chunk) for i in range(21)])
    assert len(data) < 1024 * 1024  # a small download that inflates past 100 MiB
    with pytest.raises(ChartError) as err:
        load_archive_bytes(data)
    assert str(err.value) == _helm_error(data, tmp_path)


def test_limits_are_overridable_and_counted_while_reading() -> None:
    small = LoadLimits(max_chart_size=64 * 1024, max_file_size=16 * 1024)
    data = _tgz([("c/Chart.yaml", CHART), ("c/a.bin", b"a" * 10_000), ("c/b.bin", b"b" * 10_000)])
    assert len(read_archive_files(data, small)) == 3
    with pytest.raises(Exception, match="larger than the maximum file size 8192"):
        read_archive_files(data, LoadLimits(max_chart_size=64 * 1024, max_file_size=8192))


def test_bomb_hidden_in_tar_headers_stops_early() -> None:
    """A pax header is read into memory by tar readers; the decompressed stream is capped."""
    info = tarfile.TarInfo("c/Chart.yaml")
    info.size = len(CHART)
    info.pax_headers = {"comment": "x" * (4 * 1024 * 1024)}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(info, io.BytesIO(CHART))
    with pytest.raises(Exception, match="decompressed chart is larger than the maximum size"):
        read_archive_files(buffer.getvalue(), LoadLimits(max_chart_size=256 * 1024,
                                                         max_file_size=64 * 1024))


@pytest.mark.parametrize("name", ["..", ".", "../x", "a/b"])
def test_chart_names_cannot_escape_on_create(tmp_path: Path, name: str) -> None:
    with pytest.raises(ChartError, match="invalid metadata name"):
        create(name, str(tmp_path))
    with pytest.raises(hp.HelmError):
        hp.Chart.create(name, str(tmp_path)).close()


def test_chart_named_dotdot_is_not_packaged(tmp_path: Path) -> None:
    """Helm would write '../Chart.yaml' entries for a chart named '..'; helmpy refuses."""
    chart = Chart(metadata=Metadata(api_version="v2", name="..", version="1.0.0"))
    with pytest.raises(ChartError, match='".." is not a valid chart name'):
        save(chart, str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_create_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "shellrc"
    victim.write_text("original\n")
    chart_dir = tmp_path / "work" / "mychart"
    chart_dir.mkdir(parents=True)
    os.symlink(victim, chart_dir / "Chart.yaml")
    create("mychart", str(tmp_path / "work"))
    assert victim.read_text() == "original\n"
    assert not (chart_dir / "Chart.yaml").is_symlink()


def test_set_nesting_and_index_are_bounded() -> None:
    with pytest.raises(strvals.StrvalsError,
                       match="nested level is greater than maximum supported nested level of 30"):
        strvals.parse(".".join(["a"] * 10_000) + "=1")
    with pytest.raises(strvals.StrvalsError,
                       match="index of 99999999 is greater than maximum supported index of 65536"):
        strvals.parse("a[99999999]=1")
    with pytest.raises(strvals.StrvalsError, match="exceeded max depth"):
        strvals.parse_json("a=" + "[" * 20_000, {})
