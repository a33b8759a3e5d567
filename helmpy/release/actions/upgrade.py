"""``upgrade``: Helm's action.Upgrade.

The latest revision decides: pending means another operation holds the release (refused,
see ``rollback``/``--force-unlock`` for the way out); otherwise the deployed revision (or,
after a failed first install, the failed one) is the base. The new revision is recorded
``pending-upgrade``, pre-upgrade hooks run, objects are applied and dropped ones deleted,
waits and post-upgrade hooks follow; the old revision becomes ``superseded``. History is
pruned to ``history_max`` revisions when the new one is created.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from helmpy.errors import HelmpyError
from helmpy.release.actions import apply as applying
from helmpy.release.actions.base import (
    DEFAULT_TIMEOUT,
    ActionConfig,
    ActionError,
    PendingError,
    chart_record,
    is_pending,
    sorted_history,
    unlock,
)
from helmpy.release.actions.hooks import POST_UPGRADE, PRE_UPGRADE, run_hooks
from helmpy.release.actions.rendering import plain_values, render_release
from helmpy.release.actions.wait import Waiter
from helmpy.release.model import (
    APPLY_METHOD_CSA,
    APPLY_METHOD_SSA,
    DEPLOYED,
    FAILED,
    PENDING_UPGRADE,
    SUPERSEDED,
    Info,
    Release,
    go_now,
)
from helmpy.release.names import validate_release_name
from helmpy.storage import NoDeployedReleasesError


@dataclass
class UpgradeOptions:
    values: dict[str, Any] = field(default_factory=dict)
    reuse_values: bool = False
    reset_values: bool = False
    reset_then_reuse_values: bool = False
    history_max: int = 10
    dry_run: str = ""
    wait: bool = False
    wait_for_jobs: bool = False
    legacy_wait: bool = False  # --wait=legacy
    timeout: float = DEFAULT_TIMEOUT
    rollback_on_failure: bool = False
    cleanup_on_fail: bool = False
    force_replace: bool = False
    description: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    no_hooks: bool = False
    take_ownership: bool = False
    render_subchart_notes: bool = False
    enable_dns: bool = False
    skip_schema_validation: bool = False
    server_side: str = "auto"  # "true", "false" or "auto" (follow the last revision)
    force_conflicts: bool = False
    post_renderer: Any = None
    force_unlock: bool = False  # mark a stuck pending revision failed, then go on


def current_and_last(config: ActionConfig, name: str) -> tuple[Release, Release]:
    """(the revision to upgrade from, the latest revision), as Helm's prepareUpgrade."""
    revisions = sorted_history(config, name)
    if not revisions:
        raise ActionError(str(NoDeployedReleasesError(name)))
    last = revisions[-1]
    if is_pending(last):
        raise PendingError(last)
    if last.status == DEPLOYED:
        return last, last
    deployed = [r for r in revisions if r.status == DEPLOYED]
    if deployed:
        return deployed[-1], last
    if last.status in (FAILED, SUPERSEDED):
        return last, last
    raise ActionError(str(NoDeployedReleasesError(name)))


def merged_labels(current: dict[str, str], wanted: dict[str, str]) -> dict[str, str]:
    """Helm's mergeCustomLabels: new labels over the last revision's; the value ``null``
    unsets a label (an empty value is kept)."""
    from helmpy.release.codec import custom_labels

    merged = custom_labels(current)
    for key, value in wanted.items():
        if value == "null":
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def merged_values(chart: Any, current: Release, opts: UpgradeOptions) -> dict[str, Any]:
    """Helm's reuseValues: which user values the new revision gets (may set chart.values)."""
    from helmpy.values.coalesce import coalesce_tables

    new = plain_values(opts.values)
    if opts.reset_values:
        return new
    if opts.reuse_values:
        old_chart_values = copy.deepcopy((current.chart or {}).get("values") or {})
        chart.values = coalesce_tables(copy.deepcopy(current.config), old_chart_values) or {}
        return coalesce_tables(new, copy.deepcopy(current.config)) or {}
    if opts.reset_then_reuse_values:
        return coalesce_tables(new, copy.deepcopy(current.config)) or {}
    if not new and current.config:
        return copy.deepcopy(current.config)
    return new


