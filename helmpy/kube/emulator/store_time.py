"""Timestamps in the API server's format (RFC 3339, seconds, UTC)."""
from __future__ import annotations

import datetime as _dt


def now_rfc3339() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
