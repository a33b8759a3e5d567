"""The on-disk template cache: used, keyed per engine version, and old versions removed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _render(cache: Path) -> str:
    env = dict(os.environ, HELMPY_CACHE_DIR=str(cache), HELMPY_TEMPLATE_CACHE="1", TZ="UTC")
    done = subprocess.run(
        [sys.executable, "-m", "helmpy.cli.main", "template", "demo", "charts/hello"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cache_is_written_reused_and_old_versions_pruned(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    stale = templates / "0123456789abcdef" / "ab"
    stale.mkdir(parents=True)
    (stale / "abc").write_bytes(b"old entry")
    legacy = templates / "7f"
    legacy.mkdir()
    (legacy / "7fdead").write_bytes(b"old layout")
    keep = templates / "not-a-version"
    keep.mkdir()

    first = _render(tmp_path)
    versions = [p.name for p in templates.iterdir() if p.is_dir()]
    assert "0123456789abcdef" not in versions and "7f" not in versions
    assert "not-a-version" in versions  # only helmpy's own directories are removed
    (current,) = [v for v in versions if v != "not-a-version"]
    entries = [p for p in (templates / current).rglob("*") if p.is_file()]
    assert entries, "compiled templates were stored"
    assert _render(tmp_path) == first  # a warm cache renders the same bytes
    # a corrupt entry is ignored, not fatal
    entries[0].write_bytes(b"\x00garbage")
    assert _render(tmp_path) == first
