"""The parts of Go's ``strconv`` that fmt and the template functions need.

Go strings are byte strings; helmpy carries them as ``str``. Bytes that are not valid
UTF-8 travel as lone surrogates (Python's ``surrogateescape``), which is why quoting
turns U+DC80..U+DCFF back into ``\\xHH``.
"""
from __future__ import annotations

import math
import struct

_SIMPLE_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
}


def is_print(ch: str) -> bool:
    """strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space."""
    # Python's definition of printable is the same category set as Go's.
    return ch.isprintable()


def _escape_rune(ch: str, quote: str, ascii_only: bool, out: list[str]) -> None:
    code = ord(ch)
    if ch == quote or ch == "\\":
        out.append("\\" + ch)
        return
    if 0xDC80 <= code <= 0xDCFF:  # an invalid UTF-8 byte carried by surrogateescape
        out.append(f"\\x{code - 0xDC00:02x}")
        return
    if ascii_only:
        if code < 0x80 and is_print(ch):
            out.append(ch)
            return
    elif is_print(ch):
        out.append(ch)
        return
    simple = _SIMPLE_ESCAPES.get(ch)
    if simple is not None:
        out.append(simple)
    elif code < 0x20 or code == 0x7F:
        out.append(f"\\x{code:02x}")
    elif 0xD800 <= code <= 0xDFFF:  # not encodable in UTF-8: Go sees RuneError
        out.append("\\ufffd")
    elif code < 0x10000:
        out.append(f"\\u{code:04x}")
    else:
        out.append(f"\\U{code:08x}")


def quote(s: str, ascii_only: bool = False) -> str:
    """strconv.Quote (or QuoteToASCII): a double-quoted Go string literal."""
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return '"' + s + '"'
    out = ['"']
    for ch in s:
        _escape_rune(ch, '"', ascii_only, out)
    out.append('"')
    return "".join(out)


def quote_rune(code: int, ascii_only: bool = False) -> str:
    """strconv.QuoteRune: a single-quoted Go character literal."""
    if code < 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        code = 0xFFFD
    out = ["'"]
    _escape_rune(chr(code), "'", ascii_only, out)
    out.append("'")
    return "".join(out)


def can_backquote(s: str) -> bool:
    """strconv.CanBackquote: representable as a raw string without change."""
    for ch in s:
        code = ord(ch)
        if ch == "`" or code == 0xFEFF or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            return False
        if code < 0x20 and ch != "\t":
            return False
    return True


# --- floating point ------------------------------------------------------------------


def _decimal_digits(text: str) -> tuple[str, int]:
    """Split a positive Python float text (repr or %e) into Go's (digits, dp) decimal form.

    The value is 0.DIGITS x 10**dp, with no leading or trailing zero digits.
    """
    mant, _, exp = text.partition("e")
    intpart, _, frac = mant.partition(".")
    digits = intpart + frac
    dp = len(intpart) + (int(exp) if exp else 0)
    stripped = digits.lstrip("0")
    dp -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    if not digits:
        return "", 0
    return digits, dp


def _fmt_e(digits: str, dp: int, prec: int, echar: str) -> str:
    out = [digits[0] if digits else "0"]
    if prec > 0:
        tail = digits[1 : 1 + prec]
        out.append("." + tail + "0" * (prec - len(tail)))
    exp = dp - 1 if digits else 0
    sign = "-" if exp < 0 else "+"
    exp = abs(exp)
    out.append(f"{echar}{sign}{exp:02d}")
    return "".join(out)


def _fmt_f(digits: str, dp: int, prec: int) -> str:
    nd = len(digits)
    if dp > 0:
        head = digits[:dp] + "0" * (dp - nd) if dp > nd else digits[:dp]
    else:
        head = "0"
    if prec <= 0:
        return head
    frac = []
    for i in range(1, prec + 1):
        j = dp + i - 1
        frac.append(digits[j] if 0 <= j < nd else "0")
    return head + "." + "".join(frac)


