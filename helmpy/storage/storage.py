"""The storage front Helm's actions use (pkg/storage): revisions by name, deployed lookups,
history and pruning to a maximum history, over any driver."""
from __future__ import annotations

from helmpy.release.model import DEPLOYED, UNINSTALLED, Release, record_key
from helmpy.storage.driver import (
    Driver,
    Filter,
    NoDeployedReleasesError,
    ReleaseNotFoundError,
    StorageError,
)


class Storage:
    """Release storage over one driver; ``max_history`` > 0 prunes on create."""

    def __init__(self, driver: Driver, max_history: int = 0) -> None:
        self.driver = driver
        self.max_history = max_history

    def get(self, name: str, version: int) -> Release:
        return self.driver.get(record_key(name, version))

    def create(self, rel: Release) -> None:
        if self.max_history > 0:
            # Make room for the revision being created.
            self.remove_least_recent(rel.name, self.max_history - 1)
        self.driver.create(record_key(rel.name, rel.version), rel)

    def update(self, rel: Release) -> None:
        self.driver.update(record_key(rel.name, rel.version), rel)

    def delete(self, name: str, version: int) -> Release:
        return self.driver.delete(record_key(name, version))

    def list_releases(self, keep: Filter | None = None) -> list[Release]:
        return self.driver.list(keep or (lambda _rel: True))

    def list_uninstalled(self) -> list[Release]:
        return self.driver.list(lambda rel: rel.status == UNINSTALLED)

    def list_deployed(self) -> list[Release]:
        return self.driver.list(lambda rel: rel.status == DEPLOYED)

    def deployed_all(self, name: str) -> list[Release]:
        try:
            return self.driver.query({"name": name, "owner": "helm", "status": DEPLOYED})
        except ReleaseNotFoundError as err:
            raise NoDeployedReleasesError(name) from err
        except StorageError as err:
            if "not found" in str(err):
                raise NoDeployedReleasesError(name) from err
            raise

    def deployed(self, name: str) -> Release:
        """The latest deployed revision (several can be, after concurrent writes)."""
        found = self.deployed_all(name)
        if not found:
            raise NoDeployedReleasesError(name)
        return max(found, key=lambda rel: rel.version)

    def history(self, name: str) -> list[Release]:
        """Every stored revision of ``name`` (driver order; sort by version as needed)."""
        return self.driver.query({"name": name, "owner": "helm"})

    def last(self, name: str) -> Release:
        try:
            revisions = self.history(name)
        except ReleaseNotFoundError:
            revisions = []
        if not revisions:
            raise StorageError(f'no revision for release "{name}"')
        return max(revisions, key=lambda rel: rel.version)

    def remove_least_recent(self, name: str, maximum: int) -> None:
        """Delete the oldest revisions beyond ``maximum``, never the deployed one."""
        if maximum < 0:
            return
        try:
            revisions = sorted(self.history(name), key=lambda rel: rel.version)
        except ReleaseNotFoundError:
            return
        if len(revisions) <= maximum:
            return
        try:
            last_deployed: Release | None = self.deployed(name)
        except NoDeployedReleasesError:
            last_deployed = None
        doomed: list[Release] = []
        for rel in revisions:
            if len(revisions) - len(doomed) == maximum:
                break
            if last_deployed is None or rel.version != last_deployed.version:
                doomed.append(rel)
        errors = []
        for rel in doomed:
            try:
                self.delete(name, rel.version)
            except StorageError as err:
                errors.append(str(err))
        if errors:
            raise StorageError("error(s) deleting old release versions: " + "; ".join(errors))
