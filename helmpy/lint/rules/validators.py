"""Text checks Helm's lint rules borrow from libraries: govalidator's URL/e-mail tests and
Kubernetes' object-name validation (k8s.io/apimachinery), with their messages."""
from __future__ import annotations

import re
from collections.abc import Callable

from helmpy.chart.metadata import go_quote

# ------------------------------------------------------------------ govalidator

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# govalidator's e-mail pattern is RFC 5322 in spirit: a local part, '@', a dotted host.
_EMAIL = re.compile(
    r"^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+)*"
    r"|\"(?:[^\"\\]|\\.)*\")@(?:[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff\-]*"
    r"[A-Za-z0-9\u00a0-\uffff])?\.)+[A-Za-z\u00a0-\uffff]{2,}$")
_URL_HOST = re.compile(r"^(?:[A-Za-z0-9\-_]+\.)*[A-Za-z0-9\-_]+\.?(?::\d{1,5})?$|"
                       r"^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$|^localhost(?::\d{1,5})?$")


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
    """govalidator.IsURL: an http(s)/ftp-style URL (a scheme is optional) with a real host."""
    if raw == "" or len(raw) >= 2083 or len(raw) <= 3 or raw.startswith(".") or " " in raw:
        return False
    text = raw if "://" in raw else "http://" + raw
    scheme, _, rest = text.partition("://")
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*$", scheme):
        return False
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1]
    return bool(host) and bool(_URL_HOST.match(host)) and not host.startswith(".")


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
