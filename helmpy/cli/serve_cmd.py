"""``helmpy serve``: run a chart repository server (Helm 2's flags plus ChartMuseum's API)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from helmpy.cli.common import global_options


def _default_repo_path() -> str:
    from helmpy.config.paths import helmpy_paths

    return str(helmpy_paths().data_home / "repository" / "local")


@click.command("serve")
@click.option("--address", default="127.0.0.1:8879", show_default=True,
              help="Address to listen on.")
@click.option("--repo-path", default=None, help="Local directory path from which to serve charts.")
@click.option("--url", default="", help="External URL of the chart repository (used in the index).")
@click.option("--allow-overwrite", is_flag=True, help="Allow replacing an existing chart version.")
@click.option("--require-provenance", is_flag=True,
              help="Reject uploads without a valid provenance signature.")
@click.option("--keyring", default=None, help="Public keyring used to verify uploads.")
@click.option("--basic-auth-user", envvar="HELMPY_SERVE_USER", default=None,
              help="Username required for writes (and reads with --auth-reads).")
@click.option("--basic-auth-pass", envvar="HELMPY_SERVE_PASSWORD", default=None,
              help="Password for --basic-auth-user (or HELMPY_SERVE_PASSWORD).")
@click.option("--bearer-token", envvar="HELMPY_SERVE_TOKEN", default=None,
              help="Bearer token accepted for writes (or HELMPY_SERVE_TOKEN).")
@click.option("--auth-reads", is_flag=True, help="Require authentication for reads too.")
@click.option("--max-upload-size", default=20 * 1024 * 1024, show_default=True, type=int,
              help="Largest accepted upload, in bytes.")
@click.option("--threads", default=8, show_default=True, type=int, help="Worker threads.")
@global_options
def serve_cmd(address: str, repo_path: str | None, url: str, allow_overwrite: bool,
              require_provenance: bool, keyring: str | None, basic_auth_user: str | None,
              basic_auth_pass: str | None, bearer_token: str | None, auth_reads: bool,
              max_upload_size: int, threads: int) -> None:
    """Serve a chart repository over HTTP (ChartMuseum-compatible API)."""
    from helmpy.server import ServeConfig, make_server

    path = Path(repo_path or _default_repo_path())
    config = ServeConfig(address=address, repo_path=path, url=url,
                         allow_overwrite=allow_overwrite, require_provenance=require_provenance,
                         keyring=keyring, username=basic_auth_user, password=basic_auth_pass,
                         bearer_token=bearer_token, protect_reads=auth_reads,
                         max_upload=max_upload_size, threads=threads)
    click.echo("Regenerating index. This may take a moment.")
    server, base_url = make_server(config)
    host, port = server.effective_host, server.effective_port
    click.echo(f"Now serving you on {host}:{port} ({base_url})")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
