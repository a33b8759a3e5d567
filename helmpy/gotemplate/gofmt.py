"""Go's ``fmt`` package (Sprintf, Sprint, Sprintln, %v) over helmpy's Go value model.

The printer follows Go's fmt/print.go and fmt/format.go closely (flags, width,
precision, argument indexes, the ``%!verb(type=value)`` error forms) because template
output must be byte-identical to Helm's. :func:`format_value` is the hot path: every
``{{ .x }}`` prints through it, so plain strings and ints skip the printer entirely.
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
from helmpy.gotemplate.gotypes import GoStruct, Int64, StrList, Values, go_type_name

__all__ = [
    "format_template_value", "format_value", "sprint", "sprintf", "sprintln", "stringer_text",
]

_NIL = "<nil>"
_TOO_LARGE = 1_000_000  # fmt refuses widths/precisions beyond this magnitude
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


def _is_int(value: Any) -> bool:
    return type(value) is int or type(value) is Int64


class _Printer:
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

    def bad_verb(self, verb: str, value: Any, has_value: bool = True) -> None:
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if has_value and value is not None:
            self.buf.append(go_type_name(value) + "=")
            self.print_arg(value, "v")
        else:
            self.buf.append(_NIL)
        self.buf.append(")")
        self.erroring = False

    # --- scalars --------------------------------------------------------------------

    def fmt_bool(self, value: bool, verb: str) -> None:
        if verb in ("t", "v"):
            self.pad("true" if value else "false")
        else:
            self.bad_verb(verb, value)

    def fmt_integer(self, value: int, verb: str, signed: bool = True, raw: Any = None) -> None:
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
            self.bad_verb(verb, value if raw is None else raw)

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
                self.fmt_integer(b, verb, signed=False)
            self.buf.append("]")

    # --- arguments ------------------------------------------------------------------

    def print_arg(self, arg: Any, verb: str) -> None:
        if arg is None:
            if verb in ("T", "v"):
                self.pad(_NIL)
            else:
                self.bad_verb(verb, None, has_value=False)
            return
        if verb == "T":
            self.fmt_s(go_type_name(arg))
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
                self.buf.append(_NIL)
        elif isinstance(value, dict):
            self._print_map(value, verb, depth)
        elif isinstance(value, list | tuple):
            self._print_list(value, verb, depth)
        elif isinstance(value, bytes | bytearray):
            self.fmt_bytes(value, verb, "[]byte" if depth == 0 else "[]uint8", depth)
        elif isinstance(value, GoStruct):
            self._print_struct(value, verb, depth)
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
            self.buf.append(go_type_name(value) + "{")
        else:
            self.buf.append("map[")
        sep = ", " if self.sharp_v else " "
        for i, key in enumerate(sorted(value, key=_map_sort_key)):
            if i:
                self.buf.append(sep)
            self.print_value(key, verb, depth + 1)
            self.buf.append(":")
            self.print_value(value[key], verb, depth + 1)
        self.buf.append("}" if self.sharp_v else "]")

    def _print_list(self, value: list | tuple, verb: str, depth: int) -> None:
        if self.sharp_v:
            self.buf.append(go_type_name(value) + "{")
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

    def _print_struct(self, value: GoStruct, verb: str, depth: int, indirect: bool = False) -> None:
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


def _map_sort_key(key: Any) -> Any:
    # Go's fmtsort orders string keys bytewise, which is code point order in Python.
    return key


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


def _parse_num(fmt: str, start: int, end: int) -> tuple[int, bool, int]:
    """fmt's parsenum: (number, found, new index)."""
    num = 0
    found = False
    i = start
    while i < end and "0" <= fmt[i] <= "9":
        if num > _TOO_LARGE or num < -_TOO_LARGE:
            return 0, False, end
        num = num * 10 + ord(fmt[i]) - 48
        found = True
        i += 1
    return num, found, i


def _int_from_arg(args: tuple, arg_num: int) -> tuple[int, bool, int]:
    num, ok = 0, False
    if arg_num < len(args):
        value = args[arg_num]
        if isinstance(value, int) and not isinstance(value, bool):
            num, ok = int(value), True
        arg_num += 1
        if num > _TOO_LARGE or num < -_TOO_LARGE:
            num, ok = 0, False
    return num, ok, arg_num


def _arg_number(fmt: str, arg_num: int, i: int, nargs: int) -> tuple[int, int, bool, bool]:
    """An explicit ``[n]`` argument index at fmt[i]: (arg_num, new i, found, index ok)."""
    end = len(fmt)
    if i >= end or fmt[i] != "[":
        return arg_num, i, False, True
    close = fmt.find("]", i + 1)
    if end - i < 3 or close < 0:
        return arg_num, i + 1, False, False
    index, ok, newi = _parse_num(fmt, i + 1, close)
    if not ok or newi != close:
        return arg_num, close + 1, False, False
    if 0 <= index - 1 < nargs:
        return index - 1, close + 1, True, True
    return arg_num, close + 1, True, False


