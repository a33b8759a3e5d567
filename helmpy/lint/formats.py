"""Writing lint reports: Helm's text, JSON findings, JUnit XML, GitHub annotations, SARIF.

Every writer takes the reports in the order the charts were given and returns the text for
stdout; :func:`summary` gives Helm's closing line and whether the run failed.
"""
from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable
from typing import Any

from helmpy.lint.runner import ChartReport
from helmpy.lint.support import ERROR, INFO, WARNING, Message

FORMATS = ("text", "json", "junit", "github", "sarif")


def summary(reports: list[ChartReport]) -> tuple[str, bool]:
    """Helm's ``N chart(s) linted, M chart(s) failed`` and whether any chart failed."""
    failed = sum(1 for r in reports if r.failed)
    return f"{len(reports)} chart(s) linted, {failed} chart(s) failed", failed > 0


def format_text(reports: list[ChartReport], quiet: bool = False) -> str:
    """``helm lint``'s stdout, byte for byte (the failure line goes to stderr as Helm's error)."""
    out: list[str] = []
    for report in reports:
        if quiet and not report.has_warnings_or_errors:
            continue
        out.append(f"==> Linting {report.target.title}\n")
        if not report.messages:
            out.extend(f"Error {err}\n" for err in report.errors)
        out.extend(f"{m}\n" for m in report.messages if not quiet or m.severity > INFO)
        out.append("\n")
    text, failed = summary(reports)
    if not failed and (not quiet or any(r.has_warnings_or_errors for r in reports)):
        out.append(text + "\n")
    return "".join(out)


def findings(report: ChartReport) -> list[dict[str, Any]]:
    """The JSON findings of one chart; run-level errors become findings without a path."""
    items = [_finding(report, m) for m in report.messages]
    if not report.messages:
        items.extend({"chart": report.target.title, "severity": "error", "path": "", "line": None,
                      "message": err} for err in report.errors)
    return items


def _finding(report: ChartReport, message: Message) -> dict[str, Any]:
    return {"chart": report.target.title, "severity": message.severity_name, "path": message.path,
            "line": message.line, "message": message.text}


def format_json(reports: list[ChartReport], quiet: bool = False) -> str:
    items = [f for r in reports for f in findings(r)
             if not quiet or f["severity"] != "info"]
    return json.dumps(items, indent=2) + "\n"


def _file_of(report: ChartReport, path: str) -> str:
    """The finding's file relative to the working directory (absolute paths stay as they are)."""
    if not path or os.path.isabs(path):
        return path or report.target.path
    return posixpath.join(report.target.path.rstrip("/"), path.rstrip("/"))


def format_junit(reports: list[ChartReport], quiet: bool = False) -> str:
    from xml.sax.saxutils import escape, quoteattr

    failures = sum(1 for r in reports if r.failed)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<testsuites name="helmpy lint" tests="{len(reports)}" failures="{failures}">',
             f'  <testsuite name="helmpy lint" tests="{len(reports)}" failures="{failures}">']
    for report in reports:
        lines.append(f'    <testcase classname="helmpy.lint" name={quoteattr(report.target.title)}>')
        if report.failed:
            body = "\n".join(report.errors)
            lines.append(f'      <failure message={quoteattr(report.errors[0].splitlines()[0])} '
                         f'type="lint">{escape(body)}</failure>')
        shown = [str(m) for m in report.messages if not quiet or m.severity > INFO]
        if shown:
            lines.append(f"      <system-out>{escape(chr(10).join(shown))}</system-out>")
        lines.append("    </testcase>")
    lines += ["  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"


def _gh_escape(text: str, is_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(reports: list[ChartReport], quiet: bool = False) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding."""
    command = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    lines: list[str] = []
    for report in reports:
        for m in report.messages:
            if quiet and m.severity <= INFO:
                continue
            props = [f"file={_gh_escape(_file_of(report, m.path), True)}"]
            if m.line is not None:
                props.append(f"line={m.line}")
            props.append("title=helmpy lint")
            lines.append(f"::{command.get(m.severity, 'notice')} {','.join(props)}::{_gh_escape(m.text)}")
        if not report.messages:
            lines.extend(f"::error title=helmpy lint::{_gh_escape(err)}" for err in report.errors)
    text, _ = summary(reports)
    lines.append(text)
    return "\n".join(lines) + "\n"


def format_sarif(reports: list[ChartReport], quiet: bool = False) -> str:
    level = {ERROR: "error", WARNING: "warning", INFO: "note"}
    results: list[dict[str, Any]] = []
    for report in reports:
        for m in report.messages:
            if quiet and m.severity <= INFO:
                continue
            region = {"startLine": m.line} if m.line is not None else None
            location: dict[str, Any] = {"artifactLocation": {"uri": _file_of(report, m.path)}}
            if region:
                location["region"] = region
            results.append({"ruleId": f"helm-lint/{level.get(m.severity, 'note')}",
                            "level": level.get(m.severity, "note"),
                            "message": {"text": m.text},
                            "locations": [{"physicalLocation": location}]})
        if not report.messages:
            results.extend({"ruleId": "helm-lint/error", "level": "error", "message": {"text": err},
                            "locations": [{"physicalLocation": {"artifactLocation": {
                                "uri": report.target.path}}}]} for err in report.errors)
    rules = [{"id": f"helm-lint/{name}", "shortDescription": {"text": f"helm lint [{name.upper()}]"}}
             for name in ("error", "warning", "note")]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "helmpy lint", "informationUri":
                                      "https://helm.sh/docs/helm/helm_lint/", "rules": rules}},
                  "results": results}],
    }
    return json.dumps(document, indent=2) + "\n"


WRITERS: dict[str, Callable[[list[ChartReport], bool], str]] = {
    "text": format_text, "json": format_json, "junit": format_junit,
    "github": format_github, "sarif": format_sarif,
}


def render(reports: list[ChartReport], output: str = "text", quiet: bool = False) -> str:
    return WRITERS[output](reports, quiet)
