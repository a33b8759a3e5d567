"""``helmpy serve``: a chart repository server (index, archives, ChartMuseum API) on waitress.

Public: :func:`make_server` builds a bound (not yet running) waitress server and returns it
with the base URL the index uses; ``server.run()`` serves until interrupted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helmpy.errors import HelmpyError


@dataclass
class ServeConfig:
    address: str = "127.0.0.1:8879"
    repo_path: Path = field(default_factory=lambda: Path("."))
    url: str = ""
    allow_overwrite: bool = False
    require_provenance: bool = False
    keyring: str | None = None
    username: str | None = None
    password: str | None = None
    bearer_token: str | None = None
    protect_reads: bool = False
    max_upload: int = 20 * 1024 * 1024
    threads: int = 8


def split_address(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise HelmpyError(f"invalid address {address!r}: want HOST:PORT")
    return (host.strip("[]") or "0.0.0.0"), int(port)


def make_server(config: ServeConfig) -> tuple[Any, str]:
    """A waitress server bound to the address, and the base URL the index uses."""
    from waitress.server import create_server

    from helmpy.server.app import AuthOptions, create_app
    from helmpy.server.store import ChartStore, StoreOptions

    if config.require_provenance and not config.keyring:
        raise HelmpyError("--require-provenance needs --keyring")
    host, port = split_address(config.address)
    # Bind first: with port 0 the base URL is only known once the socket exists.
    holder: dict[str, Any] = {}

    def dispatch(environ: Any, start_response: Any) -> Any:
        return holder["app"](environ, start_response)

    server = create_server(dispatch, host=host, port=port, threads=config.threads,
                           max_request_body_size=config.max_upload + 1024 * 1024,
                           ident="helmpy")
    bound_port = server.effective_port
    url = config.url or f"http://{host if host != '0.0.0.0' else '127.0.0.1'}:{bound_port}/"
    store = ChartStore(StoreOptions(repo_path=config.repo_path, base_url=url,
                                    allow_overwrite=config.allow_overwrite,
                                    require_provenance=config.require_provenance,
                                    keyring=config.keyring))
    auth = AuthOptions(username=config.username, password=config.password,
                       bearer_token=config.bearer_token, protect_reads=config.protect_reads)
    holder["app"] = create_app(store, auth, config.max_upload)
    return server, url
