"""values.schema.json validation with Helm v4's messages.

Helm checks the coalesced values against every chart's schema before rendering
(pkg/chart/common/util/jsonschema.go): the root chart sees all values, each subchart its own
section (``values[sub.name()]``, globals included), depth first; the failures are
concatenated under ``<chart name>:`` headings. The schema work itself follows
santhosh-tekuri/jsonschema v6.0.2, whose error text Helm shows verbatim.

Public entry points: :func:`validate_chart_values` (what the engine calls),
:func:`chart_schema_errors` and :func:`validate_against_schema`.
"""
from __future__ import annotations

from functools import cache, lru_cache
from typing import Any
from urllib.parse import urldefrag

from helmpy.engine.schema.compiler import (
    LATEST,
    METASCHEMA_URLS,
    ROOT_URL,
    Compiler,
    SchemaCompileError,
    draft_from_url,
)
from helmpy.engine.schema.gojson import GoJSONError, decode_schema
from helmpy.engine.schema.model import Schema
from helmpy.engine.schema.validator import (
    SchemaDepthError,
    ValidationPanic,
    validate,
)
from helmpy.errors import RenderError
from helmpy.gotemplate.gostrconv import quote as go_quote
from helmpy.gotemplate.gotypes import go_type_name

HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):\n"
_TRIMMED_PREFIX = f"jsonschema validation failed with '{ROOT_URL}#'\n"

__all__ = ["HEADER", "chart_schema_errors", "validate_against_schema", "validate_chart_values"]


def validate_chart_values(chart: Any, values: dict[str, Any]) -> None:
    """Raise :class:`RenderError` with Helm's message when values break a chart's schema."""
    problems = chart_schema_errors(chart, values)
    if problems:
        raise RenderError(HEADER + problems)


def chart_schema_errors(chart: Any, values: dict[str, Any]) -> str:
    """Helm's ValidateAgainstSchema text for a chart tree ('' when every schema passes)."""
    out: list[str] = []
    if chart.schema is not None:
        problem = validate_against_schema(values, chart.schema)
        if problem:
            out.append(f"{chart.name()}:\n{problem}")
    for sub in chart.dependencies:
        raw = values.get(sub.name()) if isinstance(values, dict) else None
        if raw is None:
            continue  # no values for this subchart: nothing to validate
        if not isinstance(raw, dict):
            out.append(f"{sub.name()}:\ninvalid type for values: expected object (map), "
                       f"got {go_type_name(raw)}\n")
            continue
        out.append(chart_schema_errors(sub, raw))
    return "".join(out)


def validate_against_schema(values: Any, schema_json: bytes) -> str:
    """Helm's ValidateAgainstSingleSchema: '' when valid, else the error text it returns.

    Validation failures end with a newline (Helm adds it for the next chart's heading);
    schema problems (bad JSON, bad $ref, metaschema violations) do not, as in Helm.
    """
    try:
        schema = _compile(bytes(schema_json))
        error = validate(schema, values)
    except (GoJSONError, SchemaCompileError, SchemaDepthError) as err:
        return str(err)
    except ValidationPanic as err:
        return f"unable to validate schema: {err}"
    except RecursionError:
        return "unable to validate schema: schema evaluation nested too deeply"
    if error is None:
        return ""
    return error.render().removeprefix(_TRIMMED_PREFIX) + "\n"


@lru_cache(maxsize=64)
def _compile(schema_json: bytes) -> Schema:
    """Decode, check against the draft's metaschema, then compile (cached per text)."""
    doc = decode_schema(schema_json)
    draft = LATEST
    if isinstance(doc, dict) and type(doc.get("$schema")) is str:
        found = draft_from_url(doc["$schema"])
        if found is None:
            raise SchemaCompileError(
                f"failing loading {go_quote(urldefrag(doc['$schema'])[0])}: helmpy loads no "
                "schema from "
                "outside the chart (only the standard JSON Schema metaschemas)")
        draft = found
    compiler = Compiler()
    compiler.add_document(ROOT_URL, doc, draft)  # collects $id/anchors: may fail first
    meta_error = validate(_metaschema(draft), doc)
    if meta_error is not None:
        raise SchemaCompileError(
            f"{go_quote(ROOT_URL + '#')} is not valid against metaschema: "
            f"{meta_error.render()}")
    return compiler.compile_url(ROOT_URL)


@cache
def _metaschema(draft: int) -> Schema:
    return Compiler().compile_url(METASCHEMA_URLS[draft])
