"""``install``: Helm's action.Install.

Order of events, as in Helm: CRDs from ``crds/`` (once: present ones are skipped), render
with cluster lookups, refuse objects owned by someone else, record ``pending-install``,
pre-install hooks, create (or adopt with --take-ownership), wait, post-install hooks,
``deployed``. A failure marks the revision ``failed`` (and with --rollback-on-failure
uninstalls it again).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from helmpy.errors import HelmpyError
from helmpy.kube.client import AlreadyExistsError, KubeError
from helmpy.release.actions import apply as applying
from helmpy.release.actions.base import (
    DEFAULT_TIMEOUT,
    ERR_NAME_IN_USE,
    ActionConfig,
    ActionError,
    chart_record,
    sorted_history,
)
from helmpy.release.actions.hooks import POST_INSTALL, PRE_INSTALL, run_hooks
from helmpy.release.actions.rendering import plain_values, render_release
from helmpy.release.actions.wait import Waiter
from helmpy.release.model import (
    APPLY_METHOD_CSA,
    APPLY_METHOD_SSA,
    DEPLOYED,
    FAILED,
    PENDING_INSTALL,
    SUPERSEDED,
    UNINSTALLED,
    UNKNOWN,
    Info,
    Release,
    go_now,
)
from helmpy.release.names import validate_release_name

DRY_RUN_DESCRIPTION = "Dry run complete"


@dataclass
class InstallOptions:
    name: str
    values: dict[str, Any] = field(default_factory=dict)  # user-supplied values
    dry_run: str = ""  # "", "client" or "server"
    wait: bool = False
    wait_for_jobs: bool = False
    legacy_wait: bool = False  # --wait=legacy
    timeout: float = DEFAULT_TIMEOUT
    rollback_on_failure: bool = False
    replace: bool = False
    description: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    no_hooks: bool = False
    skip_crds: bool = False
    take_ownership: bool = False
    create_namespace: bool = False
    render_subchart_notes: bool = False
    enable_dns: bool = False
    skip_schema_validation: bool = False
    server_side: bool = True
    force_conflicts: bool = False
    force_replace: bool = False
    post_renderer: Any = None


def check_name_available(config: ActionConfig, name: str, replace: bool) -> Release | None:
    """Helm's availableName: the latest revision if --replace may take its place."""
    revisions = sorted_history(config, name)
    if not revisions:
        return None
    last = revisions[-1]
    if replace and last.status in (UNINSTALLED, FAILED):
        return last
    raise ActionError(ERR_NAME_IN_USE)


def install_crds(config: ActionConfig, crds: list[Any]) -> None:
    """Create each CRD of ``crds/`` that is not there yet, then wait until established."""
    created = []
    for crd in crds:
        for res in applying.build(config.kube, crd.text, config.namespace):
            try:
                config.kube.create(res.obj, res.namespace or None)
                created.append(res)
            except AlreadyExistsError:
                config.log(f"CRD {res.name} is already present. Skipping.")
            except KubeError as err:
                raise HelmpyError(f"failed to install CRD {crd.filename}: {err}") from None
    if created:
        Waiter(config.kube, 60.0, config.progress).wait(created)
        invalidate = getattr(config.kube, "invalidate_discovery", None)
        if invalidate is not None:
            invalidate()


def create_namespace(config: ActionConfig, namespace: str) -> None:
    body = {"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": namespace, "labels": {"name": namespace}}}
    try:
        config.kube.create(body)
    except AlreadyExistsError:
        pass


