"""``status`` (Helm's action.Status): one revision of a release, the latest by default."""
from __future__ import annotations

from helmpy.release.actions.base import ActionConfig, ActionError, sorted_history
from helmpy.release.model import Release
from helmpy.storage import ReleaseNotFoundError


def release_content(config: ActionConfig, name: str, revision: int = 0) -> Release:
    """Helm's releaseContent: the given revision, or the latest when ``revision`` <= 0."""
    from helmpy.release.names import validate_release_name

    try:
        validate_release_name(name)
    except Exception:  # noqa: BLE001 - Helm's wording replaces the validation error
        raise ActionError(f"releaseContent: Release name is invalid: {name}") from None
    if revision <= 0:
        revisions = sorted_history(config, name)
        if not revisions:
            raise ActionError("release: not found")
        return revisions[-1]
    try:
        return config.storage.get(name, revision)
    except ReleaseNotFoundError:
        raise ActionError("release: not found") from None


def status(config: ActionConfig, name: str, revision: int = 0) -> Release:
    return release_content(config, name, revision)
