"""TOML written as BurntSushi/toml's Encoder writes Go values (Helm's toToml), and read
for fromToml with Go's value types (integers are int64)."""
from __future__ import annotations

import itertools
import re
from typing import Any

from helmpy.gotemplate.gotypes import Int64
from helmpy.goyaml.gofloat import format_float


class TomlEncodeError(Exception):
    """An error BurntSushi's Encoder returns (toToml renders its text)."""


class TomlPanic(Exception):
    """A Go runtime panic inside the encoder (the template call fails)."""


class TomlDecodeError(Exception):
    """``str()`` approximates BurntSushi's ``toml: line N (last key "k"): ...`` text."""


ARRAY_NIL = "toml: cannot encode array with nil element"
NO_KEY = "toml: top-level values must be Go maps or structs"

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def quote(text: str) -> str:
    out = ['"']
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char < " " or char == "\x7f":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _key_part(part: str) -> str:
    return part if _BARE_KEY.match(part) else quote(part)


# TOML types of Go values, as BurntSushi's tomlTypeOfGo classifies them.
_HASH, _ARRAY_HASH, _ARRAY, _SCALAR = "hash", "arrayhash", "array", "scalar"


def _toml_type(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return _HASH
    if isinstance(value, list | tuple | bytes | bytearray):
        return _ARRAY_HASH if _is_table_array(value) else _ARRAY
    return _SCALAR


def _is_table_array(items: Any) -> bool:
    if not items:
        return False
    tables = True
    for item in items:
        kind = _toml_type(item)
        if kind is None:
            raise TomlEncodeError(ARRAY_NIL)
        if kind != _HASH:
            tables = False
    return tables


class _Encoder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.indent = "  "

    def write(self, text: str) -> None:
        self.out.append(text)

    def newline(self) -> None:
        if self.out:
            self.out.append("\n")

    def indent_for(self, key: list[str]) -> str:
        return self.indent * (len(key) - 1)

    def encode(self, key: list[str], value: Any) -> None:
        if value is None:
            return
        if isinstance(value, dict):
            self.table(key, value)
        elif isinstance(value, list | tuple | bytes | bytearray):
            if _toml_type(value) == _ARRAY_HASH:
                self.array_of_tables(key, value)
            else:
                self.key_value(key, value)
        else:
            self.key_value(key, value)

    def key_value(self, key: list[str], value: Any, inline: bool = False) -> None:
        if not key:
            self.element(value)  # a top-level non-table value is written bare
            return
        self.write(f"{self.indent_for(key)}{_key_part(key[-1])} = ")
        self.element(value)
        if not inline:
            self.newline()

    def table(self, key: list[str], value: dict[str, Any]) -> None:
        if len(key) == 1:
            self.newline()  # a blank line between top-level tables
        if key:
            self.write(f"{self.indent_for(key)}[{'.'.join(_key_part(k) for k in key)}]")
            self.newline()
        self.mapping(key, value, inline=False)

    def array_of_tables(self, key: list[str], items: Any) -> None:
        if not key:
            raise TomlEncodeError(NO_KEY)
        header = ".".join(_key_part(k) for k in key)
        for item in items:
            if item is None:
                continue
            self.newline()
            self.write(f"{self.indent_for(key)}[[{header}]]")
            self.newline()
            self.mapping(key, item, inline=False)

    def mapping(self, key: list[str], value: dict[str, Any], inline: bool) -> None:
        direct: list[str] = []
        nested: list[str] = []
        for name, item in value.items():
            (nested if _toml_type(item) in (_HASH, _ARRAY_HASH) else direct).append(str(name))
        if inline:
            self.write("{")
        for names, trailing_comma in ((direct, bool(nested)), (nested, False)):
            # Go's sort.Strings compares bytes; for valid UTF-8 that is code point order
            names.sort()
            for position, name in enumerate(names):
                item = value[name]
                if item is None:
                    continue
                if inline:
                    self.key_value([name], item, inline=True)
                    if trailing_comma or position != len(names) - 1:
                        self.write(", ")
                else:
                    self.encode([*key, name], item)
        if inline:
            self.write("}")

    def element(self, value: Any) -> None:
        if isinstance(value, str):
            self.write(quote(value))
        elif isinstance(value, bool):
            self.write("true" if value else "false")
        elif isinstance(value, int):
            self.write(str(int(value)))
        elif isinstance(value, float):
            self.write(_float_text(value))
        elif isinstance(value, dict):
            self.mapping([], value, inline=True)
        elif isinstance(value, list | tuple | bytes | bytearray):
            _toml_type(value)  # refuses nil elements
            self.write("[")
            self.write(", ".join(_element_text(item) for item in value))
            self.write("]")
        else:
            self.write(quote(str(value)))


def _element_text(value: Any) -> str:
    encoder = _Encoder()
    encoder.element(value)
    return "".join(encoder.out)


def _float_text(value: float) -> str:
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    text = format_float(value, "g")
    if "." not in text and "e" not in text:
        text += ".0"
    return text


def dumps(value: Any) -> str:
    """What BurntSushi's ``toml.NewEncoder(b).Encode(value)`` writes."""
    if value is None:
        raise TomlPanic("reflect: call of reflect.Value.Type on zero Value")
    encoder = _Encoder()
    encoder.encode([], value)
    return "".join(encoder.out)


# --- reading --------------------------------------------------------------------------


class _OutOfRange(Exception):
    pass


def _go_values(value: Any) -> Any:
    """tomllib's values as BurntSushi's: integers are int64 (out of range is an error);
    dates and times stay Python objects for the caller to turn into time.Time."""
    if isinstance(value, dict):
        return {k: _go_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_values(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not -(1 << 63) <= value < (1 << 63):
            raise _OutOfRange(str(value))
        return Int64(value)
    return value


_SHORT_TIME = re.compile(r"(?<![0-9:])([0-9]{2}:[0-9]{2})(?![0-9:])")


def _as_toml_1_0(text: str) -> str:
    """Rewrite the TOML 1.1 forms BurntSushi accepts into TOML 1.0 for tomllib."""
    out: list[str] = []
    strings: list[str] = []
    stack: list[str] = []  # open "{" and "[" of values
    i, n = 0, len(text)
    line_start = True
    while i < n:
        char = text[i]
        if char in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
            end = i + len(quote)
            while end < n and not text.startswith(quote, end):
                end += 2 if char == '"' and text[end] == "\\" else 1
            body = text[i:end + len(quote)]
            if char == '"':
                body = re.sub(r"\\(\\|x([0-9A-Fa-f]{2})|e)",
                              lambda m: "\\u00" + m.group(2) if m.group(2) else
                              ("\\u001b" if m.group(1) == "e" else m.group(0)), body)
            out.append("\0")  # strings are kept aside from the time rewrite below
            strings.append(body)
            i = end + len(quote)
            line_start = False
            continue
        if char == "#":
            end = text.find("\n", i)
            end = n if end == -1 else end
            if not (stack and stack[-1] == "{"):
                out.append(text[i:end])
            i = end
            continue
        if char == "[" and line_start and not stack:
            end = text.find("\n", i)
            end = n if end == -1 else end
            out.append(text[i:end])
            i = end
            continue
        if char in "{[" and not line_start or char in "{[" and stack:
            stack.append(char)
        elif char in "}]" and stack:
            stack.pop()
        elif char == "\n" and stack and stack[-1] == "{":
            char = " "
        elif char == "," and stack and stack[-1] == "{":
            rest = text[i + 1:].lstrip(" \t\r\n")
            if rest.startswith("}"):
                char = ""
        if char == "\n":
            line_start = True
        elif char not in " \t\r":
            line_start = False
        out.append(char)
        i += 1
    pieces = iter(strings)
    rewritten = _SHORT_TIME.sub(r"\1:00", "".join(out))
    return re.sub("\0", lambda _: next(pieces), rewritten)


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def loads(text: str) -> dict[str, Any]:
    """A TOML document as BurntSushi decodes it into map[string]interface{}."""
    import tomllib

    try:
        try:
            parsed = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            # BurntSushi also reads TOML 1.1 (newlines and trailing commas in inline
            # tables, \x and \e escapes, times without seconds): retry it as TOML 1.0
            try:
                parsed = tomllib.loads(_as_toml_1_0(text))
            except tomllib.TOMLDecodeError:
                raise err from None
        return _go_values(parsed)
    except tomllib.TOMLDecodeError as err:
        raise TomlDecodeError(_decode_message(text, str(err))) from None
    except _OutOfRange as err:
        number = str(err)
        line = next((n for n, row in enumerate(text.split("\n"), 1) if number in row), 1)
        raise TomlDecodeError(
            _decode_message(text, f"{number} is out of range for int64 (at line {line}, column 1)")
        ) from None


def _go_rune(char: str) -> str:
    """Go's %q of a rune."""
    if char == "'":
        return "'\\''"
    escaped = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}.get(char, char)
    return f"'{escaped}'"


_NUMBER_TOKEN = re.compile(r"[0-9A-Za-z_.+:-]*")


def _decode_message(text: str, message: str) -> str:
    """BurntSushi's wording for the failures tomllib reports (the common ones)."""
    match = _POSITION.search(message)
    lines = text.split("\n")
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:
        line, column = len(lines), len(lines[-1]) + 1
    current = lines[line - 1] if line <= len(lines) else ""
    at = current[column - 1:column]
    if not at and line < len(lines):
        at = "\n"  # the end of a line that is not the end of the document
    # BurntSushi names the table being filled, plus the key whose value failed
    headers = re.findall(r"^\s*\[\[?\s*([^\]]*?)\s*\]", "\n".join(lines[:line - 1]), re.MULTILINE)
    table = headers[-1] if headers else ""
    key_match = re.match(r"\s*([A-Za-z0-9_.\"'-]+?)\s*=", current)
    key_text = key_match.group(1) if key_match else ""
    key_text = ".".join(part.strip("\"'") for part in key_text.split("."))
    key = ".".join(part for part in (table, key_text) if part)

    def where(with_key: bool) -> str:
        shown = key if with_key else table
        return f'toml: line {line} (last key "{shown}"): ' if shown else f"toml: line {line}: "

    problem = _POSITION.sub("", message).strip()
    if problem.startswith("Invalid value"):
        if not at:
            return where(True) + "unexpected EOF; expected value"
        if at == ".":
            return where(True) + "floats must start with a digit, not '.'"
        if at == ",":
            return where(True) + "unexpected comma"
        if at.isalpha():  # BurntSushi reads the whole word, hoping for true or false
            word = re.match(r"\w*", current[column - 1:]).group(0)  # type: ignore[union-attr]
            word = "".join(itertools.takewhile(str.isalpha, word))
            return where(True) + f'expected value but found "{word}" instead'
        return where(True) + f"expected value but found {_go_rune(at)} instead"
    if problem.startswith("Expected newline or end of document"):
        value = re.search(r"=\s*([-+]?[0-9][0-9A-Za-z_.+:-]*)$", current[:column - 1])
        token = (value.group(1) + _NUMBER_TOKEN.match(current[column - 1:]).group(0)
                 if value else "")
        if re.fullmatch(r"[-+]?0[0-9_]+", token):
            return where(True) + f'Invalid integer "{token}": cannot have leading zeroes'
        if re.fullmatch(r"[-+]?[0-9_]+", token) and ("__" in token or token.endswith("_")):
            return where(True) + (f'Invalid integer "{token}": underscores must be '
                                  "surrounded by digits")
        return where(False) + ("expected a top-level item to end with a newline, comment, "
                               f"or EOF, but got {_go_rune(at)} instead")
    if problem.startswith("Expected '=' after a key"):
        if not at:
            return where(False) + "unexpected EOF; expected key separator '='"
        return where(False) + f"expected '.' or '=', but got {_go_rune(at)} instead"
    header = current.lstrip().startswith("[")
    if problem.startswith("Expected ']' at the end of a table declaration") or (
        header and problem.startswith("Invalid initial character for a key part")
    ):
        if problem.startswith("Invalid initial") and at in ("]", ""):
            return where(False) + "unexpected end of table name (table names cannot be empty)"
        if problem.startswith("Invalid initial") and at == ".":
            return where(False) + "unexpected table separator (table names cannot be empty)"
        shown = _go_rune(at) if at else "'\\x00'"
        return where(False) + f"expected '.' or ']' to end table name, but got {shown} instead"
    if problem.startswith("Invalid initial character for a key part"):
        if at in ("", "="):
            return where(False) + "unexpected '='"
        if at == ".":
            return where(False) + "unexpected '.'"
    if problem.startswith("Expected ']]' at the end of an array declaration"):
        if at == "]":  # BurntSushi complains about the character after the first "]"
            at = current[column:column + 1] or ("\n" if line < len(lines) else "")
        shown = _go_rune(at) if at else "'\\x00'"
        line += at == "\n"  # BurntSushi has read the newline by then
        return where(False) + (f"expected end of table array name delimiter ']', but got "
                               f"{shown} instead")
    if problem.startswith("Invalid statement"):
        if at == "=":
            return where(False) + "unexpected '=': key name appears blank"
        if at == ".":
            return where(False) + "unexpected '.': keys cannot start with a '.'"
        if at:
            return where(False) + f"expected '.' or '=', but got {_go_rune(at)} instead"
    if problem.startswith("Cannot overwrite a value") and key:
        return where(True) + f"Key '{key}' has already been defined."
    if problem.startswith("Cannot declare") and "twice" in problem:
        name = ".".join(re.findall(r"'((?:[^'\\]|\\.)*)'", problem))
        return f"toml: line {line}: Key '{name}' has already been defined."
    if problem.startswith("Unterminated string"):
        return where(True) + "unexpected EOF; expected '\"'"
    return where(True) + problem
