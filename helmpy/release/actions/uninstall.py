"""``uninstall``: Helm's action.Uninstall.

The latest revision goes ``uninstalling`` (so a crash leaves a state the next command
reports), pre-delete hooks run, the release's objects are deleted in uninstall order
(except those with ``helm.sh/resource-policy: keep``), post-delete hooks run, and the
history is purged — or kept, marked ``uninstalled``, with --keep-history.
"""
from __future__ import annotations

from dataclasses import dataclass

from helmpy.errors import HelmpyError
from helmpy.release.actions import apply as applying
from helmpy.release.actions.base import (
    DEFAULT_TIMEOUT,
    ERR_MISSING_RELEASE,
    ActionConfig,
    ActionError,
    sorted_history,
)
from helmpy.release.actions.hooks import POST_DELETE, PRE_DELETE, run_hooks
from helmpy.release.actions.wait import Waiter
from helmpy.release.model import UNINSTALLED, UNINSTALLING, Release, go_now
from helmpy.release.names import validate_release_name

CASCADE = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}


@dataclass
class UninstallOptions:
    keep_history: bool = False
    no_hooks: bool = False
    cascade: str = "background"
    ignore_not_found: bool = False
    wait: bool = False
    timeout: float = DEFAULT_TIMEOUT
    description: str = ""
    dry_run: bool = False


@dataclass
class UninstallResult:
    release: Release
    info: str = ""  # the resources kept by policy, as Helm lists them


def _purge(config: ActionConfig, revisions: list[Release]) -> None:
    for rel in revisions:
        config.storage.delete(rel.name, rel.version)


def uninstall(config: ActionConfig, name: str, opts: UninstallOptions) -> UninstallResult | None:
    """Uninstall ``name``; None when it is absent and ``ignore_not_found`` is set."""
    if opts.cascade not in CASCADE:
        raise ActionError(f"invalid cascade value ({opts.cascade}). Must be 'background', "
                          "'foreground', or 'orphan'")
    try:
        validate_release_name(name)
    except HelmpyError:
        raise ActionError(f"uninstall: Release name is invalid: {name}") from None
    revisions = sorted_history(config, name)
    if not revisions:
        if opts.ignore_not_found:
            return None
        raise ActionError(f"uninstall: Release not loaded: {name}: release: not found")
    if opts.dry_run:
        return UninstallResult(revisions[-1])
    rel = revisions[-1]
    if not rel.name:
        raise ActionError(ERR_MISSING_RELEASE)
    if rel.status == UNINSTALLED:
        if not opts.keep_history:
            _purge(config, revisions)
            return UninstallResult(rel)
        raise ActionError(f'the release named "{name}" is already deleted')
    rel.set_status(UNINSTALLING, "Deletion in progress (or silently failed)")
    rel.info.deleted = go_now()  # type: ignore[union-attr]
    result = UninstallResult(rel)
    if not opts.no_hooks:
        run_hooks(config, rel, PRE_DELETE, opts.timeout)
    config.record(rel)
    errors: list[str] = []
    try:
        resources = applying.build(config.kube, rel.manifest, rel.namespace)
    except HelmpyError as err:
        raise ActionError(f"failed to delete release: {name}: {err}", rel) from None
    doomed, kept = applying.split_kept(resources)
    if kept:
        result.info = "These resources were kept due to the resource policy:\n" + \
            applying.kept_summary(kept)
    try:
        deleted = applying.Applier(config.kube).delete(doomed, CASCADE[opts.cascade])
    except HelmpyError as err:
        raise ActionError(f"failed to delete release: {name}: {err}", rel) from None
    if opts.wait and deleted:
        try:
            Waiter(config.kube, opts.timeout, config.progress).wait_for_delete(deleted)
        except HelmpyError as err:
            errors.append(str(err))
    if not opts.no_hooks:
        try:
            run_hooks(config, rel, POST_DELETE, opts.timeout)
        except HelmpyError as err:
            errors.append(str(err))
    rel.set_status(UNINSTALLED, opts.description or "Uninstallation complete")
    if not opts.keep_history:
        try:
            _purge(config, revisions)
        except HelmpyError as err:
            errors.append(f"uninstall: Failed to purge the release: {err}")
    else:
        try:
            config.storage.update(rel)
        except HelmpyError as err:
            errors.append(f"uninstall: Failed to update release: {err}")
    if errors:
        raise ActionError(f"uninstallation completed with {len(errors)} error(s): "
                          + "; ".join(errors), rel)
    return result
