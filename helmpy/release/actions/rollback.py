"""``rollback``: Helm's action.Rollback — always a new revision with an old one's chart,
values, manifest and hooks.

Unlike Helm, a rollback is also the way out of a stuck ``pending-*`` revision left by a
crash: the pending revision is marked ``failed`` first, then the rollback proceeds.
"""
from __future__ import annotations

from dataclasses import dataclass

from helmpy.errors import HelmpyError
from helmpy.release.actions import apply as applying
from helmpy.release.actions.base import (
    DEFAULT_TIMEOUT,
    ERR_INVALID_REVISION,
    ActionConfig,
    ActionError,
    is_pending,
    sorted_history,
    unlock,
)
from helmpy.release.actions.hooks import POST_ROLLBACK, PRE_ROLLBACK, run_hooks
from helmpy.release.actions.wait import Waiter
from helmpy.release.model import (
    APPLY_METHOD_CSA,
    APPLY_METHOD_SSA,
    DEPLOYED,
    FAILED,
    PENDING_ROLLBACK,
    SUPERSEDED,
    Info,
    Release,
    go_now,
)
from helmpy.release.names import validate_release_name


@dataclass
class RollbackOptions:
    version: int = 0  # 0: the revision before the latest
    wait: bool = False
    wait_for_jobs: bool = False
    legacy_wait: bool = False  # --wait=legacy
    timeout: float = DEFAULT_TIMEOUT
    no_hooks: bool = False
    dry_run: bool = False
    force_replace: bool = False
    cleanup_on_fail: bool = False
    history_max: int = 10
    server_side: str = "auto"
    force_conflicts: bool = False


def prepare(config: ActionConfig, name: str, opts: RollbackOptions) -> tuple[Release, Release]:
    try:
        validate_release_name(name)
    except HelmpyError:
        raise ActionError(f"prepareRollback: Release name is invalid: {name}") from None
    if opts.version < 0:
        raise ActionError(ERR_INVALID_REVISION)
    revisions = sorted_history(config, name)
    if not revisions:
        raise ActionError("release: not found")
    current = revisions[-1]
    wanted = opts.version or current.version - 1
    previous = next((r for r in revisions if r.version == wanted), None)
    if previous is None:
        raise ActionError(f"release has no {wanted} version")
    pinfo = previous.info or Info()
    target = Release(
        name=name, namespace=current.namespace, chart=previous.chart, config=previous.config,
        info=Info(first_deployed=(current.info or Info()).first_deployed,
                  last_deployed=go_now(), status=PENDING_ROLLBACK, notes=pinfo.notes,
                  description=f"Rollback to {wanted}"),
        version=current.version + 1, labels=dict(previous.labels),
        manifest=previous.manifest, hooks=previous.hooks, apply_method=previous.apply_method)
    return current, target


def rollback(config: ActionConfig, name: str, opts: RollbackOptions) -> Release:
    if not opts.dry_run and unlock(config, name, via="rollback") is not None:
        config.log(f'released the pending revision of "{name}" (marked failed)')
    current, target = prepare(config, name, opts)
    if opts.dry_run:
        return target
    server_side = opts.server_side == "true" or (
        opts.server_side == "auto" and target.apply_method == APPLY_METHOD_SSA)
    target.apply_method = APPLY_METHOD_SSA if server_side else APPLY_METHOD_CSA
    config.storage.max_history = opts.history_max
    config.storage.create(target)
    original = applying.build(config.kube, current.manifest, current.namespace)
    wanted = applying.build(config.kube, target.manifest, target.namespace)
    applying.set_ownership(wanted, target.name, target.namespace)
    if not opts.no_hooks:
        _run_hooks_or_fail(config, current, target, PRE_ROLLBACK, opts.timeout, server_side)
    applier = applying.Applier(config.kube, server_side=server_side,
                               force_conflicts=opts.force_conflicts,
                               force_replace=opts.force_replace,
                               field_manager=config.field_manager)
    try:
        result = applier.update(original, wanted)
    except HelmpyError as err:
        message = f'Rollback "{target.name}" failed: {err}'
        current.set_status(FAILED, message)
        target.set_status(FAILED, message)
        config.record(current)
        config.record(target)
        raise ActionError(str(err), target) from None
    if opts.wait:
        try:
            Waiter(config.kube, opts.timeout, config.progress,
                   legacy=opts.legacy_wait).wait(wanted, opts.wait_for_jobs)
        except HelmpyError as err:
            target.set_status(FAILED, f'Release "{target.name}" failed: {err}')
            config.record(current)
            config.record(target)
            if opts.cleanup_on_fail:
                applier.delete(result.created)
            raise ActionError(f"release {target.name} failed: {err}", target) from None
    if not opts.no_hooks:
        _run_hooks_or_fail(config, current, target, POST_ROLLBACK, opts.timeout, server_side)
    for rel in sorted_history(config, name):
        if rel.status == DEPLOYED and rel.version != target.version:
            rel.info.status = SUPERSEDED  # type: ignore[union-attr]
            config.record(rel)
    target.info.status = DEPLOYED  # type: ignore[union-attr]
    config.record(target)
    return target


def _run_hooks_or_fail(config: ActionConfig, current: Release, target: Release, event: str,
                       timeout: float, server_side: bool) -> None:
    """A failing rollback hook marks the target failed (and a pending current revision)."""
    try:
        run_hooks(config, target, event, timeout, server_side)
    except HelmpyError as err:
        _record_failure(config, current, target, str(err))
        raise ActionError(str(err), target) from None


def _record_failure(config: ActionConfig, current: Release, target: Release,
                    err: str) -> None:
    target.set_status(FAILED, f'Release "{target.name}" failed: {err}')
    if is_pending(current):
        config.record(current)
    config.record(target)
