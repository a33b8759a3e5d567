"""Exception hierarchy shared by every helmpy package.

Each error's ``str()`` is the message a user sees; where Helm has a message for the
same failure, helmpy's is byte-identical to it.
"""
from __future__ import annotations


class HelmpyError(Exception):
    """Base class of every error helmpy raises on purpose."""


class ChartError(HelmpyError):
    """A chart could not be loaded or is invalid (names the chart path and file)."""


class ValuesError(HelmpyError):
    """Values files or --set style flags could not be read or parsed."""


class RenderError(HelmpyError):
    """A template failed to parse or execute; ``str()`` is Helm's message."""
