"""The ``sql`` driver: Helm's ``releases_v1`` / ``custom_labels_v1`` tables.

PostgreSQL is reached through psycopg with the same schema and migration records
(``gorp_migrations`` ids ``init`` and ``custom_labels``) that Helm's driver creates, so Helm
and helmpy share a database. A connection string starting with ``sqlite:`` selects SQLite
(stdlib ``sqlite3``) with the same tables, for local use. Every write is one transaction.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from helmpy.release.codec import OWNER, RECORD_TYPE, custom_labels, decode_release
from helmpy.release.codec import encode_release as _encode
from helmpy.release.model import Release
from helmpy.storage.driver import (
    Filter,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageError,
    system_labels,
)

SYSTEM_COLUMNS = {"modifiedAt": "modifiedat", "createdAt": "createdat", "version": "version",
                  "status": "status", "owner": "owner", "name": "name"}
# Helm's "init" migration, for PostgreSQL (identifiers unquoted, hence lower case).
PG_INIT = """
CREATE TABLE releases_v1 (
    key VARCHAR(90), type VARCHAR(64) NOT NULL, body TEXT NOT NULL,
    name VARCHAR(64) NOT NULL, namespace VARCHAR(64) NOT NULL, version INTEGER NOT NULL,
    status TEXT NOT NULL, owner TEXT NOT NULL, createdAt INTEGER NOT NULL,
    modifiedAt INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(key, namespace));
CREATE INDEX ON releases_v1 (key, namespace);
CREATE INDEX ON releases_v1 (version);
CREATE INDEX ON releases_v1 (status);
CREATE INDEX ON releases_v1 (owner);
CREATE INDEX ON releases_v1 (createdAt);
CREATE INDEX ON releases_v1 (modifiedAt);
GRANT ALL ON releases_v1 TO PUBLIC;
ALTER TABLE releases_v1 ENABLE ROW LEVEL SECURITY;
"""
PG_LABELS = """
CREATE TABLE custom_labels_v1 (
    releaseKey VARCHAR(64), releaseNamespace VARCHAR(67), key VARCHAR(317),
    value VARCHAR(63));
CREATE INDEX ON custom_labels_v1 (releaseKey, releaseNamespace);
GRANT ALL ON custom_labels_v1 TO PUBLIC;
ALTER TABLE custom_labels_v1 ENABLE ROW LEVEL SECURITY;
"""
SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS releases_v1 (
    key TEXT, type TEXT NOT NULL, body TEXT NOT NULL, name TEXT NOT NULL,
    namespace TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL,
    owner TEXT NOT NULL, createdat INTEGER NOT NULL, modifiedat INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, namespace));
CREATE INDEX IF NOT EXISTS releases_v1_name ON releases_v1 (name, namespace);
CREATE TABLE IF NOT EXISTS custom_labels_v1 (
    releasekey TEXT, releasenamespace TEXT, key TEXT, value TEXT);
CREATE INDEX IF NOT EXISTS custom_labels_v1_release
    ON custom_labels_v1 (releasekey, releasenamespace);
"""


