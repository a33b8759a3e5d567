"""Release names: Helm's validation, --generate-name and --name-template."""
from __future__ import annotations

import posixpath
import re
import time

from helmpy.errors import HelmpyError

MAX_NAME_LENGTH = 53
_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def validate_release_name(name: str) -> None:
    """Helm's chartutil.ValidateReleaseName."""
    if name == "" or len(name) > MAX_NAME_LENGTH or not _NAME.match(name):
        raise HelmpyError(
            f'release name "{name}": invalid release name, must match regex '
            f"{_NAME.pattern} and the length must not be longer than {MAX_NAME_LENGTH}")


def generated_name(chart_ref: str) -> str:
    """``--generate-name``: the chart's base name and the current Unix time."""
    base = posixpath.basename(chart_ref.rstrip("/"))
    if base in (".", ""):
        base = "chart"
    base = base.split(".", 1)[0]
    return f"{base}-{int(time.time())}"


def name_from_template(template: str) -> str:
    """``--name-template``: render a Go template (with Sprig) to a release name."""
    from helmpy.engine.engine import Engine, Renderable

    rendered = Engine().render_templates({"name-template": Renderable(template, {}, "")})
    return rendered.get("name-template", "")


def release_name_and_chart(args: tuple[str, ...], generate_name: bool, name_template: str,
                           release_name: str = "") -> tuple[str, str]:
    """Helm's Install.NameAndChart: the release name and chart reference from the arguments."""
    if len(args) > 2:
        raise HelmpyError("expected at most two arguments, unexpected arguments: "
                          + ", ".join(args[2:]))
    if len(args) == 2:
        if generate_name:
            raise HelmpyError("cannot set --generate-name and also specify a name")
        if name_template:
            raise HelmpyError("cannot set --name-template and also specify a name")
        return args[0], args[1]
    if not args:
        raise HelmpyError("requires at least 1 argument")
    if name_template:
        return name_from_template(name_template), args[0]
    if release_name:
        return release_name, args[0]
    if not generate_name:
        raise HelmpyError("must either provide a name or specify --generate-name")
    return generated_name(args[0]), args[0]
