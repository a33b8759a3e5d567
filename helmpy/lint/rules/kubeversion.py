"""``--kube-version`` as Helm v4.2 reads it (chartutil.ParseKubeVersion over Kubernetes'
``version.ParseGeneric``): ``.Version`` keeps the text given (with a ``v``), printing the
struct shows the normalised ``vMAJOR.MINOR[.PATCH]``, and Major/Minor drive deprecations."""
from __future__ import annotations

import re
from typing import Any

from helmpy.errors import HelmpyError

_VERSION = re.compile(r"^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$", re.DOTALL)


class KubeVersionError(HelmpyError):
    """Kubernetes' parse error text, as Helm reports it."""


def parse_generic(text: str) -> list[int]:
    """Kubernetes' ParseGeneric: at least two numeric components; anything may follow."""
    match = _VERSION.match(text)
    if match is None:
        raise KubeVersionError(f"could not parse {_quote(text)} as version")
    components = match.group(1).split(".")
    if len(components) < 2:
        raise KubeVersionError(f"illegal version string {_quote(text)}")
    if components[0].startswith("0") and components[0] != "0":
        raise KubeVersionError(f"illegal zero-prefixed version component {_quote(components[0])} "
                               f"in {_quote(text)}")
    return [int(c) for c in components]


def _quote(text: str) -> str:
    from helmpy.chart.metadata import go_quote

    return go_quote(text)


def lint_kube_version(text: str) -> Any:
    """The ``.Capabilities.KubeVersion`` Helm's lint renders with for ``--kube-version``."""
    from helmpy.engine.capabilities import KubeVersion

    components = parse_generic(text)

    class ParsedKubeVersion(KubeVersion):
        def go_string(self) -> str:  # String() is the normalised version
            return "v" + ".".join(str(c) for c in components)

    return ParsedKubeVersion(text if text.startswith("v") else "v" + text,
                             str(components[0]), str(components[1]))
