"""Published reviewer changes in the database: the source of truth every replica loads.

A publish appends one row (``published_changes``): a country's whole overrides document, or a
patch of one translation entry (:mod:`advisor.knowledge.published` says how each is laid over
the files). Rows are never updated. The newest row id is the **published version**: replicas
compare it (one query on the primary key) to notice a publish and rebuild in the background.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from advisor.knowledge.published import PublishedChange
from advisor.stores.database import SQLITE_FILE, Database, StoreUnavailableError
from advisor.stores.tables import published_changes

if TYPE_CHECKING:
    from advisor.config import Settings
    from advisor.knowledge.model import Knowledge

SNAPSHOT_FILE = "published-snapshot.json"  # in the data folder: the rows last read, for a database outage
_log = logging.getLogger(__name__)


class PublishedStore:
    """The published rows of one database."""

    def __init__(self, database: Database) -> None:
        """Use ``database`` (already migrated by :class:`Database`)."""
        self.database = database

    def changes(self) -> list[PublishedChange]:
        """Every published row, oldest first."""
        with self.database.read() as connection:
            return changes_in(connection)

    def version(self) -> int:
        """The newest row id (0 before the first publish): one indexed query, cheap to poll."""
        with self.database.read() as connection:
            return int(connection.execute(sa.select(sa.func.max(published_changes.c.id))).scalar() or 0)

    def add(self, path: str, document: dict[str, object], published_by: str, proposal_id: int | None = None) -> int:
        """Append one row in its own transaction (committed before this returns); its id."""
        with self.database.write() as connection:
            return add_in(connection, path, document, published_by, proposal_id)


def changes_in(connection: Connection) -> list[PublishedChange]:
    """Every published row, read in the caller's transaction."""
    rows = connection.execute(sa.select(published_changes).order_by(published_changes.c.id)).all()
    return [
        PublishedChange(row.id, row.path, json.loads(row.document), row.proposal_id, row.published_by, row.published_at)
        for row in rows
    ]


def add_in(
    connection: Connection, path: str, document: dict[str, object], published_by: str, proposal_id: int | None = None
) -> int:
    """Append one row in the caller's transaction (it commits it together with its other writes)."""
    row = {
        "path": path,
        "document": json.dumps(document, ensure_ascii=False, sort_keys=False, default=str),
        "proposal_id": proposal_id,
        "published_by": published_by[:200],
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return int(
        connection.execute(sa.insert(published_changes).values(**row).returning(published_changes.c.id)).scalar_one()
    )


def _existing_database(settings: Settings) -> Database | None:
    # The embedded SQLite is not created just to find it empty: a fresh checkout, a read-only
    # data folder or a test's own folders load the files as they are.
    if not settings.database_url and not (settings.data_dir / SQLITE_FILE).is_file():
        return None
    return Database.from_settings(settings)


def published_for(settings: Settings, fallback: bool = False) -> list[PublishedChange]:
    """The published rows of ``settings``' database (none when its embedded SQLite does not exist yet).

    Args:
        settings: which database, and the data folder.
        fallback: while the database is down, use the rows this machine read last (a snapshot
            in the data folder) instead of failing: answers keep working through an outage,
            with the corrections they had. Every successful read refreshes the snapshot.

    Raises:
        StoreUnavailableError: the database cannot be reached (and ``fallback`` is off).
    """
    snapshot = settings.data_dir / SNAPSHOT_FILE
    try:
        database = _existing_database(settings)  # opening it connects (and migrates)
        if database is None:
            return []
        changes = PublishedStore(database).changes()
    except StoreUnavailableError as error:
        if not fallback:
            raise
        _log.warning("using the published corrections read last (%s): %s", snapshot, error)
        return _read_snapshot(snapshot)
    if fallback:
        _write_snapshot(snapshot, changes)
    return changes


def _read_snapshot(path: Path) -> list[PublishedChange]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [PublishedChange(**row) for row in rows]
    except (OSError, ValueError, TypeError) as error:
        _log.warning("no usable snapshot of the published corrections (%s); the files alone are used", error)
        return []


def _write_snapshot(path: Path, changes: list[PublishedChange]) -> None:
    # Best effort: a data folder that cannot be written costs the fallback, never an answer.
    rows = [change.__dict__ for change in changes]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8") as tmp:
            json.dump(rows, tmp, ensure_ascii=False, default=str)
        os.replace(tmp.name, path)
    except OSError as error:
        _log.warning("could not keep a snapshot of the published corrections in %s: %s", path, error)


def published_version(settings: Settings) -> int:
    """The published version of ``settings``' database (0 when nothing is published).

    Raises:
        StoreUnavailableError: the database cannot be reached.
    """
    database = _existing_database(settings)
    return PublishedStore(database).version() if database else 0


def load_current_knowledge(settings: Settings, fallback: bool = False, cache_dir: Path | None = None) -> Knowledge:
    """The knowledge answers use: the files of ``settings.knowledge_dir`` with the published rows laid over them.

    ``fallback``: see :func:`published_for` (pages that only show the knowledge use it).
    ``cache_dir``: where the parse cache of the files lives (the index folder), or ``None``.

    Raises:
        KnowledgeError: the knowledge does not validate.
        StoreUnavailableError: the database cannot be reached (and ``fallback`` is off).
    """
    from advisor.knowledge import load_knowledge

    return load_knowledge(settings.knowledge_dir, published_for(settings, fallback), cache_dir=cache_dir)


def current_knowledge_version(settings: Settings) -> str:
    """The knowledge version of the files plus the published rows (no validation, no model)."""
    from advisor.knowledge import knowledge_version

    return knowledge_version(settings.knowledge_dir, published_for(settings))
