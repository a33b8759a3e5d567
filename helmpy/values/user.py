"""User-supplied values: ``-f`` files and the ``--set*`` flags merged as Helm's CLI does.

Order (Helm's pkg/cli/values Options.MergeValues): values files in order, then
``--set-json``, ``--set``, ``--set-string``, ``--set-file``, ``--set-literal``.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable

from helmpy.chart.yamlio import YamlError, load_values, merge_maps
from helmpy.errors import ValuesError
from helmpy.values import strvals


def read_value_source(path: str) -> bytes:
    """Helm's readFile: ``-`` is stdin, http(s) URLs are fetched, anything else is a file."""
    if path.strip() == "-":
        return sys.stdin.buffer.read()
    scheme = path.split("://", 1)[0].lower() if "://" in path else ""
    if scheme in ("http", "https"):
        return _fetch(path)
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError as err:
        raise ValuesError(f"open {path}: no such file or directory") from err
    except IsADirectoryError as err:
        raise ValuesError(f"read {path}: is a directory") from err
    except PermissionError as err:
        raise ValuesError(f"open {path}: permission denied") from err


def _fetch(url: str) -> bytes:
    import requests  # heavy: only when a values URL is given

    try:
        response = requests.get(url, timeout=120)
    except requests.RequestException as err:
        raise ValuesError(str(err)) from err
    if response.status_code != 200:
        raise ValuesError(f"failed to fetch {url} : {response.status_code} {response.reason}")
    return response.content


def read_values_file(path: str) -> dict:
    """One ``-f`` file: every YAML document must be a map; they merge in order."""
    raw = read_value_source(path)
    try:
        return load_values(raw)
    except YamlError as err:
        raise ValuesError(f"failed to parse {path}: {err}") from err


def read_user_values(
    values_files: Iterable[str] = (),
    set: Iterable[str] = (),  # noqa: A002 - mirrors Helm's flag name
    set_string: Iterable[str] = (),
    set_file: Iterable[str] = (),
    set_json: Iterable[str] = (),
    set_literal: Iterable[str] = (),
    values: dict | None = None,
) -> dict:
    """The user's values as one map, exactly as ``helm install/template`` builds it.

    ``values`` (a map given programmatically) merges over everything else, last.
    """
    base: dict = {}
    for path in values_files:
        base = merge_maps(base, read_values_file(path))

    for expression in set_json:
        trimmed = expression.strip()
        if trimmed.startswith("{"):
            parsed = _go_json_object(trimmed)
            if parsed is None:
                raise ValuesError(f"failed parsing --set-json data JSON: {expression}")
            base = merge_maps(base, parsed)
        else:
            try:
                strvals.parse_json(expression, base)
            except strvals.StrvalsError as err:
                raise ValuesError(f"failed parsing --set-json data {expression}") from err

    for flag, parse, items in (
        ("--set", strvals.parse_into, set),
        ("--set-string", strvals.parse_into_string, set_string),
    ):
        for expression in items:
            try:
                parse(expression, base)
            except strvals.StrvalsError as err:
                raise ValuesError(f"failed parsing {flag} data: {err}") from err

    for expression in set_file:
        try:
            strvals.parse_into_file(expression, base, _file_reader)
        except strvals.StrvalsError as err:
            raise ValuesError(f"failed parsing --set-file data: {err}") from err

    for expression in set_literal:
        try:
            strvals.parse_literal_into(expression, base)
        except strvals.StrvalsError as err:
            raise ValuesError(f"failed parsing --set-literal data: {err}") from err
    if values:
        base = merge_maps(base, values)
    return base


def _file_reader(path: str) -> str:
    try:
        return read_value_source(path).decode("utf-8", errors="replace")
    except ValuesError as err:
        raise strvals.StrvalsError(str(err)) from err


def _go_json_object(text: str) -> dict | None:
    """json.Unmarshal of a whole object as Go does it (numbers float64), or None if invalid."""
    from helmpy.goyaml.gojson_decode import JSONDecodeFailure, decode_prefix

    try:
        value, consumed = decode_prefix(text)
    except JSONDecodeFailure:
        return None
    if text[consumed:].strip(" \t\r\n") or not isinstance(value, dict):
        return None
    return value
