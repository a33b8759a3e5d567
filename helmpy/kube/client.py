"""The one interface helmpy uses to talk to a Kubernetes API server.

Objects are plain dicts in their JSON form. Every call names the object by apiVersion, kind,
name and namespace; the implementation maps kind to resource through discovery. Failures
raise :class:`KubeError` (or a subclass for the cases callers branch on), whose ``str()`` is
the API server's message.

Pick an implementation with :func:`connect`, which imports the ``kubernetes`` package only
when called.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from helmpy.errors import HelmpyError

Obj = dict[str, Any]


class KubeError(HelmpyError):
    """An API request failed; ``status`` and ``reason`` are the server's."""

    def __init__(self, message: str, status: int = 0, reason: str = "",
                 body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.body = body or {}


class NotFoundError(KubeError):
    """HTTP 404: the object (or its kind) does not exist."""


class AlreadyExistsError(KubeError):
    """HTTP 409 with reason AlreadyExists."""


class ConflictError(KubeError):
    """HTTP 409: a resourceVersion precondition or an apply conflict."""


def error_for(status: int, reason: str, message: str, body: dict[str, Any] | None = None
              ) -> KubeError:
    """The KubeError subclass for an HTTP status and Status.reason."""
    if status == 404:
        return NotFoundError(message, status, reason, body)
    if status == 409 and reason == "AlreadyExists":
        return AlreadyExistsError(message, status, reason, body)
    if status == 409:
        return ConflictError(message, status, reason, body)
    return KubeError(message, status, reason, body)


@dataclass(frozen=True)
class ResourceInfo:
    """What discovery says about a kind: its URL name and whether it is namespaced."""

    group: str
    version: str
    kind: str
    plural: str
    namespaced: bool

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


@dataclass
class WatchEvent:
    type: str  # ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
    object: Obj


class KubeClient(Protocol):
    """Operations the release engine and the storage drivers need."""

    namespace: str  # the default namespace (from the kubeconfig context or flags)

    def server_version(self) -> Obj: ...

    def resource_info(self, api_version: str, kind: str) -> ResourceInfo:
        """Discovery mapping; raises NotFoundError for kinds the server does not serve."""
        ...

    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> Obj:
        ...

    def list(self, api_version: str, kind: str, namespace: str | None = None, *,
             label_selector: str | None = None, field_selector: str | None = None,
             all_namespaces: bool = False) -> list[Obj]: ...

    def create(self, obj: Obj, namespace: str | None = None, *, dry_run: bool = False,
               field_manager: str | None = None) -> Obj: ...

    def replace(self, obj: Obj, namespace: str | None = None, *, dry_run: bool = False,
                field_manager: str | None = None) -> Obj:
        """PUT; a ``metadata.resourceVersion`` in ``obj`` makes it conditional (409)."""
        ...

    def patch(self, api_version: str, kind: str, name: str, patch: Any,
              namespace: str | None = None, *, patch_type: str = "merge",
              field_manager: str | None = None, force: bool = False,
              dry_run: bool = False, subresource: str = "") -> Obj:
        """``patch_type``: ``merge``, ``strategic``, ``json`` or ``apply``."""
        ...

    def apply(self, obj: Obj, namespace: str | None = None, *, field_manager: str = "helmpy",
              force: bool = False, dry_run: bool = False) -> Obj:
        """Server-side apply of a whole object."""
        ...

    def delete(self, api_version: str, kind: str, name: str, namespace: str | None = None, *,
               propagation_policy: str | None = "Background", dry_run: bool = False) -> None:
        ...

    def watch(self, api_version: str, kind: str, namespace: str | None = None, *,
              label_selector: str | None = None, field_selector: str | None = None,
              resource_version: str | None = None, timeout_seconds: int = 60
              ) -> Iterator[WatchEvent]: ...

    def pod_logs(self, name: str, namespace: str | None = None,
                 container: str | None = None) -> str: ...


def connect(kubeconfig: str | None = None, context: str | None = None,
            namespace: str | None = None, api_server: str | None = None,
            token: str | None = None) -> KubeClient:
    """A client for the cluster the kubeconfig (or in-cluster config) points at.

    Resolution follows kubectl and Helm: ``kubeconfig`` path, else ``$KUBECONFIG`` (a
    list of files merged), else ``~/.kube/config``, else the in-cluster service account.
    ``namespace`` defaults to the context's namespace, then ``default``.
    """
    from helmpy.kube.real import RealKubeClient

    return RealKubeClient.from_config(kubeconfig=kubeconfig, context=context,
                                      namespace=namespace, api_server=api_server, token=token)
