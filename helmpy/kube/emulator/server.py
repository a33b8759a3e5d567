"""HTTP front of the emulator: routes Kubernetes REST paths to the store.

Serves plain HTTP/1.1 on loopback with JSON bodies (no protobuf, no TLS, no authentication:
every request is allowed). Watches stream newline-delimited JSON events over chunked
transfer encoding.
"""
from __future__ import annotations

import base64
import bisect
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from helmpy.kube.emulator import discovery, openapi, printers, protobuf
from helmpy.kube.emulator.controllers import LOGS, annotation
from helmpy.kube.emulator.errors import ApiError, bad_request
from helmpy.kube.emulator.patch import json_merge_patch, json_patch
from helmpy.kube.emulator.resources import ResourceType
from helmpy.kube.emulator.selectors import SelectorError, field_matcher, label_matcher
from helmpy.kube.emulator.store import Store

log = logging.getLogger("helmpy.emulator")
NOT_FOUND = ApiError(404, "NotFound", "the server could not find the requested resource")


class Route:
    """A parsed resource URL."""

    def __init__(self, rt: ResourceType, namespace: str, name: str, sub: str) -> None:
        self.rt, self.namespace, self.name, self.sub = rt, namespace, name, sub


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], store: Store) -> None:
        super().__init__(address, Handler)
        self.store = store
        self.closing = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm
    # and the client's delayed ACK add ~40 ms to every response.
    disable_nagle_algorithm = True
    server: EmulatorHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s " + format, self.address_string(), *args)

    # --- plumbing -------------------------------------------------------------------------

    def _send_json(self, code: int, body: Any) -> None:
        payload = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _send_text(self, code: int, text: str) -> None:
        payload = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = self._read_chunked()
        if not raw:
            return None
        ctype = self.headers.get("Content-Type", "")
        if "protobuf" in ctype:
            try:
                return protobuf.decode_object(raw)
            except protobuf.ProtobufError as err:
                raise ApiError(415, "UnsupportedMediaType", str(err)) from err
        try:
            if "yaml" in ctype:
                return yaml.safe_load(raw)
            return json.loads(raw)
        except (ValueError, yaml.YAMLError) as err:
            raise bad_request(f"the request body could not be decoded: {err}") from err

    def _read_chunked(self) -> bytes:
        data = b""
        while True:
            size = int(self.rfile.readline().strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return data
            data += self.rfile.read(size)
            self.rfile.readline()

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch("PUT")

    def do_PATCH(self) -> None:  # noqa: N802
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        try:
            self._route(method, url.path.rstrip("/") or "/", query)
        except ApiError as err:
            self._send_json(err.code, err.status())
        except SelectorError as err:
            self._send_json(400, bad_request(str(err)).status())
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as err:  # noqa: BLE001 - an emulator bug must not kill the server
            log.exception("emulator error on %s %s", method, self.path)
            self._send_json(500, ApiError(500, "InternalError", str(err)).status())

    # --- routing --------------------------------------------------------------------------

    def _route(self, method: str, path: str, query: dict[str, str]) -> None:
        registry = self.server.store.registry
        if method == "GET" and path in ("/healthz", "/readyz", "/livez"):
            return self._send_text(200, "ok")
        if method == "GET" and path == "/version":
            return self._send_json(200, discovery.SERVER_VERSION)
        if method == "GET" and path == "/api":
            host = "{}:{}".format(*self.server.server_address[:2])
            return self._send_json(200, discovery.core_versions(host))
        if method == "GET" and path == "/apis":
            return self._send_json(200, discovery.group_list(registry))
        if path.startswith("/openapi"):
            return self._openapi(path)
        # Segments are percent-decoded, as a real API server does ("a%3Ab" is "a:b").
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if parts[0] == "api" and len(parts) >= 2:
            group, version, rest = "", parts[1], parts[2:]
        elif parts[0] == "apis" and len(parts) >= 2:
            if len(parts) == 2:
                doc = discovery.group(registry, parts[1])
                if doc is None or method != "GET":
                    raise NOT_FOUND
                return self._send_json(200, doc)
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise NOT_FOUND
        if not rest:
            doc = discovery.resource_list(registry, group, version)
            if doc is None or method != "GET":
                raise NOT_FOUND
            return self._send_json(200, doc)
        route = self._parse(group, version, rest)
        handler = getattr(self, "_" + method.lower())
        handler(route, query)

    def _parse(self, group: str, version: str, rest: list[str]) -> Route:
        registry = self.server.store.registry
        if rest[0] == "namespaces" and len(rest) >= 3:
            rt = registry.by_path(group, version, rest[2])
            if rt is not None and rt.namespaced:
                name = rest[3] if len(rest) > 3 else ""
                return Route(rt, rest[1], name, "/".join(rest[4:]))
        rt = registry.by_path(group, version, rest[0])
        if rt is None:
            raise NOT_FOUND
        name = rest[1] if len(rest) > 1 else ""
        return Route(rt, "", name, "/".join(rest[2:]))

    def _openapi(self, path: str) -> None:
        registry = self.server.store.registry
        if path == "/openapi/v3":
            return self._send_json(200, openapi.v3_root(registry))
        if path.startswith("/openapi/v3/"):
            doc = openapi.v3_group_version(registry, path[len("/openapi/v3/"):])
            if doc is not None:
                return self._send_json(200, doc)
        if path == "/openapi/v2":
            # Asked for only when v3 lacks a kind (e.g. a removed apiVersion). A document
            # without definitions lets client-side validation pass, so the client goes on
            # to fail with the real server's "no matches for kind" mapping error. The empty
            # byte string is the protobuf encoding of an empty document.
            if "protobuf" in self.headers.get("Accept", ""):
                self.send_response(200)
                self.send_header("Content-Type",
                                 "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._send_json(200, {"swagger": "2.0", "info": {
                "title": "Kubernetes", "version": "v1.33.0"}, "paths": {}, "definitions": {}})
        raise NOT_FOUND

    # --- verbs ----------------------------------------------------------------------------

    def _list_doc(self, route: Route, items: list[dict[str, Any]], rv: str,
                  query: dict[str, str]) -> dict[str, Any]:
        meta: dict[str, Any] = {"resourceVersion": rv}
        limit = int(query.get("limit") or 0)
        start = int(base64.b64decode(query["continue"]).decode()) if query.get("continue") \
            else 0
        if limit and start + limit < len(items):
            meta["continue"] = base64.b64encode(str(start + limit).encode()).decode()
            meta["remainingItemCount"] = len(items) - start - limit
            items = items[start:start + limit]
        else:
            items = items[start:]
        return {"kind": route.rt.kind + "List", "apiVersion": route.rt.group_version,
                "metadata": meta, "items": items}

    def _get(self, route: Route, query: dict[str, str]) -> None:
        store = self.server.store
        if route.name and route.sub == "log":
            pod = store.get(route.rt, route.namespace, route.name)
            default = f"emulated pod {route.name} ran to completion\n"
            return self._send_text(200, annotation(pod, LOGS, default))
        if route.name and route.sub == "scale":
            obj = store.get(route.rt, route.namespace, route.name)
            return self._send_json(200, _scale_view(obj))
        as_table = printers.wants_table(self.headers.get("Accept", ""))
        if route.name:
            obj = store.get(route.rt, route.namespace, route.name)
            if as_table:
                return self._send_json(200, printers.table(
                    route.rt.group, route.rt.plural, [obj], obj["metadata"]["resourceVersion"]))
            return self._send_json(200, obj)
        if query.get("watch") in ("true", "1"):
            return self._watch(route, query)
        items, rv = store.list(route.rt, route.namespace or None, query.get("labelSelector"),
                               query.get("fieldSelector"))
        doc = self._list_doc(route, items, rv, query)
        if as_table:
            table = printers.table(route.rt.group, route.rt.plural, doc["items"], rv)
            table["metadata"].update({k: v for k, v in doc["metadata"].items()
                                      if k != "resourceVersion"})
            return self._send_json(200, table)
        self._send_json(200, doc)

    def _post(self, route: Route, query: dict[str, str]) -> None:
        if route.name:
            raise ApiError(405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource")
        try:
            body = self._body() or {}
        except ApiError as err:
            if err.code != 415 or route.rt.verbs != ("create",):
                raise
            body = {}  # reviews are answered from nothing but their kind
        obj = self.server.store.create(route.rt, route.namespace, body,
                                       dry_run=query.get("dryRun") == "All",
                                       field_manager=query.get("fieldManager"))
        self._send_json(201, obj)

    def _set_scale(self, route: Route, scale: dict[str, Any]) -> None:
        replicas = (scale.get("spec") or {}).get("replicas")
        if not isinstance(replicas, int):
            raise bad_request("spec.replicas of a Scale must be an integer")
        store = self.server.store
        store.patch(route.rt, route.namespace, route.name, "application/merge-patch+json",
                    {"spec": {"replicas": replicas}})
        self._send_json(200, _scale_view(store.get(route.rt, route.namespace, route.name)))

    def _put(self, route: Route, query: dict[str, str]) -> None:
        body = self._body() or {}
        if route.sub == "scale":
            return self._set_scale(route, body)
        obj = self.server.store.update(route.rt, route.namespace, route.name, body,
                                       subresource=route.sub,
                                       dry_run=query.get("dryRun") == "All",
                                       field_manager=query.get("fieldManager"))
        self._send_json(200, obj)

    def _patch(self, route: Route, query: dict[str, str]) -> None:
        body = self._body()
        if route.sub == "scale":
            current = _scale_view(self.server.store.get(route.rt, route.namespace, route.name))
            ctype = self.headers.get("Content-Type", "")
            patched = json_patch(current, body) if "json-patch" in ctype \
                else json_merge_patch(current, body)
            return self._set_scale(route, patched)
        obj = self.server.store.patch(route.rt, route.namespace, route.name,
                                      self.headers.get("Content-Type", ""), body,
                                      subresource=route.sub,
                                      dry_run=query.get("dryRun") == "All",
                                      field_manager=query.get("fieldManager"),
                                      force=query.get("force") in ("true", "1"))
        self._send_json(200, obj)

    def _delete(self, route: Route, query: dict[str, str]) -> None:
        options = self._body() or {}
        propagation = query.get("propagationPolicy") or options.get("propagationPolicy")
        dry_run = query.get("dryRun") == "All" or "All" in (options.get("dryRun") or [])
        store = self.server.store
        if not route.name:
            items = store.delete_collection(route.rt, route.namespace or None,
                                            query.get("labelSelector"),
                                            query.get("fieldSelector"), propagation)
            return self._send_json(200, self._list_doc(route, items, str(store.rv), {}))
        obj = store.delete(route.rt, route.namespace, route.name, propagation=propagation,
                           dry_run=dry_run, preconditions=options.get("preconditions"))
        if obj["metadata"].get("deletionTimestamp"):
            return self._send_json(202 if not dry_run else 200, obj)
        details: dict[str, Any] = {"name": route.name, "kind": route.rt.plural,
                                   "uid": obj["metadata"].get("uid")}
        if route.rt.group:
            details["group"] = route.rt.group
        self._send_json(200, {"kind": "Status", "apiVersion": "v1", "metadata": {},
                              "status": "Success", "details": details})

    # --- watch ----------------------------------------------------------------------------

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _watch(self, route: Route, query: dict[str, str]) -> None:
        store = self.server.store
        rt = route.rt
        by_label = label_matcher(query.get("labelSelector"))
        by_field = field_matcher(query.get("fieldSelector"))
        timeout = float(query.get("timeoutSeconds") or 1800)
        deadline = time.monotonic() + timeout
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        start = query.get("resourceVersion", "")
        initial = query.get("sendInitialEvents") == "true"
        with store.lock:
            if start in ("", "0") or initial:
                items, current = store.list(rt, route.namespace or None,
                                            query.get("labelSelector"),
                                            query.get("fieldSelector"))
                backlog: list[dict[str, Any]] = [{"type": "ADDED", "object": o} for o in items]
                last = int(current)
                if initial:
                    backlog.append({"type": "BOOKMARK", "object": {
                        "kind": rt.kind, "apiVersion": rt.group_version, "metadata": {
                            "resourceVersion": current,
                            "annotations": {"k8s.io/initial-events-end": "true"}}}})
            else:
                last = int(start)
                oldest = store.events[0].rv if store.events else store.rv + 1
                if last + 1 < oldest and last < store.rv:
                    backlog = [{"type": "ERROR", "object": ApiError(
                        410, "Expired", f"too old resource version: {last} ({oldest})"
                    ).status()}]
                    last = -1
                else:
                    backlog = []
        try:
            for event in backlog:
                self._write_chunk(json.dumps(event).encode() + b"\n")
            while last >= 0 and not self.server.closing.is_set():
                with store.lock:
                    fresh = store.events[bisect.bisect_right(store.events, last,
                                                             key=lambda e: e.rv):]
                    if not fresh:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            break
                        store.changed.wait(timeout=min(remaining, 1.0))
                        continue
                    last = fresh[-1].rv
                    out = []
                    for e in fresh:
                        if e.group != rt.group or e.plural != rt.plural or (
                                route.namespace and e.namespace != route.namespace):
                            continue
                        kind = _selected_event(e.type, e.obj, e.old,
                                               lambda o: by_label(o) and by_field(o))
                        if kind:
                            out.append({"type": kind, "object": store.view(rt, e.obj)})
                for event in out:
                    self._write_chunk(json.dumps(event).encode() + b"\n")
            self._write_chunk(b"")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def _scale_view(obj: dict[str, Any]) -> dict[str, Any]:
    """The autoscaling/v1 Scale of a workload."""
    meta = obj["metadata"]
    spec = obj.get("spec") or {}
    labels = ((spec.get("selector") or {}).get("matchLabels") or {})
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion",
                                               "creationTimestamp") if k in meta},
            "spec": {"replicas": spec.get("replicas", 1)},
            "status": {"replicas": (obj.get("status") or {}).get("replicas", 0),
                       "selector": ",".join(f"{k}={v}" for k, v in labels.items())}}


def _selected_event(kind: str, obj: dict[str, Any], old: dict[str, Any] | None,
                    selected: Any) -> str | None:
    """The event a selective watch sees: objects entering or leaving the selection are
    reported as ADDED or DELETED, as the API server's watch cache does."""
    now = selected(obj)
    if kind != "MODIFIED" or old is None:
        return kind if now else None
    before = selected(old)
    if before and now:
        return "MODIFIED"
    if now:
        return "ADDED"
    return "DELETED" if before else None
