"""Sprig's path functions (Go's path and, on Unix, path/filepath) and URL functions.

``urlParse``/``urlJoin`` wrap Go's net/url; the parser and the serialiser here follow
net/url's rules (scheme detection, opaque URLs, authority and host validation, percent
escaping per component) and its error texts.
"""
from __future__ import annotations

from typing import Any

from helmpy.gotemplate.gostrconv import quote
from helmpy.gotemplate.gotypes import MAP, STRING, FuncError, FuncTable, go_type_name

FUNCS = FuncTable()


# -- path ---------------------------------------------------------------------------------
def clean(path: str) -> str:
    """path.Clean: the shortest equivalent path (lexical processing only)."""
    if path == "":
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    joined = "/".join(parts)
    if rooted:
        return "/" + joined
    return joined or "."


def base(path: str) -> str:
    """path.Base: the last element, trailing slashes removed."""
    if path == "":
        return "."
    path = path.rstrip("/")
    if path == "":
        return "/"
    return path.rsplit("/", 1)[-1]


def dir_(path: str) -> str:
    """path.Dir: everything but the last element, cleaned."""
    return clean(path[: path.rfind("/") + 1])


def ext(path: str) -> str:
    """path.Ext: the suffix from the final dot of the last element."""
    for i in range(len(path) - 1, -1, -1):
        if path[i] == "/":
            break
        if path[i] == ".":
            return path[i:]
    return ""


def is_abs(path: str) -> bool:
    return path.startswith("/")


# filepath on Unix is path with "/" as separator.
for _name, _fn in (("Base", base), ("Dir", dir_), ("Clean", clean), ("Ext", ext),
                   ("IsAbs", is_abs)):
    FUNCS.register(_name[0].lower() + _name[1:], STRING)(_fn)
    FUNCS.register("os" + _name, STRING)(_fn)


# -- net/url ------------------------------------------------------------------------------
PATH, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT, HOST, ZONE = range(6)
_HEXDIGITS = "0123456789abcdefABCDEF"


class URLError(ValueError):
    pass


def should_escape(c: int, mode: int) -> bool:
    ch = chr(c)
    if ch.isascii() and ch.isalnum():
        return False
    if mode in (HOST, ZONE) and ch in "!$&'()*+,;=:[]<>\"":
        return False
    if ch in "-_.~":
        return False
    if ch in "$&+,/:;=?@":
        if mode == PATH:
            return ch == "?"
        if mode == USER_PASSWORD:
            return ch in "@/?:"
        if mode == QUERY_COMPONENT:
            return True
        if mode == FRAGMENT:
            return False
    if mode == FRAGMENT and ch in "!()*":
        return False
    return True


def escape(text: str, mode: int) -> str:
    out: list[str] = []
    for b in text.encode("utf-8", "surrogateescape"):
        if b == 0x20 and mode == QUERY_COMPONENT:
            out.append("+")
        elif should_escape(b, mode):
            out.append(f"%{b:02X}")
        else:
            out.append(chr(b))
    return "".join(out)


def unescape(text: str, mode: int) -> str:
    raw = text.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(raw):
        b = raw[i]
        if b == 0x25:  # %
            if i + 2 >= len(raw) or chr(raw[i + 1]) not in _HEXDIGITS or chr(
                raw[i + 2]
            ) not in _HEXDIGITS:
                bad = raw[i: i + 3].decode("utf-8", "surrogateescape")
                raise URLError("invalid URL escape " + quote(bad))
            if mode == HOST and int(chr(raw[i + 1]), 16) < 8 and raw[i: i + 3] != b"%25":
                raise URLError("invalid URL escape " + quote(raw[i: i + 3].decode()))
            if mode == ZONE:
                value = int(raw[i + 1: i + 3], 16)
                if raw[i: i + 3] != b"%25" and value != 0x20 and should_escape(value, HOST):
                    raise URLError("invalid URL escape " + quote(raw[i: i + 3].decode()))
            i += 3
        else:
            if mode in (HOST, ZONE) and b < 0x80 and should_escape(b, mode):
                raise URLError("invalid character " + quote(chr(b)) + " in host name")
            i += 1
    out = bytearray()
    i = 0
    while i < len(raw):
        b = raw[i]
        if b == 0x25:
            out.append(int(raw[i + 1: i + 3], 16))
            i += 3
        elif b == 0x2B and mode == QUERY_COMPONENT:
            out.append(0x20)
            i += 1
        else:
            out.append(b)
            i += 1
    return out.decode("utf-8", "surrogateescape")


