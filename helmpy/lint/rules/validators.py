"""Text checks Helm's lint rules borrow from libraries: govalidator's URL/e-mail tests and
Kubernetes' object-name validation (k8s.io/apimachinery), with their messages."""
from __future__ import annotations

import re
from collections.abc import Callable

from helmpy.chart.metadata import go_quote

# ------------------------------------------------------------------ govalidator

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

# govalidator's e-mail grammar (RFC 5322's dot-atom or quoted local part, then a dotted
# domain whose last label starts and ends with a letter), built from named pieces.
_U = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"  # the non-ASCII ranges it accepts
_ATOM = f"[a-zA-Z0-9!#$%&'*+\\-/=?^_`{{|}}~{_U}]"
_FWS = r"(?:(?:[ \t]*\r\n)?[ \t]+)"
# Its quoted form holds exactly one character, or '(' and one more: what Helm accepts.
_QTEXT = f"(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\x21\\x23-\\x5b\\x5d-\\x7e{_U}]|\\([\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f{_U}])"
_LOCAL = f"(?:{_ATOM}+(?:\\.{_ATOM}+)*|\"{_FWS}?{_QTEXT}{_FWS}?\")"
_ALNUM = f"[a-zA-Z0-9{_U}]"
_ALPHA = f"[a-zA-Z{_U}]"
_INNER = f"[a-zA-Z0-9\\-._~{_U}]"
_LABEL = f"(?:{_ALNUM}|{_ALNUM}{_INNER}*{_ALNUM})"
_TLD = f"(?:{_ALPHA}|{_ALPHA}{_INNER}*{_ALPHA})"
_EMAIL = re.compile(f"^{_LOCAL}@(?:{_LABEL}\\.)+{_TLD}\\.?$")

# govalidator's URL grammar: optional scheme and user info, then an IPv4 address, a bracketed
# IPv6 address or a host name, optional port and path.
_IPV4 = (r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3]|24\d|25[0-5])(?:\.(?:\d{1,2}|1\d\d|2[0-4]\d|25[0-5])){2}"
         r"(?:\.(?:[0-9]\d?|1\d\d|2[0-4]\d|25[0-5]))")
_H4 = "[0-9a-fA-F]{1,4}"
_V4 = r"(?:(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])\.){3}(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])"
_IPV6 = (f"(?:(?:{_H4}:){{7}}{_H4}|(?:{_H4}:){{1,7}}:|(?:{_H4}:){{1,6}}:{_H4}|"
         f"(?:{_H4}:){{1,5}}(?::{_H4}){{1,2}}|(?:{_H4}:){{1,4}}(?::{_H4}){{1,3}}|"
         f"(?:{_H4}:){{1,3}}(?::{_H4}){{1,4}}|(?:{_H4}:){{1,2}}(?::{_H4}){{1,5}}|"
         f"{_H4}:(?:(?::{_H4}){{1,6}})|:(?:(?::{_H4}){{1,7}}|:)|fe80:(?::[0-9a-fA-F]{{0,4}}){{0,4}}%[0-9a-zA-Z]+|"
         f"::(?:ffff(?::0{{1,4}})?:)?{_V4}|(?:{_H4}:){{1,4}}:{_V4})")
_HOSTCH = "a-zA-Z\u00a1-\uffff0-9"
_SUBDOMAIN = r"(?:www\.|[a-zA-Z0-9]+(?:[-_.]?[a-zA-Z0-9])*[a-zA-Z0-9]\.[a-zA-Z0-9]+)"
_HOST = (f"(?:{_IPV4}|\\[{_IPV6}\\]|(?:[a-zA-Z0-9](?:[a-zA-Z0-9\\-_]+)?[a-zA-Z0-9](?:[-.][a-zA-Z0-9]+)*"
         f"|{_SUBDOMAIN}?)?(?:[{_HOSTCH}]+-?-?_?)*[{_HOSTCH}]+(?:\\.[a-zA-Z\u00a1-\uffff]+)?)")
_URL = re.compile(f"^(?:(?:ftp|tcp|udp|wss?|https?)://)?(?:\\S+(?::\\S*)?@)?(?:{_HOST})\\.?"
                  r"(?::\d{1,5})?(?:[/?#]\S*)?$")


