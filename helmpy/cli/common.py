"""Options and error handling shared by every helmpy command.

Helm's global flags (``--debug``, ``-n/--namespace``, ``--kube-context``, ``--kubeconfig``)
are accepted both before and after the subcommand name, as Helm's persistent flags are.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from helmpy.errors import HelmpyError


class GlobalOptions(dict):
    """Global flag values gathered from the group and the subcommand (later wins)."""

    @property
    def debug(self) -> bool:
        return bool(self.get("debug")) or os.environ.get("HELMPY_DEBUG", "") in ("1", "true")

    @property
    def namespace(self) -> str:
        return self.get("namespace") or os.environ.get("HELMPY_NAMESPACE") or "default"


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    options = ctx.find_root().ensure_object(GlobalOptions)
    if value not in (None, False, ()):
        options[param.name] = value
    return value


def apply_options(fn: Callable[..., Any], decorators: list[Callable[..., Any]]
                  ) -> Callable[..., Any]:
    """Apply click decorators as if stacked above ``fn`` in list order (the first is outermost,
    so ``--help`` lists the options in that order)."""
    for decorate in reversed(decorators):
        fn = decorate(fn)
    return fn


def global_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add Helm's global flags; their values land in the root context's GlobalOptions."""
    return apply_options(fn, [
        click.option("--debug", is_flag=True, expose_value=False, callback=_remember,
                     help="Enable verbose output."),
        click.option("-n", "--namespace", expose_value=False, callback=_remember,
                     help="Namespace scope for this request."),
        click.option("--kube-context", expose_value=False, callback=_remember,
                     help="Name of the kubeconfig context to use."),
        click.option("--kubeconfig", expose_value=False, callback=_remember,
                     help="Path to the kubeconfig file."),
    ])


def options() -> GlobalOptions:
    """The global options of the running command."""
    ctx = click.get_current_context()
    return ctx.find_root().ensure_object(GlobalOptions)


def values_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Helm's values flags: -f/--values, --set, --set-string, --set-file, --set-json, --set-literal."""
    return apply_options(fn, [
        click.option("-f", "--values", "values_files", multiple=True,
                     help="Specify values in a YAML file or a URL (can specify multiple)."),
        click.option("--set", "set_values", multiple=True,
                     help="Set values on the command line (key1=val1,key2=val2)."),
        click.option("--set-string", "set_string", multiple=True,
                     help="Set STRING values on the command line."),
        click.option("--set-file", "set_file", multiple=True,
                     help="Set values from files (key1=path1,key2=path2)."),
        click.option("--set-json", "set_json", multiple=True,
                     help="Set JSON values on the command line (key1=jsonval1)."),
        click.option("--set-literal", "set_literal", multiple=True,
                     help="Set a literal STRING value on the command line."),
    ])


def terminal_safe(text: str) -> str:
    """Error text with the control characters of untrusted input removed (security.md,
    "terminal output"): a chart's name, a template's ``fail`` message or a file name can carry
    escape sequences that retitle, clear or rewrite the user's terminal. Newlines and tabs
    stay; C0/C1 controls, DEL and bidirectional overrides go."""
    import unicodedata

    return "".join(ch for ch in text if ch in "\n\t" or not (
        unicodedata.category(ch) == "Cc" or "\u202a" <= ch <= "\u202e"
        or "\u2066" <= ch <= "\u2069"))


def run_cli(group: click.Group) -> None:
    """Run the CLI: helmpy errors print as ``Error: MESSAGE`` (traceback only with --debug)."""
    try:
        group.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except HelmpyError as err:  # raised outside a command (the group handles its own)
        click.echo(f"Error: {terminal_safe(str(err))}", err=True)
        sys.exit(1)
    except RecursionError:
        # Input nested past Python's recursion limit (Helm's Go has no such limit, e.g. values
        # 1500 levels deep): a clear refusal instead of a traceback (security.md).
        click.echo("Error: input is nested too deeply for helmpy to process", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