def install(config: ActionConfig, chart: Any, opts: InstallOptions) -> Release:
    """Install ``chart`` as release ``opts.name``; returns the release as recorded.

    Raises ActionError (with ``.release`` set when a record exists) on failure.
    """
    validate_release_name(opts.name)
    namespace = config.namespace
    client_only = opts.dry_run == "client"
    previous = None if opts.dry_run else check_name_available(config, opts.name, opts.replace)
    if chart.metadata.type and chart.metadata.type != "application":
        raise ActionError(f"{chart.metadata.type} charts are not installable")
    if not client_only and not opts.skip_crds and not opts.dry_run:
        crds = [c for c in chart.crd_objects()]
        if crds:
            from helmpy.engine.pipeline import CRDFile

            install_crds(config, [CRDFile(c.filename, c.file.data.decode("utf-8", "replace"))
                                  for c in crds])
    values = plain_values(opts.values)
    kube = None if client_only else config.kube
    rendered = render_release(chart, name=opts.name, namespace=namespace, values=values,
                              revision=1, is_upgrade=False, kube=kube,
                              render_subchart_notes=opts.render_subchart_notes,
                              enable_dns=opts.enable_dns,
                              skip_schema_validation=opts.skip_schema_validation,
                              post_renderer=opts.post_renderer)
    stamp = go_now()
    rel = Release(name=opts.name, namespace=namespace, chart=chart_record(chart),
                  config=values, manifest=rendered.manifest, hooks=rendered.hooks,
                  version=1, labels=dict(opts.labels),
                  info=Info(first_deployed=stamp, last_deployed=stamp, status=UNKNOWN,
                            notes=rendered.notes),
                  apply_method=APPLY_METHOD_SSA if opts.server_side else APPLY_METHOD_CSA)
    rel.set_status(PENDING_INSTALL, "Initial install underway")
    resources: list[applying.Resource] = []
    adopt: list[applying.Resource] = []
    if not client_only:
        resources = applying.build(config.kube, rel.manifest, namespace)
        applying.set_ownership(resources, rel.name, rel.namespace)
        try:
            adopt = applying.existing(config.kube, resources, rel.name, rel.namespace,
                                      opts.take_ownership)
        except HelmpyError as err:
            raise ActionError(f"unable to continue with install: {err}") from None
    if opts.dry_run:
        rel.info.description = DRY_RUN_DESCRIPTION  # type: ignore[union-attr]
        return rel
    if opts.create_namespace:
        create_namespace(config, namespace)
    if previous is not None:
        # --replace: the old revision steps aside and the new one follows it.
        previous.info.status = SUPERSEDED  # type: ignore[union-attr]
        config.storage.update(previous)
        rel.version = previous.version + 1
    config.storage.create(rel)
    try:
        _perform(config, rel, resources, adopt, opts)
    except HelmpyError as err:
        raise _fail(config, rel, opts, err) from None
    except KeyboardInterrupt:
        # Interrupted (Ctrl-C): record the failure, as Helm does on a cancelled context,
        # rather than leave the release locked in pending-install.
        rel.set_status(FAILED, f'Release "{rel.name}" failed: context canceled')
        config.record(rel)
        raise
    rel.set_status(DEPLOYED, opts.description or "Install complete")
    config.record(rel)
    return rel


def _perform(config: ActionConfig, rel: Release, resources: list[applying.Resource],
             adopt: list[applying.Resource], opts: InstallOptions) -> None:
    if not opts.no_hooks:
        try:
            run_hooks(config, rel, PRE_INSTALL, opts.timeout, opts.server_side)
        except HelmpyError as err:
            raise HelmpyError(f"failed pre-install: {err}") from None
    applier = applying.Applier(config.kube, server_side=opts.server_side,
                               force_conflicts=opts.force_conflicts or opts.take_ownership,
                               force_replace=opts.force_replace,
                               field_manager=config.field_manager)
    if adopt:
        applier.update(adopt, resources)
    elif resources:
        applier.create(resources)
    if opts.wait:
        Waiter(config.kube, opts.timeout, config.progress,
                   legacy=opts.legacy_wait).wait(resources, opts.wait_for_jobs)
    if not opts.no_hooks:
        try:
            run_hooks(config, rel, POST_INSTALL, opts.timeout, opts.server_side)
        except HelmpyError as err:
            raise HelmpyError(f"failed post-install: {err}") from None


def _fail(config: ActionConfig, rel: Release, opts: InstallOptions,
          err: HelmpyError) -> ActionError:
    rel.set_status(FAILED, f'Release "{rel.name}" failed: {err}')
    if opts.rollback_on_failure:
        from helmpy.release.actions.uninstall import UninstallOptions, uninstall

        config.record(rel)
        try:
            uninstall(config, rel.name, UninstallOptions(no_hooks=opts.no_hooks,
                                                         timeout=opts.timeout))
        except HelmpyError as undo_err:
            return ActionError(f"an error occurred while uninstalling the release. original "
                               f"install error: {err}: {undo_err}", rel)
        return ActionError(f"release {rel.name} failed, and has been uninstalled due to "
                           f"rollback-on-failure being set: {err}", rel)
    config.record(rel)
    return ActionError(str(err), rel)
