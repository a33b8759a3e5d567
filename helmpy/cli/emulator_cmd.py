"""``helmpy emulator``: serve the Kubernetes API emulator until stopped."""
from __future__ import annotations

import logging
import signal
import sys
from types import FrameType

import click

from helmpy.cli.common import global_options, options


def _parse_address(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"expected HOST:PORT, got {address!r}",
                                 param_hint="'--address'")
    return host, int(port)


@click.command("emulator")
@click.option("--address", default="127.0.0.1:0", show_default=True,
              help="Address to listen on (HOST:PORT; port 0 picks a free one).")
@click.option("--kubeconfig-out", type=click.Path(dir_okay=False),
              help="Write a kubeconfig pointing at the emulator to this file.")
@global_options
def emulator_cmd(address: str, kubeconfig_out: str | None) -> None:
    """Serve an emulated Kubernetes API (for tests and rehearsals) until stopped.

    kubectl, Helm and helmpy work against it through the kubeconfig it writes, whose
    context namespace is -n/--namespace. --debug logs every request.
    See docs/emulator.md for what it does and does not emulate.
    """
    from helmpy.kube.emulator import Emulator

    namespace = options().namespace
    if options().debug:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        logging.getLogger("helmpy.emulator").setLevel(logging.DEBUG)

    host, port = _parse_address(address)
    emu = Emulator(host, port)
    if kubeconfig_out:
        emu.write_kubeconfig(kubeconfig_out, namespace)
    click.echo(f"Kubernetes API emulator serving on {emu.url}", err=True)
    if kubeconfig_out:
        click.echo(f"kubeconfig written to {kubeconfig_out}", err=True)
    sys.stderr.flush()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        emu.serve_forever()
    except KeyboardInterrupt:
        click.echo("emulator stopped", err=True)
