"""Go's time.Parse over layouts: the fields it reads and Go's ParseError texts."""
from __future__ import annotations

from dataclasses import dataclass

from helmpy.funcs.timelayout import (
    _ISO_ZONES,
    _NUM_ZONES,
    DAY,
    FRAC0,
    FRAC9,
    HOUR,
    HOUR12,
    ISO_COLON_SECONDS_TZ,
    ISO_COLON_TZ,
    ISO_SECONDS_TZ,
    ISO_SHORT_TZ,
    LONG_DAYS,
    LONG_MONTH,
    LONG_MONTHS,
    LONG_WEEKDAY,
    LONG_YEAR,
    MINUTE,
    MONTH,
    NUM_COLON_SECONDS_TZ,
    NUM_COLON_TZ,
    NUM_MONTH,
    NUM_SECONDS_TZ,
    NUM_SHORT_TZ,
    PM_LOWER,
    PM_UPPER,
    SECOND,
    SHORT_DAYS,
    SHORT_MONTHS,
    TZ,
    UNDER_DAY,
    UNDER_YEAR_DAY,
    WEEKDAY,
    YEAR,
    ZERO_DAY,
    ZERO_HOUR12,
    ZERO_MINUTE,
    ZERO_MONTH,
    ZERO_SECOND,
    ZERO_YEAR_DAY,
    _is_digit,
    go_time_quote,
    next_chunk,
)


class LayoutParseError(ValueError):
    """time.Parse failed; ``str()`` is Go's ParseError text."""


@dataclass(slots=True)
class Parsed:
    """What time.Parse read; the zone is resolved by the caller against its Local zone."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    nanosecond: int
    utc: bool = False  # "Z" or "UTC" was read
    zone_offset: int | None = None  # a numeric offset was read
    zone_name: str = ""  # a zone abbreviation was read


_DAYS_BEFORE = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in(month: int, year: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _DAYS_BEFORE[month] - _DAYS_BEFORE[month - 1]


class _Bad(Exception):
    pass


def _getnum(s: str, fixed: bool) -> tuple[int, str]:
    if not _is_digit(s, 0):
        raise _Bad
    if not _is_digit(s, 1):
        if fixed:
            raise _Bad
        return int(s[0]), s[1:]
    return int(s[:2]), s[2:]


def _getnum3(s: str, fixed: bool) -> tuple[int, str]:
    i = 0
    while i < 3 and _is_digit(s, i):
        i += 1
    if i == 0 or fixed and i != 3:
        raise _Bad
    return int(s[:i]), s[i:]


def _atoi(s: str) -> int:
    negative = False
    if s and s[0] in "+-":
        negative, s = s[0] == "-", s[1:]
    if not s or not all("0" <= c <= "9" for c in s):
        raise _Bad
    return -int(s) if negative else int(s)


def _lookup(table: tuple[str, ...], value: str) -> tuple[int, str]:
    for i, name in enumerate(table):
        if len(value) >= len(name) and value[: len(name)].lower() == name.lower():
            return i, value[len(name):]
    raise _Bad


class _SkipFailed(Exception):
    def __init__(self, rest: str) -> None:
        self.rest = rest


def _skip(value: str, prefix: str) -> str:
    """Consume the literal ``prefix``; on a mismatch report what was left of ``value``."""
    while prefix:
        if prefix[0] == " ":
            if value and value[0] != " ":
                raise _SkipFailed(value)
            prefix, value = prefix.lstrip(" "), value.lstrip(" ")
            continue
        if not value or value[0] != prefix[0]:
            raise _SkipFailed(value)
        prefix, value = prefix[1:], value[1:]
    return value


def _nanoseconds(value: str, nbytes: int) -> tuple[int, str]:
    """(nanoseconds, range error text) from ``value[:nbytes]`` (".123")."""
    if value[0] not in ".,":
        raise _Bad
    nbytes = min(nbytes, 10)
    ns = _atoi(value[1:nbytes])
    if ns < 0:
        return 0, "fractional second"
    return ns * 10 ** (10 - nbytes), ""


def _signed_offset_len(value: str) -> int:
    if not value or value[0] not in "+-":
        return 0
    i = 1
    while i < len(value) and "0" <= value[i] <= "9":
        i += 1
    if i == 1 or int(value[1:i]) > 12:
        return 0
    return i


def _time_zone_len(value: str) -> int:
    """Go's parseTimeZone: the length of a zone abbreviation at the start, or 0."""
    if len(value) < 3:
        return 0
    if value[:4] in ("ChST", "MeST"):
        return 4
    if value[:3] == "GMT":
        return 3 + _signed_offset_len(value[3:])
    if value[0] in "+-":
        return _signed_offset_len(value)
    upper = 0
    while upper < 6 and upper < len(value) and "A" <= value[upper] <= "Z":
        upper += 1
    if upper == 3:
        return 3
    if upper == 4 and (value[3] == "T" or value[:4] == "WITA"):
        return 4
    if upper == 5 and value[4] == "T":
        return 5
    return 0


