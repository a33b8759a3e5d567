"""The ``helmpy`` command: a click group whose subcommands load only when invoked.

Keeping the import of each command module lazy is what makes ``helmpy --help`` and
``helmpy template`` fast: nothing about repositories, clusters or gpg is imported for them.
To add a command, map its name to ``"module:attribute"`` in ``COMMANDS``.
"""
from __future__ import annotations

import importlib
from typing import Any

import click

from helmpy.cli.common import GlobalOptions, global_options, terminal_safe
from helmpy.errors import HelmpyError

COMMANDS: dict[str, str] = {
    "version": "helmpy.cli.basic:version_cmd",
    "env": "helmpy.cli.basic:env_cmd",
    "template": "helmpy.cli.template_cmd:template_cmd",
    "create": "helmpy.cli.chart_cmds:create_cmd",
    "package": "helmpy.cli.chart_cmds:package_cmd",
    "show": "helmpy.cli.chart_cmds:show_cmd",
    "inspect": "helmpy.cli.chart_cmds:show_cmd",
    "dependency": "helmpy.cli.dependency_cmds:dependency_cmd",
    "dep": "helmpy.cli.dependency_cmds:dependency_cmd",
    "repo": "helmpy.cli.repo_cmds:repo_cmd",
    "search": "helmpy.cli.repo_cmds:search_cmd",
    "pull": "helmpy.cli.repo_cmds:pull_cmd",
    "fetch": "helmpy.cli.repo_cmds:pull_cmd",
    "verify": "helmpy.cli.repo_cmds:verify_cmd",
    "serve": "helmpy.cli.serve_cmd:serve_cmd",
    "emulator": "helmpy.cli.emulator_cmd:emulator_cmd",
    "lint": "helmpy.cli.lint_cmd:lint_cmd",
    "install": "helmpy.cli.release_cmds:install_cmd",
    "upgrade": "helmpy.cli.release_cmds:upgrade_cmd",
    "rollback": "helmpy.cli.release_cmds:rollback_cmd",
    "uninstall": "helmpy.cli.release_cmds:uninstall_cmd",
    "delete": "helmpy.cli.release_cmds:uninstall_cmd",
    "history": "helmpy.cli.release_cmds:history_cmd",
    "hist": "helmpy.cli.release_cmds:history_cmd",
    "status": "helmpy.cli.release_cmds:status_cmd",
    "list": "helmpy.cli.release_cmds:list_cmd",
    "ls": "helmpy.cli.release_cmds:list_cmd",
    "get": "helmpy.cli.release_cmds:get_cmd",
    "test": "helmpy.cli.release_cmds:test_cmd",
}

# Commands that appear in --help only; one-word summaries keep --help from importing them.
HIDDEN_ALIASES = {"inspect", "dep", "fetch", "delete", "hist", "ls"}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name == module_name:
                return None  # command not built yet
            raise
        command: click.Command = getattr(module, attr)
        if name in HIDDEN_ALIASES:
            command = _hidden_copy(command, name)
        return command

    def format_commands(self, ctx: click.Context, formatter: Any) -> None:
        rows = [(name, _summary(name)) for name in self.list_commands(ctx)
                if name not in HIDDEN_ALIASES]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Report helmpy's own errors as ``Error: MESSAGE`` and exit 1 (traceback with --debug)."""
        try:
            return super().invoke(ctx)
        except HelmpyError as err:
            if ctx.ensure_object(GlobalOptions).debug:
                import traceback

                traceback.print_exc()
            raise click.ClickException(terminal_safe(str(err))) from err

    @staticmethod
    def _available(name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module_name) is not None


SUMMARIES = {
    "version": "Print the helmpy version",
    "env": "Print helmpy's environment (paths for config, cache and data)",
    "template": "Render chart templates locally and display the output",
    "create": "Create a new chart with the given name",
    "package": "Package a chart directory into a chart archive",
    "show": "Show information of a chart",
    "dependency": "Manage a chart's dependencies",
    "repo": "Add, list, remove, update, and index chart repositories",
    "search": "Search for a keyword in charts",
    "pull": "Download a chart from a repository and (optionally) unpack it",
    "verify": "Verify that a chart at the given path has been signed and is valid",
    "serve": "Serve a chart repository over HTTP (ChartMuseum-compatible API)",
    "emulator": "Run a local Kubernetes API emulator for rehearsing releases",
    "lint": "Examine a chart for possible issues",
    "install": "Install a chart",
    "upgrade": "Upgrade a release",
    "rollback": "Roll back a release to a previous revision",
    "uninstall": "Uninstall a release",
    "history": "Fetch release history",
    "status": "Display the status of the named release",
    "list": "List releases",
    "get": "Download extended information of a named release",
    "test": "Run tests for a release",
}


def _summary(name: str) -> str:
    return SUMMARIES.get(name, "")


def _hidden_copy(command: click.Command, name: str) -> click.Command:
    import copy

    clone = copy.copy(command)
    clone.hidden = True
    clone.name = name
    return clone


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@global_options
@click.pass_context
def cli(ctx: click.Context, **kwargs: Any) -> None:
    """helmpy: the Helm-compatible package manager for Kubernetes, in Python."""
    ctx.ensure_object(GlobalOptions).update(kwargs)


def main() -> None:
    from helmpy.cli.common import run_cli

    run_cli(cli)


if __name__ == "__main__":
    main()
