"""``advisor db import-reviews``: copy the history of an older ``reviews.sqlite3`` into the database."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from advisor.errors import BadInputError
from advisor.review.store import ReviewStore
from advisor.stores.database import Database
from advisor.stores.tables import review_events

_OLD_COLUMNS = ("id", "created_at", "reviewer", "country", "item", "action", "text", "source_url", "knowledge_version")


def import_review_file(database: Database, path: Path) -> int:
    """Copy the events of an older ``reviews.sqlite3`` into ``database``'s empty review history, ids kept.

    For moving a deployment's history into a shared PostgreSQL (the embedded SQLite of a data
    folder imports its neighbour by itself). Only an empty history is filled: proposals are
    named by their event ids, so two histories cannot be merged.

    Returns:
        How many events were copied.

    Raises:
        BadInputError: no such file, not a review store, or the database already holds events.
    """
    import sqlite3
    from contextlib import closing

    if not path.is_file():
        raise BadInputError(f"{path}: no such file; pass the reviews.sqlite3 of an advisor data folder")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as old:
            rows = old.execute(f"SELECT {', '.join(_OLD_COLUMNS)} FROM actions ORDER BY id").fetchall()
    except sqlite3.DatabaseError as error:
        raise BadInputError(
            f"{path} is not a review store ({error}); pass the reviews.sqlite3 of a data folder"
        ) from error
    with database.write() as db:
        ReviewStore.decision_lock(db)  # no decision meanwhile
        held = int(db.execute(sa.select(sa.func.count()).select_from(review_events)).scalar_one())
        if held:
            raise BadInputError(
                f"the database already holds {held} review events; import-reviews fills an empty history only "
                "(proposals are named by their ids)"
            )
        if rows:
            db.execute(sa.insert(review_events), [dict(zip(_OLD_COLUMNS, row, strict=True)) for row in rows])
        if db.dialect.name == "postgresql":
            # Ids were given explicitly: move the sequence past them, or the next event would collide.
            db.execute(sa.text("SELECT setval(pg_get_serial_sequence('review_events', 'id'), "
                               "GREATEST((SELECT max(id) FROM review_events), 1))"))  # fmt: skip
    return len(rows)
