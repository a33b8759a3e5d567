"""Go's time layouts ("2006-01-02T15:04:05Z07:00"), durations and their error texts.

Pure functions over plain fields, used by :mod:`helmpy.funcs.dates` (which owns the
``time.Time`` value). The tokenizer, the formatting rules and the parser follow Go's
time/format.go so that odd layouts behave as they do in Helm.
"""
from __future__ import annotations

from dataclasses import dataclass

LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
LONG_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
SHORT_MONTHS = tuple(m[:3] for m in LONG_MONTHS)
SHORT_DAYS = tuple(d[:3] for d in LONG_DAYS)

# Layout element codes (names as in Go).
(
    LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY,
    ZERO_DAY, UNDER_YEAR_DAY, ZERO_YEAR_DAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE,
    ZERO_MINUTE, SECOND, ZERO_SECOND, LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ,
    ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ, NUM_TZ,
    NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ, FRAC0, FRAC9,
) = range(1, 36)

_ISO_ZONES = {ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ}
_COLON_ZONES = {ISO_COLON_TZ, NUM_COLON_TZ, ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ}
_SECONDS_ZONES = {ISO_SECONDS_TZ, NUM_SECONDS_TZ, NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ}
_NUM_ZONES = _ISO_ZONES | {NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ}


@dataclass(frozen=True, slots=True)
class Element:
    """One layout element: its code, and for fractional seconds the digits and separator."""

    code: int
    digits: int = 0
    separator: str = "."


def _lower_start(s: str) -> bool:
    return bool(s) and "a" <= s[0] <= "z"


def _is_digit(s: str, i: int) -> bool:
    return i < len(s) and "0" <= s[i] <= "9"


_ZERO_CODES = {"1": ZERO_MONTH, "2": ZERO_DAY, "3": ZERO_HOUR12, "4": ZERO_MINUTE,
               "5": ZERO_SECOND, "6": YEAR}
_ZONE_PATTERNS = (
    ("070000", NUM_SECONDS_TZ, ISO_SECONDS_TZ), ("07:00:00", NUM_COLON_SECONDS_TZ,
                                                  ISO_COLON_SECONDS_TZ),
    ("0700", NUM_TZ, ISO_TZ), ("07:00", NUM_COLON_TZ, ISO_COLON_TZ),
    ("07", NUM_SHORT_TZ, ISO_SHORT_TZ),
)


def next_chunk(layout: str) -> tuple[str, Element | None, str]:
    """Go's nextStdChunk: (literal prefix, element or None, rest of the layout)."""
    n = len(layout)
    for i, c in enumerate(layout):
        rest = layout[i:]
        if c == "J" and rest.startswith("Jan"):
            if rest.startswith("January"):
                return layout[:i], Element(LONG_MONTH), layout[i + 7:]
            if not _lower_start(layout[i + 3:]):
                return layout[:i], Element(MONTH), layout[i + 3:]
        elif c == "M" and n >= i + 3:
            if rest.startswith("Mon"):
                if rest.startswith("Monday"):
                    return layout[:i], Element(LONG_WEEKDAY), layout[i + 6:]
                if not _lower_start(layout[i + 3:]):
                    return layout[:i], Element(WEEKDAY), layout[i + 3:]
            if rest.startswith("MST"):
                return layout[:i], Element(TZ), layout[i + 3:]
        elif c == "0":
            if n >= i + 2 and "1" <= layout[i + 1] <= "6":
                return layout[:i], Element(_ZERO_CODES[layout[i + 1]]), layout[i + 2:]
            if rest.startswith("002"):
                return layout[:i], Element(ZERO_YEAR_DAY), layout[i + 3:]
        elif c == "1":
            if rest.startswith("15"):
                return layout[:i], Element(HOUR), layout[i + 2:]
            return layout[:i], Element(NUM_MONTH), layout[i + 1:]
        elif c == "2":
            if rest.startswith("2006"):
                return layout[:i], Element(LONG_YEAR), layout[i + 4:]
            return layout[:i], Element(DAY), layout[i + 1:]
        elif c == "_":
            if rest.startswith("_2"):
                if rest.startswith("_2006"):  # a literal _ then the year
                    return layout[: i + 1], Element(LONG_YEAR), layout[i + 5:]
                return layout[:i], Element(UNDER_DAY), layout[i + 2:]
            if rest.startswith("__2"):
                return layout[:i], Element(UNDER_YEAR_DAY), layout[i + 3:]
        elif c in "345":
            code = {"3": HOUR12, "4": MINUTE, "5": SECOND}[c]
            return layout[:i], Element(code), layout[i + 1:]
        elif c == "P" and rest.startswith("PM"):
            return layout[:i], Element(PM_UPPER), layout[i + 2:]
        elif c == "p" and rest.startswith("pm"):
            return layout[:i], Element(PM_LOWER), layout[i + 2:]
        elif c in "-Z":
            for pattern, num_code, iso_code in _ZONE_PATTERNS:
                if rest[1:].startswith(pattern):
                    code = num_code if c == "-" else iso_code
                    return layout[:i], Element(code), layout[i + 1 + len(pattern):]
        elif c in ".," and i + 1 < n and layout[i + 1] in "09":
            ch = layout[i + 1]
            j = i + 1
            while j < n and layout[j] == ch:
                j += 1
            if not _is_digit(layout, j):
                code = FRAC0 if ch == "0" else FRAC9
                return layout[:i], Element(code, j - (i + 1), c), layout[j:]
    return layout, None, ""


