"""Template functions: Sprig v3 and Helm's own, one module per family.

Each family module defines ``FUNCS``, a :class:`~helmpy.gotemplate.gotypes.FuncTable`.
:func:`library_functions` merges every family into the map Helm's engine starts from
(``sprig.TxtFuncMap()`` without ``env``/``expandenv``, plus Helm's serialization functions).
Functions that need the render's state (``include``, ``tpl``, ``required``, ``fail``,
``lookup``) are added by the engine.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from helmpy.gotemplate.gotypes import FuncSpec

# Helm deletes these from Sprig's map: they read the process environment.
REMOVED = frozenset({"env", "expandenv"})


@lru_cache(maxsize=1)
def library_functions() -> dict[str, FuncSpec]:
    """Every family's functions, merged once per process."""
    table: dict[str, FuncSpec] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        funcs = getattr(module, "FUNCS", None)
        if funcs:
            table.update(funcs)
    for name in REMOVED:
        table.pop(name, None)
    return table
