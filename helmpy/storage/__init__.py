"""Release storage: Helm's drivers (secret, configmap, memory, sql) and the storage front.

>>> storage = open_storage("secret", kube=client, namespace="default")
>>> storage.history("demo")

Drivers are chosen like Helm's ``HELM_DRIVER``: ``secret``/``secrets``/empty (default),
``configmap``/``configmaps``, ``memory``, ``sql`` (connection string from
``HELMPY_DRIVER_SQL_CONNECTION_STRING`` or ``HELM_DRIVER_SQL_CONNECTION_STRING``; a
``sqlite:`` prefix selects SQLite).
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from helmpy.storage.driver import (
    Driver,
    NoDeployedReleasesError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageError,
)
from helmpy.storage.storage import Storage

if TYPE_CHECKING:
    from helmpy.kube.client import KubeClient

__all__ = ["Driver", "NoDeployedReleasesError", "ReleaseExistsError", "ReleaseNotFoundError",
           "Storage", "StorageError", "open_driver", "open_storage"]


def open_driver(name: str | None, *, kube: KubeClient | None = None,
                namespace: str = "default", sql_connection: str | None = None) -> Driver:
    """The driver called ``name`` for ``namespace`` (``""`` reads all namespaces)."""
    name = (name if name is not None else os.environ.get("HELMPY_DRIVER", "")).lower()
    if name in ("secret", "secrets", "", "configmap", "configmaps"):
        if kube is None:
            raise StorageError(f"the {name or 'secret'} driver needs a Kubernetes client")
        from helmpy.storage.kube_drivers import ConfigMapsDriver, SecretsDriver

        driver_type = ConfigMapsDriver if name.startswith("configmap") else SecretsDriver
        return driver_type(kube, namespace)
    if name == "memory":
        from helmpy.storage.memory import MemoryDriver

        return MemoryDriver(namespace)
    if name == "sql":
        from helmpy.storage.sql import SQLDriver

        dsn = sql_connection or os.environ.get("HELMPY_DRIVER_SQL_CONNECTION_STRING") \
            or os.environ.get("HELM_DRIVER_SQL_CONNECTION_STRING", "")
        if not dsn:
            raise StorageError("the sql driver needs a connection string "
                               "(HELMPY_DRIVER_SQL_CONNECTION_STRING)")
        return SQLDriver(dsn, namespace)
    raise StorageError(f'unknown driver "{name}"')


def open_storage(name: str | None = None, *, kube: KubeClient | None = None,
                 namespace: str = "default", sql_connection: str | None = None,
                 max_history: int = 0) -> Storage:
    return Storage(open_driver(name, kube=kube, namespace=namespace,
                               sql_connection=sql_connection), max_history)