def is_request_url(raw: str) -> bool:
    """govalidator.IsRequestURL: url.ParseRequestURI accepts it and it has a scheme."""
    from helmpy.engine.schema.gonet import go_url_parse

    if not _SCHEME.match(raw):
        return False
    # ParseRequestURI keeps '#' in the path, so a fragment never fails it.
    return go_url_parse(raw.replace("#", "%23")) is None


def is_email(raw: str) -> bool:
    return bool(_EMAIL.match(raw))


def is_url(raw: str) -> bool:
    """govalidator.IsURL: url.Parse accepts it (``http://`` assumed before a bare port) and it
    matches the URL grammar above."""
    from urllib.parse import urlsplit

    from helmpy.engine.schema.gonet import go_url_parse

    if raw == "" or len(raw) >= 2083 or len(raw.encode()) <= 3 or raw.startswith("."):
        return False
    parsed_text = "http://" + raw if ":" in raw and "://" not in raw else raw
    if go_url_parse(parsed_text) is not None:
        return False
    try:
        parts = urlsplit(parsed_text)
    except ValueError:
        return False
    if parts.netloc.rsplit("@", 1)[-1].startswith("."):
        return False
    if not parts.netloc and parts.path and "." not in parts.path:
        return False
    return bool(_URL.match(raw))


# ------------------------------------------------------------------ Kubernetes names

_DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN = _DNS1123_LABEL + "(\\." + _DNS1123_LABEL + ")*"
_DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?"


def _regex_error(message: str, pattern: str, *examples: str) -> str:
    """apimachinery's RegexError, double space before ' or ' included."""
    text = message + " (e.g. "
    for i, example in enumerate(examples):
        if i:
            text += " or "
        text += f"'{example}', "
    return text + f"regex used for validation is '{pattern}')"


def _pattern_check(pattern: str, max_len: int, message: str, *examples: str,
                   dots_hint: bool = False) -> Callable[[str], list[str]]:
    compiled = re.compile(f"^{pattern}$")
    subdomain = re.compile(f"^{_DNS1123_SUBDOMAIN}$")

    def check(name: str) -> list[str]:
        errors = []
        if len(name) > max_len:
            errors.append(f"must be no more than {max_len} characters")
        if not compiled.match(name):
            # apimachinery's label check names the one fault of a valid subdomain: its dots.
            if dots_hint and subdomain.match(name):
                errors.append("must not contain dots")
            else:
                errors.append(_regex_error(message, pattern, *examples))
        return errors

    return check


dns1123_subdomain = _pattern_check(
    _DNS1123_SUBDOMAIN, 253,
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character", "example.com")
dns1123_label = _pattern_check(
    _DNS1123_LABEL, 63,
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character", "my-name", "123-abc", dots_hint=True)
dns1035_label = _pattern_check(
    _DNS1035_LABEL, 63,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
    "an alphabetic character, and end with an alphanumeric character", "my-name", "abc-123")


def path_segment_name(name: str) -> list[str]:
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]


def _no_check(name: str) -> list[str]:
    return []


_NAME_CHECKS: dict[str, Callable[[str], list[str]]] = {
    "service": dns1035_label,
    "namespace": dns1123_label,
    "serviceaccount": dns1123_subdomain,
    "certificatesigningrequest": _no_check,
    "role": path_segment_name,
    "clusterrole": path_segment_name,
    "rolebinding": path_segment_name,
    "clusterrolebinding": path_segment_name,
}


def metadata_name_problem(kind: str, name: str) -> str | None:
    """Helm's validateMetadataName: the kind's Kubernetes name rule (DNS subdomain by default)."""
    check = _NAME_CHECKS.get(kind.lower(), dns1123_subdomain)
    errors = [f"metadata.name: Invalid value: {go_quote(name)}: {detail}" for detail in check(name)]
    if not errors:
        return None
    # field.ErrorList.ToAggregate: one error prints alone, several as a bracketed list.
    unique = list(dict.fromkeys(errors))
    shown = unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"
    return f"object name does not conform to Kubernetes naming requirements: {go_quote(name)}: {shown}"
