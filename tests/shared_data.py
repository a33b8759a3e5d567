"""Access to ../shared: Helm's recorded behaviour (read in place, never copied)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CONFORMANCE = SHARED / "conformance" / "engine-cases.yaml"
CORPUS = SHARED / "corpus"


@lru_cache(maxsize=1)
def engine_cases() -> list[dict]:
    if not CONFORMANCE.exists():
        raise RuntimeError(f"Helm's conformance cases are missing: {CONFORMANCE}")
    return yaml.safe_load(CONFORMANCE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def corpus_cases() -> list[dict]:
    path = CORPUS / "cases.json"
    if not path.exists():
        raise RuntimeError(f"Helm's corpus is missing: {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def read_exact(path: Path) -> str:
    """A golden file as stored: no newline translation (some charts emit CRLF)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def strip_nondeterministic(manifest: str, skipped: set[str]) -> str:
    """Drop the ``---\\n# Source: PATH\\n`` segments of templates listed as nondeterministic."""
    if not skipped:
        return manifest
    out: list[str] = []
    keep = True
    for segment in manifest.split("---\n# Source: ")[1:]:
        path = segment.split("\n", 1)[0]
        keep = path not in skipped
        if keep:
            out.append("---\n# Source: " + segment)
    head = manifest.split("---\n# Source: ")[0]
    return head + "".join(out)
