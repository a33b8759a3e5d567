"""Go's float formatting (strconv.FormatFloat, encoding/json) for YAML and JSON text."""
from __future__ import annotations

import math
import struct


def _to_float32(value: float) -> float:
    """Go's float32(value): round to single precision, overflowing to infinity."""
    try:
        return struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def _shortest_digits(value: float, bits: int) -> tuple[str, int]:
    """Shortest round-tripping decimal digits of a finite non-zero float.

    Returns (digits, point): the value is 0.DIGITS * 10**point, as in Go's strconv.
    """
    if bits == 32:
        target = abs(_to_float32(value))
        text = ""
        for precision in range(1, 10):
            text = f"{target:.{precision - 1}e}"
            if _to_float32(float(text)) == target:
                break
        mantissa, _, exponent = text.partition("e")
        digits = mantissa.replace(".", "").rstrip("0") or "0"
        return digits, int(exponent) + 1
    # Python's repr is the shortest round-tripping form, like Go's shortest mode.
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    exp = int(exponent) if exponent else 0
    whole, _, frac = mantissa.partition(".")
    all_digits = whole + frac
    stripped = all_digits.lstrip("0")
    point = len(whole) - (len(all_digits) - len(stripped)) + exp
    return stripped.rstrip("0") or "0", point


def format_float(value: float, fmt: str = "g", bits: int = 64) -> str:
    """strconv.FormatFloat(value, fmt, -1, bits) for fmt in 'g', 'e', 'f'."""
    if bits == 32:
        value = _to_float32(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + ("0e+00" if fmt == "e" else "0")
    digits, point = _shortest_digits(value, bits)
    if fmt == "g":
        # Shortest %g switches to exponent form when the exponent is < -4 or >= 6.
        exp = point - 1
        fmt = "e" if exp < -4 or exp >= 6 else "f"
    if fmt == "e":
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exp = point - 1
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def json_float(value: float) -> str:
    """A float64 as Go's encoding/json writes it (callers reject NaN and infinities)."""
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = format_float(value, "e")
        # encoding/json shortens e-07 to e-7
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return format_float(value, "f")