@dataclass(frozen=True, slots=True)
class Fields:
    """The wall-clock view of a time in its zone, which formatting needs."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    nanosecond: int
    yday: int
    weekday: int  # 0 = Sunday
    zone_name: str
    offset: int  # seconds east of UTC


def _pad(value: int, width: int) -> str:
    if value < 0:
        return "-" + str(-value).rjust(width, "0")
    return str(value).rjust(width, "0")


def _zone_text(code: int, offset: int) -> str:
    if offset == 0 and code in _ISO_ZONES:
        return "Z"
    minutes = offset // 60 if offset >= 0 else -((-offset) // 60)
    sign = "-" if minutes < 0 else "+"
    minutes, absolute = abs(minutes), abs(offset)
    out = sign + _pad(minutes // 60, 2)
    if code in _COLON_ZONES:
        out += ":"
    if code not in (NUM_SHORT_TZ, ISO_SHORT_TZ):
        out += _pad(minutes % 60, 2)
    if code in _SECONDS_ZONES:
        if code in (NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ):
            out += ":"
        out += _pad(absolute % 60, 2)
    return out


def _nano_text(element: Element, nanos: int) -> str:
    trim = element.code == FRAC9
    if trim and (element.digits == 0 or nanos == 0):
        return ""
    digits = _pad(nanos, 9)[: element.digits] if element.digits < 9 else _pad(nanos, 9)
    text = element.separator + digits
    if trim:
        text = text.rstrip("0")
        if text.endswith(element.separator):
            text = text[:-1]
    return text


def format_fields(layout: str, f: Fields) -> str:
    """Go's Time.Format over precomputed fields."""
    out: list[str] = []
    while layout:
        prefix, element, layout = next_chunk(layout)
        out.append(prefix)
        if element is None:
            break
        code = element.code
        hour12 = f.hour % 12 or 12
        if code == YEAR:
            out.append(_pad(abs(f.year) % 100, 2))
        elif code == LONG_YEAR:
            out.append(_pad(f.year, 4))
        elif code == MONTH:
            out.append(SHORT_MONTHS[f.month - 1])
        elif code == LONG_MONTH:
            out.append(LONG_MONTHS[f.month - 1])
        elif code in (NUM_MONTH, ZERO_MONTH):
            out.append(_pad(f.month, 2 if code == ZERO_MONTH else 0))
        elif code == WEEKDAY:
            out.append(SHORT_DAYS[f.weekday])
        elif code == LONG_WEEKDAY:
            out.append(LONG_DAYS[f.weekday])
        elif code in (DAY, ZERO_DAY):
            out.append(_pad(f.day, 2 if code == ZERO_DAY else 0))
        elif code == UNDER_DAY:
            out.append((" " if f.day < 10 else "") + str(f.day))
        elif code == UNDER_YEAR_DAY:
            out.append(str(f.yday).rjust(3, " "))
        elif code == ZERO_YEAR_DAY:
            out.append(_pad(f.yday, 3))
        elif code == HOUR:
            out.append(_pad(f.hour, 2))
        elif code in (HOUR12, ZERO_HOUR12):
            out.append(_pad(hour12, 2 if code == ZERO_HOUR12 else 0))
        elif code in (MINUTE, ZERO_MINUTE):
            out.append(_pad(f.minute, 2 if code == ZERO_MINUTE else 0))
        elif code in (SECOND, ZERO_SECOND):
            out.append(_pad(f.second, 2 if code == ZERO_SECOND else 0))
        elif code == PM_UPPER:
            out.append("PM" if f.hour >= 12 else "AM")
        elif code == PM_LOWER:
            out.append("pm" if f.hour >= 12 else "am")
        elif code in _NUM_ZONES:
            out.append(_zone_text(code, f.offset))
        elif code == TZ:
            out.append(f.zone_name if f.zone_name else _zone_text(NUM_TZ, f.offset))
        elif code in (FRAC0, FRAC9):
            out.append(_nano_text(element, f.nanosecond))
    return "".join(out)


