"""The memory driver: releases kept in this process only (Helm's ``memory`` driver)."""
from __future__ import annotations

import copy
import threading

from helmpy.release.codec import custom_labels
from helmpy.release.model import Release
from helmpy.storage.driver import (
    Filter,
    ReleaseExistsError,
    ReleaseNotFoundError,
    labels_match,
    system_labels,
)


class MemoryDriver:
    name = "Memory"

    def __init__(self, namespace: str = "default") -> None:
        self.namespace = namespace
        # namespace -> key -> release; shared by copies made with for_namespace().
        self._records: dict[str, dict[str, Release]] = {}
        self._lock = threading.RLock()

    def for_namespace(self, namespace: str) -> MemoryDriver:
        """A view of the same records scoped to another namespace."""
        view = MemoryDriver(namespace)
        view._records, view._lock = self._records, self._lock
        return view

    def _scopes(self) -> list[dict[str, Release]]:
        if self.namespace:
            return [self._records.get(self.namespace, {})]
        return list(self._records.values())

    def get(self, key: str) -> Release:
        with self._lock:
            for scope in self._scopes():
                if key in scope:
                    return copy.deepcopy(scope[key])
        raise ReleaseNotFoundError()

    def list(self, keep: Filter) -> list[Release]:
        with self._lock:
            found = [copy.deepcopy(r) for scope in self._scopes() for r in scope.values()]
        for rel in found:
            rel.labels = {**rel.labels, **system_labels(rel)}
        return [r for r in found if keep(r)]

    def query(self, labels: dict[str, str]) -> list[Release]:
        wanted_name = labels.get("name")
        with self._lock:
            found = [copy.deepcopy(r) for scope in self._scopes() for r in scope.values()
                     if (wanted_name is None or r.name == wanted_name)
                     and labels_match({**r.labels, **system_labels(r)}, labels)]
        if not found:
            raise ReleaseNotFoundError()
        return found

    def create(self, key: str, rel: Release) -> None:
        namespace = rel.namespace or self.namespace or "default"
        with self._lock:
            scope = self._records.setdefault(namespace, {})
            if key in scope:
                raise ReleaseExistsError()
            stored = copy.deepcopy(rel)
            stored.labels = custom_labels(rel.labels)
            scope[key] = stored

    def update(self, key: str, rel: Release) -> None:
        namespace = rel.namespace or self.namespace or "default"
        with self._lock:
            scope = self._records.get(namespace, {})
            if key not in scope:
                raise ReleaseNotFoundError()
            stored = copy.deepcopy(rel)
            stored.labels = custom_labels(rel.labels)
            scope[key] = stored

    def delete(self, key: str) -> Release:
        with self._lock:
            for scope in self._scopes():
                if key in scope:
                    return scope.pop(key)
        raise ReleaseNotFoundError()
