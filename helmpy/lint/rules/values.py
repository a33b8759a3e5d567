"""values.yaml rules (Helm's rules/values.go): the file exists, parses, and the user's values
coalesced over it satisfy values.schema.json (top level only, as Helm does)."""
from __future__ import annotations

import copy
import os
from typing import Any

from helmpy.lint.support import ERROR, INFO, Linter

VALUES_FILE = "values.yaml"


def lint_values(linter: Linter, overrides: dict[str, Any] | None,
                skip_schema_validation: bool = False) -> None:
    path = os.path.join(linter.chart_dir, VALUES_FILE)
    if not linter.run(INFO, VALUES_FILE, None if os.path.exists(path) else "file does not exist"):
        return
    linter.run(ERROR, VALUES_FILE, values_file_problem(path, overrides, skip_schema_validation))


def values_file_problem(path: str, overrides: dict[str, Any] | None,
                        skip_schema_validation: bool) -> str | None:
    from helmpy.goyaml.reader import GoYAMLError, load_map
    from helmpy.values.coalesce import coalesce_tables

    try:
        with open(path, "rb") as handle:
            values = load_map(handle.read(), "common.Values")
    except GoYAMLError as err:
        return f"unable to parse YAML: {err}"
    except OSError as err:
        return f"unable to parse YAML: read {path}: {(err.strerror or str(err)).lower()}"
    merged = coalesce_tables(copy.deepcopy(overrides or {}), values)
    schema_path = os.path.splitext(path)[0] + ".schema.json"
    try:
        with open(schema_path, "rb") as handle:
            schema = handle.read()
    except OSError:
        return None
    if not schema or skip_schema_validation:
        return None
    from helmpy.engine.schema import validate_against_schema

    return validate_against_schema(merged, schema) or None