def _valid_optional_port(port: str) -> bool:
    if port == "":
        return True
    return port[0] == ":" and all("0" <= c <= "9" for c in port[1:])


def _parse_host(host: str) -> str:
    """net/url's parseHost, including the IP-literal checks of current Go releases."""
    bracket = host.rfind("[")
    if bracket > 0:
        raise URLError("invalid IP-literal")
    if bracket == 0:
        i = host.rfind("]")
        if i < 0:
            raise URLError("missing ']' in host")
        colon_port = host[i + 1:]
        if not _valid_optional_port(colon_port):
            raise URLError(f"invalid port {quote(colon_port)} after host")
        port = unescape(colon_port, HOST)
        name = host[1:i]
        zone = name.find("%25")
        if zone >= 0:
            literal = unescape(name[:zone], HOST) + unescape(name[zone:], ZONE)
        else:
            literal = unescape(name, HOST)
        _check_ipv6_literal(literal)
        return "[" + literal + "]" + port
    i = host.rfind(":")
    if i != -1 and not _valid_optional_port(host[i:]):
        raise URLError(f"invalid port {quote(host[i:])} after host")
    return unescape(host, HOST)


def _check_ipv6_literal(literal: str) -> None:
    """Only an IPv6 address may be bracketed (netip.ParseAddr must accept it)."""
    import ipaddress

    address, _, zone = literal.partition("%")
    try:
        ipaddress.IPv4Address(literal)
    except ValueError:
        pass
    else:
        raise URLError("invalid IP-literal")
    if "%" in literal and not zone:
        raise URLError(
            f"invalid host: ParseAddr({quote(literal)}): zone must be a non-empty string"
        )
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        # netip's precise reasons vary; this is its wording for the commonest failure.
        raise URLError(f"invalid host: ParseAddr({quote(literal)}): unable to parse IP") from None


_USERINFO_OK = set("-._:~!$&'()*+,;=%@")


def _parse_authority(authority: str) -> tuple[tuple[str, str | None] | None, str]:
    i = authority.rfind("@")
    host = _parse_host(authority[i + 1:] if i >= 0 else authority)
    if i < 0:
        return None, host
    userinfo = authority[:i]
    if not all(c.isascii() and c.isalnum() or c in _USERINFO_OK for c in userinfo):
        raise URLError("net/url: invalid userinfo")
    if ":" not in userinfo:
        return (unescape(userinfo, USER_PASSWORD), None), host
    name, password = userinfo.split(":", 1)
    return (unescape(name, USER_PASSWORD), unescape(password, USER_PASSWORD)), host


def _get_scheme(raw: str) -> tuple[str, str]:
    for i, c in enumerate(raw):
        if c.isascii() and c.isalpha():
            continue
        if c.isascii() and c.isdigit() or c in "+-.":
            if i == 0:
                return "", raw
            continue
        if c == ":":
            if i == 0:
                raise URLError("missing protocol scheme")
            return raw[:i], raw[i + 1:]
        return "", raw
    return "", raw


def parse_url(raw_url: str) -> dict[str, Any]:
    """net/url.Parse; fields as a dict (user is (name, password|None) or None)."""
    raw, _, frag = raw_url.partition("#")
    try:
        parsed = _parse(raw)
    except URLError as err:
        raise URLError(f"parse {quote(raw)}: {err}") from None
    if frag:
        try:
            parsed["fragment"] = unescape(frag, FRAGMENT)
        except URLError as err:
            raise URLError(f"parse {quote(raw_url)}: {err}") from None
    return parsed


