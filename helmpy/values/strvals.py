"""Helm's strvals: the ``--set`` family of value parsers (pkg/strvals), faithfully.

``name1=value1,name2=value2`` with dotted keys for nesting, ``a[0].b=x`` list indexes,
``{a,b}`` lists, backslash escapes, and Helm's typing (int64, bool, null) for ``--set``.
The control flow mirrors Go's so that every error message and every odd corner
(partially applied values, Go's panics turned into ``unable to parse key: ...``) matches.
Nesting depth (30 names) and list indexes (65536) are bounded as in Helm.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from helmpy.gotemplate.gostrconv import quote as go_quote
from helmpy.gotemplate.gostrconv import quote_rune
from helmpy.gotemplate.gotypes import Int64
from helmpy.goyaml.gojson_decode import JSONDecodeFailure, decode_prefix

MAX_INDEX = 65536
MAX_NESTED_NAME_LEVEL = 30


class StrvalsError(Exception):
    """A malformed ``--set`` style expression; ``str()`` is Helm's message."""


class _Eof:
    """Go's io.EOF: the normal end of input, not an error to report."""

    def __str__(self) -> str:
        return "EOF"


EOF = _Eof()
Err = StrvalsError | _Eof | None
RunesReader = Callable[[str], Any]  # may raise StrvalsError


class _IndexEof(Exception):
    """The input ended inside ``[...]``: Helm wraps io.EOF, which still ends parsing quietly."""


class _Panic(Exception):
    """A Go runtime panic (bad type assertion) that Helm's key() recovers from."""


