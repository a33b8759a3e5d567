"""Lint benchmark: every corpus case (chart + its values file) linted by helmpy and by Helm's SDK.

    TZ=UTC .venv/bin/python bench/bench_lint.py [--jobs N]

Both run in this process, one case after another, with the same user values and namespace;
prints each side's total wall-clock seconds and the helmpy/Helm ratio. With ``--jobs N`` it
also times helmpy's parallel runner (``lint_many`` over N worker processes).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def _cases() -> list[tuple[str, dict, str]]:
    from helmpy.values.user import read_user_values

    cases = json.loads((CORPUS / "cases.json").read_text())
    return [(str(CORPUS / c["chart"]),
             read_user_values([str(CORPUS / f) for f in c["values_files"]], values=c["values"]),
             c["namespace"]) for c in cases]


def main(argv: list[str] | None = None) -> None:
    import contextlib
    import io
    import logging

    import helm_python

    from helmpy.lint import LintOptions, LintTarget, lint_chart, lint_many

    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv if argv is not None else [])
    logging.getLogger("helmpy").setLevel(logging.ERROR)
    cases = _cases()

    quiet = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(quiet):
        for chart, values, namespace in cases:
            lint_chart(LintTarget(chart, values), LintOptions(namespace=namespace))
    ours = time.perf_counter() - start

    start = time.perf_counter()
    for chart, values, namespace in cases:
        helm_python.lint(chart, values or None, namespace=namespace)
    helms = time.perf_counter() - start

    print(f"lint corpus ({len(cases)} cases): helmpy {ours:.2f}s, Helm SDK {helms:.2f}s, "
          f"ratio {ours / helms:.2f}x")
    if args.jobs > 1:
        targets = [LintTarget(chart, values) for chart, values, _ in cases]
        start = time.perf_counter()
        with contextlib.redirect_stderr(quiet):
            lint_many(targets, LintOptions(), jobs=args.jobs)
        parallel = time.perf_counter() - start
        print(f"lint corpus, helmpy with {args.jobs} workers: {parallel:.2f}s "
              f"(ratio to Helm SDK sequential {parallel / helms:.2f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