def sprintf(fmt: str, *args: Any) -> str:
    """Go's fmt.Sprintf."""
    p = _Printer()
    buf = p.buf
    end = len(fmt)
    nargs = len(args)
    arg_num = 0
    reordered = False
    i = 0
    while i < end:
        good_arg_num = True
        pct = fmt.find("%", i)
        if pct < 0:
            buf.append(fmt[i:])
            break
        if pct > i:
            buf.append(fmt[i:pct])
        i = pct + 1
        p.clear_flags()
        simple_done = False
        while i < end:
            c = fmt[i]
            if c == "#":
                p.sharp = True
            elif c == "0":
                p.zero = True
            elif c == "+":
                p.plus = True
            elif c == "-":
                p.minus = True
            elif c == " ":
                p.space = True
            else:
                if "a" <= c <= "z" and arg_num < nargs:
                    if c == "v":
                        p.sharp_v, p.sharp = p.sharp, False
                        p.plus_v, p.plus = p.plus, False
                    p.print_arg(args[arg_num], c)
                    arg_num += 1
                    i += 1
                    simple_done = True
                break
            i += 1
        if simple_done:
            continue

        # Explicit argument index, width, precision: the general path.
        if i < end and fmt[i] == "[":
            reordered = True
        arg_num, i, after_index, good = _arg_number(fmt, arg_num, i, nargs)
        good_arg_num = good_arg_num and good
        if i < end and fmt[i] == "*":
            i += 1
            p.wid, p.wid_present, arg_num = _int_from_arg(args, arg_num)
            if not p.wid_present:
                buf.append("%!(BADWIDTH)")
            if p.wid < 0:
                p.wid = -p.wid
                p.minus = True
                p.zero = False
            after_index = False
        else:
            p.wid, p.wid_present, i = _parse_num(fmt, i, end)
            if after_index and p.wid_present:
                good_arg_num = False
        if i + 1 < end and fmt[i] == ".":
            i += 1
            if after_index:
                good_arg_num = False
            if i < end and fmt[i] == "[":
                reordered = True
            arg_num, i, after_index, good = _arg_number(fmt, arg_num, i, nargs)
            good_arg_num = good_arg_num and good
            if i < end and fmt[i] == "*":
                i += 1
                p.prec, p.prec_present, arg_num = _int_from_arg(args, arg_num)
                if p.prec < 0:
                    p.prec = 0
                    p.prec_present = False
                if not p.prec_present:
                    buf.append("%!(BADPREC)")
                after_index = False
            else:
                p.prec, p.prec_present, i = _parse_num(fmt, i, end)
                if not p.prec_present:
                    p.prec = 0
                    p.prec_present = True
        if not after_index:
            if i < end and fmt[i] == "[":
                reordered = True
            arg_num, i, after_index, good = _arg_number(fmt, arg_num, i, nargs)
            good_arg_num = good_arg_num and good
        if i >= end:
            buf.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if verb == "%":
            buf.append("%")
        elif not good_arg_num:
            buf.append("%!" + verb + "(BADINDEX)")
        elif arg_num >= nargs:
            buf.append("%!" + verb + "(MISSING)")
        else:
            if verb == "v":
                p.sharp_v, p.sharp = p.sharp, False
                p.plus_v, p.plus = p.plus, False
            p.print_arg(args[arg_num], verb)
            arg_num += 1

    if not reordered and arg_num < nargs:
        p.clear_flags()
        buf.append("%!(EXTRA ")
        for n, arg in enumerate(args[arg_num:]):
            if n:
                buf.append(", ")
            if arg is None:
                buf.append(_NIL)
            else:
                buf.append(go_type_name(arg) + "=")
                p.print_arg(arg, "v")
        buf.append(")")
    return "".join(buf)


def format_value(value: Any) -> str:
    """Go's ``fmt.Sprint(value)``: how ``{{ value }}`` and ``%v`` render one value."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int or kind is Int64:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return format_float_shortest(value)
    if value is None:
        return _NIL
    if kind is StrList and all(type(item) is str for item in value):
        return "[" + " ".join(value) + "]"
    p = _Printer()
    p.print_arg(value, "v")
    return "".join(p.buf)


def format_template_value(value: Any) -> str:
    """How text/template prints a pipeline's final value (``{{ .Capabilities }}``).

    Unlike ``%v``, the template printer dereferences a pointer to a struct (no ``&``)
    and uses pointer-receiver String methods, since the value it holds is addressable.
    """
    if isinstance(value, GoStruct):
        p = _Printer()
        p._print_struct(value, "v", 0, indirect=True)
        return "".join(p.buf)
    return format_value(value)


def sprint(*args: Any) -> str:
    """Go's fmt.Sprint: operands joined, a space only between two non-strings."""
    out: list[str] = []
    prev_string = False
    for n, arg in enumerate(args):
        is_string = isinstance(arg, str)
        if n > 0 and not is_string and not prev_string:
            out.append(" ")
        out.append(format_value(arg))
        prev_string = is_string
    return "".join(out)


def sprintln(*args: Any) -> str:
    """Go's fmt.Sprintln: operands always space-separated, newline-terminated."""
    return " ".join(format_value(arg) for arg in args) + "\n"


# Values is a dict subclass; referenced so its %#v type name stays explicit here.
_ = Values
