"""Where helmpy keeps its configuration, cache and data: XDG like Helm, HELMPY_* overrides.

Helm reads HELM_CONFIG_HOME / HELM_CACHE_HOME / HELM_DATA_HOME over the XDG variables; helmpy
reads HELMPY_CONFIG_HOME / HELMPY_CACHE_HOME / HELMPY_DATA_HOME the same way.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _base(override: str, xdg: str, fallback: str) -> Path:
    if os.environ.get(override):
        return Path(os.environ[override])
    root = os.environ.get(xdg) or os.path.join(os.path.expanduser("~"), fallback)
    return Path(root) / "helmpy"


@dataclass(frozen=True)
class Paths:
    config_home: Path
    cache_home: Path
    data_home: Path

    @property
    def repository_config(self) -> Path:
        return Path(os.environ.get("HELMPY_REPOSITORY_CONFIG")
                    or self.config_home / "repositories.yaml")

    @property
    def repository_cache(self) -> Path:
        return Path(os.environ.get("HELMPY_REPOSITORY_CACHE") or self.cache_home / "repository")

    @property
    def registry_config(self) -> Path:
        return Path(os.environ.get("HELMPY_REGISTRY_CONFIG")
                    or self.config_home / "registry" / "config.json")

    @property
    def plugins(self) -> Path:
        return self.data_home / "plugins"


def helmpy_paths() -> Paths:
    """The paths in force now (environment read at call time, so tests can redirect them)."""
    return Paths(
        config_home=_base("HELMPY_CONFIG_HOME", "XDG_CONFIG_HOME", ".config"),
        cache_home=_base("HELMPY_CACHE_HOME", "XDG_CACHE_HOME", ".cache"),
        data_home=_base("HELMPY_DATA_HOME", "XDG_DATA_HOME", os.path.join(".local", "share")),
    )
