"""``search repo``: Helm's client-side search over cached repository indexes.

Each chart version becomes one line ``name\\vrepo/name\\vdescription\\vkeywords``; a literal
(case-insensitive) or regexp hit scores by which field it falls in (lower is better, 25 and up
is no match); results sort by score, name, then newest version first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cmp_to_key
from typing import Any

from helmpy.repo.index import IndexFile
from helmpy.repoformat import semver

SEP = "\v"
MAX_SCORE = 25


@dataclass
class Result:
    name: str
    score: int
    chart: dict[str, Any]


class SearchIndex:
    def __init__(self) -> None:
        self.lines: dict[str, str] = {}
        self.charts: dict[str, dict[str, Any]] = {}

    def add_repo(self, repo_name: str, index: IndexFile, all_versions: bool) -> None:
        for name, versions in index.entries.items():
            if not versions:
                continue
            full = f"{repo_name}/{name}"
            chosen = versions if all_versions else versions[:1]
            for record in chosen:
                key = f"{full}$${record.get('version', '')}" if all_versions else full
                if key in self.lines:
                    # A duplicate name/version: the first entry is the one pull and show use
                    # (the index loader warns); Helm lets the later one win here silently.
                    continue
                keywords = " ".join(str(k) for k in record.get("keywords") or [])
                self.lines[key] = SEP.join([str(record.get("name", "")), f"{repo_name}/"
                                            f"{record.get('name', '')}",
                                            str(record.get("description", "")), keywords])
                self.charts[key] = record

    def all(self) -> list[Result]:
        return [Result(key.split("$$")[0], 0, chart) for key, chart in self.charts.items()]

    def search(self, term: str, regexp: bool = False, threshold: int = MAX_SCORE) -> list[Result]:
        out: list[Result] = []
        if regexp:
            matcher = _go_regexp(term)
        needle = term.lower()
        for key, line in self.lines.items():
            if regexp:
                hit = matcher.search(line)
                pos = hit.start() if hit else -1
                subject = line
            else:
                subject = line.lower()
                pos = subject.find(needle)
            if pos < 0:
                continue
            score = _score(pos, subject)
            if score < threshold:
                out.append(Result(key.split("$$")[0], score, self.charts[key]))
        return out


def _go_regexp(term: str) -> Any:
    """Go's regexp semantics for -r: RE2 (the engine Go's regexp ports), Go's error text."""
    from helmpy.funcs.goregex import compile_regexp
    from helmpy.funcs.goregex_syntax import RegexpSyntaxError

    try:
        compile_regexp(term)  # Go's syntax rules and messages
    except RegexpSyntaxError as err:
        raise ValueError(str(err)) from err
    try:
        import re2

        return re2.compile(term)
    except Exception:  # RE2 is the search engine only; Go already accepted the syntax
        return re.compile(term)


def _score(pos: int, line: str) -> int:
    splits = [i for i, ch in enumerate(line) if ch == SEP]
    for number, split in enumerate(splits):
        if pos <= split:
            return number
    return len(splits)


def _cmp(a: Result, b: Result) -> int:
    if a.score != b.score:
        return -1 if a.score < b.score else 1
    if a.name == b.name:
        va, vb = str(a.chart.get("version", "")), str(b.chart.get("version", ""))
        if not (semver.parse_ok(va) and semver.parse_ok(vb)):
            return -1
        return -semver.compare(va, vb)
    return -1 if a.name < b.name else 1


def sort_results(results: list[Result]) -> list[Result]:
    return sorted(results, key=cmp_to_key(_cmp))


def apply_constraint(results: list[Result], constraint: str, versions: bool) -> list[Result]:
    """Keep versions matching the constraint; without --versions only the first per chart."""
    try:
        check = semver.constraint_checker(constraint)
    except semver.ConstraintError as err:
        raise ValueError(f"an invalid version/constraint format: {err}") from err
    kept: list[Result] = []
    seen: set[str] = set()
    for result in results:
        if not versions and result.name in seen:
            continue
        version = str(result.chart.get("version", ""))
        if not semver.parse_ok(version):
            continue
        if check(version):
            kept.append(result)
            seen.add(result.name)
    return kept