def _go_type(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "int64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return type(value).__name__


def _as_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    raise _Panic(f"interface conversion: interface {{}} is {_go_type(value)}, not []interface {{}}")


def _as_map(value: Any) -> dict:
    if isinstance(value, dict):
        return value
    raise _Panic(
        f"interface conversion: interface {{}} is {_go_type(value)}, not map[string]interface {{}}")


class _Scanner:
    """A rune reader over the expression (Go's bytes.Buffer with ReadRune/UnreadRune)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self) -> str | None:
        if self.pos >= len(self.text):
            return None
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def unread(self) -> None:
        self.pos -= 1

    def rest(self) -> str:
        return self.text[self.pos:]


def typed_value(text: str, as_string: bool) -> Any:
    """Helm's typedVal: ``--set`` values become bool, null, int64 or stay strings."""
    if as_string:
        return text
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered == "null":
        return None
    if text == "0":
        return Int64(0)
    if text and text[0] != "0":
        parsed = _parse_int64(text)
        if parsed is not None:
            return Int64(parsed)
    return text


def _parse_int64(text: str) -> int | None:
    """strconv.ParseInt(s, 10, 64): optional sign, ASCII digits, in range."""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not all("0" <= c <= "9" for c in body):
        return None
    value = int(text)
    if -(2**63) <= value < 2**63:
        return value
    return None


def _atoi(text: str) -> int:
    """strconv.Atoi with Go's messages."""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not all("0" <= c <= "9" for c in body):
        raise StrvalsError(f"strconv.Atoi: parsing {go_quote(text)}: invalid syntax")
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise StrvalsError(f"strconv.Atoi: parsing {go_quote(text)}: value out of range")
    return value


def _set(data: dict, key: str, value: Any) -> None:
    if key:
        data[key] = value


def _set_index(lst: list, index: int, value: Any) -> tuple[list, Err]:
    if index < 0:
        return lst, StrvalsError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        return lst, StrvalsError(
            f"index of {index} is greater than maximum supported index of {MAX_INDEX}")
    if len(lst) <= index:
        lst = lst + [None] * (index + 1 - len(lst))
    lst[index] = value
    return lst, None


def _go_rune(ch: str | None) -> str:
    """How Go's %v prints a rune (its code point number)."""
    return str(ord(ch)) if ch else "0"


class _Parser:
    """Helm's strvals parser; ``literal`` selects the --set-literal variant."""

    def __init__(self, text: str, data: dict, reader: RunesReader | None, json_values: bool = False,
                 literal: bool = False) -> None:
        self.sc = _Scanner(text)
        self.data = data
        self.reader = reader
        self.json_values = json_values
        self.literal = literal

    def parse(self) -> None:
        while True:
            err = self.key(self.data, 0)
            if err is None:
                continue
            if err is EOF:
                return
            raise err  # type: ignore[misc]

    def runes_until(self, stop: str) -> tuple[str, str | None, Err]:
        out: list[str] = []
        while True:
            ch = self.sc.read()
            if ch is None:
                return "".join(out), None, EOF
            if ch in stop:
                return "".join(out), ch, None
            if ch == "\\" and not self.literal:
                nxt = self.sc.read()
                if nxt is None:
                    return "".join(out), None, EOF
                out.append(nxt)
            else:
                out.append(ch)

    def key(self, data: dict, level: int) -> Err:
        try:
            return self._key(data, level)
        except _Panic as panic:
            return StrvalsError(f"unable to parse key: {panic}")

    def _key(self, data: dict, level: int) -> Err:
        stop = "=[." if self.literal else "=[,."
        k, last, err = self.runes_until(stop)
        if err is not None:
            if not k:
                return err
            return StrvalsError(f"key {go_quote(k)} has no value")
        if last == "[":
            try:
                index = self.key_index()
            except _IndexEof:
                return EOF
            except StrvalsError as bad:
                return StrvalsError(f"error parsing index: {bad}")
            lst: list = []
            if k in data:
                lst = _as_list(data[k])
            lst, err = self.list_item(lst, index, level)
            _set(data, k, lst)
            return err
        if last == "=":
            if self.literal:
                _set(data, k, self.sc.rest())
                self.sc.pos = len(self.sc.text)
                return None
            if self.json_values:
                return self._json_into(lambda value: _set(data, k, value))
            value_list, err = self.val_list()
            if err is None:
                _set(data, k, value_list)
                return None
            if err is EOF:
                _set(data, k, "")
                return err
            if err is _NOT_LIST:
                runes, err = self.val()
                if err is not None and err is not EOF:
                    return err
                value, err = self._read(runes)
                _set(data, k, value)
                return err
            return err
        if last == ",":
            _set(data, k, "")
            return StrvalsError(f"key {go_quote(k)} has no value (cannot end with ,)")
        # last == "."
        level += 1
        if level > MAX_NESTED_NAME_LEVEL:
            return StrvalsError("value name nested level is greater than maximum supported "
                                f"nested level of {MAX_NESTED_NAME_LEVEL}")
        inner: dict = {}
        if k in data:
            inner = _as_map(data[k])
        err = self.key(inner, level)
        if err is None and not inner:
            return StrvalsError(f"key map {go_quote(k)} has no value")
        if inner:
            _set(data, k, inner)
        return err

    def _read(self, runes: str) -> tuple[Any, Err]:
        assert self.reader is not None
        try:
            return self.reader(runes), None
        except StrvalsError as err:
            return None, err

    def _json_into(self, store: Callable[[Any], Any]) -> Err:
        """Decode one JSON value at the cursor, as Helm's json.Decoder use does."""
        if self.empty_val():
            store(None)
            return None
        try:
            value, consumed = decode_prefix(self.sc.rest())
        except JSONDecodeFailure as err:
            return StrvalsError(str(err))
        store(value)
        self.sc.pos += consumed
        self.empty_val()
        return None

    def key_index(self) -> int:
        text, _, err = self.runes_until("]")
        if err is not None:
            raise _IndexEof()
        return _atoi(text)

    def list_item(self, lst: list, i: int, level: int) -> tuple[list, Err]:
        if i < 0:
            return lst, StrvalsError(f"negative {i} index not allowed")
        k, last, err = self.runes_until("[.=")
        if k:
            # Go formats the []rune with %q: each rune quoted, space separated, in brackets.
            runes = " ".join(quote_rune(ord(ch)) for ch in k)
            return lst, StrvalsError(f"unexpected data at end of array index: [{runes}]")
        if err is not None:
            return lst, err
        if last == "=":
            if self.literal:
                value = self.sc.rest()
                self.sc.pos = len(self.sc.text)
                return _set_index(lst, i, value)
            if self.json_values:
                holder: list = []
                err = self._json_into(holder.append)
                if err is not None:
                    return lst, err
                return _set_index(lst, i, holder[0])
            value_list, err = self.val_list()
            if err is None:
                return _set_index(lst, i, value_list)
            if err is EOF:
                return _set_index(lst, i, "")
            if err is _NOT_LIST:
                runes, err = self.val()
                if err is not None and err is not EOF:
                    return lst, err
                value, err = self._read(runes)
                if err is not None:
                    return lst, err
                return _set_index(lst, i, value)
            return lst, err
        if last == "[":
            try:
                next_index = self.key_index()
            except _IndexEof:
                return lst, EOF
            except StrvalsError as bad:
                return lst, StrvalsError(f"error parsing index: {bad}")
            current: list = []
            if len(lst) > i and lst[i] is not None:
                current = _as_list(lst[i])
            inner_list, err = self.list_item(current, next_index, level)
            if err is not None:
                return lst, err
            return _set_index(lst, i, inner_list)
        if last == ".":
            inner: dict = {}
            if len(lst) > i:
                if isinstance(lst[i], dict):
                    inner = lst[i]
                else:  # indices out of order: Helm starts an empty map there
                    lst[i] = inner
            err = self.key(inner, level)
            if err is not None:
                return lst, err
            return _set_index(lst, i, inner)
        return [], StrvalsError(f"parse error: unexpected token {_go_rune(last)}")

    def empty_val(self) -> bool:
        """Skip blanks; True at a comma (consumed) or the end, False before anything else."""
        while True:
            ch = self.sc.read()
            if ch is None or ch == ",":
                return True
            if not _is_go_space(ch):
                self.sc.unread()
                return False

    def val(self) -> tuple[str, Err]:
        text, _, err = self.runes_until(",")
        return text, err

    def val_list(self) -> tuple[list, Err]:
        ch = self.sc.read()
        if ch is None:
            return [], EOF
        if ch != "{":
            self.sc.unread()
            return [], _NOT_LIST
        items: list = []
        while True:
            text, last, err = self.runes_until(",}")
            if err is not None:
                return items, StrvalsError("list must terminate with '}'") if err is EOF else err
            if last == "}":
                nxt = self.sc.read()
                if nxt is not None and nxt != ",":
                    self.sc.unread()
                value, err = self._read(text)
                items.append(value)
                return items, err
            value, err = self._read(text)
            if err is not None:
                return items, err
            items.append(value)


_NOT_LIST = StrvalsError("not a list")

_GO_SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B))


