"""Helm's release record (pkg/release/v1) as Python dataclasses.

Times are kept as the strings Go writes (RFC 3339 with nanoseconds, ``time.Time`` JSON), so
a record written by Helm re-encodes byte for byte; :func:`go_now` makes new ones and
:func:`parse_go_time` reads them. The chart is kept in its JSON form (``metadata``, ``lock``,
``templates``, ``values``, ``schema``, ``files``...), which is all a release stores of it:
subcharts are not part of the record, exactly as in Helm.
"""
from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from typing import Any

# Release statuses (pkg/release/common/status.go).
UNKNOWN = "unknown"
DEPLOYED = "deployed"
UNINSTALLED = "uninstalled"
SUPERSEDED = "superseded"
FAILED = "failed"
UNINSTALLING = "uninstalling"
PENDING_INSTALL = "pending-install"
PENDING_UPGRADE = "pending-upgrade"
PENDING_ROLLBACK = "pending-rollback"
ALL_STATUSES = (UNKNOWN, DEPLOYED, UNINSTALLED, SUPERSEDED, FAILED, UNINSTALLING,
                PENDING_INSTALL, PENDING_UPGRADE, PENDING_ROLLBACK)
PENDING_STATUSES = (PENDING_INSTALL, PENDING_UPGRADE, PENDING_ROLLBACK)

# Hook phases (HookExecution.phase).
PHASE_UNKNOWN = "Unknown"
PHASE_RUNNING = "Running"
PHASE_SUCCEEDED = "Succeeded"
PHASE_FAILED = "Failed"

APPLY_METHOD_CSA = "csa"
APPLY_METHOD_SSA = "ssa"


def go_now() -> str:
    """The current local time as Go's ``time.Time`` marshals it (RFC 3339, nanoseconds)."""
    ns = time.time_ns()
    moment = _dt.datetime.fromtimestamp(ns // 1_000_000_000).astimezone()
    return format_go_time(moment, ns % 1_000_000_000)


def format_go_time(moment: _dt.datetime, nanos: int | None = None) -> str:
    """Format like Go's RFC3339Nano: trailing zeros of the fraction dropped, ``Z`` for UTC."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    nanos = moment.microsecond * 1000 if nanos is None else nanos
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        text += ("." + f"{nanos:09d}").rstrip("0")
    offset = moment.utcoffset() or _dt.timedelta(0)
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def parse_go_time(text: str) -> _dt.datetime | None:
    """Read a Go RFC 3339 time (nanoseconds truncated to microseconds); ``None`` if empty."""
    if not text:
        return None
    body, zone = text, ""
    if body.endswith("Z"):
        body, zone = body[:-1], "+00:00"
    elif len(body) > 6 and body[-6] in "+-" and body[-3] == ":":
        body, zone = body[:-6], body[-6:]
    if "." in body:
        head, frac = body.split(".", 1)
        body = f"{head}.{frac[:6].ljust(6, '0')}"
    return _dt.datetime.fromisoformat(body + zone)


@dataclass
class HookExecution:
    started_at: str = ""
    completed_at: str = ""
    phase: str = ""


@dataclass
class Hook:
    name: str = ""
    kind: str = ""
    path: str = ""
    manifest: str = ""
    events: list[str] = field(default_factory=list)
    last_run: HookExecution = field(default_factory=HookExecution)
    weight: int = 0
    delete_policies: list[str] = field(default_factory=list)
    output_log_policies: list[str] = field(default_factory=list)


@dataclass
class Info:
    first_deployed: str = ""
    last_deployed: str = ""
    deleted: str = ""
    description: str = ""
    status: str = ""
    notes: str = ""
    # Helm fills this only for `status --show-resources`; it is never stored by Helm itself.
    resources: dict[str, list[Any]] | None = None


@dataclass
class Release:
    """One revision of a release, as stored by every storage driver."""

    name: str = ""
    info: Info | None = None
    chart: dict[str, Any] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    manifest: str = ""
    hooks: list[Hook] = field(default_factory=list)
    version: int = 0
    namespace: str = ""
    # Not part of the JSON body: drivers keep custom labels next to the record.
    labels: dict[str, str] = field(default_factory=dict)
    apply_method: str = ""

    @property
    def status(self) -> str:
        return self.info.status if self.info else ""

    def set_status(self, status: str, description: str) -> None:
        if self.info is None:
            self.info = Info()
        self.info.status = status
        self.info.description = description

    @property
    def chart_metadata(self) -> dict[str, Any]:
        return (self.chart or {}).get("metadata") or {}

    @property
    def key(self) -> str:
        """The storage key, ``sh.helm.release.v1.NAME.vREV``."""
        return record_key(self.name, self.version)


def record_key(name: str, version: int) -> str:
    return f"sh.helm.release.v1.{name}.v{version}"
