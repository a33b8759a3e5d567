"""An on-disk cache of compiled templates, like Jinja2's bytecode cache.

Parsing and generating Python through Jinja2 cost most of a cold ``helmpy template``; the
results (the code, and the parse trees with their call sites) depend only on the text,
the function signatures and the engine's own source, so they are kept as files under ``$HELMPY_CACHE_DIR`` (default
``$XDG_CACHE_HOME/helmpy`` or ``~/.cache/helmpy``). ``HELMPY_TEMPLATE_CACHE=0`` turns it
off. Any problem reading or writing the cache just means compiling again.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from helmpy.gotemplate.gotypes import FuncSpec

_ENGINE_FILES = ("compiler.py", "scopes.py", "runtime.py", "parser.py", "lexer.py", "nodes.py",
                 "literals.py", "builtins.py", "codecache.py")
_fingerprint: str | None = None
_signatures: dict[frozenset[str], str] = {}
_directory: Path | None | bool = False  # False: not looked up yet; None: disabled


def _engine_fingerprint() -> str:
    global _fingerprint
    if _fingerprint is None:
        import jinja2

        digest = hashlib.sha256(f"{sys.version}|{jinja2.__version__}".encode())
        here = Path(__file__).parent
        for name in _ENGINE_FILES:
            digest.update((here / name).read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def _signature(funcs: Mapping[str, FuncSpec], names: frozenset[str]) -> str:
    """The functions' Go signatures, which the compiled code depends on."""
    sig = _signatures.get(names)
    if sig is None:
        parts = sorted(f"{n}{funcs[n].params}{funcs[n].variadic}" for n in names)
        sig = hashlib.sha256("|".join(parts).encode()).hexdigest()
        _signatures[names] = sig
    return sig


def _cache_dir() -> Path | None:
    global _directory
    if _directory is False:
        if os.environ.get("HELMPY_TEMPLATE_CACHE", "1") in ("0", "false", "no"):
            _directory = None
        else:
            base = os.environ.get("HELMPY_CACHE_DIR") or os.path.join(
                os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "helmpy")
            # Never a relative path (no HOME): that would write into the working directory.
            _directory = Path(base) / "templates" if os.path.isabs(base) else None
    return _directory  # type: ignore[return-value]


def key(text: str, funcs: Mapping[str, FuncSpec], names: frozenset[str],
        missing_error: bool) -> str | None:
    if _cache_dir() is None:
        return None
    digest = hashlib.sha256()
    digest.update(_engine_fingerprint().encode())
    digest.update(_signature(funcs, names).encode())
    digest.update(b"E" if missing_error else b"Z")
    digest.update(text.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


_pruned = False


def _version_dir(directory: Path) -> Path:
    """Entries live under one directory per engine fingerprint, so that the entries of
    older helmpy versions (which can never be hit again) can be removed as a whole."""
    return directory / _engine_fingerprint()[:16]


def _prune_old_versions(directory: Path) -> None:
    """Best effort, once per process: delete other engine versions' entries."""
    global _pruned
    if _pruned:
        return
    _pruned = True
    import shutil

    current = _engine_fingerprint()[:16]
    try:
        children = list(directory.iterdir())
    except OSError:
        return
    for child in children:
        name = child.name
        stale_version = len(name) == 16 and name != current
        old_layout = len(name) == 2  # entries written before versions had directories
        if child.is_dir() and not child.is_symlink() and (stale_version or old_layout) \
                and all(c in "0123456789abcdef" for c in name):
            shutil.rmtree(child, ignore_errors=True)


def load(cache_key: str | None) -> tuple[bytes, bytes] | None:
    """(marshalled code, pickled parse trees and sites) for a key, if cached."""
    directory = _cache_dir()
    if cache_key is None or directory is None:
        return None
    try:
        data = (_version_dir(directory) / cache_key[:2] / cache_key).read_bytes()
        entry = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if (isinstance(entry, tuple) and len(entry) == 2
            and all(isinstance(part, bytes) for part in entry)):
        return entry
    return None


def store(cache_key: str | None, entry: tuple[bytes, bytes]) -> None:
    directory = _cache_dir()
    if cache_key is None or directory is None:
        return
    _prune_old_versions(directory)
    target = _version_dir(directory) / cache_key[:2] / cache_key
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f"{cache_key}.{os.getpid()}.tmp")
        temp.write_bytes(marshal.dumps(entry))
        os.replace(temp, target)
    except OSError:
        pass
