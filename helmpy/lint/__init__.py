"""``helmpy lint``: Helm's chart lint rules with Helm's findings, plus CI-oriented checks.

Public entry points: :func:`lint_chart` (one chart, as ``helm lint PATH``),
:func:`lint_many` (several, in worker processes), :class:`LintOptions`, :class:`LintTarget`,
:class:`ChartReport` and :mod:`helmpy.lint.formats` for the output formats.
"""
from __future__ import annotations

from helmpy.lint.runner import (
    ChartReport,
    LintOptions,
    LintTarget,
    ci_values_targets,
    lint_chart,
    lint_many,
    subchart_paths,
)
from helmpy.lint.support import ERROR, INFO, WARNING, Message

__all__ = ["ERROR", "INFO", "WARNING", "ChartReport", "LintOptions", "LintTarget", "Message",
           "ci_values_targets", "lint_chart", "lint_many", "subchart_paths"]
