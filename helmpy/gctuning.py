"""Fewer full collections of the cyclic GC while helmpy loads and renders charts.

Compiled templates stay cached in memory for the life of the process, and each one is a
few hundred objects. CPython's full collection scans all of them every time, and by
default it runs after every ten middle-generation collections. While a batch renders
many charts, those repeated scans of a cache that never becomes garbage took about 30%
of the time. Young generations are still collected as usual, so short-lived cycles are
freed promptly. Only the full collections are spaced out, and only while a load or
render is running. The previous thresholds come back when the last one finishes.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Middle-generation collections between two full ones (CPython's default is 10).
FULL_COLLECTION_SPACING = 1000

_lock = threading.Lock()
_active = 0
_saved: tuple[int, ...] | None = None  # the thresholds to put back
_ours: tuple[int, ...] | None = None  # what we set (left alone if someone changed it)


@contextmanager
def fewer_full_collections() -> Iterator[None]:
    """Space out full collections for the duration (nested and threaded use is fine)."""
    global _active, _saved, _ours
    with _lock:
        if _active == 0:
            current = gc.get_threshold()
            if current[0] > 0 and current[2] < FULL_COLLECTION_SPACING:
                _saved = current
                _ours = (current[0], current[1], FULL_COLLECTION_SPACING)
                gc.set_threshold(*_ours)
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                if gc.get_threshold() == _ours:
                    gc.set_threshold(*_saved)
                _saved = _ours = None
