"""What every release action shares: the configuration (cluster client, storage, namespace),
Helm's action errors, the chart as a release stores it, and manifests as API objects."""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from helmpy.errors import HelmpyError
from helmpy.release.codec import file_record
from helmpy.release.model import PENDING_STATUSES, Release, format_go_time

if TYPE_CHECKING:
    from helmpy.kube.client import KubeClient
    from helmpy.storage import Storage

# Helm's action errors (pkg/action/action.go), word for word.
ERR_PENDING = "another operation (install/upgrade/rollback) is in progress"
ERR_NAME_IN_USE = "release name check failed: cannot reuse a name that is still in use"
ERR_INVALID_REVISION = "invalid release revision"
ERR_MISSING_RELEASE = "no release provided"

FIELD_MANAGER = "helmpy"
DEFAULT_TIMEOUT = 300.0


class ActionError(HelmpyError):
    """A release action failed; ``release`` is the record as it was left, when there is one."""

    def __init__(self, message: str, release: Release | None = None) -> None:
        super().__init__(message)
        self.release = release


class PendingError(ActionError):
    """The latest revision is pending: another operation holds the release."""

    def __init__(self, release: Release | None = None) -> None:
        super().__init__(ERR_PENDING, release)


@dataclass
class ActionConfig:
    """A cluster, a release store and a namespace: Helm's action.Configuration.

    ``kube`` is connected lazily through ``connect_kube`` so that storage-only actions
    (``list``, ``history`` on the memory or sql driver) never need a cluster.
    """

    storage: Storage
    namespace: str = "default"
    kube_client: KubeClient | None = None
    connect_kube: Any = None  # callable() -> KubeClient
    progress: TextIO | None = field(default_factory=lambda: sys.stderr)
    field_manager: str = FIELD_MANAGER

    @property
    def kube(self) -> KubeClient:
        if self.kube_client is None:
            if self.connect_kube is None:
                raise HelmpyError("no Kubernetes cluster configured for this action")
            self.kube_client = self.connect_kube()
        assert self.kube_client is not None
        return self.kube_client

    def log(self, message: str) -> None:
        if self.progress is not None:
            self.progress.write(message + "\n")
            self.progress.flush()

    def record(self, rel: Release) -> None:
        """Helm's recordRelease: store the new state, reporting (not raising) failures."""
        try:
            self.storage.update(rel)
        except HelmpyError as err:
            self.log(f"warning: failed to update release {rel.name}: {err}")


def configure(namespace: str | None = None, *, driver: str | None = None,
              kubeconfig: str | None = None, context: str | None = None,
              api_server: str | None = None, all_namespaces: bool = False,
              max_history: int = 0, progress: TextIO | None = sys.stderr) -> ActionConfig:
    """An ActionConfig for the cluster named by kubeconfig/context (connected on first use).

    ``driver`` is the storage driver (``HELMPY_DRIVER`` when None); ``all_namespaces``
    opens the store over every namespace, for ``list -A``.
    """
    import os

    from helmpy.storage import open_storage

    name = driver if driver is not None else (os.environ.get("HELMPY_DRIVER")
                                              or os.environ.get("HELM_DRIVER", ""))
    cache: dict[str, KubeClient] = {}

    def connect() -> KubeClient:
        if "client" not in cache:
            from helmpy.kube.client import connect as kube_connect

            cache["client"] = kube_connect(kubeconfig=kubeconfig, context=context,
                                           namespace=namespace, api_server=api_server)
        return cache["client"]

    needs_kube = name.lower() in ("", "secret", "secrets", "configmap", "configmaps")
    kube = connect() if needs_kube else None
    ns = namespace or (kube.namespace if kube is not None else "") or "default"
    storage = open_storage(name, kube=kube, namespace="" if all_namespaces else ns,
                           max_history=max_history)
    return ActionConfig(storage=storage, namespace=ns, kube_client=kube,
                        connect_kube=connect, progress=progress)


_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0,
          "h": 3600.0}


def parse_go_duration(text: str) -> float:
    """Go's time.ParseDuration (``5m0s``, ``1h30m``, ``300ms``), in seconds."""
    body = text.strip()
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    if body == "0":
        return 0.0
    if re.fullmatch(r"[0-9.]+", body):
        raise HelmpyError(f'time: missing unit in duration "{text}"')
    total, position = 0.0, 0
    for match in _DURATION.finditer(body):
        if match.start() != position:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        position = match.end()
    if not body or position != len(body):
        raise HelmpyError(f'time: invalid duration "{text}"')
    return sign * total


