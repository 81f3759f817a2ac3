"""Review events and published corrections move into the shared database.

Revision ID: 0003
Revises: 0002

``review_events`` holds the append-only review history (it was ``reviews.sqlite3``, table
``actions``); ``published_changes`` holds what publishing made public (an overrides document
per country, a reviewed translation entry), laid over the knowledge files by the loader.

The embedded database of a data folder copies the events of the older ``reviews.sqlite3``
beside it, ids included (proposals are named by their event id), so an upgrade loses no review.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_COLUMNS = ("id", "created_at", "reviewer", "country", "item", "action", "text", "source_url", "knowledge_version")


def upgrade() -> None:
    """Create ``review_events`` and ``published_changes``; import an older ``reviews.sqlite3``."""
    events = op.create_table(
        "review_events",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("country", sa.String(16), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("source_url", sa.Text(), nullable=False, server_default=""),
        sa.Column("knowledge_version", sa.Text(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("review_events_country", "review_events", ["country", "id"])
    op.create_table(
        "published_changes",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("proposal_id", _BIG_ID, nullable=True),
        sa.Column("published_by", sa.String(200), nullable=False),
        sa.Column("published_at", sa.String(40), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("published_changes_path", "published_changes", ["path", "id"])
    _import_older_reviews(op.get_bind(), events)


def _import_older_reviews(bind: sa.engine.Connection, events: sa.Table | None) -> None:
    # Only the embedded database of a data folder has an older file beside it. A PostgreSQL is
    # shared by replicas with a data folder each: which file would be the history? See docs/deploy.md.
    if bind.dialect.name != "sqlite" or events is None or not bind.engine.url.database:
        return
    older = Path(bind.engine.url.database).with_name("reviews.sqlite3")
    if not older.is_file():
        return
    with closing(sqlite3.connect(f"file:{older}?mode=ro", uri=True)) as db:
        try:
            rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM actions ORDER BY id").fetchall()
        except sqlite3.DatabaseError:  # not a review store after all: nothing to carry over
            return
    if rows:
        op.bulk_insert(events, [dict(zip(_COLUMNS, row, strict=True)) for row in rows])
