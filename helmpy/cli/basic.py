"""``helmpy version`` and ``helmpy env``."""
from __future__ import annotations

import os

import click

from helmpy import __version__
from helmpy.cli.common import global_options, options
from helmpy.config.paths import helmpy_paths

# The Helm release whose behaviour helmpy reproduces.
HELM_COMPAT_VERSION = "v4.2.3"


@click.command("version")
@click.option("--short", is_flag=True, help="Print the version number only.")
@global_options
def version_cmd(short: bool) -> None:
    """Print the helmpy version."""
    if short:
        click.echo(f"v{__version__}")
        return
    click.echo(f'version.BuildInfo{{Version:"v{__version__}", HelmCompat:"{HELM_COMPAT_VERSION}"}}')


def environment() -> dict[str, str]:
    """helmpy's environment variables with their effective values."""
    paths = helmpy_paths()
    return {
        "HELMPY_BIN": "helmpy",
        "HELMPY_CACHE_HOME": str(paths.cache_home),
        "HELMPY_CONFIG_HOME": str(paths.config_home),
        "HELMPY_DATA_HOME": str(paths.data_home),
        "HELMPY_DEBUG": str(options().debug).lower(),
        "HELMPY_DRIVER": os.environ.get("HELMPY_DRIVER", "secret"),
        "HELMPY_KUBECONTEXT": options().get("kube_context") or "",
        "HELMPY_KUBECONFIG": options().get("kubeconfig") or os.environ.get("KUBECONFIG", ""),
        "HELMPY_NAMESPACE": options().namespace,
        "HELMPY_PLUGINS": str(paths.plugins),
        "HELMPY_REGISTRY_CONFIG": str(paths.registry_config),
        "HELMPY_REPOSITORY_CACHE": str(paths.repository_cache),
        "HELMPY_REPOSITORY_CONFIG": str(paths.repository_config),
    }


@click.command("env")
@click.argument("name", required=False)
@global_options
def env_cmd(name: str | None) -> None:
    """Print helmpy's environment (one variable when NAME is given)."""
    env = environment()
    if name:
        click.echo(env.get(name, ""))
        return
    for key, value in env.items():
        click.echo(f'{key}="{value}"')
