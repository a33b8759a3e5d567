"""Validating a value against a compiled schema, building jsonschema v6's error tree.

Keyword order, short-circuits and the shape of the tree follow the library, because they
decide Helm's message: type, const, enum and format failures stop a schema at once; in
drafts 4-7 ``$ref`` replaces its siblings; several failures of one schema form a group
that is unwrapped at the root and under a ``$ref``. Go iterates object keys in random order;
helmpy visits them sorted, one of the orders Helm can print.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from helmpy.engine.schema import messages as m
from helmpy.engine.schema.formats import check_format
from helmpy.engine.schema.messages import JsonNumber, Kind, ValidationError
from helmpy.engine.schema.model import Schema
from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gotypes import go_type_name


class ValidationPanic(Exception):
    """A Go runtime panic inside the library; Helm reports ``unable to validate schema``."""


def type_of(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, JsonNumber)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return None


def _rat(value: Any) -> Fraction:
    """big.Rat.SetString(fmt.Sprint(v)); Go gets nil for Inf and NaN and then panics."""
    if isinstance(value, JsonNumber):
        return value.fraction()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise ValidationPanic("runtime error: invalid memory address or nil pointer dereference")
    return Fraction(format_value(value))


def _is_integer(value: Any) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    return _rat(value).denominator == 1


def equals(a: Any, b: Any) -> bool:
    kind_a, kind_b = type_of(a), type_of(b)
    if kind_a != kind_b:
        return False
    if kind_a == "number":
        return _rat(a) == _rat(b)
    if kind_a == "array":
        return len(a) == len(b) and all(equals(x, y) for x, y in zip(a, b, strict=True))
    if kind_a == "object":
        return a.keys() == b.keys() and all(equals(a[k], b[k]) for k in a)
    return bool(a == b)


@dataclass
class _Scope:
    schema: Schema
    ref_keyword: str
    vid: int
    parent: _Scope | None

    def find_cycle(self) -> _Scope | None:
        scope = self.parent
        while scope is not None and scope.vid == self.vid:
            if scope.schema is self.schema:
                return scope
            scope = scope.parent
        return None

    def keyword_location(self) -> str:
        loc = ""
        scope: _Scope | None = self
        while scope is not None and scope.parent is not None:
            if scope.ref_keyword:
                loc = "/" + scope.ref_keyword + loc
            else:
                loc = scope.schema.location[len(scope.parent.schema.location):] + loc
            scope = scope.parent
        return loc


@dataclass
class _Uneval:
    props: set[str] = field(default_factory=set)
    items: set[int] = field(default_factory=set)

    def empty(self) -> bool:
        return not self.props and not self.items

    def merge(self, other: _Uneval) -> None:
        self.props &= other.props
        self.items &= other.items


def _uneval_from(value: Any, schema: Schema, caller_needs: bool) -> _Uneval:
    uneval = _Uneval()  # a boolean schema evaluates nothing: like {} here
    if isinstance(value, dict):
        if caller_needs or schema.unevaluated_properties is not None:
            if schema.additional_properties is None:
                uneval.props = set(value)
    elif isinstance(value, list) and (caller_needs or schema.unevaluated_items is not None):
        all_items = (schema.items2020 is not None or isinstance(schema.items, Schema)
                     or schema.additional_items is not None)
        if not all_items:
            start = len(schema.prefix_items) or (
                len(schema.items) if isinstance(schema.items, list) else 0)
            uneval.items = set(range(start, len(value)))
    return uneval


MAX_SCOPE_DEPTH = 180  # the corpus peaks at 45; Python's stack allows about 250


class SchemaDepthError(Exception):
    """Validation nested deeper than helmpy allows (a guard against runaway $ref chains)."""


class _Validator:
    def __init__(self, value: Any, vloc: tuple[str, ...], schema: Schema, scope: _Scope,
                 uneval: _Uneval, bool_only: bool, depth: int) -> None:
        self.v = value
        self.vloc = vloc
        self.s = schema
        self.scope = scope
        self.uneval = uneval
        self.bool_only = bool_only
        self.depth = depth
        self.errors: list[ValidationError] = []

    # --- error helpers ---------------------------------------------------------------------

    def error(self, kind: Kind) -> ValidationError:
        if self.bool_only:
            return ValidationError((), Kind(""))
        return ValidationError(self.vloc, kind)

    def add(self, kind: Kind) -> None:
        self.errors.append(self.error(kind))

    def add_err(self, err: ValidationError | None) -> None:
        if err is not None:
            self.errors.append(err)

    def add_group(self, causes: list[ValidationError], kind: Kind) -> None:
        err = self.error(kind)
        err.causes = causes
        self.errors.append(err)

    # --- recursion -------------------------------------------------------------------------

    def _child(self, schema: Schema, value: Any, vloc: tuple[str, ...], scope: _Scope,
               uneval: _Uneval, bool_only: bool) -> _Validator:
        if self.depth >= MAX_SCOPE_DEPTH:
            raise SchemaDepthError(
                f"schema evaluation nested deeper than {MAX_SCOPE_DEPTH} levels at "
                f"{m.quote(m.json_pointer(vloc))}")
        return _Validator(value, vloc, schema, scope, uneval, bool_only, self.depth + 1)

    def validate_self(self, schema: Schema, ref_keyword: str = "",
                      bool_only: bool = False) -> ValidationError | None:
        scope = _Scope(schema, ref_keyword, self.scope.vid, self.scope)
        uneval = _uneval_from(self.v, schema, not self.uneval.empty())
        sub = self._child(schema, self.v, self.vloc, scope, uneval, self.bool_only or bool_only)
        result, err = sub.run()
        if err is None and result is not None:
            self.uneval.merge(result)
        return err

    def validate_val(self, schema: Schema, value: Any, token: str) -> ValidationError | None:
        scope = _Scope(schema, "", self.scope.vid + 1, self.scope)
        sub = self._child(schema, value, (*self.vloc, token), scope,
                          _uneval_from(value, schema, False), self.bool_only)
        return sub.run()[1]

    def validate_ref(self, schema: Schema, keyword: str) -> ValidationError | None:
        err = self.validate_self(schema, keyword)
        if err is None:
            return None
        ref_err = self.error(m.ReferenceKind("validation failed"))
        ref_err.causes = err.causes if isinstance(err.kind, m.GroupKind) else [err]
        return ref_err

    # --- the keywords ----------------------------------------------------------------------

    def run(self) -> tuple[_Uneval | None, ValidationError | None]:
        s, v = self.s, self.v
        if s.bool_value is not None:
            return (self.uneval, None) if s.bool_value else (None, self.error(Kind("false schema")))
        cycle = self.scope.find_cycle()
        if cycle is not None:
            return None, self.error(Kind(
                f"both {self.scope.keyword_location()} and {cycle.keyword_location()} resolve "
                f"to {m.go_quote(s.location)} causing reference cycle"))
        kind = type_of(v)
        if kind is None:
            return None, self.error(Kind(f"invalid jsonType {go_type_name(v)}"))
        if s.types:
            matched = kind in s.types or (
                "integer" in s.types and kind == "number" and _is_integer(v))
            if not matched:
                return None, self.error(m.type_kind(kind, s.types))
        if s.has_const and not equals(v, s.const):
            return None, self.error(m.const_kind(s.const))
        if s.enum is not None:
            kinds = {type_of(item) for item in s.enum}
            if kind not in kinds or not any(equals(v, item) for item in s.enum):
                return None, self.error(m.enum_kind(s.enum))
        if s.format is not None:
            problem = check_format(s.format, v)
            if problem is not None:
                return None, self.error(m.format_kind(v, s.format, problem))
        if s.ref is not None:
            err = self.validate_ref(s.ref, "$ref")
            if s.draft < 2019:
                return (self.uneval, None) if err is None else (None, err)
            self.add_err(err)

        if kind == "object":
            self.validate_object(v)
        elif kind == "array":
            self.validate_array(v)
        elif kind == "string":
            self.validate_string(v)
        elif kind == "number":
            self.validate_number(v)

        if not self.errors or not self.bool_only:
            if s.draft >= 2019:
                self.validate_dynamic_refs()
            self.validate_conditionals()
            if s.draft >= 2019:
                self.validate_unevaluated()

        if not self.errors:
            return self.uneval, None
        if len(self.errors) == 1:
            return None, self.errors[0]
        group = self.error(m.GroupKind("validation failed"))
        group.causes = self.errors
        return None, group

    def validate_object(self, obj: dict[str, Any]) -> None:
        s = self.s
        if s.min_properties is not None and len(obj) < s.min_properties:
            self.add(m.count_kind("minProperties", len(obj), s.min_properties))
        if s.max_properties is not None and len(obj) > s.max_properties:
            self.add(m.count_kind("maxProperties", len(obj), s.max_properties))
        if s.required:
            missing = [name for name in s.required if name not in obj]
            if missing:
                self.add(m.required_kind(missing))
        if self.bool_only and self.errors:
            return
        for name in sorted(s.dependencies):
            if name not in obj:
                continue
            dep = s.dependencies[name]
            if isinstance(dep, Schema):
                self.add_err(self.validate_self(dep))
            else:
                missing = [d for d in dep if d not in obj]
                if missing:
                    self.add(m.dependency_kind(name, missing))
        additional: list[str] = []
        for name in sorted(obj):
            if self.bool_only and self.errors:
                return
            value = obj[name]
            evaluated = False
            if name in s.properties:
                evaluated = True
                self.add_err(self.validate_val(s.properties[name], value, name))
            for pattern, sub in sorted(s.pattern_properties, key=lambda p: p[0].text):
                if pattern.search(name):
                    evaluated = True
                    self.add_err(self.validate_val(sub, value, name))
            if not evaluated and s.additional_properties is not None:
                evaluated = True
                if s.additional_properties is False:
                    additional.append(name)
                elif isinstance(s.additional_properties, Schema):
                    self.add_err(self.validate_val(s.additional_properties, value, name))
            if evaluated:
                self.uneval.props.discard(name)
        if additional:
            self.add(Kind(f"additional properties {m.join_quoted(additional)} not allowed"))
        if s.draft == 4:
            return
        if s.property_names is not None:
            for name in sorted(obj):
                self.check_property_name(name)
        if s.draft == 6:
            return
        for name in sorted(s.dependent_schemas):
            if name in obj:
                self.add_err(self.validate_self(s.dependent_schemas[name]))
        for name in sorted(s.dependent_required):
            if name in obj:
                missing = [d for d in s.dependent_required[name] if d not in obj]
                if missing:
                    self.add(m.dependency_kind(name, missing))

    def check_property_name(self, name: str) -> None:
        """propertyNames: a fresh validation of the name, reported at the root location."""
        assert self.s.property_names is not None
        schema = self.s.property_names
        scope = _Scope(schema, "", 0, None)
        sub = self._child(schema, name, (), scope, _Uneval(), self.bool_only)
        err = sub.run()[1]
        if err is None:
            return
        causes = err.causes if isinstance(err.kind, m.GroupKind) else [err]
        self.errors.append(ValidationError(
            (), Kind(f"invalid propertyName {m.quote(name)}"), causes))

    def validate_array(self, arr: list[Any]) -> None:
        s = self.s
        if s.min_items is not None and len(arr) < s.min_items:
            self.add(m.count_kind("minItems", len(arr), s.min_items))
        if s.max_items is not None and len(arr) > s.max_items:
            self.add(m.count_kind("maxItems", len(arr), s.max_items))
        if s.unique_items and len(arr) > 1:
            pair = _first_duplicate(arr)
            if pair is not None:
                self.add(Kind(f"items at {m.group_int(pair[0])} and {m.group_int(pair[1])} "
                              "are equal"))
        if s.draft < 2020:
            evaluated = 0
            if isinstance(s.items, Schema):
                for i, item in enumerate(arr):
                    self.add_err(self.validate_val(s.items, item, str(i)))
                evaluated = len(arr)
            elif isinstance(s.items, list):
                evaluated = min(len(arr), len(s.items))
                for i in range(evaluated):
                    self.add_err(self.validate_val(s.items[i], arr[i], str(i)))
            if s.additional_items is False and evaluated != len(arr):
                self.add(Kind(f"last {m.group_int(len(arr) - evaluated)} additionalItem(s) "
                              "not allowed"))
            elif isinstance(s.additional_items, Schema):
                # The library numbers these from 0 again (its locations say so, too).
                for i, item in enumerate(arr[evaluated:]):
                    self.add_err(self.validate_val(s.additional_items, item, str(i)))
        else:
            evaluated = min(len(s.prefix_items), len(arr))
            for i in range(evaluated):
                self.add_err(self.validate_val(s.prefix_items[i], arr[i], str(i)))
            if s.items2020 is not None:
                for i, item in enumerate(arr[evaluated:]):
                    self.add_err(self.validate_val(s.items2020, item, str(i)))
        if s.contains is not None:
            self.validate_contains(arr, s.contains)

    def validate_contains(self, arr: list[Any], contains: Schema) -> None:
        s = self.s
        errors: list[ValidationError] = []
        matched: list[int] = []
        for i, item in enumerate(arr):
            err = self.validate_val(contains, item, str(i))
            if err is not None:
                errors.append(err)
            else:
                matched.append(i)
                if s.draft >= 2020:
                    self.uneval.items.discard(i)
        if s.min_contains is not None:
            if len(matched) < s.min_contains:
                self.add_group(errors, m.contains_kind("minContains", matched, s.min_contains))
        elif not matched:
            self.add_group(errors, Kind("no items match contains schema"))
        if s.max_contains is not None and len(matched) > s.max_contains:
            self.add(m.contains_kind("maxContains", matched, s.max_contains))

    def validate_string(self, text: str) -> None:
        s = self.s
        length = len(text)
        if s.min_length is not None and length < s.min_length:
            self.add(m.count_kind("minLength", length, s.min_length))
        if s.max_length is not None and length > s.max_length:
            self.add(m.count_kind("maxLength", length, s.max_length))
        if s.pattern is not None and not s.pattern.search(text):
            self.add(Kind(f"{m.quote(text)} does not match pattern {m.quote(s.pattern.text)}"))

    def validate_number(self, value: Any) -> None:
        s = self.s
        if (s.minimum is None and s.maximum is None and s.exclusive_minimum is None
                and s.exclusive_maximum is None and s.multiple_of is None):
            return
        num = _rat(value)
        if s.minimum is not None and num < s.minimum:
            self.add(m.number_kind("minimum", num, s.minimum))
        if s.maximum is not None and num > s.maximum:
            self.add(m.number_kind("maximum", num, s.maximum))
        if s.exclusive_minimum is not None and num <= s.exclusive_minimum:
            self.add(m.number_kind("exclusiveMinimum", num, s.exclusive_minimum))
        if s.exclusive_maximum is not None and num >= s.exclusive_maximum:
            self.add(m.number_kind("exclusiveMaximum", num, s.exclusive_maximum))
        if s.multiple_of is not None and (num / s.multiple_of).denominator != 1:
            self.add(m.number_kind("multipleOf", num, s.multiple_of))

    def validate_conditionals(self) -> None:
        s = self.s
        if s.not_ is not None and self.validate_self(s.not_, bool_only=True) is None:
            self.add(Kind("'not' failed"))
        if s.all_of:
            errors = []
            for sub in s.all_of:
                err = self.validate_self(sub)
                if err is not None:
                    errors.append(err)
                    if self.bool_only:
                        break
            if errors:
                self.add_group(errors, Kind("'allOf' failed"))
        if s.any_of:
            errors, matched = [], False
            for sub in s.any_of:
                err = self.validate_self(sub)
                if err is not None:
                    errors.append(err)
                else:
                    matched = True
                    if self.uneval.empty():
                        break
            if not matched:
                self.add_group(errors, Kind("'anyOf' failed"))
        if s.one_of:
            self.validate_one_of()
        if s.if_ is not None:
            if self.validate_self(s.if_, bool_only=True) is None:
                if s.then is not None:
                    self.add_err(self.validate_self(s.then))
            elif s.else_ is not None:
                self.add_err(self.validate_self(s.else_))

    def validate_one_of(self) -> None:
        errors: list[ValidationError] = []
        matched = -1
        for i, sub in enumerate(self.s.one_of):
            err = self.validate_self(sub, bool_only=matched != -1)
            if err is not None:
                if matched == -1:
                    errors.append(err)
            elif matched == -1:
                matched = i
            else:
                self.add(Kind(f"'oneOf' failed, subschemas {m.group_int(matched)}, "
                              f"{m.group_int(i)} matched"))
                return
        if matched == -1:
            self.add_group(errors, Kind("'oneOf' failed, none matched"))

    def validate_dynamic_refs(self) -> None:
        s = self.s
        if s.recursive_ref is not None:
            target = s.recursive_ref
            if target.resource.recursive_anchor:
                scope: _Scope | None = self.scope
                while scope is not None:
                    if scope.schema.resource.recursive_anchor:
                        target = scope.schema.resource.root or target
                    scope = scope.parent
            self.add_err(self.validate_ref(target, "$recursiveRef"))
        if s.dynamic_ref is not None:
            target = s.dynamic_ref
            anchor = s.dynamic_ref_anchor
            if anchor and target.dynamic_anchor == anchor:
                scope = self.scope
                while scope is not None:
                    found = scope.schema.resource.dynamic_anchors.get(anchor)
                    if found is not None:
                        target = found
                    scope = scope.parent
            self.add_err(self.validate_ref(target, "$dynamicRef"))

    def validate_unevaluated(self) -> None:
        s, v = self.s, self.v
        if isinstance(v, dict) and s.unevaluated_properties is not None:
            for name in sorted(self.uneval.props):
                if name in v:
                    self.add_err(self.validate_val(s.unevaluated_properties, v[name], name))
            self.uneval.props = set()
        if isinstance(v, list) and s.unevaluated_items is not None:
            for i in sorted(self.uneval.items):
                self.add_err(self.validate_val(s.unevaluated_items, v[i], str(i)))
            self.uneval.items = set()


def _first_duplicate(arr: list[Any]) -> tuple[int, int] | None:
    for i in range(1, len(arr)):
        for j in range(i):
            if equals(arr[i], arr[j]):
                return j, i
    return None


def validate(schema: Schema, value: Any) -> ValidationError | None:
    """Validate; ``None`` when valid, else the library's root error (kind Schema)."""
    scope = _Scope(schema, "", 0, None)
    runner = _Validator(value, (), schema, scope, _uneval_from(value, schema, False), False, 0)
    err = runner.run()[1]
    if err is None:
        return None
    causes = err.causes if isinstance(err.kind, m.GroupKind) else [err]
    root_kind = m.SchemaKind(f"jsonschema validation failed with {m.quote(schema.location)}")
    return ValidationError((), root_kind, causes)