# -- Go's time.quote and durations --------------------------------------------------------
def go_time_quote(s: str) -> str:
    """time's own quote(): non-ASCII and control bytes as \\xNN."""
    out = ['"']
    for ch in s:
        if ord(ch) >= 0x80 or ch < " ":
            raw = ch.encode("utf-8", "surrogateescape")
            out.extend(f"\\x{b:02x}" for b in raw)
        else:
            if ch in '"\\':
                out.append("\\")
            out.append(ch)
    out.append('"')
    return "".join(out)


NANOSECOND, MICROSECOND, MILLISECOND = 1, 1000, 1_000_000
SECOND_NS, MINUTE_NS, HOUR_NS = 1_000_000_000, 60_000_000_000, 3_600_000_000_000
INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)
_UNITS = {"ns": 1, "us": 1000, "\u00b5s": 1000, "\u03bcs": 1000, "ms": MILLISECOND,
          "s": SECOND_NS, "m": MINUTE_NS, "h": HOUR_NS}


def _frac(value: int, precision: int) -> tuple[str, int]:
    digits = str(value % 10**precision).rjust(precision, "0").rstrip("0")
    return ("." + digits if digits else ""), value // 10**precision


def duration_string(ns: int) -> str:
    """Go's Duration.String: 1h2m3.5s, 1.5ms, 0s."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    u = abs(ns)
    if u < SECOND_NS:
        if u < MICROSECOND:
            precision, unit = 0, "ns"
        elif u < MILLISECOND:
            precision, unit = 3, "\u00b5s"
        else:
            precision, unit = 6, "ms"
        fraction, whole = _frac(u, precision)
        return f"{sign}{whole}{fraction}{unit}"
    fraction, seconds = _frac(u, 9)
    text = f"{seconds % 60}{fraction}s"
    minutes = seconds // 60
    if minutes:
        text = f"{minutes % 60}m{text}"
        if minutes // 60:
            text = f"{minutes // 60}h{text}"
    return sign + text


def parse_duration(text: str) -> int:
    """Go's time.ParseDuration; raises ValueError with Go's message."""
    invalid = ValueError("time: invalid duration " + go_time_quote(text))
    s = text
    negative = False
    if s and s[0] in "+-":
        negative, s = s[0] == "-", s[1:]
    if s == "0":
        return 0
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            raise invalid
        i = 0
        while i < len(s) and "0" <= s[i] <= "9":
            i += 1
        whole_text, s = s[:i], s[i:]
        whole = int(whole_text) if whole_text else 0
        if whole > 1 << 63:
            raise invalid
        fraction, scale, post = 0, 1.0, False
        if s.startswith("."):
            s = s[1:]
            j = 0
            overflow = False
            while j < len(s) and "0" <= s[j] <= "9":
                if not overflow:
                    candidate = fraction * 10 + int(s[j])
                    if fraction > INT64_MAX // 10 or candidate > 1 << 63:
                        overflow = True
                    else:
                        fraction, scale = candidate, scale * 10
                j += 1
            post, s = j > 0, s[j:]
        if not whole_text and not post:
            raise invalid
        k = 0
        while k < len(s) and not (s[k] == "." or "0" <= s[k] <= "9"):
            k += 1
        if k == 0:
            raise ValueError("time: missing unit in duration " + go_time_quote(text))
        unit_text, s = s[:k], s[k:]
        unit = _UNITS.get(unit_text)
        if unit is None:
            raise ValueError(
                f"time: unknown unit {go_time_quote(unit_text)} in duration {go_time_quote(text)}"
            )
        if whole > (1 << 63) // unit:
            raise invalid
        value = whole * unit
        if fraction > 0:
            value += int(float(fraction) * (float(unit) / scale))
            if value > 1 << 63:
                raise invalid
        total += value
        if total > 1 << 63:
            raise invalid
    if negative:
        return -total
    if total > INT64_MAX:
        raise invalid
    return total
