"""The storage driver contract (Helm's pkg/storage/driver) and its errors.

A driver stores release records under keys ``sh.helm.release.v1.NAME.vREV`` in one
namespace (or, for reads, all namespaces when its namespace is ``""``).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from helmpy.errors import HelmpyError
from helmpy.release.codec import OWNER
from helmpy.release.model import Release

Filter = Callable[[Release], bool]


class StorageError(HelmpyError):
    """A storage operation failed."""


class ReleaseNotFoundError(StorageError):
    def __init__(self, message: str = "release: not found") -> None:
        super().__init__(message)


class ReleaseExistsError(StorageError):
    def __init__(self, message: str = "release: already exists") -> None:
        super().__init__(message)


class NoDeployedReleasesError(StorageError):
    """Helm's ``"NAME" has no deployed releases``."""

    def __init__(self, name: str) -> None:
        super().__init__(f'"{name}" has no deployed releases')
        self.release_name = name


class Driver(Protocol):
    name: str
    namespace: str

    def get(self, key: str) -> Release: ...

    def list(self, keep: Filter) -> list[Release]: ...

    def query(self, labels: dict[str, str]) -> list[Release]:
        """Releases whose labels match all of ``labels``; ReleaseNotFoundError if none."""
        ...

    def create(self, key: str, rel: Release) -> None: ...

    def update(self, key: str, rel: Release) -> None: ...

    def delete(self, key: str) -> Release: ...


def system_labels(rel: Release) -> dict[str, str]:
    return {"name": rel.name, "owner": OWNER, "status": rel.status,
            "version": str(rel.version)}


def labels_match(have: dict[str, str], want: dict[str, str]) -> bool:
    return all(have.get(k) == v for k, v in want.items())
