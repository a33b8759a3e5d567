"""``list`` (Helm's action.List): the latest revision of each release, filtered by state.

By default only deployed and failed releases show; the state flags widen that, ``--all``
shows every state. Sorted by name (or by date), then offset and limit, as in Helm.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from helmpy.errors import HelmpyError
from helmpy.release.actions.base import ActionConfig
from helmpy.release.model import (
    DEPLOYED,
    FAILED,
    PENDING_STATUSES,
    SUPERSEDED,
    UNINSTALLED,
    UNINSTALLING,
    Release,
    parse_go_time,
)


@dataclass
class ListOptions:
    all: bool = False
    deployed: bool = False
    failed: bool = False
    pending: bool = False
    superseded: bool = False
    uninstalled: bool = False
    uninstalling: bool = False
    filter: str = ""
    selector: str = ""
    limit: int = 256
    offset: int = 0
    by_date: bool = False
    reverse: bool = False

    def states(self) -> set[str] | None:
        """The statuses shown (None: all)."""
        if self.all:
            return None
        chosen: set[str] = set()
        for flag, statuses in ((self.deployed, (DEPLOYED,)), (self.failed, (FAILED,)),
                               (self.pending, PENDING_STATUSES),
                               (self.superseded, (SUPERSEDED,)),
                               (self.uninstalled, (UNINSTALLED,)),
                               (self.uninstalling, (UNINSTALLING,))):
            if flag:
                chosen.update(statuses)
        return chosen or {DEPLOYED, FAILED}


def _selector_matches(labels: dict[str, str], selector: str) -> bool:
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if "!=" in term:
            key, value = (p.strip() for p in term.split("!=", 1))
            if labels.get(key) == value:
                return False
        elif "=" in term:
            key, value = (p.strip() for p in term.replace("==", "=").split("=", 1))
            if labels.get(key) != value:
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def list_releases(config: ActionConfig, opts: ListOptions) -> list[Release]:
    try:
        pattern = re.compile(opts.filter) if opts.filter else None
    except re.error as err:
        raise HelmpyError(f"error parsing regexp: {err}") from None
    everything = config.storage.list_releases()
    states = opts.states()
    if states == {SUPERSEDED}:
        candidates = everything  # superseded revisions are never the latest ones
    else:
        latest: dict[tuple[str, str], Release] = {}
        for rel in everything:
            key = (rel.namespace, rel.name)
            if key not in latest or rel.version > latest[key].version:
                latest[key] = rel
        candidates = list(latest.values())
    chosen = [r for r in candidates
              if (states is None or r.status in states)
              and (pattern is None or pattern.search(r.name))
              and (not opts.selector or _selector_matches(r.labels, opts.selector))]
    if opts.by_date:
        chosen.sort(key=lambda r: (parse_go_time((r.info.last_deployed if r.info else "")
                                                 or "0001-01-01T00:00:00Z"), r.name))
    else:
        chosen.sort(key=lambda r: (r.name, r.namespace))
    if opts.reverse:
        chosen.reverse()
    if opts.offset > 0:
        chosen = chosen[opts.offset:]
    if opts.limit > 0:
        chosen = chosen[:opts.limit]
    return chosen