def upgrade(config: ActionConfig, name: str, chart: Any, opts: UpgradeOptions) -> Release:
    validate_release_name(name)
    if chart.metadata.type and chart.metadata.type != "application":
        raise ActionError(f"{chart.metadata.type} charts are not installable")
    if opts.force_unlock:
        unlock(config, name)
    current, last = current_and_last(config, name)
    values = merged_values(chart, current, opts)
    revision = last.version + 1
    client_only = opts.dry_run == "client"
    rendered = render_release(chart, name=name, namespace=current.namespace, values=values,
                              revision=revision, is_upgrade=True,
                              kube=None if client_only else config.kube,
                              render_subchart_notes=opts.render_subchart_notes,
                              enable_dns=opts.enable_dns,
                              skip_schema_validation=opts.skip_schema_validation,
                              post_renderer=opts.post_renderer)
    server_side = opts.server_side == "true" or (
        opts.server_side == "auto" and current.apply_method == APPLY_METHOD_SSA)
    stamp = go_now()
    info = current.info or Info()
    rel = Release(name=name, namespace=current.namespace, chart=chart_record(chart),
                  config=values, manifest=rendered.manifest, hooks=rendered.hooks,
                  version=revision, labels=merged_labels(current.labels, opts.labels),
                  info=Info(first_deployed=info.first_deployed, last_deployed=stamp,
                            status=PENDING_UPGRADE, description="Preparing upgrade",
                            notes=rendered.notes),
                  apply_method=APPLY_METHOD_SSA if server_side else APPLY_METHOD_CSA)
    if client_only:
        rel.info.description = "Dry run complete"  # type: ignore[union-attr]
        return rel
    original = applying.build(config.kube, current.manifest, current.namespace)
    target = applying.build(config.kube, rel.manifest, rel.namespace)
    applying.set_ownership(target, rel.name, rel.namespace)
    before = {r.key for r in original}
    try:
        applying.existing(config.kube, [r for r in target if r.key not in before], name,
                          rel.namespace, opts.take_ownership)
    except HelmpyError as err:
        raise ActionError(f"unable to continue with update: {err}") from None
    if opts.dry_run:
        rel.info.description = "Dry run complete"  # type: ignore[union-attr]
        return rel
    config.storage.max_history = opts.history_max
    config.storage.create(rel)
    created: list[applying.Resource] = []
    try:
        if not opts.no_hooks:
            try:
                run_hooks(config, rel, PRE_UPGRADE, opts.timeout, server_side)
            except HelmpyError as err:
                raise HelmpyError(f"pre-upgrade hooks failed: {err}") from None
        applier = applying.Applier(config.kube, server_side=server_side,
                                   force_conflicts=opts.force_conflicts,
                                   force_replace=opts.force_replace,
                                   field_manager=config.field_manager)
        result = applier.update(original, target)
        created = result.created
        if opts.wait:
            Waiter(config.kube, opts.timeout, config.progress,
                   legacy=opts.legacy_wait).wait(target, opts.wait_for_jobs)
        if not opts.no_hooks:
            try:
                run_hooks(config, rel, POST_UPGRADE, opts.timeout, server_side)
            except HelmpyError as err:
                raise HelmpyError(f"post-upgrade hooks failed: {err}") from None
    except HelmpyError as err:
        raise _fail(config, rel, created, opts, err) from None
    except KeyboardInterrupt:
        rel.set_status(FAILED, f'Upgrade "{rel.name}" failed: context canceled')
        config.record(rel)
        raise
    current.info.status = SUPERSEDED  # type: ignore[union-attr]
    config.record(current)
    rel.set_status(DEPLOYED, opts.description or "Upgrade complete")
    config.record(rel)
    return rel


def _fail(config: ActionConfig, rel: Release, created: list[applying.Resource],
          opts: UpgradeOptions, err: HelmpyError) -> ActionError:
    rel.set_status(FAILED, f'Upgrade "{rel.name}" failed: {err}')
    config.record(rel)
    if opts.cleanup_on_fail and created:
        applying.Applier(config.kube).delete(created)
    if not opts.rollback_on_failure:
        return ActionError(str(err), rel)
    from helmpy.release.actions.rollback import RollbackOptions, rollback

    good = [r for r in sorted_history(config, rel.name) if r.status in (DEPLOYED, SUPERSEDED)]
    if not good:
        return ActionError("unable to find a previously successful release when attempting "
                           f"to rollback the failed release: {err}", rel)
    try:
        rollback(config, rel.name, RollbackOptions(
            version=good[-1].version, wait=opts.wait, wait_for_jobs=opts.wait_for_jobs,
            legacy_wait=opts.legacy_wait,
            timeout=opts.timeout, no_hooks=opts.no_hooks, cleanup_on_fail=opts.cleanup_on_fail,
            history_max=opts.history_max))
    except HelmpyError as roll_err:
        return ActionError(f"an error occurred while rolling back the release. original "
                           f"upgrade error: {err}: {roll_err}", rel)
    return ActionError(f"release {rel.name} failed, and has been rolled back due to "
                       f"rollback-on-failure being set: {err}", rel)
