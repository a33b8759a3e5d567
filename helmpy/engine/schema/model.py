"""A compiled schema: the keywords of one JSON Schema object, decoded for validation."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

# jsonschema v6 lists wanted types in this fixed order, whatever order the schema used.
TYPE_ORDER = ("null", "boolean", "number", "integer", "string", "array", "object")


@dataclass(eq=False)
class Resource:
    """A schema resource (the document root or a subschema with its own $id)."""

    url: str
    root: Schema | None = None
    recursive_anchor: bool = False
    dynamic_anchors: dict[str, Schema] = field(default_factory=dict)


@dataclass(eq=False)
class Pattern:
    """A regular expression with the text Go would print for it."""

    text: str
    regex: re.Pattern[str]

    def search(self, value: str) -> bool:
        return self.regex.search(value) is not None


@dataclass(eq=False)
class Schema:
    location: str
    draft: int
    resource: Resource
    bool_value: bool | None = None
    assert_format: bool = False

    types: list[str] | None = None
    has_const: bool = False
    const: Any = None
    enum: list[Any] | None = None
    format: str | None = None

    ref: Schema | None = None
    recursive_ref: Schema | None = None
    dynamic_ref: Schema | None = None
    dynamic_ref_anchor: str = ""
    dynamic_anchor: str = ""

    min_properties: int | None = None
    max_properties: int | None = None
    required: list[str] = field(default_factory=list)
    dependencies: dict[str, list[str] | Schema] = field(default_factory=dict)
    dependent_required: dict[str, list[str]] = field(default_factory=dict)
    dependent_schemas: dict[str, Schema] = field(default_factory=dict)
    properties: dict[str, Schema] = field(default_factory=dict)
    pattern_properties: list[tuple[Pattern, Schema]] = field(default_factory=list)
    additional_properties: bool | Schema | None = None
    property_names: Schema | None = None

    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    items: Schema | list[Schema] | None = None
    additional_items: bool | Schema | None = None
    prefix_items: list[Schema] = field(default_factory=list)
    items2020: Schema | None = None
    contains: Schema | None = None
    min_contains: int | None = None
    max_contains: int | None = None

    min_length: int | None = None
    max_length: int | None = None
    pattern: Pattern | None = None

    minimum: Fraction | None = None
    maximum: Fraction | None = None
    exclusive_minimum: Fraction | None = None
    exclusive_maximum: Fraction | None = None
    multiple_of: Fraction | None = None

    not_: Schema | None = None
    all_of: list[Schema] = field(default_factory=list)
    any_of: list[Schema] = field(default_factory=list)
    one_of: list[Schema] = field(default_factory=list)
    if_: Schema | None = None
    then: Schema | None = None
    else_: Schema | None = None

    unevaluated_properties: Schema | None = None
    unevaluated_items: Schema | None = None

    def __repr__(self) -> str:
        return f"Schema({self.location!r})"