def parse_layout(layout: str, value: str) -> Parsed:
    """Go's time.Parse up to zone resolution; raises LayoutParseError with Go's text."""
    full_layout, full_value = layout, value

    def fail(layout_elem: str, value_elem: str, message: str = "") -> LayoutParseError:
        head = "parsing time " + go_time_quote(full_value)
        if message:
            return LayoutParseError(head + message)
        return LayoutParseError(
            f"{head} as {go_time_quote(full_layout)}: cannot parse "
            f"{go_time_quote(value_elem)} as {go_time_quote(layout_elem)}"
        )

    year, month, day, yday = 0, -1, -1, -1
    hour = minute = second = nsec = 0
    am = pm = False
    p = Parsed(0, 0, 0, 0, 0, 0, 0)
    while True:
        prefix, element, suffix = next_chunk(layout)
        std_text = layout[len(prefix): len(layout) - len(suffix)]
        try:
            value = _skip(value, prefix)
        except _SkipFailed as failed:
            raise fail(prefix, failed.rest) from None
        if element is None:
            if value:
                raise fail("", value, ": extra text: " + go_time_quote(value))
            break
        layout = suffix
        hold = value
        range_error = ""
        code = element.code
        try:
            if code == YEAR:
                if len(value) < 2:
                    raise _Bad
                year, value = _atoi(value[:2]), value[2:]
                year += 1900 if year >= 69 else 2000
            elif code == LONG_YEAR:
                if len(value) < 4 or not _is_digit(value, 0):
                    raise _Bad
                year, value = _atoi(value[:4]), value[4:]
            elif code in (MONTH, LONG_MONTH):
                index, value = _lookup(SHORT_MONTHS if code == MONTH else LONG_MONTHS, value)
                month = index + 1
            elif code in (NUM_MONTH, ZERO_MONTH):
                month, value = _getnum(value, code == ZERO_MONTH)
                if not 0 < month <= 12:
                    range_error = "month"
            elif code in (WEEKDAY, LONG_WEEKDAY):
                _, value = _lookup(SHORT_DAYS if code == WEEKDAY else LONG_DAYS, value)
            elif code in (DAY, UNDER_DAY, ZERO_DAY):
                if code == UNDER_DAY and value.startswith(" "):
                    value = value[1:]
                day, value = _getnum(value, code == ZERO_DAY)
            elif code in (UNDER_YEAR_DAY, ZERO_YEAR_DAY):
                for _ in range(2):
                    if code == UNDER_YEAR_DAY and value.startswith(" "):
                        value = value[1:]
                yday, value = _getnum3(value, code == ZERO_YEAR_DAY)
            elif code == HOUR:
                hour, value = _getnum(value, False)
                if not 0 <= hour < 24:
                    range_error = "hour"
            elif code in (HOUR12, ZERO_HOUR12):
                hour, value = _getnum(value, code == ZERO_HOUR12)
                if not 0 <= hour <= 12:
                    range_error = "hour"
            elif code in (MINUTE, ZERO_MINUTE):
                minute, value = _getnum(value, code == ZERO_MINUTE)
                if not 0 <= minute < 60:
                    range_error = "minute"
            elif code in (SECOND, ZERO_SECOND):
                second, value = _getnum(value, code == ZERO_SECOND)
                if not 0 <= second < 60:
                    range_error = "second"
                elif len(value) >= 2 and value[0] in ".," and _is_digit(value, 1):
                    _, following, _ = next_chunk(layout)
                    if following is None or following.code not in (FRAC0, FRAC9):
                        n = 2
                        while n < len(value) and _is_digit(value, n):
                            n += 1
                        nsec, range_error = _nanoseconds(value, n)
                        value = value[n:]
            elif code in (PM_UPPER, PM_LOWER):
                if len(value) < 2:
                    raise _Bad
                text, value = value[:2], value[2:]
                if text == ("PM" if code == PM_UPPER else "pm"):
                    pm = True
                elif text == ("AM" if code == PM_UPPER else "am"):
                    am = True
                else:
                    raise _Bad
            elif code in _NUM_ZONES:
                if code in _ISO_ZONES and value.startswith("Z"):
                    value, p.utc = value[1:], True
                else:
                    value, offset, range_error, bad = _read_offset(code, value)
                    p.zone_offset = offset
                    if bad and not range_error:
                        raise _Bad
            elif code == TZ:
                if value.startswith("UTC"):
                    value, p.utc = value[3:], True
                else:
                    n = _time_zone_len(value)
                    if n == 0:
                        raise _Bad
                    p.zone_name, value = value[:n], value[n:]
            elif code == FRAC0:
                width = 1 + element.digits
                if len(value) < width:
                    raise _Bad
                nsec, range_error = _nanoseconds(value, width)
                value = value[width:]
            elif code == FRAC9:
                if len(value) >= 2 and value[0] in ".," and "0" <= value[1] <= "9":
                    i = 0
                    while i + 1 < len(value) and "0" <= value[i + 1] <= "9":
                        i += 1
                    nsec, range_error = _nanoseconds(value, 1 + i)
                    value = value[1 + i:]
        except _Bad:
            if range_error:
                raise fail(std_text, value, f": {range_error} out of range") from None
            raise fail(std_text, hold) from None
        if range_error:
            raise fail(std_text, value, f": {range_error} out of range")
    if pm and hour < 12:
        hour += 12
    elif am and hour == 12:
        hour = 0
    if yday >= 0:
        m = d = 0
        if is_leap(year):
            if yday == 31 + 29:
                m, d = 2, 29
            elif yday > 31 + 29:
                yday -= 1
        if yday < 1 or yday > 365:
            raise fail("", value, ": day-of-year out of range")
        if m == 0:
            m = (yday - 1) // 31 + 1
            if _DAYS_BEFORE[m] < yday:
                m += 1
            d = yday - _DAYS_BEFORE[m - 1]
        if month >= 0 and month != m:
            raise fail("", value, ": day-of-year does not match month")
        month = m
        if day >= 0 and day != d:
            raise fail("", value, ": day-of-year does not match day")
        day = d
    else:
        month = 1 if month < 0 else month
        day = 1 if day < 0 else day
    if day < 1 or day > days_in(month, year):
        raise fail("", value, ": day out of range")
    p.year, p.month, p.day, p.hour, p.minute, p.second, p.nanosecond = (
        year, month, day, hour, minute, second, nsec)
    return p


