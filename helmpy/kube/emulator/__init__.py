"""A Kubernetes API emulator over real HTTP on loopback, for tests and rehearsals.

>>> with Emulator() as emu:               # serves on 127.0.0.1:<free port>
...     emu.write_kubeconfig("kubeconfig")   # kubectl, helm and helmpy can use it
...     print(emu.url)

See docs/emulator.md for what it emulates and what it does not.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import yaml

from helmpy.kube.emulator.controllers import Controllers
from helmpy.kube.emulator.resources import ResourceRegistry
from helmpy.kube.emulator.server import EmulatorHTTPServer
from helmpy.kube.emulator.store import Store

__all__ = ["Emulator", "kubeconfig_document"]


def kubeconfig_document(url: str, context: str = "helmpy-emulator",
                        namespace: str = "default") -> dict[str, Any]:
    """A kubeconfig with one cluster, user and context pointing at ``url``."""
    return {
        "apiVersion": "v1", "kind": "Config", "preferences": {},
        "clusters": [{"name": context, "cluster": {"server": url}}],
        "users": [{"name": context, "user": {"token": "emulator"}}],
        "contexts": [{"name": context, "context": {"cluster": context, "user": context,
                                                   "namespace": namespace}}],
        "current-context": context,
    }


class Emulator:
    """An emulated API server: object store, controllers and HTTP front."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.registry = ResourceRegistry()
        self.store = Store(self.registry)
        self.controllers = Controllers(self.store)
        self.httpd = EmulatorHTTPServer((host, port), self.store)
        self._thread = threading.Thread(target=self.httpd.serve_forever,
                                        kwargs={"poll_interval": 0.2},
                                        name="emulator-http", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Emulator:
        self.controllers.start()
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.closing.set()
        with self.store.lock:
            self.store.changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.controllers.stop()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self.controllers.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.httpd.closing.set()
            self.httpd.server_close()
            self.controllers.stop()

    def kubeconfig(self, namespace: str = "default") -> str:
        return yaml.safe_dump(kubeconfig_document(self.url, namespace=namespace),
                              sort_keys=False)

    def write_kubeconfig(self, path: str | os.PathLike[str], namespace: str = "default") -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.kubeconfig(namespace))
        target.chmod(0o600)
        return target

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
