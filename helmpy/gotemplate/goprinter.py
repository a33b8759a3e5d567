"""The printer behind helmpy's Go fmt: one verb applied to one value.

A port of the formatting half of Go's fmt/print.go and fmt/format.go (flags, width,
precision, per-kind verbs, ``%!verb(type=value)`` errors, maps in sorted key order,
structs and Stringers); :mod:`helmpy.gotemplate.gofmt` drives it from format strings.
"""
from __future__ import annotations

from typing import Any

from helmpy.gotemplate.gostrconv import (
    can_backquote,
    format_float,
    format_float_shortest,
    is_print,
    quote,
    quote_rune,
)
from helmpy.gotemplate.gotypes import GoStruct, Int64, go_type_name

NIL = "<nil>"


def type_name(value: Any) -> str:
    """Go's type name (%T), honouring a class-level ``go_type`` on map/slice subclasses."""
    named = getattr(type(value), "go_type", None)
    if named and not isinstance(value, GoStruct):
        return str(named)
    return go_type_name(value)

TOO_LARGE = 1_000_000  # fmt refuses widths/precisions beyond this magnitude
_FAKE_POINTER = "0xc000010000"  # Go prints an address here; any stable text will do


def stringer_text(value: GoStruct, addressable: bool = False) -> str | None:
    """The result of a struct's Go ``Error()`` or ``String()`` method, if fmt sees one.

    Value-receiver methods are ``go_methods["Error"/"String"]``. A ``go_string()``
    method stands for a *pointer*-receiver String(): fmt only uses it when the value is
    a pointer (or addressable, as when text/template prints a struct field).
    """
    methods = type(value).go_methods
    spec = methods.get("Error") or methods.get("String")
    if spec is not None:
        return str(spec.fn(value))
    go_string = getattr(value, "go_string", None)
    if addressable and callable(go_string):
        return str(go_string())
    return None


def _struct_fields(value: GoStruct) -> tuple[tuple[str, ...], list[Any]]:
    """Field names (empty if unknown) and values in Go's declaration order.

    ``go_print_fields()`` lists every field fmt prints, unexported ones included.
    """
    names = type(value).go_fields
    print_fields = getattr(value, "go_print_fields", None)
    if callable(print_fields):
        fields = list(print_fields())
        return (names if len(names) == len(fields) else ()), fields
    return names, [getattr(value, name, None) for name in names]


