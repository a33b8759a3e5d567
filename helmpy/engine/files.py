"""``.Files``: a chart's non-template files, as Helm's engine.files exposes them."""
from __future__ import annotations

import base64
import posixpath
import re
from functools import lru_cache

from helmpy.gotemplate.gotypes import STRING, FuncError, FuncSpec, StrList


class Files(dict):
    """engine.files: a map of path -> bytes with Helm's helper methods.

    Being a Go map, a missing ``.Files.name`` is an empty byte slice, and printing it shows
    ``map[...]``.
    """

    __slots__ = ()
    go_type = "engine.files"
    go_methods: dict[str, FuncSpec] = {}

    def get_bytes(self, name: str) -> bytes:
        return self.get(name) or b""


def _get(files: Files, name: str) -> str:
    return files.get_bytes(name).decode("utf-8", errors="replace")


def _get_bytes(files: Files, name: str) -> bytes:
    return files.get_bytes(name)


def _lines(files: Files, path: str) -> StrList:
    data = files.get(path)
    if data is None:
        return StrList()
    if not data:  # Helm indexes the last byte of an empty file and panics
        raise FuncError("runtime error: index out of range [-1]")
    text = data.decode("utf-8", errors="replace")
    if text.endswith("\n"):  # one final newline does not start another line
        text = text[:-1]
    return StrList(text.split("\n"))


def _glob(files: Files, pattern: str) -> Files:
    matcher = compile_glob(pattern)
    return Files({name: data for name, data in files.items() if matcher.fullmatch(name)})


def _to_yaml(table: dict[str, str]) -> str:
    """Helm's toYAML: the YAML text without its final newline."""
    from helmpy.goyaml.writer import dump

    text = dump(table)
    return text[:-1] if text.endswith("\n") else text


def _as_config(files: Files) -> str:
    return _to_yaml({posixpath.basename(k): v.decode("utf-8", errors="replace")
                     for k, v in files.items()})


def _as_secrets(files: Files) -> str:
    return _to_yaml({posixpath.basename(k): base64.b64encode(v).decode("ascii")
                     for k, v in files.items()})


Files.go_methods = {
    "Get": FuncSpec("Get", _get, (STRING,)),
    "GetBytes": FuncSpec("GetBytes", _get_bytes, (STRING,)),
    "Lines": FuncSpec("Lines", _lines, (STRING,)),
    "Glob": FuncSpec("Glob", _glob, (STRING,)),
    "AsConfig": FuncSpec("AsConfig", _as_config, ()),
    "AsSecrets": FuncSpec("AsSecrets", _as_secrets, ()),
}


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """gobwas/glob with '/' as separator: ``*`` stays within a path segment, ``**`` does not,
    ``?`` is one non-separator character, ``[...]``/``[!...]`` classes, ``{a,b}`` alternatives.
    """
    out: list[str] = []
    i, n, depth = 0, len(pattern), 0
    while i < n:
        c = pattern[i]
        if c == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        elif c == "{":
            depth += 1
            out.append("(?:")
        elif c == "}" and depth:
            depth -= 1
            out.append(")")
        elif c == "," and depth:
            out.append("|")
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL)
