"""The error helmpy.goyaml raises: Helm's message for YAML it cannot read or write."""
from __future__ import annotations

from helmpy.errors import HelmpyError


class GoYAMLError(HelmpyError):
    """YAML Helm could not read; ``str()`` is Helm's message (with sigs.k8s.io's prefix)."""

    def __init__(self, message: str, prefix: str = "error converting YAML to JSON: ") -> None:
        super().__init__(prefix + message)
        self.detail = message
