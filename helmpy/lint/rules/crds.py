"""CRD rules (Helm's rules/crds.go): every document under crds/ is plain YAML (not a
template) whose apiVersion is in apiextensions.k8s.io and whose kind is
CustomResourceDefinition."""
from __future__ import annotations

import os

from helmpy.errors import HelmpyError
from helmpy.lint.rules.k8sobject import StubError, iter_stubs
from helmpy.lint.support import ERROR, Linter

CRDS_DIR = "crds/"


def lint_crds(linter: Linter) -> None:
    path = os.path.join(linter.chart_dir, CRDS_DIR.rstrip("/"))
    if not os.path.exists(path):
        return  # the directory is optional
    if not linter.run(ERROR, CRDS_DIR, None if os.path.isdir(path) else "not a directory"):
        return
    try:
        chart = linter.load_chart()
    except HelmpyError as err:
        linter.run(ERROR, CRDS_DIR, str(err))
        return
    for crd in chart.crd_objects():
        file_name = crd.name
        text = crd.file.data.decode("utf-8", errors="replace")
        try:
            for stub in iter_stubs(text):
                if stub is None:
                    continue
                linter.run(ERROR, file_name, None if stub.api_version.startswith("apiextensions.k8s.io")
                           else "apiVersion is not in 'apiextensions.k8s.io'")
                linter.run(ERROR, file_name, None if stub.kind == "CustomResourceDefinition"
                           else "object kind is not 'CustomResourceDefinition'")
        except StubError as err:
            linter.run(ERROR, file_name, f"unable to parse YAML: {err}")
            return
