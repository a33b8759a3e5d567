"""The failures of Go's net/url.Parse and net/netip.ParseAddr, worded as Go words them.

Only the error text matters here (format checks quote it); success returns ``None``.
"""
from __future__ import annotations

import re

from helmpy.gotemplate.gostrconv import quote as go_quote

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Bytes url.parseHost accepts unescaped (RFC 3986 sub-delims and a few Go extras).
_HOST_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
               "!$&'()*+,;=:[]<>\"%")


_USERINFO_OK = set("-._:~!$&'()*+,;=%@")


def url_scheme(raw: str) -> str:
    match = _SCHEME.match(raw)
    return match.group(0)[:-1] if match else ""


def _bad_escape(text: str) -> str | None:
    for i, ch in enumerate(text):
        if ch == "%" and not re.match(r"%[0-9A-Fa-f]{2}", text[i:i + 3]):
            return f"invalid URL escape {go_quote(text[i:i + 3])}"
    return None


def _host_problem(host: str) -> str | None:
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return "missing ']' in host"
        port = host[end + 1:]
        if port and not re.fullmatch(r":[0-9]*", port):
            return f"invalid port {go_quote(port)} after host"
        return None
    colon = host.rfind(":")
    if colon >= 0 and not re.fullmatch(r":[0-9]*", host[colon:]):
        return f"invalid port {go_quote(host[colon:])} after host"
    problem = _bad_escape(host)
    if problem:
        return problem
    for match in re.finditer(r"%([0-9A-Fa-f])[0-9A-Fa-f]", host):
        # Hosts may only percent-encode UTF-8 bytes (and %25 in zones).
        if int(match.group(1), 16) < 8 and match.group(0) != "%25":
            return f"invalid URL escape {go_quote(match.group(0))}"
    for ch in host:
        if ch.isascii() and ch not in _HOST_OK:
            return f"invalid character {go_quote(ch)} in host name"
    return None


def go_url_parse(raw: str) -> str | None:
    """url.Parse(raw) failing as ``parse "<raw>": <reason>``; None when it parses."""
    def fail(reason: str) -> str:
        return f"parse {go_quote(raw)}: {reason}"

    rest, _, fragment = raw.partition("#")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in rest):
        return fail("net/url: invalid control character in URL")
    if rest.startswith(":"):
        return fail("missing protocol scheme")
    scheme = url_scheme(rest)
    rest = rest[len(scheme) + 1:] if scheme else rest
    rest = rest.split("?", 1)[0]
    if scheme and not rest.startswith("/"):  # opaque: only the fragment is checked
        problem = _bad_escape(fragment)
        return fail(problem) if problem else None
    if not scheme and ":" in rest.split("/", 1)[0]:
        return fail("first path segment in URL cannot contain colon")
    if rest.startswith("//") and (scheme or not rest.startswith("///")):
        authority, slash, path = rest[2:].partition("/")
        userinfo, at, host = authority.rpartition("@")
        if at and any(not (ch.isascii() and ch.isalnum()) and ch not in _USERINFO_OK
                      for ch in userinfo):
            return fail("net/url: invalid userinfo")
        problem = _host_problem(host)
        if problem:
            return fail(problem)
        rest = slash + path
    problem = _bad_escape(rest) or _bad_escape(fragment)
    return fail(problem) if problem else None


def url_raw_path(raw: str) -> str:
    """The path of a URL as written (Go keeps it in RawPath when it holds braces)."""
    rest = raw.partition("#")[0].split("?", 1)[0]
    scheme = url_scheme(rest)
    rest = rest[len(scheme) + 1:] if scheme else rest
    if rest.startswith("//"):
        rest = "/" + rest[2:].partition("/")[2] if "/" in rest[2:] else ""
    return rest


class AddrError(Exception):
    """netip.ParseAddr's error."""

    def __init__(self, text: str, message: str, at: str = "") -> None:
        where = f" (at {go_quote(at)})" if at else ""
        super().__init__(f"ParseAddr({go_quote(text)}): {message}{where}")


def parse_addr(text: str) -> str:
    """netip.ParseAddr; returns the zone, raises :class:`AddrError`."""
    for ch in text:
        if ch == ".":
            _ipv4_fields(text, text)
            return ""
        if ch == ":":
            return _parse_ipv6(text)
        if ch == "%":
            raise AddrError(text, "missing IPv6 address")
    raise AddrError(text, "unable to parse IP")


def _ipv4_fields(whole: str, s: str) -> None:
    value, position, digits = 0, 0, 0
    for i, ch in enumerate(s):
        if "0" <= ch <= "9":
            if digits == 1 and value == 0:
                raise AddrError(whole, "IPv4 field has octet with leading zero")
            value = value * 10 + ord(ch) - 48
            digits += 1
            if value > 255:
                raise AddrError(whole, "IPv4 field has value >255")
        elif ch == ".":
            if i == 0 or i == len(s) - 1 or s[i - 1] == ".":
                raise AddrError(whole, "IPv4 field must have at least one digit", s[i:])
            if position == 3:
                raise AddrError(whole, "IPv4 address too long")
            position += 1
            value, digits = 0, 0
        else:
            raise AddrError(whole, "unexpected character", s[i:])
    if position < 3:
        raise AddrError(whole, "IPv4 address too short")


def _parse_ipv6(text: str) -> str:
    s, zone = text, ""
    if "%" in s:
        s, _, zone = s.partition("%")
        if zone == "":
            raise AddrError(text, "zone must be a non-empty string")
    ellipsis = -1
    if s.startswith("::"):
        ellipsis = 0
        s = s[2:]
        if s == "":
            return zone
    i = 0
    while i < 16:
        off, acc = 0, 0
        while off < len(s) and s[off] in "0123456789abcdefABCDEF":
            acc = acc * 16 + int(s[off], 16)
            if off > 3:
                raise AddrError(text, "each group must have 4 or less digits", s)
            off += 1
        if off == 0:
            raise AddrError(text, "each colon-separated field must have at least one digit", s)
        if off < len(s) and s[off] == ".":
            if ellipsis < 0 and i != 12:
                raise AddrError(text, "embedded IPv4 address must replace the final 2 fields "
                                      "of the address", s)
            if i + 4 > 16:
                raise AddrError(text, "too many hex fields to fit an embedded IPv4 at the end "
                                      "of the address", s)
            _ipv4_fields(text, s)
            s = ""
            i += 4
            break
        i += 2
        s = s[off:]
        if s == "":
            break
        if s[0] != ":":
            raise AddrError(text, "unexpected character, want colon", s)
        if len(s) == 1:
            raise AddrError(text, "colon must be followed by more characters", s)
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                raise AddrError(text, "multiple :: in address", s)
            ellipsis = i
            s = s[1:]
            if s == "":
                break
    if s:
        raise AddrError(text, "trailing garbage after address", s)
    if i < 16 and ellipsis < 0:
        raise AddrError(text, "address string too short")
    if i >= 16 and ellipsis >= 0:
        raise AddrError(text, "the :: must expand to at least one field of zeros")
    return zone