def _is_go_space(ch: str) -> bool:
    return ch in _GO_SPACE


# ------------------------------------------------------------------------ public API

def parse_into(text: str, dest: dict) -> None:
    """``--set``: typed values merged into ``dest``."""
    _Parser(text, dest, lambda runes: typed_value(runes, False)).parse()


def parse_into_string(text: str, dest: dict) -> None:
    """``--set-string``: every value a string."""
    _Parser(text, dest, lambda runes: typed_value(runes, True)).parse()


def parse_into_file(text: str, dest: dict, reader: RunesReader) -> None:
    """``--set-file``: each value is a path, replaced by what ``reader`` returns for it."""
    _Parser(text, dest, reader).parse()


def parse_json(text: str, dest: dict) -> None:
    """``--set-json`` in ``key=jsonvalue`` form."""
    _Parser(text, dest, None, json_values=True).parse()


def parse_literal_into(text: str, dest: dict) -> None:
    """``--set-literal``: the whole rest after ``=`` is the string value."""
    _Parser(text, dest, None, literal=True).parse()


def parse(text: str) -> dict:
    out: dict = {}
    parse_into(text, out)
    return out


def parse_string(text: str) -> dict:
    out: dict = {}
    parse_into_string(text, out)
    return out


def parse_literal(text: str) -> dict:
    out: dict = {}
    parse_literal_into(text, out)
    return out
