"""Go's time.Time for templates, and Sprig's date functions.

:class:`GoTime` stands for a ``time.Time``: an instant (Unix seconds + nanoseconds) seen
in a location; it prints as Go does (``2006-01-02 15:04:05.999999999 -0700 MST``) and
offers the methods charts call (``.Unix``, ``.Format``, ``.UTC``, ``.Year``, ``.Sub``...).
"Local" is the process zone (``TZ``, else /etc/localtime), as in Go.
"""
from __future__ import annotations

import os
import time as pytime
from datetime import datetime
from functools import lru_cache
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from helmpy.funcs.maths import wrap_int64
from helmpy.funcs.timelayout import (
    HOUR_NS,
    INT64_MAX,
    INT64_MIN,
    LONG_DAYS,
    LONG_MONTHS,
    MINUTE_NS,
    SECOND_NS,
    Fields,
    duration_string,
    format_fields,
    parse_duration,
)
from helmpy.funcs.timeparse import LayoutParseError, Parsed, parse_layout
from helmpy.gotemplate.gotypes import (
    INT,
    INT64,
    INTERFACE,
    STRING,
    FuncError,
    FuncSpec,
    FuncTable,
    GoStruct,
    Int64,
)

FUNCS = FuncTable()
TIME_TYPE = "time.Time"
DURATION_TYPE = "time.Duration"
STRING_LAYOUT = "2006-01-02 15:04:05.999999999 -0700 MST"
_PROCESS_START_NS = pytime.monotonic_ns()
_DAY = 86400


# -- calendar arithmetic (proleptic Gregorian, any year) ----------------------------------
def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 (Howard Hinnant's algorithm)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


# -- locations ----------------------------------------------------------------------------
class Location:
    """A Go *time.Location: a name and the (abbreviation, offset) in effect at an instant."""

    def __init__(self, name: str, zone: ZoneInfo | None = None, offset: int = 0) -> None:
        self.name = name
        self.zone = zone
        self.offset = offset

    def lookup(self, unix: int) -> tuple[str, int]:
        if self.zone is None:
            return self.name, self.offset
        clamped = min(max(unix, -62135596800 + _DAY), 253402300799 - _DAY)
        local = datetime.fromtimestamp(clamped, self.zone)
        delta = local.utcoffset()
        return local.tzname() or "", int(delta.total_seconds()) if delta is not None else 0

    def lookup_name(self, name: str, unix: int) -> int | None:
        """Location.lookupName: the offset of a zone called ``name`` near ``unix``."""
        if self.zone is None:
            return self.offset if name == self.name else None
        # zoneinfo hides the zone table, so sample the zones used around that time.
        seen: list[int] = []
        for month in range(-24, 25):
            abbrev, offset = self.lookup(unix + month * 30 * _DAY)
            if abbrev == name and offset not in seen:
                seen.append(offset)
        for offset in seen:
            abbrev, actual = self.lookup(unix - offset)
            if abbrev == name:
                return actual
        return seen[0] if seen else None

    def __str__(self) -> str:
        return self.name


UTC_LOCATION = Location("UTC")


@lru_cache(maxsize=1)
def local_location() -> Location:
    """Go's time.Local: $TZ ("" is UTC), else /etc/localtime, else UTC.

    Its name is what Go gives it: "Local" from /etc/localtime, the zone name from $TZ,
    "UTC" when falling back.
    """
    tz = os.environ.get("TZ")
    try:
        if tz is None:
            with open("/etc/localtime", "rb") as handle:
                return Location("Local", ZoneInfo.from_file(handle))
        tz = tz[1:] if tz.startswith(":") else tz
        if tz.startswith("/"):
            with open(tz, "rb") as handle:
                return Location("Local", ZoneInfo.from_file(handle))
        if tz not in ("", "UTC"):
            return Location(tz, ZoneInfo(tz))
    except (OSError, ValueError):
        pass
    return UTC_LOCATION


def load_location(name: str) -> Location | None:
    """time.LoadLocation: "" and "UTC" are UTC, "Local" is local, else the IANA database."""
    if name in ("", "UTC"):
        return UTC_LOCATION
    if name == "Local":
        return local_location()
    if name.startswith("/") or ".." in name or "\\" in name:
        return None
    try:
        return Location(name, ZoneInfo(name))
    except (ValueError, OSError, KeyError):
        return None


# -- time.Time ----------------------------------------------------------------------------
class GoTime(GoStruct):
    """A Go ``time.Time``."""

    go_type: ClassVar[str] = TIME_TYPE
    go_methods: ClassVar[dict[str, FuncSpec]] = {}
    __slots__ = ("unix", "nsec", "loc", "mono")

    def __init__(self, unix: int, nsec: int = 0, loc: Location | None = None,
                 mono: int | None = None) -> None:
        self.unix = unix
        self.nsec = nsec
        self.loc = loc or UTC_LOCATION
        self.mono = mono

    @classmethod
    def from_civil(cls, year: int, month: int, day: int, hour: int, minute: int, second: int,
                   nsec: int, loc: Location) -> GoTime:
        """time.Date: fields in ``loc`` (out-of-range values normalise)."""
        extra_months, month0 = divmod(month - 1, 12)
        extra_secs, nsec = divmod(nsec, SECOND_NS)
        days = days_from_civil(year + extra_months, month0 + 1, 1) + day - 1
        unix = days * _DAY + hour * 3600 + minute * 60 + second + extra_secs
        _, offset = loc.lookup(unix)
        if offset:
            _, corrected = loc.lookup(unix - offset)
            unix -= corrected if corrected != offset else offset
        return cls(unix, nsec, loc)

    def fields(self) -> Fields:
        name, offset = self.loc.lookup(self.unix)
        days, secs = divmod(self.unix + offset, _DAY)
        year, month, day = civil_from_days(days)
        return Fields(year, month, day, secs // 3600, secs // 60 % 60, secs % 60, self.nsec,
                      days - days_from_civil(year, 1, 1) + 1, (days + 4) % 7, name, offset)

    def in_location(self, loc: Location) -> GoTime:
        return GoTime(self.unix, self.nsec, loc)

    def format(self, layout: str) -> str:
        return format_fields(layout, self.fields())

    def unix_nano(self) -> int:
        return wrap_int64(self.unix * SECOND_NS + self.nsec)

    def add(self, ns: int) -> GoTime:
        secs, nsec = divmod(self.nsec + ns, SECOND_NS)
        return GoTime(self.unix + secs, nsec, self.loc, self.mono)

    def sub(self, other: GoTime) -> int:
        """t - u as a Duration, saturating like Go."""
        diff = (self.unix - other.unix) * SECOND_NS + self.nsec - other.nsec
        return max(INT64_MIN, min(INT64_MAX, diff))

    def _key(self) -> tuple[int, int]:
        return self.unix, self.nsec

    def __str__(self) -> str:
        text = self.format(STRING_LAYOUT)
        if self.mono is not None:
            sign = "+" if self.mono >= 0 else "-"
            secs, nanos = divmod(abs(self.mono), SECOND_NS)
            text += f" m={sign}{secs}.{nanos:09d}"
        return text

    def go_json(self) -> str:
        """MarshalJSON: RFC 3339 with nanoseconds, as JSON text."""
        return '"' + self.format("2006-01-02T15:04:05.999999999Z07:00") + '"'

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoTime) and self._key() == other._key() and self.loc is other.loc

    def __hash__(self) -> int:
        return hash(self._key())


