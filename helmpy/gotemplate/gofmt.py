"""Go's ``fmt`` package (Sprintf, Sprint, Sprintln, %v) over helmpy's Go value model.

The printer follows Go's fmt/print.go and fmt/format.go closely (flags, width,
precision, argument indexes, the ``%!verb(type=value)`` error forms) because template
output must be byte-identical to Helm's. :func:`format_value` is the hot path: every
``{{ .x }}`` prints through it, so plain strings and ints skip the printer entirely.
"""
from __future__ import annotations

from typing import Any

from helmpy.gotemplate.goprinter import NIL, TOO_LARGE, Printer, stringer_text, type_name
from helmpy.gotemplate.gostrconv import format_float_shortest
from helmpy.gotemplate.gotypes import GoStruct, Int64, StrList

__all__ = [
    "format_template_value", "format_value", "sprint", "sprintf", "sprintln", "stringer_text",
    "type_name",
]


def _parse_num(fmt: str, start: int, end: int) -> tuple[int, bool, int]:
    """fmt's parsenum: (number, found, new index)."""
    num = 0
    found = False
    i = start
    while i < end and "0" <= fmt[i] <= "9":
        if num > TOO_LARGE or num < -TOO_LARGE:
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
        if num > TOO_LARGE or num < -TOO_LARGE:
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
    p = Printer()
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
                buf.append(NIL)
            else:
                buf.append(type_name(arg) + "=")
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
        return NIL
    if kind is StrList and all(type(item) is str for item in value):
        return "[" + " ".join(value) + "]"
    p = Printer()
    p.print_arg(value, "v")
    return "".join(p.buf)


def format_template_value(value: Any) -> str:
    """How text/template prints a pipeline's final value (``{{ .Capabilities }}``).

    Unlike ``%v``, the template printer dereferences a pointer to a struct (no ``&``)
    and uses pointer-receiver String methods, since the value it holds is addressable.
    """
    if isinstance(value, GoStruct):
        p = Printer()
        p.print_struct(value, "v", 0, indirect=True)
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