def _fmt_hex_float(x: float, prec: int, upper: bool) -> str:
    """strconv 'x' format: -0x1.8p+01 style, mantissa normalised to a leading 1."""
    if x == 0:
        mant, exp = 0, 0
    else:
        frac, exp2 = math.frexp(x)  # x = frac * 2**exp2, 0.5 <= frac < 1
        mant = int(frac * (1 << 53))  # 53 significant bits, top bit set
        exp = exp2 - 1
    frac_bits = mant & ((1 << 52) - 1)
    lead = 1 if mant else 0
    if 0 <= prec < 13:
        shift = 4 * (13 - prec)
        q, r = divmod(frac_bits, 1 << shift)
        half = 1 << (shift - 1)
        if r > half or (r == half and q & 1):
            q += 1
        if q >> (4 * prec):  # rounding overflowed into the leading digit
            q = 0
            exp += 1
        hexdigits = f"{q:0{prec}x}" if prec > 0 else ""
    else:
        hexdigits = f"{frac_bits:013x}" if mant else ""
        if prec < 0:
            hexdigits = hexdigits.rstrip("0")
        else:
            hexdigits = hexdigits + "0" * (prec - len(hexdigits))
    sign = "-" if exp < 0 else "+"
    text = f"0x{lead}" + ("." + hexdigits if hexdigits else "") + f"p{sign}{abs(exp):02d}"
    return text.upper() if upper else text


def _fmt_binary_float(x: float) -> str:
    """strconv 'b' format: mantissa p exponent, e.g. 4503599627370496p-52."""
    bits = struct.unpack("<Q", struct.pack("<d", x))[0]
    raw_exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if raw_exp == 0:
        exp = -1074
    else:
        mant |= 1 << 52
        exp = raw_exp - 1075
    return f"{mant}p{'-' if exp < 0 else '+'}{abs(exp)}"


def format_float(x: float, fmt: str, prec: int) -> str:
    """strconv.FormatFloat(x, fmt, prec, 64) for fmt in e E f g G x X b."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    neg = math.copysign(1.0, x) < 0
    ax = -x if neg else x
    sign = "-" if neg else ""
    if fmt == "b":
        return sign + _fmt_binary_float(ax)
    if fmt in "xX":
        return sign + _fmt_hex_float(ax, prec, fmt == "X")
    if prec < 0:
        digits, dp = _decimal_digits(repr(ax)) if ax else ("", 0)
        nd = len(digits)
        if fmt in "eE":
            body = _fmt_e(digits, dp, max(nd - 1, 0), fmt)
        elif fmt == "f":
            body = _fmt_f(digits, dp, max(nd - dp, 0))
        else:
            exp = dp - 1
            if digits and (exp < -4 or exp >= 6):
                body = _fmt_e(digits, dp, nd - 1, "e" if fmt == "g" else "E")
            else:
                body = _fmt_f(digits, dp, max(nd - dp, 0))
        return sign + body
    if fmt in "eE":
        body = f"{ax:.{prec}e}"
        return sign + (body.upper() if fmt == "E" else body)
    if fmt == "f":
        return sign + f"{ax:.{prec}f}"
    # 'g' / 'G' with an explicit precision
    if prec == 0:
        prec = 1
    digits, dp = _decimal_digits(f"{ax:.{prec - 1}e}") if ax else ("", 0)
    nd = len(digits)
    eprec = prec
    if eprec > nd and nd >= dp:
        eprec = nd
    exp = dp - 1
    if exp < -4 or exp >= eprec:
        if prec > nd:
            prec = nd
        return sign + _fmt_e(digits, dp, prec - 1, "e" if fmt == "g" else "E")
    if prec > dp:
        prec = nd
    return sign + _fmt_f(digits, dp, max(prec - dp, 0))


def format_float_shortest(x: float) -> str:
    """strconv.FormatFloat(x, 'g', -1, 64): the text of %v for a float64 (hot path)."""
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    if x != x or x in (math.inf, -math.inf):
        return format_float(x, "g", -1)
    r = repr(x)
    # Fast path: repr is already Go's text for plain integers and short decimals.
    if "e" not in r:
        if r.endswith(".0"):
            r = r[:-2]
            if len(r.lstrip("-")) <= 6:
                return r
        else:
            ax = abs(x)
            if ax >= 1e-4 and len(r.lstrip("-").split(".")[0]) <= 6:
                return r
    return format_float(x, "g", -1)
