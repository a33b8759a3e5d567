"""Label and field selectors as the API server parses them (the common subset).

Label selectors: ``k=v``, ``k==v``, ``k!=v``, ``k in (a,b)``, ``k notin (a)``, ``k``, ``!k``.
Field selectors: ``path=v``, ``path==v``, ``path!=v`` over dotted paths such as
``metadata.name`` or ``status.phase``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Matcher = Callable[[dict[str, Any]], bool]


class SelectorError(ValueError):
    """A selector string the emulator cannot parse (answered with HTTP 400)."""


def _split_terms(selector: str) -> list[str]:
    """Split on commas that are not inside ``( )``."""
    terms: list[str] = []
    depth = 0
    current = ""
    for ch in selector:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            terms.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        terms.append(current.strip())
    return [t for t in terms if t]


_SET_TERM = re.compile(r"^(\S+)\s+(in|notin)\s*\((.*)\)$")


def _label_term(term: str) -> Callable[[dict[str, str]], bool]:
    match = _SET_TERM.match(term)
    if match:
        key, op, raw = match.groups()
        values = {v.strip() for v in raw.split(",") if v.strip()}
        if op == "in":
            return lambda labels: labels.get(key) in values
        return lambda labels: labels.get(key) not in values
    for op in ("!=", "==", "="):
        if op in term:
            key, _, value = term.partition(op)
            key, value = key.strip(), value.strip()
            if op == "!=":
                return lambda labels: labels.get(key) != value
            return lambda labels: key in labels and labels[key] == value
    if term.startswith("!"):
        key = term[1:].strip()
        return lambda labels: key not in labels
    if re.fullmatch(r"[A-Za-z0-9._/-]+", term):
        return lambda labels: term in labels
    raise SelectorError(f"unable to parse requirement: {term}")


def label_matcher(selector: str | None) -> Matcher:
    terms = [_label_term(t) for t in _split_terms(selector or "")]

    def matches(obj: dict[str, Any]) -> bool:
        labels = (obj.get("metadata") or {}).get("labels") or {}
        return all(term(labels) for term in terms)

    return matches


def _field_value(obj: dict[str, Any], path: str) -> str:
    node: Any = obj
    for part in path.split("."):
        if not isinstance(node, dict):
            return ""
        node = node.get(part)
    if node is None:
        return ""
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


def field_matcher(selector: str | None) -> Matcher:
    checks: list[tuple[str, bool, str]] = []
    for term in _split_terms(selector or ""):
        for op in ("!=", "==", "="):
            if op in term:
                path, _, value = term.partition(op)
                checks.append((path.strip(), op == "!=", value.strip()))
                break
        else:
            raise SelectorError(f"invalid selector: '{term}'; can't understand '{term}'")

    def matches(obj: dict[str, Any]) -> bool:
        for path, negate, value in checks:
            if (_field_value(obj, path) == value) == negate:
                return False
        return True

    return matches
