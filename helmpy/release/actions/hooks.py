"""Helm's hook execution (pkg/action/hooks.go).

The hooks of one event run in the release's hook order (sorted by kind when rendered),
stably re-sorted by weight then name. Each is first deleted if its policy says
``before-hook-creation`` (the default), then created and, for Jobs and Pods, waited for
to completion. A failure stops the event: the failed hook is deleted under
``hook-failed``, the hooks that already succeeded under ``hook-succeeded``. When all
succeed, each is deleted under ``hook-succeeded`` (last first). Hooks are never release
resources: nothing else deletes them.
"""
from __future__ import annotations

from helmpy.errors import HelmpyError
from helmpy.kube.client import KubeError
from helmpy.release.actions.apply import Applier, Resource, build
from helmpy.release.actions.base import ActionConfig
from helmpy.release.actions.wait import Waiter
from helmpy.release.model import (
    PHASE_FAILED,
    PHASE_RUNNING,
    PHASE_SUCCEEDED,
    PHASE_UNKNOWN,
    Hook,
    HookExecution,
    Release,
    go_now,
)

BEFORE_HOOK_CREATION = "before-hook-creation"
HOOK_SUCCEEDED = "hook-succeeded"
HOOK_FAILED = "hook-failed"
OUTPUT_ON_SUCCEEDED = "hook-succeeded"
OUTPUT_ON_FAILED = "hook-failed"

PRE_INSTALL, POST_INSTALL = "pre-install", "post-install"
PRE_UPGRADE, POST_UPGRADE = "pre-upgrade", "post-upgrade"
PRE_ROLLBACK, POST_ROLLBACK = "pre-rollback", "post-rollback"
PRE_DELETE, POST_DELETE = "pre-delete", "post-delete"
TEST = "test"


def hooks_for(rel: Release, event: str) -> list[Hook]:
    """The hooks of ``event``, stably sorted by weight, then name."""
    chosen = [h for h in rel.hooks if event in h.events]
    return sorted(chosen, key=lambda h: (h.weight, h.name))


class HookRunner:
    def __init__(self, config: ActionConfig, timeout: float, server_side: bool = True) -> None:
        self.config = config
        self.timeout = timeout
        self.server_side = server_side

    def _resources(self, rel: Release, hook: Hook, event: str) -> list[Resource]:
        try:
            return build(self.config.kube, hook.manifest, rel.namespace)
        except HelmpyError as err:
            raise HelmpyError(f"unable to build kubernetes object for {event} hook "
                              f"{hook.path}: {err}") from None

    def _delete(self, rel: Release, hook: Hook, policy: str) -> None:
        """Helm's deleteHookByPolicy: delete (and wait for it) when the policy says so."""
        if policy not in hook.delete_policies:
            return
        resources = build(self.config.kube, hook.manifest, rel.namespace)
        gone = Applier(self.config.kube).delete(resources, propagation="Background")
        if gone:
            Waiter(self.config.kube, self.timeout).wait_for_delete(gone)

    def _output_logs(self, rel: Release, hook: Hook, policy: str) -> None:
        if policy not in hook.output_log_policies or hook.kind not in ("Pod", "Job"):
            return
        pods = []
        if hook.kind == "Pod":
            pods = [hook.name]
        else:
            try:
                found = self.config.kube.list("v1", "Pod", rel.namespace,
                                              label_selector=f"job-name={hook.name}")
                pods = [p["metadata"]["name"] for p in found]
            except KubeError:
                pods = []
        for pod in pods:
            try:
                text = self.config.kube.pod_logs(pod, rel.namespace)
            except KubeError:
                continue
            self.config.log(f"Logs for pod: {pod}, container: \n{text}")

    def run(self, rel: Release, event: str) -> None:
        """Run the hooks of ``event``; raise Helm's error text if one fails."""
        executing = hooks_for(rel, event)
        waiter = Waiter(self.config.kube, self.timeout, self.config.progress)
        for index, hook in enumerate(executing):
            if not hook.delete_policies:
                hook.delete_policies = [BEFORE_HOOK_CREATION]
            self._delete(rel, hook, BEFORE_HOOK_CREATION)
            resources = self._resources(rel, hook, event)
            hook.last_run = HookExecution(started_at=go_now(), phase=PHASE_RUNNING)
            self.config.record(rel)
            hook.last_run.phase = PHASE_UNKNOWN
            try:
                Applier(self.config.kube, server_side=self.server_side,
                        field_manager=self.config.field_manager).create(resources)
            except HelmpyError as err:
                hook.last_run.completed_at = go_now()
                hook.last_run.phase = PHASE_FAILED
                raise HelmpyError(f"warning: Hook {event} {hook.path} failed: {err}") from None
            try:
                waiter.watch_until_ready(resources)
            except HelmpyError as err:
                hook.last_run.completed_at = go_now()
                hook.last_run.phase = PHASE_FAILED
                self._output_logs(rel, hook, OUTPUT_ON_FAILED)
                try:
                    self._delete(rel, hook, HOOK_FAILED)
                except HelmpyError as delete_err:
                    self.config.log("error deleting the hook resource on hook failure: "
                                    f"{delete_err}")
                for done in executing[:index]:
                    self._delete(rel, done, HOOK_SUCCEEDED)
                raise HelmpyError(str(err)) from None
            hook.last_run.completed_at = go_now()
            hook.last_run.phase = PHASE_SUCCEEDED
        for hook in reversed(executing):
            self._output_logs(rel, hook, OUTPUT_ON_SUCCEEDED)
            self._delete(rel, hook, HOOK_SUCCEEDED)


def run_hooks(config: ActionConfig, rel: Release, event: str, timeout: float,
              server_side: bool = True) -> None:
    HookRunner(config, timeout, server_side).run(rel, event)