def _read_offset(code: int, value: str) -> tuple[str, int, str, bool]:
    """A numeric zone offset: (rest of value, offset seconds, range error, malformed)."""
    if code in (ISO_COLON_TZ, NUM_COLON_TZ):
        if len(value) < 6 or value[3] != ":":
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[4:6], "00", value[6:]
    elif code in (NUM_SHORT_TZ, ISO_SHORT_TZ):
        if len(value) < 3:
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], "00", "00", value[3:]
    elif code in (ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ):
        if len(value) < 9 or value[3] != ":" or value[6] != ":":
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[4:6], value[7:9], value[9:]
    elif code in (ISO_SECONDS_TZ, NUM_SECONDS_TZ):
        if len(value) < 7:
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[3:5], value[5:7], value[7:]
    else:
        if len(value) < 5:
            raise _Bad
        sign, hh, mm, ss, value = value[0], value[1:3], value[3:5], "00", value[5:]
    bad = False
    numbers = []
    for text in (hh, mm, ss):
        try:
            numbers.append(0 if bad else _getnum(text, True)[0])
        except _Bad:
            bad = True
            numbers.append(0)
    hours, minutes, seconds = numbers
    range_error = ""
    if hours > 24:
        range_error = "time zone offset hour"
    if minutes > 60:
        range_error = "time zone offset minute"
    if seconds > 60:
        range_error = "time zone offset second"
    offset = (hours * 60 + minutes) * 60 + seconds
    if sign == "-":
        offset = -offset
    elif sign != "+":
        bad = True
    return value, offset, range_error, bad
