"""The ``format`` checks of jsonschema v6 with their error texts.

Formats are asserted for drafts 4-7 and while checking a schema against its metaschema
(``regex``, ``uri-reference`` ...); 2019-09 and 2020-12 schemas treat them as annotations.
Checks that wrap Go library parsers (net/url, time, netip) reproduce the common messages.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from helmpy.engine.schema.gonet import AddrError, go_url_parse, parse_addr, url_raw_path, url_scheme
from helmpy.engine.schema.goregex import GoRegexError, compile_go_regex
from helmpy.gotemplate.gostrconv import quote as go_quote
from helmpy.gotemplate.gostrconv import quote_rune


def _json_pointer(s: str) -> str | None:
    if s == "":
        return None
    if not s.startswith("/"):
        return "not starting with /"
    for token in s.split("/")[1:]:
        escape = False
        for ch in token:
            if escape:
                escape = False
                if ch not in "01":
                    return "~ must be followed by 0 or 1"
                continue
            if ch == "~":
                escape = True
                continue
            if ch == "/" or not ("\x00" <= ch <= "\x2e" or "\x30" <= ch <= "\x7d" or ch >= "\x7f"):
                return f"invalid character {quote_rune(ord(ch))}"
        if escape:
            return "~ must be followed by 0 or 1"
    return None


def _relative_json_pointer(s: str) -> str | None:
    digits = len(s) - len(s.lstrip("0123456789"))
    if digits == 0:
        return "must start with non-negative integer"
    if digits > 1 and s.startswith("0"):
        return "starts with zero"
    rest = s[digits:]
    return None if rest == "#" else _json_pointer(rest)


def _uuid(s: str) -> str | None:
    sizes = [8, 4, 4, 4, 12]
    groups = s.split("-")
    if len(groups) != len(sizes):
        return "must have 5 elements"
    for i, group in enumerate(groups):
        if len(group.encode()) != sizes[i]:
            return f"element {i + 1} must be {sizes[i]} characters long"
        for ch in group:
            if ch not in "0123456789abcdefABCDEF":
                return f"non-hex character {quote_rune(ord(ch))}"
    return None


def _duration(s: str) -> str | None:
    if not s.startswith("P"):
        return "must start with P"
    s = s[1:]
    if s == "":
        return "nothing after P"
    if s.endswith("W"):
        week = s[:-1]
        if week == "":
            return "no number in week"
        return None if week.isascii() and week.isdigit() else "invalid week"
    all_units = ["YMD", "HMS"]
    for i, part in enumerate(s.split("T")):
        if i != 0 and part == "":
            return "no time elements"
        if i >= len(all_units):
            return "more than one T"
        units = all_units[i]
        while part:
            count = len(part) - len(part.lstrip("0123456789"))
            if count == 0:
                return "missing number"
            part = part[count:]
            if part == "":
                return "missing unit"
            unit = part[0]
            j = units.find(unit)
            if j == -1:
                if unit in all_units[i]:
                    return f"unit {quote_rune(ord(unit))} out of order"
                return f"invalid unit {quote_rune(ord(unit))}"
            units = units[j + 1:]
            part = part[1:]
    return None


def _atoi_error(text: str) -> str | None:
    if re.fullmatch(r"[+-]?[0-9]+", text):
        return None if len(text.lstrip("+-")) < 19 else (
            f"strconv.Atoi: parsing {go_quote(text)}: value out of range")
    return f"strconv.Atoi: parsing {go_quote(text)}: invalid syntax"


def _ipv4(s: str) -> str | None:
    groups = s.split(".")
    if len(groups) != 4:
        return "expected four decimals"
    for group in groups:
        if len(group) > 1 and group[0] == "0":
            return "leading zeros"
        problem = _atoi_error(group)
        if problem:
            return problem
        if not 0 <= int(group) <= 255:
            return "decimal must be between 0 and 255"
    return None


def _ipv6(s: str) -> str | None:
    if ":" not in s:
        return "missing colon"
    try:
        zone = parse_addr(s)
    except AddrError as err:
        return str(err)
    return "zone id is not a part of ipv6 address" if zone else None


def _hostname(s: str) -> str | None:
    s = s.removesuffix(".")
    if len(s.encode()) > 253:
        return "more than 253 characters long"
    for label in s.split("."):
        if not 1 <= len(label.encode()) <= 63:
            return "label must be 1 to 63 characters long"
        if label.startswith("-"):
            return "label starts with hyphen"
        if label.endswith("-"):
            return "label ends with hyphen"
        for ch in label:
            if not (ch.isascii() and (ch.isalnum() or ch == "-")):
                return f"invalid character {quote_rune(ord(ch))}"
    return None


def _email(s: str) -> str | None:
    if len(s.encode()) > 254:
        return "more than 255 characters long"
    at = s.rfind("@")
    if at == -1:
        return "missing @"
    local, domain = s[:at], s[at + 1:]
    if len(local.encode()) > 64:
        return "local part more than 64 characters long"
    if len(local) > 1 and local.startswith('"') and local.endswith('"'):
        if "\\" in local[1:-1] or '"' in local[1:-1]:
            return "backslash and quote are not allowed within quoted local part"
    else:
        if local.startswith("."):
            return "starts with dot"
        if local.endswith("."):
            return "ends with dot"
        if ".." in local:
            return "consecutive dots"
        for ch in local:
            if not ((ch.isascii() and ch.isalnum()) or ch in ".!#$%&'*+-/=?^_`{|}~"):
                return f"invalid character {quote_rune(ord(ch))}"
    if domain.startswith("[") and domain.endswith("]"):
        inner = domain[1:-1]
        if inner.startswith("IPv6:"):
            problem = _ipv6(inner[5:])
            return f"invalid ipv6 address: {problem}" if problem else None
        problem = _ipv4(inner)
        return f"invalid ipv4 address: {problem}" if problem else None
    problem = _hostname(domain)
    return f"invalid domain: {problem}" if problem else None


_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _time_quote(text: str) -> str:
    """The time package's own quote(): control and non-ASCII bytes as \\xNN."""
    out = ['"']
    for ch in text:
        if ord(ch) < 0x20 or ord(ch) >= 0x80:
            out.extend(f"\\x{byte:02x}" for byte in ch.encode("utf-8", "surrogateescape"))
        else:
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


