"""Room for recursion over deeply nested values (YAML allows 10000 levels).

Python 3.11+ runs Python-to-Python calls without growing the C stack, so a higher
recursion limit for the duration of one walk is safe.
"""
from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

WALK_LIMIT = 60000


@contextmanager
def recursion_room(limit: int = WALK_LIMIT) -> Iterator[None]:
    old = sys.getrecursionlimit()
    if old >= limit:
        yield
        return
    sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


_ATOMS = frozenset({str, int, float, bool, type(None), bytes})
_COPY_HOOKS = ("__deepcopy__", "__reduce__", "__reduce_ex__", "__setitem__", "__getstate__",
               "__setstate__")


@cache
def _stateless_dict_type(kind: type) -> bool:
    """A dict subclass deepcopy rebuilds as a bare instance plus items: slots only and
    empty, no copy or pickling hooks of its own (e.g. the template ``Values`` type)."""
    if not issubclass(kind, dict):
        return False
    for klass in kind.__mro__:
        if klass in (dict, object):
            continue
        own = vars(klass)
        if own.get("__slots__", None) != () or any(hook in own for hook in _COPY_HOOKS):
            return False
    return True


def deep_copy(value: Any) -> Any:
    """``copy.deepcopy`` of values data, several times faster on plain dicts and lists.

    Same result, sharing included: plain dicts and lists are copied here, each once
    (through deepcopy's memo), exact-type scalars are kept, anything else (subclasses,
    tuples, objects) goes to ``copy.deepcopy`` with the same memo.
    """
    memo: dict[int, Any] = {}

    def walk(item: Any) -> Any:
        kind = type(item)
        if kind in _ATOMS:
            return item
        found = memo.get(id(item), memo)
        if found is not memo:
            return found
        if kind is dict:
            out: dict = {}
            memo[id(item)] = out
            for key, child in item.items():
                out[key if type(key) is str else walk(key)] = walk(child)
        elif kind is list:
            out_list: list = []
            memo[id(item)] = out_list
            out_list.extend(walk(child) for child in item)
            return out_list
        elif _stateless_dict_type(kind):
            # what deepcopy's reduce protocol does for it: a bare instance, then its items
            out = kind.__new__(kind)
            memo[id(item)] = out
            for key, child in item.items():
                out[key if type(key) is str else walk(key)] = walk(child)
        else:
            return copy.deepcopy(item, memo)
        return out

    with recursion_room():
        return walk(value)
