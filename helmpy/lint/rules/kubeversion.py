"""``--kube-version`` as Helm v4.2 reads it (chartutil.ParseKubeVersion over Kubernetes'
``version.ParseGeneric``): ``.Version`` keeps the text given (with a ``v``), printing the
struct shows the normalised ``vMAJOR.MINOR[.PATCH]``, and Major/Minor drive deprecations."""
from __future__ import annotations

from typing import Any

from helmpy.errors import HelmpyError


class KubeVersionError(HelmpyError):
    """Kubernetes' parse error text, as Helm reports it."""


def parse_generic(text: str) -> list[int]:
    """Kubernetes' ParseGeneric (the engine's parser, with lint's error type)."""
    from helmpy.engine.capabilities import parse_generic_version

    try:
        return parse_generic_version(text)
    except HelmpyError as err:
        raise KubeVersionError(str(err)) from None


def lint_kube_version(text: str) -> Any:
    """The ``.Capabilities.KubeVersion`` Helm's lint renders with for ``--kube-version``."""
    from helmpy.engine.capabilities import parse_kube_version

    parse_generic(text)  # lint reports lint's error type
    return parse_kube_version(text)
