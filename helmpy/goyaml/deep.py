"""Room for recursion over deeply nested values (YAML allows 10000 levels).

Python 3.11+ runs Python-to-Python calls without growing the C stack, so a higher
recursion limit for the duration of one walk is safe.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

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
