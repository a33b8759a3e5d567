"""``test`` (Helm's action.ReleaseTesting): run a deployed release's ``test`` hooks."""
from __future__ import annotations

from dataclasses import dataclass, field

from helmpy.errors import HelmpyError
from helmpy.kube.client import KubeError
from helmpy.release.actions.base import DEFAULT_TIMEOUT, ActionConfig, ActionError
from helmpy.release.actions.hooks import TEST, run_hooks
from helmpy.release.actions.status import release_content
from helmpy.release.model import Release


@dataclass
class ReleaseTestOptions:
    timeout: float = DEFAULT_TIMEOUT
    filters: list[str] = field(default_factory=list)  # "name" or "!name"


def _selected(name: str, filters: list[str]) -> bool:
    include = [f for f in filters if not f.startswith("!")]
    exclude = [f[1:] for f in filters if f.startswith("!")]
    if include and name not in include:
        return False
    return name not in exclude


def run_tests(config: ActionConfig, name: str, opts: ReleaseTestOptions) -> Release:
    """Run the test hooks (filtered by name); the release is recorded with their results."""
    rel = release_content(config, name)
    kept = rel.hooks
    skipped = [h for h in rel.hooks if TEST in h.events and not _selected(h.name, opts.filters)]
    rel.hooks = [h for h in rel.hooks if h not in skipped]
    try:
        run_hooks(config, rel, TEST, opts.timeout)
    except HelmpyError as err:
        rel.hooks = kept
        config.record(rel)
        raise ActionError(str(err), rel) from None
    rel.hooks = kept
    config.record(rel)
    return rel


def pod_logs(config: ActionConfig, rel: Release, filters: list[str] | None = None) -> str:
    """Helm's GetPodLogs for the (selected) test Pods: ``POD LOGS: NAME`` and the log."""
    out = []
    for hook in rel.hooks:
        if TEST not in hook.events or hook.kind != "Pod":
            continue
        if not _selected(hook.name, filters or []):
            continue
        try:
            text = config.kube.pod_logs(hook.name, rel.namespace)
        except KubeError as err:
            raise ActionError(f"unable to get pod logs for {hook.name}: {err}") from None
        out.append(f"POD LOGS: {hook.name}\n{text}\n")
    return "".join(out)
