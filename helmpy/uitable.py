"""gosuri/uitable as Helm's commands use it for their tables (list, history, repo list,
search, dependency list): cells padded to the column's display width, joined by tabs."""
from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _truncate(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > limit - 3:
            break
        out += ch
        used += w
    return out + "..."


def table(rows: list[list[str]], max_col_width: int = 0) -> str:
    """The table with a trailing newline (a lone newline for no rows); cells wider than
    ``max_col_width`` (when set) are cut and end in '...'."""
    if not rows:
        return "\n"
    if max_col_width:
        rows = [[_truncate(cell, max_col_width) for cell in row] for row in rows]
    widths = [0] * max(len(row) for row in rows)
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = ["\t".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row))
             for row in rows]
    return "\n".join(lines) + "\n"
