"""Helm's release actions as a Python API (the CLI in helmpy/cli/release_cmds.py sits on it).

>>> config = configure("default")                       # cluster from kubeconfig
>>> install(config, load("chart/"), InstallOptions(name="demo", values={"a": 1}))
>>> upgrade(config, "demo", load("chart/"), UpgradeOptions(values={"a": 2}))
>>> rollback(config, "demo", RollbackOptions(version=1))
>>> uninstall(config, "demo", UninstallOptions())

Every action raises :class:`ActionError` with Helm's message on failure.
"""
from __future__ import annotations

from helmpy.release.actions.base import ActionConfig, ActionError, PendingError, configure, unlock
from helmpy.release.actions.get import computed_values, get_release, get_values, metadata
from helmpy.release.actions.history import history
from helmpy.release.actions.install import InstallOptions, install
from helmpy.release.actions.list import ListOptions, list_releases
from helmpy.release.actions.rollback import RollbackOptions, rollback
from helmpy.release.actions.status import status
from helmpy.release.actions.test import ReleaseTestOptions, run_tests
from helmpy.release.actions.uninstall import UninstallOptions, uninstall
from helmpy.release.actions.upgrade import UpgradeOptions, upgrade

__all__ = ["ActionConfig", "ActionError", "InstallOptions", "ListOptions", "PendingError",
           "RollbackOptions", "ReleaseTestOptions", "UninstallOptions", "UpgradeOptions",
           "computed_values", "configure", "get_release", "get_values", "history", "install",
           "list_releases", "metadata", "rollback", "run_tests", "status", "uninstall",
           "unlock", "upgrade"]