class SQLDriver:
    name = "SQL"

    def __init__(self, connection_string: str, namespace: str = "default") -> None:
        self.namespace = namespace
        self._lock = threading.RLock()
        if connection_string.startswith("sqlite:"):
            import sqlite3

            path = connection_string[len("sqlite:"):].removeprefix("//") or ":memory:"
            self.dialect = "sqlite"
            self._conn: Any = sqlite3.connect(path, check_same_thread=False,
                                              isolation_level=None)
            # WAL keeps readers and the writer apart; NORMAL sync is durable across
            # application crashes (not power loss), which suits a local release store.
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(SQLITE_SCHEMA)
            self._mark = "?"
        else:
            import psycopg

            self.dialect = "postgres"
            self._conn = psycopg.connect(connection_string, autocommit=True)
            self._mark = "%s"
            self._migrate_postgres()

    def close(self) -> None:
        self._conn.close()

    # --- plumbing -------------------------------------------------------------------------

    def _sql(self, text: str) -> str:
        return text.replace("?", self._mark)

    def _rows(self, text: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            cur = self._conn.execute(self._sql(text), args)
            return list(cur.fetchall())

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            if self.dialect == "sqlite":
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            else:
                with self._conn.transaction():
                    yield self._conn

    def _migrate_postgres(self) -> None:
        with self._transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(7231907)")  # one migrator at a time
            conn.execute("CREATE TABLE IF NOT EXISTS gorp_migrations "
                         "(id TEXT PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE)")
            done = {row[0] for row in conn.execute("SELECT id FROM gorp_migrations")}
            for migration_id, script in (("init", PG_INIT), ("custom_labels", PG_LABELS)):
                if migration_id in done:
                    continue
                conn.execute(script)
                conn.execute("INSERT INTO gorp_migrations (id, applied_at) VALUES (%s, now())",
                             (migration_id,))

    def _labels(self, key: str, namespace: str) -> dict[str, str]:
        rows = self._rows("SELECT key, value FROM custom_labels_v1 WHERE releasekey = ? "
                          "AND releasenamespace = ?", (key, namespace))
        return {k: v for k, v in rows}

    def _decoded(self, rows: list[tuple[Any, ...]], with_system: bool) -> list[Release]:
        # One query for every row's custom labels (Helm queries once per release).
        labels: dict[tuple[str, str], dict[str, str]] = {}
        if len(rows) == 1:
            labels[(rows[0][0], rows[0][1])] = self._labels(rows[0][0], rows[0][1])
        elif rows:
            namespaces = {row[1] for row in rows}
            text = "SELECT releasekey, releasenamespace, key, value FROM custom_labels_v1"
            args: tuple[Any, ...] = ()
            if len(namespaces) == 1:
                text, args = text + " WHERE releasenamespace = ?", (next(iter(namespaces)),)
            for rkey, rns, key, value in self._rows(text, args):
                labels.setdefault((rkey, rns), {})[key] = value
        out = []
        for key, namespace, body in rows:
            try:
                rel = decode_release(body)
            except ValueError:
                continue
            rel.labels = dict(labels.get((key, namespace), {}))
            if with_system:
                rel.labels.update(system_labels(rel))
            out.append(rel)
        return out

    # --- driver ---------------------------------------------------------------------------

    def get(self, key: str) -> Release:
        rows = self._rows("SELECT key, namespace, body FROM releases_v1 WHERE key = ? "
                          "AND namespace = ?", (key, self.namespace))
        if not rows:
            raise ReleaseNotFoundError()
        return self._decoded(rows, with_system=False)[0]

    def list(self, keep: Filter) -> list[Release]:
        text = "SELECT key, namespace, body FROM releases_v1 WHERE owner = ?"
        args: tuple[Any, ...] = (OWNER,)
        if self.namespace:
            text, args = text + " AND namespace = ?", args + (self.namespace,)
        return [r for r in self._decoded(self._rows(text, args), with_system=True) if keep(r)]

    def query(self, labels: dict[str, str]) -> list[Release]:
        text = "SELECT key, namespace, body FROM releases_v1 WHERE 1 = 1"
        args: tuple[Any, ...] = ()
        for label in sorted(labels):
            column = SYSTEM_COLUMNS.get(label)
            if column is None:
                raise StorageError(f"unknown label {label}")
            value: Any = labels[label]
            if column in ("version", "createdat", "modifiedat"):
                value = int(value)
            text, args = text + f" AND {column} = ?", args + (value,)
        if self.namespace:
            text, args = text + " AND namespace = ?", args + (self.namespace,)
        found = self._decoded(self._rows(text, args), with_system=False)
        if not found:
            raise ReleaseNotFoundError()
        return found

    def create(self, key: str, rel: Release) -> None:
        namespace = rel.namespace or "default"
        body = _encode(rel)
        try:
            with self._transaction() as conn:
                exists = conn.execute(self._sql(
                    "SELECT 1 FROM releases_v1 WHERE key = ? AND namespace = ?"),
                    (key, namespace)).fetchall()
                if exists:
                    raise ReleaseExistsError()
                conn.execute(self._sql(
                    "INSERT INTO releases_v1 (key, type, body, name, namespace, version, "
                    "status, owner, createdat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    (key, RECORD_TYPE, body, rel.name, namespace, rel.version, rel.status,
                     OWNER, int(time.time())))
                for label, value in custom_labels(rel.labels).items():
                    conn.execute(self._sql(
                        "INSERT INTO custom_labels_v1 (releasekey, releasenamespace, key, "
                        "value) VALUES (?, ?, ?, ?)"), (key, namespace, label, value))
        except ReleaseExistsError:
            raise
        except Exception as err:  # noqa: BLE001 - database errors differ per library
            if "duplicate key" in str(err) or "UNIQUE constraint" in str(err):
                raise ReleaseExistsError() from err
            raise StorageError(str(err)) from err

    def update(self, key: str, rel: Release) -> None:
        namespace = rel.namespace or "default"
        with self._transaction() as conn:
            conn.execute(self._sql(
                "UPDATE releases_v1 SET body = ?, name = ?, version = ?, status = ?, "
                "owner = ?, modifiedat = ? WHERE key = ? AND namespace = ?"),
                (_encode(rel), rel.name, rel.version, rel.status, OWNER, int(time.time()),
                 key, namespace))

    def delete(self, key: str) -> Release:
        with self._transaction() as conn:
            rows = conn.execute(self._sql(
                "SELECT key, namespace, body FROM releases_v1 WHERE key = ? "
                "AND namespace = ?"), (key, self.namespace)).fetchall()
            if not rows:
                raise ReleaseNotFoundError()
            rel = self._decoded(rows, with_system=False)[0]
            conn.execute(self._sql("DELETE FROM releases_v1 WHERE key = ? AND namespace = ?"),
                         (key, self.namespace))
            conn.execute(self._sql("DELETE FROM custom_labels_v1 WHERE releasekey = ? "
                                   "AND releasenamespace = ?"), (key, self.namespace))
        return rel