def _date(s: str) -> str | None:
    """time.Parse("2006-01-02", s) and its error texts."""
    def cannot(rest: str, elem: str) -> str:
        return (f'parsing time {_time_quote(s)} as "2006-01-02": cannot parse '
                f"{_time_quote(rest)} as {go_quote(elem)}")

    if not re.match(r"[0-9]{4}", s):
        return cannot(s, "2006")
    rest = s[4:]
    for elem, width in (("-", 0), ("01", 2), ("-", 0), ("02", 2)):
        if width == 0:
            if not rest.startswith("-"):
                return cannot(rest, "-")
            rest = rest[1:]
            continue
        if not re.match(r"[0-9]{2}", rest):
            return cannot(rest, elem)
        rest = rest[2:]
    year, month, day = int(s[:4]), int(s[5:7]), int(s[8:10])
    if not 1 <= month <= 12:
        return f"parsing time {_time_quote(s)}: month out of range"
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if day < 1 or day > _DAYS[month - 1] or (month == 2 and day == 29 and not leap):
        return f"parsing time {_time_quote(s)}: day out of range"
    if rest:
        return f"parsing time {_time_quote(s)}: extra text: {_time_quote(rest)}"
    return None


def _time(s: str) -> str | None:
    if len(s.encode()) < 9:
        return "less than 9 characters long"
    if s[2] != ":" or s[5] != ":":
        return "missing colon in correct place"
    hms = []
    for token in s[:8].split(":", 2):
        if _atoi_error(token):
            return "invalid hour/min/sec"
        if int(token) < 0:
            return "non-positive hour/min/sec"
        hms.append(int(token))
    hour, minute, second = hms
    if hour > 23 or minute > 59 or second > 60:
        return "hour/min/sec out of range"
    rest = s[8:]
    if rest.startswith("."):
        frac = rest[1:]
        count = len(frac) - len(frac.lstrip("0123456789"))
        if count == 0:
            return "no digits in second fraction"
        rest = frac[count:]
    if rest not in ("z", "Z"):
        if len(rest.encode()) != 6:
            return "offset must be 6 characters long"
        if rest[0] not in "+-":
            return "offset must begin with plus/minus"
        sign = -1 if rest[0] == "+" else 1
        rest = rest[1:]
        if rest[2] != ":":
            return "missing colon in offset in correct place"
        zone = []
        for token in rest.split(":", 1):
            if _atoi_error(token):
                return "invalid hour/min in offset"
            if int(token) < 0:
                return "non-positive hour/min in offset"
            zone.append(int(token))
        if zone[0] > 23 or zone[1] > 59:
            return "hour/min in offset out of range"
        total = hour * 60 + minute + sign * (zone[0] * 60 + zone[1])
        if total < 0:
            total += 24 * 60
        hour, minute = divmod(total, 60)
    if second >= 60 and (hour != 23 or minute != 59):
        return "invalid leap second"
    return None


