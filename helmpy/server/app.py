"""The HTTP side of ``helmpy serve``: a Flask app with ChartMuseum's API.

Routes: ``GET /index.yaml``, ``GET /NAME-VERSION.tgz[.prov]`` (also under ``/charts/``),
``GET /api/charts``, ``GET /api/charts/NAME``, ``GET /api/charts/NAME/VERSION``,
``POST /api/charts`` (raw archive or multipart ``chart`` + ``prov``), ``POST /api/prov``,
``DELETE /api/charts/NAME/VERSION``, ``GET /health``.
"""
from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, jsonify, request, send_file

from helmpy.server.store import ChartStore, StoreError

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024


@dataclass
class AuthOptions:
    username: str | None = None
    password: str | None = None
    bearer_token: str | None = None
    protect_reads: bool = False

    @property
    def enabled(self) -> bool:
        return bool((self.username and self.password is not None) or self.bearer_token)


def _authorized(auth: AuthOptions) -> bool:
    header = request.headers.get("Authorization", "")
    if auth.bearer_token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), auth.bearer_token.encode())
    if auth.username and header.startswith("Basic "):
        try:
            user, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return (hmac.compare_digest(user.encode(), auth.username.encode())
                and hmac.compare_digest(password.encode(), (auth.password or "").encode()))
    return False


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def create_app(store: ChartStore, auth: AuthOptions | None = None,
               max_upload: int = DEFAULT_MAX_UPLOAD) -> Flask:
    app = Flask("helmpy.server")
    app.config["MAX_CONTENT_LENGTH"] = max_upload
    app.config["MAX_FORM_MEMORY_SIZE"] = max_upload
    auth = auth or AuthOptions()

    @app.before_request
    def _check_auth() -> Response | None:
        if not auth.enabled or request.path == "/health":
            return None
        is_write = request.method in ("POST", "PUT", "PATCH", "DELETE")
        if (is_write or auth.protect_reads) and not _authorized(auth):
            response = _error(401, "unauthorized")
            response.headers["WWW-Authenticate"] = 'Basic realm="helmpy"'
            return response
        if is_write and request.content_length is not None and request.content_length > max_upload:
            return _error(413, f"upload larger than the limit of {max_upload} bytes")
        return None

    @app.errorhandler(StoreError)
    def _store_error(err: StoreError) -> Response:
        return _error(err.status, str(err))

    @app.errorhandler(413)
    def _too_large(_err: Any) -> Response:
        return _error(413, f"upload larger than the limit of {max_upload} bytes")

    @app.get("/health")
    def health() -> Response:
        return jsonify({"healthy": True})

    @app.get("/index.yaml")
    def index_yaml() -> Response:
        return Response(store.index_bytes, mimetype="application/x-yaml")

    @app.get("/<path:filename>")
    def chart_file(filename: str) -> Response:
        if filename.startswith("charts/"):
            filename = filename[len("charts/"):]
        path = store.file_path(filename)
        if path is None:
            return _error(404, "not found")
        mimetype = "application/gzip" if filename.endswith(".tgz") else "application/pgp-signature"
        return send_file(path, mimetype=mimetype, max_age=0)

    @app.get("/api/charts")
    def list_charts() -> Response:
        return jsonify(store.all_charts())

    @app.get("/api/charts/<name>")
    def list_versions(name: str) -> Response:
        return jsonify(store.versions(name))

    @app.get("/api/charts/<name>/<version>")
    def one_version(name: str, version: str) -> Response:
        return jsonify(store.version(name, version))

    @app.post("/api/charts")
    def upload_chart() -> Response:
        chart, prov = _upload_parts("chart")
        if chart is None:
            return _error(400, "no chart archive in the request")
        store.save_chart(chart, prov)
        response = jsonify({"saved": True})
        response.status_code = 201
        return response

    @app.post("/api/prov")
    def upload_prov() -> Response:
        _, prov = _upload_parts("prov")
        if prov is None:
            return _error(400, "no provenance file in the request")
        store.save_prov(prov)
        response = jsonify({"saved": True})
        response.status_code = 201
        return response

    @app.delete("/api/charts/<name>/<version>")
    def delete_version(name: str, version: str) -> Response:
        store.delete(name, version)
        return jsonify({"deleted": True})

    return app


def _upload_parts(raw_kind: str) -> tuple[bytes | None, bytes | None]:
    """(chart, prov) from a multipart form, or the raw body as ``raw_kind``."""
    if request.mimetype == "multipart/form-data":
        chart_file = request.files.get("chart")
        prov_file = request.files.get("prov")
        chart = chart_file.read() if chart_file else None
        prov = prov_file.read() if prov_file else None
        return chart, prov
    body = request.get_data(cache=False)
    if not body:
        return None, None
    return (body, None) if raw_kind == "chart" else (None, body)
