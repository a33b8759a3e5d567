"""Sprig dict functions: helmpy's implementation against Helm's, case by case."""
from __future__ import annotations

from typing import Any

import pytest

from helmpy.funcs.dicts import FUNCS
from tests.funcs_differential import helm_result, ours_result

pytest.importorskip("helm_python")

CASES: list[tuple[str, list[Any]]] = [
    ("dict", []), ("dict", ["a", 1, "b"]), ("dict", [None, "v"]), ("dict", ["a", 1, "a", 2]),
    ("dict", [1, 2, True, "x", 1.5, None]), ("dict", [["l"], 1]),
    ("get", [{"a": 1}, "a"]), ("get", [{"a": 1}, "zz"]), ("get", [{"a": None}, "a"]),
    ("set", [{"a": 1}, "b", 2]), ("unset", [{"a": 1, "b": 2}, "a"]), ("unset", [{}, "x"]),
    ("hasKey", [{"a": 1}, "a"]), ("hasKey", [{"a": None}, "a"]), ("hasKey", [{}, "a"]),
    ("pluck", ["a", {"a": 1}, {"a": 2}, {"b": 3}]), ("pluck", ["z", {"a": 1}]), ("pluck", ["z"]),
    ("keys", [{"only": 1}]), ("keys", []), ("keys", [{"a": 1}, {"a": 2}]),
    ("values", [{"only": "v"}]), ("values", [{}]),
    ("pick", [{"a": 1, "b": 2, "c": 3}, "a", "c", "zz"]), ("pick", [{"a": 1}]),
    ("omit", [{"a": 1, "b": 2, "c": 3}, "a", "zz"]), ("omit", [{"a": 1}]),
    ("dig", [{}]), ("dig", ["a", "b", "def", {"a": "string"}]),
    ("dig", ["a", "b", "def", {"a": {"b": "found"}}]), ("dig", ["a", "zz", 1, {"a": {}}]),
    ("dig", ["a", "def", {"a": None}]), ("dig", ["a", "b", "def", {"a": None}]),
    ("dig", [1, "def", {"a": 1}]), ("dig", ["a", "def", "notmap"]), ("dig", ["a", "d", None]),
    ("dig", ["a", "d", [1]]), ("dig", ["x", "def", {"x": [1, 2]}]),
    ("merge", [{"x": 1, "y": 1}, {"y": 2, "z": 2}]), ("merge", [{"l": [1, 2]}, {"l": [3, 4, 5]}]),
    ("merge", [{"a": "", "b": 0, "c": None, "d": False}, {"a": "x", "b": 5, "c": "y", "d": True}]),
    ("merge", [{}, {"b": 3}, {"a": 1, "b": 2}]), ("merge", [{"a": {"x": 1}}, {"a": "scalar"}]),
    ("merge", [{"a": "scalar"}, {"a": {"x": 1}}]), ("merge", [{"a": {}}, {"a": {"x": 1}}]),
    ("merge", [{"a": None}, {"a": {"x": 1}}]), ("merge", [{"a": {"x": 1, "n": {"p": 1}}},
                                                           {"a": {"y": 2, "n": {"q": 2}}}]),
    ("merge", [{"l": []}, {"l": [1]}]), ("merge", [{"l": "x"}, {"l": [1]}]),
    ("merge", [{}, {"l": [1]}]), ("merge", [{"a": 1}, {"a": None}]), ("merge", [{"l": None}, {"l": [1]}]),
    ("mergeOverwrite", [{"n": {"x": 1, "keep": True}}, {"n": {"x": 2}}]),
    ("mergeOverwrite", [{"a": 1, "b": "s", "c": True, "d": [1]}, {"a": 0, "b": "", "c": False, "d": []}]),
    ("mergeOverwrite", [{"a": 1}, {"a": None}]), ("mergeOverwrite", [{"a": {"x": 1}}, {"a": "s"}]),
    ("mergeOverwrite", [{"a": "s"}, {"a": {"x": 1}}]), ("mergeOverwrite", [{"l": "x"}, {"l": [1]}]),
    ("mergeOverwrite", [{"a": {}}, {"a": {"x": {"y": 1}}}]), ("mustMerge", [{"a": 1}, {"b": 2}]),
    ("mustMergeOverwrite", [{"a": 1}, {"a": 2}, {"a": 3}]),
    ("deepCopy", [{"n": {"x": [1, {"y": 2}]}}]), ("deepCopy", [None]), ("mustDeepCopy", [None]),
    ("deepCopy", [[1, "a"]]), ("deepCopy", ["s"]),
    # nil maps: reads see an empty map, writes panic, deletes do nothing
    ("set", [None, "a", 1]), ("unset", [None, "a"]), ("get", [None, "a"]), ("hasKey", [None, "a"]),
    ("merge", [None, {"a": 1}]), ("mergeOverwrite", [None, {"a": 1}]), ("keys", [None]),
    ("values", [None]), ("pick", [None, "a"]), ("omit", [None]), ("pluck", ["a", None, {"a": 1}]),
]


@pytest.mark.parametrize(("name", "args"), CASES)
def test_dict_function_matches_helm(name: str, args: list[Any]) -> None:
    assert ours_result(FUNCS, name, args) == helm_result(name, args)