def _parse(raw: str) -> dict[str, Any]:
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise URLError("net/url: invalid control character in URL")
    url: dict[str, Any] = {"scheme": "", "opaque": "", "user": None, "host": "", "path": "",
                           "query": "", "fragment": "", "force_query": False,
                           "omit_host": False}
    if raw == "*":
        url["path"] = "*"
        return url
    scheme, rest = _get_scheme(raw)
    url["scheme"] = scheme.lower()
    if rest.endswith("?") and rest.count("?") == 1:
        url["force_query"], rest = True, rest[:-1]
    else:
        rest, _, url["query"] = rest.partition("?")
    if not rest.startswith("/"):
        if url["scheme"]:
            url["opaque"] = rest
            return url
        if ":" in rest.split("/", 1)[0]:
            raise URLError("first path segment in URL cannot contain colon")
    if (url["scheme"] or not rest.startswith("///")) and rest.startswith("//"):
        authority, slash, tail = rest[2:].partition("/")
        rest = slash + tail
        url["user"], url["host"] = _parse_authority(authority)
    elif url["scheme"] and rest.startswith("/"):
        url["omit_host"] = True
    url["path"] = unescape(rest, PATH)
    return url


def _userinfo_text(user: tuple[str, str | None] | None) -> str:
    if user is None:
        return ""
    text = escape(user[0], USER_PASSWORD)
    if user[1] is not None:
        text += ":" + escape(user[1], USER_PASSWORD)
    return text


def hostname(host: str) -> str:
    colon = host.rfind(":")
    if colon != -1 and _valid_optional_port(host[colon:]):
        host = host[:colon]
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


def url_string(url: dict[str, Any]) -> str:
    """URL.String()."""
    out: list[str] = []
    if url["scheme"]:
        out.append(url["scheme"] + ":")
    if url["opaque"]:
        out.append(url["opaque"])
    else:
        host, user, path = url["host"], url["user"], url["path"]
        if url["scheme"] or host or user is not None:
            if not (url["omit_host"] and not host and user is None):
                if host or path or user is not None:
                    out.append("//")
                if user is not None:
                    out.append(_userinfo_text(user) + "@")
                if host:
                    out.append(escape(host, HOST))
        escaped = "*" if path == "*" else escape(path, PATH)
        if escaped and escaped[0] != "/" and host:
            out.append("/")
        if not out and ":" in escaped.split("/", 1)[0]:
            out.append("./")
        out.append(escaped)
    if url["force_query"] or url["query"]:
        out.append("?" + url["query"])
    if url["fragment"]:
        out.append("#" + escape(url["fragment"], FRAGMENT))
    return "".join(out)


@FUNCS.register("urlParse", STRING)
def url_parse(text: str) -> dict[str, Any]:
    try:
        url = parse_url(text)
    except URLError as err:
        raise FuncError(f"unable to parse url: {err}") from None
    return {
        "scheme": url["scheme"], "host": url["host"], "hostname": hostname(url["host"]),
        "path": url["path"], "query": url["query"], "opaque": url["opaque"],
        "fragment": url["fragment"], "userinfo": _userinfo_text(url["user"]),
    }


def _dict_str(d: dict[str, Any], key: str) -> str:
    if key not in d:
        return ""
    value = d[key]
    if not isinstance(value, str):
        if value is None:
            raise FuncError("runtime error: invalid memory address or nil pointer dereference")
        raise FuncError(
            f"unable to parse {key} key, must be of type string, but {go_type_name(value)} found"
        )
    return value


@FUNCS.register("urlJoin", MAP)
def url_join(d: dict[str, Any]) -> str:
    d = d or {}
    url: dict[str, Any] = {
        "scheme": _dict_str(d, "scheme"), "host": _dict_str(d, "host"),
        "path": _dict_str(d, "path"), "query": _dict_str(d, "query"),
        "opaque": _dict_str(d, "opaque"), "fragment": _dict_str(d, "fragment"),
        "user": None, "force_query": False, "omit_host": False,
    }
    userinfo = _dict_str(d, "userinfo")
    if userinfo:
        try:
            url["user"] = parse_url(f"proto://{userinfo}@host")["user"]
        except URLError as err:
            raise FuncError(f"unable to parse userinfo in dict: {err}") from None
    return url_string(url)
