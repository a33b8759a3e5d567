"""The ``secret`` (Helm's default) and ``configmap`` drivers: one object per revision.

Objects are named ``sh.helm.release.v1.NAME.vREV`` and labelled name/owner/status/version
plus ``createdAt`` (on create) or ``modifiedAt`` (on update) and the release's custom
labels. A Secret carries type ``helm.sh/release.v1`` and ``data.release`` =
base64(body); a ConfigMap carries ``data.release`` = body, where body is
base64(gzip(JSON)) — byte-compatible with Helm's drivers in both directions.
"""
from __future__ import annotations

import base64
import time
from typing import Any

from helmpy.kube.client import AlreadyExistsError, KubeClient, KubeError, NotFoundError
from helmpy.release.codec import (
    RECORD_TYPE,
    ReleaseDecodeError,
    custom_labels,
    decode_release,
    encode_release,
    record_labels,
)
from helmpy.release.model import Release
from helmpy.storage.driver import (
    Filter,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageError,
)


class _ObjectDriver:
    kind = ""
    name = ""

    def __init__(self, client: KubeClient, namespace: str = "default") -> None:
        self.client = client
        self.namespace = namespace

    # Subclasses say how a release body sits in the object.
    def _body(self, obj: dict[str, Any]) -> str:
        raise NotImplementedError

    def _object(self, key: str, rel: Release, labels: dict[str, str]) -> dict[str, Any]:
        raise NotImplementedError

    def _decode(self, obj: dict[str, Any]) -> Release:
        return decode_release(self._body(obj))

    def get(self, key: str) -> Release:
        try:
            obj = self.client.get("v1", self.kind, key, self.namespace)
        except NotFoundError as err:
            raise ReleaseNotFoundError() from err
        except KubeError as err:
            raise StorageError(f'get: failed to get "{key}": {err}') from err
        try:
            rel = self._decode(obj)
        except ReleaseDecodeError as err:
            raise StorageError(f'get: failed to decode data "{key}": {err}') from err
        rel.labels = custom_labels((obj.get("metadata") or {}).get("labels") or {})
        return rel

    def _list(self, selector: str) -> list[dict[str, Any]]:
        return self.client.list("v1", self.kind, self.namespace or None,
                                label_selector=selector, all_namespaces=not self.namespace)

    def _releases(self, items: list[dict[str, Any]]) -> list[Release]:
        out = []
        for item in items:
            try:
                rel = self._decode(item)
            except ReleaseDecodeError:
                continue  # Helm logs and skips records it cannot decode
            rel.labels = dict((item.get("metadata") or {}).get("labels") or {})
            out.append(rel)
        return out

    def list(self, keep: Filter) -> list[Release]:
        try:
            items = self._list("owner=helm")
        except KubeError as err:
            raise StorageError(f"list: failed to list: {err}") from err
        return [r for r in self._releases(items) if keep(r)]

    def query(self, labels: dict[str, str]) -> list[Release]:
        selector = ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
        try:
            items = self._list(selector)
        except KubeError as err:
            raise StorageError(f"query: failed to query with labels: {err}") from err
        if not items:
            raise ReleaseNotFoundError()
        return self._releases(items)

    def create(self, key: str, rel: Release) -> None:
        obj = self._object(key, rel, record_labels(rel, "createdAt", int(time.time())))
        try:
            self.client.create(obj, rel.namespace or self.namespace)
        except AlreadyExistsError as err:
            raise ReleaseExistsError() from err
        except KubeError as err:
            raise StorageError(f"create: failed to create: {err}") from err

    def update(self, key: str, rel: Release) -> None:
        obj = self._object(key, rel, record_labels(rel, "modifiedAt", int(time.time())))
        try:
            self.client.replace(obj, rel.namespace or self.namespace)
        except KubeError as err:
            raise StorageError(f"update: failed to update: {err}") from err

    def delete(self, key: str) -> Release:
        rel = self.get(key)
        try:
            self.client.delete("v1", self.kind, key, self.namespace,
                               propagation_policy=None)
        except NotFoundError as err:
            raise ReleaseNotFoundError() from err
        except KubeError as err:
            raise StorageError(f"delete: failed to delete: {err}") from err
        return rel


class SecretsDriver(_ObjectDriver):
    kind = "Secret"
    name = "Secret"

    def _body(self, obj: dict[str, Any]) -> str:
        data = (obj.get("data") or {}).get("release", "")
        return base64.b64decode(data).decode()

    def _object(self, key: str, rel: Release, labels: dict[str, str]) -> dict[str, Any]:
        body = encode_release(rel)
        return {"apiVersion": "v1", "kind": "Secret",
                "metadata": {"name": key, "labels": labels}, "type": RECORD_TYPE,
                "data": {"release": base64.b64encode(body.encode()).decode()}}


class ConfigMapsDriver(_ObjectDriver):
    kind = "ConfigMap"
    name = "ConfigMap"

    def _body(self, obj: dict[str, Any]) -> str:
        return str((obj.get("data") or {}).get("release", ""))

    def _object(self, key: str, rel: Release, labels: dict[str, str]) -> dict[str, Any]:
        return {"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": key, "labels": labels},
                "data": {"release": encode_release(rel)}}