ZERO_TIME = GoTime(-62135596800)


def now() -> GoTime:
    ns = pytime.time_ns()
    secs, nsec = divmod(ns, SECOND_NS)
    return GoTime(secs, nsec, local_location(), pytime.monotonic_ns() - _PROCESS_START_NS)


class GoDuration(GoStruct):
    """A Go ``time.Duration`` (nanoseconds); prints as ``1h2m3s``."""

    go_type: ClassVar[str] = DURATION_TYPE
    go_methods: ClassVar[dict[str, FuncSpec]] = {}
    __slots__ = ("ns",)

    def __init__(self, ns: int) -> None:
        self.ns = ns

    def go_json(self) -> str:
        return str(self.ns)

    def __str__(self) -> str:
        return duration_string(self.ns)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoDuration) and other.ns == self.ns

    def __hash__(self) -> int:
        return hash(self.ns)


class _Named(GoStruct):
    """time.Month / time.Weekday: an int printed by name."""

    names: ClassVar[tuple[str, ...]] = ()
    go_methods: ClassVar[dict[str, FuncSpec]] = {}
    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def __str__(self) -> str:
        return self.names[self.value - self._base]

    def go_json(self) -> str:
        return str(self.value)

    def go_cast_int(self) -> int:
        return self.value

    _base: ClassVar[int] = 0


class GoMonth(_Named):
    go_type: ClassVar[str] = "time.Month"
    names = LONG_MONTHS
    _base = 1
    go_methods: ClassVar[dict[str, FuncSpec]] = {}


class GoWeekday(_Named):
    go_type: ClassVar[str] = "time.Weekday"
    names = LONG_DAYS
    go_methods: ClassVar[dict[str, FuncSpec]] = {}


for _cls in (GoMonth, GoWeekday):
    _cls.go_methods["String"] = FuncSpec("String", str)


def round_duration(d: int, m: int) -> int:
    """Duration.Round: to the nearest multiple of m, halves away from zero."""
    if m <= 0:
        return d
    r = abs(d) % m
    if d < 0:
        return d + r if r + r < m else max(INT64_MIN, d - m + r)
    return d - r if r + r < m else min(INT64_MAX, d + m - r)