def _date_time(s: str) -> str | None:
    if len(s.encode()) < 20:
        return "less than 20 characters long"
    if s[10] not in "tT":
        return "11th character must be t or T"
    problem = _date(s[:10])
    if problem:
        return f"invalid date element: {problem}"
    problem = _time(s[11:])
    return f"invalid time element: {problem}" if problem else None


def _uri_like(reference: bool) -> Callable[[str], str | None]:
    def check(s: str) -> str | None:
        problem = go_url_parse(s)
        if problem:
            return problem
        if not reference and url_scheme(s) == "":
            return "relative url"
        return None

    return check


def _uri_template(s: str) -> str | None:
    problem = go_url_parse(s)
    if problem:
        return problem
    for token in url_raw_path(s).split("/"):
        try:
            token = unquote(token, errors="strict")
        except UnicodeDecodeError:
            pass
        want_open = True
        for ch in token:
            if ch not in "{}":
                continue
            if (ch == "{") != want_open:
                return "nested curly braces"
            want_open = not want_open
        if not want_open:
            return "no matching closing brace"
    return None


def _period(s: str) -> str | None:
    slash = s.find("/")
    if slash == -1:
        return "missing slash"
    start, end = s[:slash], s[slash + 1:]
    if start.startswith("P"):
        problem = _duration(start)
        if problem:
            return f"invalid start duration: {problem}"
        problem = _date_time(end)
        return f"invalid end date-time: {problem}" if problem else None
    problem = _date_time(start)
    if problem:
        return f"invalid start date-time: {problem}"
    if end.startswith("P"):
        problem = _duration(end)
        return f"invalid end duration: {problem}" if problem else None
    problem = _date_time(end)
    return f"invalid end date-time: {problem}" if problem else None


def _semver_ids(text: str, what: str, numeric_rule: bool) -> str | None:
    for ident in text.split("."):
        if ident == "":
            return f"{what} identifier is empty"
        for ch in ident:
            if not (ch.isascii() and (ch.isalnum() or ch == "-")):
                return f"invalid character {quote_rune(ord(ch))} in {what} identifier"
        if numeric_rule and ident.isdigit() and len(ident) > 1 and ident[0] == "0":
            return "pre-release numeric identifier starts with zero"
    return None


def _semver(s: str) -> str | None:
    if "+" in s:
        s, _, build = s.partition("+")
        if build == "":
            return "build is empty"
        problem = _semver_ids(build, "build", False)
        if problem:
            return problem
    if "-" in s:
        s, _, pre = s.partition("-")
        problem = _semver_ids(pre, "pre-release", True)
        if problem:
            return problem
    parts = s.split(".")
    if len(parts) != 3:
        return "versionCore must have 3 numbers separated by dot"
    for name, part in zip(("major", "minor", "patch"), parts, strict=True):
        if part == "":
            return f"{name} is empty"
        if len(part) > 1 and part[0] == "0":
            return f"{name} starts with zero"
        if not (part.isascii() and part.isdigit()):
            return f"{name} contains non-digit"
    return None


def _regex(s: str) -> str | None:
    try:
        compile_go_regex(s)
    except GoRegexError as err:
        return str(err)
    return None


_CHECKS: dict[str, Callable[[str], str | None]] = {
    "json-pointer": _json_pointer,
    "relative-json-pointer": _relative_json_pointer,
    "uuid": _uuid,
    "duration": _duration,
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "hostname": _hostname,
    "email": _email,
    "date": _date,
    "time": _time,
    "date-time": _date_time,
    "uri": _uri_like(False),
    "iri": _uri_like(False),
    "uri-reference": _uri_like(True),
    "iri-reference": _uri_like(True),
    "regex": _regex,
    "uri-template": _uri_template,
    "period": _period,
    "semver": _semver,
}


def check_format(name: str, value: object) -> str | None:
    """The library's complaint about ``value`` for format ``name``; ``None`` when fine."""
    check = _CHECKS.get(name)
    if check is None or not isinstance(value, str):
        return None
    return check(value)