def is_pending(rel: Release) -> bool:
    return rel.status in PENDING_STATUSES


def sorted_history(config: ActionConfig, name: str) -> list[Release]:
    """Every revision of ``name``, oldest first (empty when there are none)."""
    from helmpy.storage import ReleaseNotFoundError

    try:
        revisions = config.storage.history(name)
    except ReleaseNotFoundError:
        return []
    return sorted(revisions, key=lambda rel: rel.version)


# --- the chart as a release stores it -------------------------------------------------------

def _modtime(mtime: float | None) -> str:
    import datetime as dt

    if mtime is None:
        return "0001-01-01T00:00:00Z"
    moment = dt.datetime.fromtimestamp(mtime).astimezone()
    return format_go_time(moment, int(round(mtime * 1e9)) % 1_000_000_000)


def chart_record(chart: Any) -> dict[str, Any]:
    """Helm's chart.Chart JSON (metadata, lock, templates, values, schema, files).

    Subcharts are not part of it, exactly as in Helm's release records.
    """
    lock = None
    if chart.lock is not None:
        lock = {"generated": chart.lock.generated, "digest": chart.lock.digest,
                "dependencies": [d.to_json_dict() for d in chart.lock.dependencies]}
    return {
        "metadata": chart.metadata.to_json_dict(),
        "lock": lock,
        "templates": [file_record(f.name, f.data, _modtime(f.mtime)) for f in chart.templates],
        "values": chart.values or None,
        "schema": chart.schema,
        "schemamodtime": "0001-01-01T00:00:00Z",
        "files": [file_record(f.name, f.data, _modtime(f.mtime)) for f in chart.files],
        "modtime": "0001-01-01T00:00:00Z",
    }


def chart_name_version(rel: Release) -> str:
    meta = rel.chart_metadata
    if not rel.chart or not meta:
        return "MISSING"
    return f"{meta.get('name', '')}-{meta.get('version', '')}"


def chart_app_version(rel: Release) -> str:
    if not rel.chart or not rel.chart_metadata:
        return "MISSING"
    return str(rel.chart_metadata.get("appVersion", ""))


# --- manifests as API objects ---------------------------------------------------------------

def parse_documents(text: str) -> list[dict[str, Any]]:
    """The objects of a multi-document manifest, as JSON-compatible dicts (Go's reading)."""
    from helmpy.engine.manifests import split_manifests

    objects = []
    for doc in split_manifests(text):
        obj = parse_object(doc)
        if obj:
            if obj.get("kind", "").endswith("List") and isinstance(obj.get("items"), list):
                objects.extend(i for i in obj["items"] if isinstance(i, dict))
            else:
                objects.append(obj)
    return objects


def parse_object(doc: str) -> dict[str, Any] | None:
    from helmpy.goyaml import gojson
    from helmpy.goyaml.reader import load

    try:
        data = load(doc)
    except Exception as err:  # noqa: BLE001 - any YAML failure is Helm's build error
        raise HelmpyError(f"error parsing manifest: {err}") from None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise HelmpyError("error parsing manifest: object is not a mapping")
    result: dict[str, Any] = json.loads(gojson.dumps(data, escape_html=False))
    return result


def ident(obj: dict[str, Any]) -> str:
    """``Kind/namespace/name`` (or ``Kind/name``) for messages."""
    meta = obj.get("metadata") or {}
    parts = [obj.get("kind", ""), meta.get("namespace") or "", meta.get("name", "")]
    return "/".join(p for p in parts if p)


INTERRUPTED = "Interrupted: {operation} did not finish (released by {via})"


def unlock(config: ActionConfig, name: str, via: str = "--force-unlock") -> Release | None:
    """The way out of a stuck pending revision (a crash or a killed helmpy/helm): mark the
    latest revision ``failed`` so the next upgrade or rollback may proceed. Returns the
    revision it released, or None when nothing was pending."""
    from helmpy.release.model import FAILED

    revisions = sorted_history(config, name)
    if not revisions or not is_pending(revisions[-1]):
        return None
    stuck = revisions[-1]
    operation = stuck.status.removeprefix("pending-")
    stuck.set_status(FAILED, INTERRUPTED.format(operation=operation, via=via))
    config.storage.update(stuck)
    return stuck
