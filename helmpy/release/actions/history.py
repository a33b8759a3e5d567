"""``history`` (Helm's action.History): the revisions of a release, oldest first."""
from __future__ import annotations

from helmpy.release.actions.base import ActionConfig, ActionError, sorted_history
from helmpy.release.model import Release
from helmpy.release.names import validate_release_name


def history(config: ActionConfig, name: str, maximum: int = 256) -> list[Release]:
    """The newest ``maximum`` revisions, oldest first; Helm's error when there are none."""
    try:
        validate_release_name(name)
    except Exception:  # noqa: BLE001 - Helm's wording replaces the validation error
        raise ActionError(f"release name is invalid: {name}") from None
    revisions = sorted_history(config, name)
    if not revisions:
        raise ActionError("release: not found")
    return revisions[-maximum:] if maximum > 0 else []