class Printer:
    """One Sprintf call's state: output buffer and the current verb's flags."""

    __slots__ = (
        "buf", "wid", "prec", "wid_present", "prec_present", "minus", "plus",
        "sharp", "space", "zero", "plus_v", "sharp_v", "erroring",
    )

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.erroring = False
        self.clear_flags()

    def clear_flags(self) -> None:
        self.wid = 0
        self.prec = 0
        self.wid_present = False
        self.prec_present = False
        self.minus = False
        self.plus = False
        self.sharp = False
        self.space = False
        self.zero = False
        self.plus_v = False
        self.sharp_v = False

    # --- padding --------------------------------------------------------------------

    def _padding(self, n: int) -> str:
        if n <= 0:
            return ""
        return ("0" if self.zero and not self.minus else " ") * n

    def pad(self, text: str) -> None:
        if not self.wid_present or self.wid == 0:
            self.buf.append(text)
            return
        fill = self._padding(self.wid - len(text))
        self.buf.append(text + fill if self.minus else fill + text)

    def pad_no_zero(self, text: str) -> None:
        old = self.zero
        self.zero = False
        self.pad(text)
        self.zero = old

    # --- errors ---------------------------------------------------------------------

    def bad_verb(
        self, verb: str, value: Any, has_value: bool = True, type_override: str | None = None
    ) -> None:
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if has_value and value is not None:
            self.buf.append((type_override or type_name(value)) + "=")
            self.print_arg(value, "v")
        else:
            self.buf.append(NIL)
        self.buf.append(")")
        self.erroring = False

    # --- scalars --------------------------------------------------------------------

    def fmt_bool(self, value: bool, verb: str) -> None:
        if verb in ("t", "v"):
            self.pad("true" if value else "false")
        else:
            self.bad_verb(verb, value)

    def fmt_integer(
        self, value: int, verb: str, signed: bool = True, raw: Any = None,
        type_override: str | None = None,
    ) -> None:
        if verb == "v":
            if self.sharp_v and not signed:
                self._fmt_int_base(value, 16, False, force_sharp=True)
            else:
                self._fmt_int_base(value, 10, False)
        elif verb == "d":
            self._fmt_int_base(value, 10, False)
        elif verb == "b":
            self._fmt_int_base(value, 2, False)
        elif verb in ("o", "O"):
            self._fmt_int_base(value, 8, False, octal_o=verb == "O")
        elif verb == "x":
            self._fmt_int_base(value, 16, False)
        elif verb == "X":
            self._fmt_int_base(value, 16, True)
        elif verb == "c":
            self.pad(_rune_text(value))
        elif verb == "q":
            code = value if 0 <= value <= 0x10FFFF else 0xFFFD
            self.pad(quote_rune(code, ascii_only=self.plus))
        elif verb == "U":
            self._fmt_unicode(value)
        else:
            self.bad_verb(verb, value if raw is None else raw, type_override=type_override)

    def _fmt_int_base(
        self, value: int, base: int, upper: bool, force_sharp: bool = False, octal_o: bool = False
    ) -> None:
        negative = value < 0
        magnitude = int(-value if negative else value)
        sharp = self.sharp or force_sharp
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and magnitude == 0:
                old = self.zero
                self.zero = False
                self.buf.append(self._padding(self.wid))
                self.zero = old
                return
        elif self.zero and not self.minus and self.wid_present:
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            digits = str(magnitude)
        elif base == 16:
            digits = f"{magnitude:X}" if upper else f"{magnitude:x}"
        elif base == 8:
            digits = f"{magnitude:o}"
        else:
            digits = f"{magnitude:b}"
        if prec > len(digits):
            digits = "0" * (prec - len(digits)) + digits
        if sharp:
            if base == 2:
                digits = "0b" + digits
            elif base == 8 and not digits.startswith("0"):
                digits = "0" + digits
            elif base == 16:
                digits = ("0X" if upper else "0x") + digits
        if octal_o:
            digits = "0o" + digits
        if negative:
            digits = "-" + digits
        elif self.plus:
            digits = "+" + digits
        elif self.space:
            digits = " " + digits
        self.pad_no_zero(digits)

    def _fmt_unicode(self, value: int) -> None:
        prec = self.prec if self.prec_present and self.prec > 4 else 4
        text = f"U+{value & 0xFFFFFFFFFFFFFFFF:0{prec}X}"
        if self.sharp and 0 <= value <= 0x10FFFF and is_print(chr(value)):
            text += " '" + chr(value) + "'"
        self.pad_no_zero(text)

    def fmt_float(self, value: float, verb: str) -> None:
        if verb == "v":
            self._fmt_float(value, "g", -1)
        elif verb in ("b", "g", "G", "x", "X"):
            self._fmt_float(value, verb, -1)
        elif verb in ("f", "e", "E"):
            self._fmt_float(value, verb, 6)
        elif verb == "F":
            self._fmt_float(value, "f", 6)
        else:
            self.bad_verb(verb, value)

    def _fmt_float(self, value: float, verb: str, prec: int) -> None:
        if self.prec_present:
            prec = self.prec
        if verb == "g" and prec < 0:
            text = format_float_shortest(value)
        else:
            text = format_float(value, verb, prec)
        num = text if text[0] in "+-" else "+" + text
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":  # infinities and NaN are never zero padded
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad_no_zero(num)
            return
        if self.sharp and verb != "b":
            num = _float_sharp(num, verb, prec)
        if self.plus or num[0] != "+":
            if self.zero and not self.minus and self.wid_present and self.wid > len(num):
                self.buf.append(num[0] + "0" * (self.wid - len(num)) + num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    def fmt_string(self, value: str, verb: str) -> None:
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(value)
            else:
                self.fmt_s(value)
        elif verb == "s":
            self.fmt_s(value)
        elif verb in ("x", "X"):
            self.fmt_hex(value.encode("utf-8", "surrogateescape"), verb == "X")
        elif verb == "q":
            self.fmt_q(value)
        else:
            self.bad_verb(verb, value)

    def _truncate(self, text: str) -> str:
        if self.prec_present and self.prec < len(text):
            return text[: self.prec]
        return text

    def fmt_s(self, text: str) -> None:
        self.pad(self._truncate(text))

    def fmt_q(self, text: str) -> None:
        text = self._truncate(text)
        if self.sharp and can_backquote(text):
            self.pad("`" + text + "`")
        else:
            self.pad(quote(text, ascii_only=self.plus))

    def fmt_hex(self, data: bytes, upper: bool) -> None:
        length = len(data)
        if self.prec_present and self.prec < length:
            length = self.prec
        if length <= 0:
            if self.wid_present:
                self.buf.append(self._padding(self.wid))
            return
        prefix = "0X" if upper else "0x"
        pairs = [f"{b:02X}" if upper else f"{b:02x}" for b in data[:length]]
        if self.space:
            text = " ".join(prefix + p for p in pairs) if self.sharp else " ".join(pairs)
        else:
            text = (prefix if self.sharp else "") + "".join(pairs)
        if self.wid_present and self.wid > len(text):
            fill = self._padding(self.wid - len(text))
            text = text + fill if self.minus else fill + text
        self.buf.append(text)

    def fmt_bytes(self, data: bytes, verb: str, type_string: str, depth: int) -> None:
        if verb in ("v", "d"):
            if self.sharp_v:
                inner = ", ".join(f"0x{b:x}" for b in data)
                self.buf.append(type_string + "{" + inner + "}")
            else:
                self.buf.append("[")
                for i, b in enumerate(data):
                    if i:
                        self.buf.append(" ")
                    self._fmt_int_base(b, 10, False)
                self.buf.append("]")
        elif verb == "s":
            self.fmt_s(data.decode("utf-8", "surrogateescape"))
        elif verb in ("x", "X"):
            self.fmt_hex(bytes(data), verb == "X")
        elif verb == "q":
            self.fmt_q(data.decode("utf-8", "surrogateescape"))
        else:
            # Go falls back to reflection: a []uint8 printed element by element.
            self.buf.append("[")
            for i, b in enumerate(data):
                if i:
                    self.buf.append(" ")
                self.fmt_integer(b, verb, signed=False, type_override="uint8")
            self.buf.append("]")

    # --- arguments ------------------------------------------------------------------

    def print_arg(self, arg: Any, verb: str) -> None:
        if arg is None:
            if verb in ("T", "v"):
                self.pad(NIL)
            else:
                self.bad_verb(verb, None, has_value=False)
            return
        if verb == "T":
            self.fmt_s(type_name(arg))
            return
        if verb == "p":
            self._fmt_pointer(arg, verb)
            return
        self.print_value(arg, verb, 0)

    def _fmt_pointer(self, arg: Any, verb: str) -> None:
        if isinstance(arg, list | dict) or (
            isinstance(arg, GoStruct) and arg.go_type.startswith("*")
        ):
            self.pad(_FAKE_POINTER)
        else:
            self.bad_verb(verb, arg)

    def print_value(self, value: Any, verb: str, depth: int) -> None:
        kind = type(value)
        if kind is str:
            self.fmt_string(value, verb)
        elif kind is int or kind is Int64:
            self.fmt_integer(value, verb, raw=value)
        elif kind is float:
            self.fmt_float(value, verb)
        elif kind is bool:
            self.fmt_bool(value, verb)
        elif value is None:
            # A nil inside a container is a nil interface value.
            if self.sharp_v:
                self.buf.append("interface {}(nil)")
            else:
                self.buf.append(NIL)
        elif isinstance(value, dict):
            self._print_map(value, verb, depth)
        elif isinstance(value, list | tuple):
            self._print_list(value, verb, depth)
        elif isinstance(value, bytes | bytearray):
            self.fmt_bytes(value, verb, "[]byte" if depth == 0 else "[]uint8", depth)
        elif isinstance(value, GoStruct):
            self.print_struct(value, verb, depth)
        elif isinstance(value, str):
            self.fmt_string(str(value), verb)
        elif isinstance(value, bool):
            self.fmt_bool(bool(value), verb)
        elif isinstance(value, int):
            self.fmt_integer(int(value), verb, raw=value)
        elif isinstance(value, float):
            self.fmt_float(float(value), verb)
        else:
            self.pad(str(value))

    def _print_map(self, value: dict, verb: str, depth: int) -> None:
        if self.sharp_v:
            self.buf.append(type_name(value) + "{")
        else:
            self.buf.append("map[")
        sep = ", " if self.sharp_v else " "
        for i, key in enumerate(_sorted_keys(value)):
            if i:
                self.buf.append(sep)
            self.print_value(key, verb, depth + 1)
            self.buf.append(":")
            self.print_value(value[key], verb, depth + 1)
        self.buf.append("}" if self.sharp_v else "]")

    def _print_list(self, value: list | tuple, verb: str, depth: int) -> None:
        if self.sharp_v:
            self.buf.append(type_name(value) + "{")
            for i, item in enumerate(value):
                if i:
                    self.buf.append(", ")
                self.print_value(item, verb, depth + 1)
            self.buf.append("}")
            return
        self.buf.append("[")
        for i, item in enumerate(value):
            if i:
                self.buf.append(" ")
            self.print_value(item, verb, depth + 1)
        self.buf.append("]")

    def print_struct(self, value: GoStruct, verb: str, depth: int, indirect: bool = False) -> None:
        is_pointer = value.go_type.startswith("*")
        if not self.erroring and verb in ("v", "s", "x", "X", "q") and not self.sharp_v:
            text = stringer_text(value, addressable=is_pointer or indirect)
            if text is not None:
                self.fmt_string(text, verb)
                return
        if is_pointer and not indirect:
            if depth > 0:
                self._fmt_pointer(value, verb)
                return
            self.buf.append("&")
        if self.sharp_v:
            self.buf.append(value.go_type.lstrip("*"))
        self.buf.append("{")
        sep = ", " if self.sharp_v else " "
        names, fields = _struct_fields(value)
        for i, field in enumerate(fields):
            if i:
                self.buf.append(sep)
            if (self.plus_v or self.sharp_v) and names:
                self.buf.append(names[i] + ":")
            self.print_value(field, verb, depth + 1)
        self.buf.append("}")




def _sorted_keys(mapping: dict) -> list[Any]:
    # Go's fmtsort orders string keys bytewise: code point order for Python strings.
    try:
        return sorted(mapping)
    except TypeError:
        return sorted(mapping, key=repr)


def _rune_text(value: int) -> str:
    if value < 0 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return "\ufffd"
    return chr(value)


def _float_sharp(num: str, verb: str, prec: int) -> str:
    """The # flag on floats: always a decimal point, and %g keeps trailing zeros."""
    digits = 0
    if verb in ("v", "g", "G", "x", "X"):
        digits = 6 if prec == -1 else prec
    tail = ""
    has_point = False
    saw_nonzero = False
    body = [num[0]]
    i = 1
    while i < len(num):
        ch = num[i]
        if ch == ".":
            has_point = True
        elif ch in "pP" or (ch in "eE" and verb not in ("x", "X")):
            tail = num[i:]
            break
        else:
            if ch != "0":
                saw_nonzero = True
            if saw_nonzero:
                digits -= 1
        body.append(ch)
        i += 1
    text = "".join(body)
    if not has_point:
        if len(text) == 2 and text[1] == "0":
            digits -= 1
        text += "."
    if digits > 0:
        text += "0" * digits
    return text + tail
