"""KubeClient on the ``kubernetes`` package's configuration and HTTP machinery.

The package supplies kubeconfig parsing (contexts, merged ``$KUBECONFIG``, exec and token
auth, client certificates) and the in-cluster config; requests go through its urllib3 pool
with JSON bodies built here, so every kind — built-in or custom — is reached the same way
through discovery. Import this module only when a cluster is actually needed.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

from helmpy.kube.client import (
    KubeError,
    NotFoundError,
    Obj,
    ResourceInfo,
    WatchEvent,
    error_for,
)

PATCH_CONTENT_TYPES = {
    "merge": "application/merge-patch+json",
    "strategic": "application/strategic-merge-patch+json",
    "json": "application/json-patch+json",
    "apply": "application/apply-patch+yaml",
}


def _split(api_version: str) -> tuple[str, str]:
    group, _, version = api_version.rpartition("/")
    return group, version


def _first_current_context(paths: str) -> str | None:
    """client-go's rule for merged kubeconfigs: the first file naming a current-context
    wins (the kubernetes package lets the last one win)."""
    import yaml

    for path in paths.split(os.pathsep):
        try:
            with open(os.path.expanduser(path)) as handle:
                doc = yaml.safe_load(handle) or {}
        except OSError:
            continue
        if isinstance(doc, dict) and doc.get("current-context"):
            return str(doc["current-context"])
    return None


class RealKubeClient:
    """A KubeClient for one cluster and default namespace."""

    def __init__(self, api_client: Any, namespace: str = "default",
                 request_timeout: float = 60.0) -> None:
        self.api_client = api_client
        self.namespace = namespace
        self.request_timeout = request_timeout
        self._discovery: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, kubeconfig: str | None = None, context: str | None = None,
                    namespace: str | None = None, api_server: str | None = None,
                    token: str | None = None) -> RealKubeClient:
        from kubernetes import client, config
        from kubernetes.config.config_exception import ConfigException

        configuration = client.Configuration()
        context_namespace = None
        # Resolved here: the kubernetes package reads $KUBECONFIG once, at import time.
        if not kubeconfig:
            kubeconfig = os.environ.get("KUBECONFIG") or None
        if not kubeconfig and os.path.exists(os.path.expanduser("~/.kube/config")):
            kubeconfig = os.path.expanduser("~/.kube/config")
        have_file = bool(kubeconfig)
        if have_file and not context:
            context = _first_current_context(kubeconfig or "")
        if have_file and not (api_server and not context):
            try:
                config.load_kube_config(config_file=kubeconfig, context=context,
                                        client_configuration=configuration,
                                        persist_config=False)
            except (ConfigException, OSError) as err:
                raise KubeError(f"Kubernetes cluster unreachable: {err}") from err
            try:
                contexts, active = config.list_kube_config_contexts(config_file=kubeconfig)
                chosen = next((c for c in contexts if c["name"] == context), active) \
                    if context else active
                context_namespace = (chosen or {}).get("context", {}).get("namespace")
            except ConfigException:
                context_namespace = None
        elif not api_server:
            try:
                config.load_incluster_config(client_configuration=configuration)
            except ConfigException as err:
                raise KubeError("Kubernetes cluster unreachable: no kubeconfig found and not "
                                f"running in a cluster ({err})") from err
            path = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
            if os.path.exists(path):
                with open(path) as handle:
                    context_namespace = handle.read().strip()
        if api_server:
            configuration.host = api_server.rstrip("/")
        if token:
            configuration.api_key = {"authorization": "Bearer " + token}
        return cls(client.ApiClient(configuration),
                   namespace or context_namespace or "default")

    # --- transport ------------------------------------------------------------------------

    def _request(self, method: str, path: str, query: dict[str, Any] | None = None,
                 body: Any = None, content_type: str = "application/json",
                 stream: bool = False, timeout: float | None = None,
                 accept: str = "application/json") -> Any:
        headers: dict[str, str] = {"Accept": accept, "User-Agent": "helmpy"}
        queries: list[tuple[str, str]] = []
        self.api_client.update_params_for_auth(headers, queries, ["BearerToken"], path,
                                               method, None)
        payload = None
        if body is not None:
            headers["Content-Type"] = content_type
            payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        params = {k: v for k, v in (query or {}).items() if v is not None}
        url = self.api_client.configuration.host + path
        if params:
            url += "?" + urlencode(params)
        import urllib3

        try:
            response = self.api_client.rest_client.pool_manager.request(
                method, url, body=payload, headers=headers, preload_content=not stream,
                timeout=urllib3.Timeout(connect=10.0, read=timeout or self.request_timeout),
                retries=urllib3.Retry(total=2, connect=2, read=0, redirect=0, status=0))
        except urllib3.exceptions.HTTPError as err:
            reason = getattr(err, "reason", None) or err
            raise KubeError(f'Kubernetes cluster unreachable: {method.title()} "{url}": '
                            f"{reason}") from err
        if response.status >= 400:
            raw = response.data if not stream else response.read()
            self._raise(response.status, raw)
        return response

    @staticmethod
    def _raise(status: int, raw: bytes) -> None:
        try:
            body = json.loads(raw)
        except ValueError:
            body = {}
        if isinstance(body, dict) and body.get("kind") == "Status":
            raise error_for(status, body.get("reason", ""), body.get("message", ""), body)
        text = raw.decode(errors="replace").strip() or f"HTTP {status}"
        raise error_for(status, "", text)

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._request(method, path, **kwargs)
        return json.loads(response.data) if response.data else {}

    # --- discovery ------------------------------------------------------------------------

    def server_version(self) -> Obj:
        result: Obj = self._json("GET", "/version")
        return result

    def _resources(self, group: str, version: str, refresh: bool = False
                   ) -> list[dict[str, Any]]:
        key = (group, version)
        with self._lock:
            if key in self._discovery and not refresh:
                return self._discovery[key]
        path = f"/apis/{group}/{version}" if group else f"/api/{version}"
        try:
            doc = self._json("GET", path)
        except NotFoundError:
            doc = {"resources": []}
        resources = [r for r in doc.get("resources") or [] if "/" not in r.get("name", "")]
        with self._lock:
            self._discovery[key] = resources
        return resources

    def resource_info(self, api_version: str, kind: str) -> ResourceInfo:
        group, version = _split(api_version)
        for refresh in (False, True):
            for entry in self._resources(group, version, refresh):
                if entry.get("kind") == kind:
                    return ResourceInfo(group, version, kind, entry["name"],
                                        bool(entry.get("namespaced")))
        raise NotFoundError(f'no matches for kind "{kind}" in version "{api_version}"', 404,
                            "NotFound")

    def api_versions(self) -> list[str]:
        """Helm's GetVersionSet: every served group/version, and ``group/version/Kind``
        for each of its resources (subresources left out), in discovery order."""
        versions: list[str] = []
        seen: set[str] = set()

        def add(item: str) -> None:
            if item not in seen:
                seen.add(item)
                versions.append(item)

        group_versions = [("", v) for v in self._json("GET", "/api").get("versions") or []]
        for group in self._json("GET", "/apis").get("groups") or []:
            for entry in group.get("versions") or []:
                group_versions.append((group.get("name", ""), entry.get("version", "")))
        for group, version in group_versions:
            add(f"{group}/{version}" if group else version)
        for group, version in group_versions:
            prefix = f"{group}/{version}" if group else version
            for entry in self._resources(group, version):
                add(f"{prefix}/{entry.get('kind', '')}")
        return versions

    def invalidate_discovery(self) -> None:
        with self._lock:
            self._discovery.clear()

    def _path(self, api_version: str, kind: str, namespace: str | None, name: str = "",
              subresource: str = "", all_namespaces: bool = False) -> str:
        info = self.resource_info(api_version, kind)
        group, version = info.group, info.version
        path = f"/apis/{group}/{version}" if group else f"/api/{version}"
        if info.namespaced and not all_namespaces:
            path += f"/namespaces/{quote(namespace or self.namespace, safe='')}"
        path += f"/{info.plural}"
        if name:
            path += f"/{quote(name, safe='')}"
        if subresource:
            path += f"/{subresource}"
        return path

    # --- CRUD -----------------------------------------------------------------------------

    @staticmethod
    def _ident(obj: Obj) -> tuple[str, str, str, str | None]:
        meta = obj.get("metadata") or {}
        return obj.get("apiVersion", ""), obj.get("kind", ""), meta.get("name", ""), \
            meta.get("namespace")

    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> Obj:
        result: Obj = self._json("GET", self._path(api_version, kind, namespace, name))
        return result

    def list(self, api_version: str, kind: str, namespace: str | None = None, *,
             label_selector: str | None = None, field_selector: str | None = None,
             all_namespaces: bool = False) -> list[Obj]:
        path = self._path(api_version, kind, namespace, all_namespaces=all_namespaces)
        items: list[Obj] = []
        token = None
        while True:
            doc = self._json("GET", path, query={"labelSelector": label_selector,
                                                 "fieldSelector": field_selector,
                                                 "limit": 500, "continue": token})
            for item in doc.get("items") or []:
                item.setdefault("apiVersion", api_version)
                item.setdefault("kind", kind)
                items.append(item)
            token = (doc.get("metadata") or {}).get("continue")
            if not token:
                return items

    def get_table(self, api_version: str, kind: str, name: str = "",
                  namespace: str | None = None, label_selector: str | None = None) -> Obj:
        """The server-side ``meta.k8s.io/v1`` Table of one object, or of a (selected)
        list when ``name`` is empty: what ``kubectl get`` and ``helm status`` print."""
        path = self._path(api_version, kind, namespace, name)
        accept = ("application/json;as=Table;v=v1;g=meta.k8s.io,"
                  "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")
        response = self._request("GET", path, query={"labelSelector": label_selector},
                                 accept=accept)
        result: Obj = json.loads(response.data) if response.data else {}
        return result

    def create(self, obj: Obj, namespace: str | None = None, *, dry_run: bool = False,
               field_manager: str | None = None) -> Obj:
        api_version, kind, _, obj_ns = self._ident(obj)
        path = self._path(api_version, kind, namespace or obj_ns)
        result: Obj = self._json("POST", path, body=obj, query={
            "dryRun": "All" if dry_run else None, "fieldManager": field_manager})
        return result

    def replace(self, obj: Obj, namespace: str | None = None, *, dry_run: bool = False,
                field_manager: str | None = None) -> Obj:
        api_version, kind, name, obj_ns = self._ident(obj)
        path = self._path(api_version, kind, namespace or obj_ns, name)
        result: Obj = self._json("PUT", path, body=obj, query={
            "dryRun": "All" if dry_run else None, "fieldManager": field_manager})
        return result

    def patch(self, api_version: str, kind: str, name: str, patch: Any,
              namespace: str | None = None, *, patch_type: str = "merge",
              field_manager: str | None = None, force: bool = False,
              dry_run: bool = False, subresource: str = "") -> Obj:
        if patch_type not in PATCH_CONTENT_TYPES:
            raise KubeError(f"unknown patch type {patch_type!r}")
        path = self._path(api_version, kind, namespace, name, subresource)
        result: Obj = self._json("PATCH", path, body=patch,
                                 content_type=PATCH_CONTENT_TYPES[patch_type],
                                 query={"fieldManager": field_manager,
                                        "force": "true" if force else None,
                                        "dryRun": "All" if dry_run else None})
        return result

    def apply(self, obj: Obj, namespace: str | None = None, *, field_manager: str = "helmpy",
              force: bool = False, dry_run: bool = False) -> Obj:
        api_version, kind, name, obj_ns = self._ident(obj)
        # JSON is valid YAML, so the apply body can be sent as JSON text.
        return self.patch(api_version, kind, name, obj, namespace or obj_ns,
                          patch_type="apply", field_manager=field_manager, force=force,
                          dry_run=dry_run)

    def delete(self, api_version: str, kind: str, name: str, namespace: str | None = None, *,
               propagation_policy: str | None = "Background", dry_run: bool = False) -> None:
        path = self._path(api_version, kind, namespace, name)
        options: dict[str, Any] = {"kind": "DeleteOptions", "apiVersion": "v1"}
        if propagation_policy:
            options["propagationPolicy"] = propagation_policy
        if dry_run:
            options["dryRun"] = ["All"]
        self._request("DELETE", path, body=options)

    def watch(self, api_version: str, kind: str, namespace: str | None = None, *,
              label_selector: str | None = None, field_selector: str | None = None,
              resource_version: str | None = None, timeout_seconds: int = 60
              ) -> Iterator[WatchEvent]:
        path = self._path(api_version, kind, namespace)
        response = self._request("GET", path, stream=True, timeout=timeout_seconds + 5,
                                 query={"watch": "true", "labelSelector": label_selector,
                                        "fieldSelector": field_selector,
                                        "resourceVersion": resource_version,
                                        "timeoutSeconds": timeout_seconds})
        try:
            buffer = b""
            for chunk in response.stream(4096, decode_content=True):
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip():
                        event = json.loads(line)
                        yield WatchEvent(event.get("type", ""), event.get("object") or {})
        finally:
            response.release_conn()

    def pod_logs(self, name: str, namespace: str | None = None,
                 container: str | None = None) -> str:
        path = self._path("v1", "Pod", namespace, name, "log")
        response = self._request("GET", path, query={"container": container})
        data: bytes = response.data
        return data.decode(errors="replace")
