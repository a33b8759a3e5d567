"""Lint findings and the collector rules report into (Helm's pkg/chart/v2/lint/support).

A rule reports ``None`` when it passes or the text of the problem; :meth:`Linter.run` records
the problem with the rule's severity and tells the caller whether the rule passed, which is
how Helm's rules guard the checks that depend on an earlier one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UNKNOWN, INFO, WARNING, ERROR = 0, 1, 2, 3
SEVERITY_NAMES = ("UNKNOWN", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Message:
    """One finding: Helm's severity (0-3), the chart-relative path, and the problem text."""

    severity: int
    path: str
    text: str
    line: int | None = None  # helmpy's own checks know the line; Helm's never report one

    def __str__(self) -> str:
        return f"[{SEVERITY_NAMES[self.severity]}] {self.path}: {self.text}"

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES[self.severity].lower()


@dataclass
class Linter:
    """The findings of one chart's lint run; ``chart_dir`` is absolute, as Helm makes it."""

    chart_dir: str
    messages: list[Message] = field(default_factory=list)
    highest_severity: int = UNKNOWN
    _loaded: list[Any] = field(default_factory=list, repr=False)

    def load_chart(self) -> Any:
        """The chart at ``chart_dir``, loaded once per run (three of Helm's rules load it).

        A load failure is remembered too and raised again to every rule that asks.
        """
        if not self._loaded:
            from helmpy.chart.loader import load
            from helmpy.errors import HelmpyError

            try:
                self._loaded.append(load(self.chart_dir))
            except HelmpyError as err:
                self._loaded.append(err)
        if isinstance(self._loaded[0], Exception):
            raise self._loaded[0]
        return self._loaded[0]

    def run(self, severity: int, path: str, problem: str | None, line: int | None = None) -> bool:
        """Record ``problem`` (if any) at ``severity``; True when the rule passed."""
        if problem is None:
            return True
        self.messages.append(Message(severity, path, problem, line))
        self.highest_severity = max(self.highest_severity, severity)
        return False
