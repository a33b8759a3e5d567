"""An advisory whole-file lock, so two helmpy processes never interleave writes to shared files."""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive_file_lock(lock_path: Path) -> Iterator[None]:
    """Hold an flock on ``lock_path`` (created when missing; its content is never touched)."""
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