def _time_method(name: str, *params: str) -> Any:
    def wrap(fn: Any) -> Any:
        GoTime.go_methods[name] = FuncSpec(name, fn, tuple(params))
        return fn

    return wrap


def _duration_method(name: str, *params: str) -> Any:
    def wrap(fn: Any) -> Any:
        GoDuration.go_methods[name] = FuncSpec(name, fn, tuple(params))
        return fn

    return wrap


_time_method("String")(str)
_time_method("Format", STRING)(lambda t, layout: t.format(layout))
_time_method("Unix")(lambda t: Int64(t.unix))
_time_method("UnixMilli")(lambda t: Int64(wrap_int64(t.unix * 1000 + t.nsec // 1_000_000)))
_time_method("UnixMicro")(lambda t: Int64(wrap_int64(t.unix * 1_000_000 + t.nsec // 1000)))
_time_method("UnixNano")(lambda t: Int64(t.unix_nano()))
_time_method("UTC")(lambda t: t.in_location(UTC_LOCATION))
_time_method("Local")(lambda t: t.in_location(local_location()))
_time_method("Year")(lambda t: t.fields().year)
_time_method("Month")(lambda t: GoMonth(t.fields().month))
_time_method("Day")(lambda t: t.fields().day)
_time_method("Hour")(lambda t: t.fields().hour)
_time_method("Minute")(lambda t: t.fields().minute)
_time_method("Second")(lambda t: t.fields().second)
_time_method("Nanosecond")(lambda t: t.nsec)
_time_method("YearDay")(lambda t: t.fields().yday)
_time_method("Weekday")(lambda t: GoWeekday(t.fields().weekday))
_time_method("IsZero")(lambda t: t.unix == ZERO_TIME.unix and t.nsec == 0)
_time_method("Before", TIME_TYPE)(lambda t, u: t._key() < u._key())
_time_method("After", TIME_TYPE)(lambda t, u: t._key() > u._key())
_time_method("Equal", TIME_TYPE)(lambda t, u: t._key() == u._key())
_time_method("Compare", TIME_TYPE)(lambda t, u: (t._key() > u._key()) - (t._key() < u._key()))
_time_method("Sub", TIME_TYPE)(lambda t, u: GoDuration(t.sub(u)))
_time_method("Add", DURATION_TYPE)(lambda t, d: t.add(d.ns))
_time_method("Location")(lambda t: t.loc.name)


@_time_method("AddDate", INT, INT, INT)
def _add_date(t: GoTime, years: int, months: int, days: int) -> GoTime:
    f = t.fields()
    return GoTime.from_civil(f.year + years, f.month + months, f.day + days, f.hour, f.minute,
                             f.second, f.nanosecond, t.loc)


_duration_method("String")(str)
_duration_method("Nanoseconds")(lambda d: Int64(d.ns))
_duration_method("Microseconds")(lambda d: Int64(int(d.ns / 1000)))
_duration_method("Milliseconds")(lambda d: Int64(int(d.ns / 1_000_000)))


def _go_div(a: int, b: int) -> tuple[int, int]:
    """Go's truncating integer division: (quotient, remainder)."""
    q = abs(a) // b
    q = q if a >= 0 else -q
    return q, a - q * b


def _unit_float(ns: int, unit: int) -> float:
    whole, rest = _go_div(ns, unit)
    return float(whole) + float(rest) / float(unit)


_duration_method("Seconds")(lambda d: _unit_float(d.ns, SECOND_NS))
_duration_method("Minutes")(lambda d: _unit_float(d.ns, MINUTE_NS))
_duration_method("Hours")(lambda d: _unit_float(d.ns, HOUR_NS))
_duration_method("Truncate", DURATION_TYPE)(
    lambda d, m: GoDuration(d.ns if m.ns <= 0 else d.ns - _go_div(d.ns, m.ns)[1]))
_duration_method("Round", DURATION_TYPE)(lambda d, m: GoDuration(round_duration(d.ns, m.ns)))
_duration_method("Abs")(lambda d: GoDuration(abs(d.ns) if d.ns != INT64_MIN else INT64_MAX))


# -- Sprig's functions --------------------------------------------------------------------
def _as_time(value: Any) -> GoTime:
    """Sprig's date argument: a time.Time, or int/int64 Unix seconds; anything else is now."""
    if isinstance(value, GoTime):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return GoTime(int(value), 0, local_location())
    return now()


@FUNCS.register("dateInZone", STRING, INTERFACE, STRING)
def date_in_zone(layout: str, date: Any, zone: str) -> str:
    loc = load_location(zone) or UTC_LOCATION
    return _as_time(date).in_location(loc).format(layout)


FUNCS.alias("date_in_zone", "dateInZone")


@FUNCS.register("date", STRING, INTERFACE)
def date(layout: str, value: Any) -> str:
    return date_in_zone(layout, value, "Local")


@FUNCS.register("htmlDate", INTERFACE)
def html_date(value: Any) -> str:
    return date_in_zone("2006-01-02", value, "Local")


@FUNCS.register("htmlDateInZone", INTERFACE, STRING)
def html_date_in_zone(value: Any, zone: str) -> str:
    return date_in_zone("2006-01-02", value, zone)


@FUNCS.register("now")
def now_func() -> GoTime:
    return now()


@FUNCS.register("mustDateModify", STRING, TIME_TYPE)
def must_date_modify(spec: str, value: GoTime) -> GoTime:
    try:
        return value.add(parse_duration(spec))
    except ValueError as err:
        raise FuncError(str(err)) from None


FUNCS.alias("must_date_modify", "mustDateModify")


@FUNCS.register("dateModify", STRING, TIME_TYPE)
def date_modify(spec: str, value: GoTime) -> GoTime:
    try:
        return value.add(parse_duration(spec))
    except ValueError:
        return value


FUNCS.alias("date_modify", "dateModify")


def resolve_parsed(p: Parsed, default: Location) -> GoTime:
    """The zone logic at the end of time.ParseInLocation (local == default here)."""
    local = default
    fields = (p.year, p.month, p.day, p.hour, p.minute, p.second, p.nanosecond)
    if p.utc:
        return GoTime.from_civil(*fields, UTC_LOCATION)
    if p.zone_offset is not None:
        t = GoTime.from_civil(*fields, UTC_LOCATION)
        t = GoTime(t.unix - p.zone_offset, t.nsec, local)
        name, offset = local.lookup(t.unix)
        if offset == p.zone_offset and (not p.zone_name or name == p.zone_name):
            return t
        return GoTime(t.unix, t.nsec, Location(p.zone_name, offset=p.zone_offset))
    if p.zone_name:
        t = GoTime.from_civil(*fields, UTC_LOCATION)
        found = local.lookup_name(p.zone_name, t.unix)
        if found is not None:
            return GoTime(t.unix - found, t.nsec, local)
        offset = 0
        if len(p.zone_name) > 3 and p.zone_name.startswith("GMT"):
            offset = int(p.zone_name[3:]) * 3600
        return GoTime(t.unix, t.nsec, Location(p.zone_name, offset=offset))
    return GoTime.from_civil(*fields, default)


def parse_in_location(layout: str, value: str, loc: Location) -> GoTime:
    """time.ParseInLocation; raises ValueError with Go's message."""
    try:
        return resolve_parsed(parse_layout(layout, value), loc)
    except LayoutParseError as err:
        raise ValueError(str(err)) from None


@FUNCS.register("toDate", STRING, STRING)
def to_date(layout: str, value: str) -> GoTime:
    try:
        return parse_in_location(layout, value, local_location())
    except ValueError:
        return ZERO_TIME


@FUNCS.register("mustToDate", STRING, STRING)
def must_to_date(layout: str, value: str) -> GoTime:
    try:
        return parse_in_location(layout, value, local_location())
    except ValueError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("unixEpoch", TIME_TYPE)
def unix_epoch(value: GoTime) -> str:
    return str(value.unix)


@FUNCS.register("ago", INTERFACE)
def ago(value: Any) -> str:
    t = value if isinstance(value, GoTime) else _as_time(value)
    return duration_string(round_duration(now().sub(t), SECOND_NS))


@FUNCS.register("duration", INTERFACE)
def duration(value: Any) -> str:
    seconds = 0
    if isinstance(value, str):
        body = value[1:] if value[:1] in "+-" else value
        if body.isascii() and body.isdigit() and -(2**63) <= int(value) < 2**63:
            seconds = int(value)
    elif isinstance(value, Int64):
        seconds = int(value)
    return duration_string(wrap_int64(seconds * SECOND_NS))


_YEAR_NS = HOUR_NS * 24 * 365
_ROUND_UNITS = (
    (_YEAR_NS, "y"), (HOUR_NS * 24 * 30, "mo"), (HOUR_NS * 24, "d"), (HOUR_NS, "h"),
    (MINUTE_NS, "m"), (SECOND_NS, "s"),
)


@FUNCS.register("durationRound", INTERFACE)
def duration_round(value: Any) -> str:
    ns = 0
    if isinstance(value, str):
        try:
            ns = parse_duration(value)
        except ValueError:
            ns = 0
    elif isinstance(value, Int64):
        ns = int(value)
    elif isinstance(value, GoTime):
        ns = now().sub(value)
    magnitude = abs(ns)
    for unit, suffix in _ROUND_UNITS:
        if magnitude > unit:
            return f"{magnitude // unit}{suffix}"
    return "0s"


_ = INT64  # Sprig's int64-only switches are spelled with Int64 above
