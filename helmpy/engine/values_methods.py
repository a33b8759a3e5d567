"""Helm's common.Values methods, callable from templates (``.Values.YAML``,
``.Values.Table "a.b"``, ``.Values.PathValue "a.b"``, ``.AsMap``, ``.Encode``)."""
from __future__ import annotations

from typing import Any

from helmpy.gotemplate.gostrconv import quote
from helmpy.gotemplate.gotypes import STRING, FuncError, FuncSpec, Values


def _yaml(values: Values) -> str:
    from helmpy.goyaml.writer import dump

    return dump(values)


def _table(values: Values, name: str) -> Values:
    table: dict = values
    for key in name.split("."):
        sub = table.get(key)
        if key not in table or type(sub) not in (dict, Values):
            raise FuncError(f"{quote(key)} is not a table")
        table = sub
    return table if type(table) is Values else Values(table)


def _path_value(values: Values, path: str) -> Any:
    *head, key = path.split(".")
    table: dict = values
    if head:
        try:
            table = _table(values, ".".join(head))
        except FuncError:
            raise FuncError(f"{quote(key)} is not a value") from None
    if key in table and type(table[key]) is not dict:
        return table[key]
    raise FuncError(f"{quote(key)} is not a value")


# Filled in place: the template runtime holds this same table.
Values.go_methods.update({
    "YAML": FuncSpec("YAML", _yaml, ()),
    "Table": FuncSpec("Table", _table, (STRING,)),
    "AsMap": FuncSpec("AsMap", lambda values: dict(values), ()),
    "Encode": FuncSpec("Encode", lambda values, writer: None, ("io.Writer",)),
    "PathValue": FuncSpec("PathValue", _path_value, (STRING,)),
})
