"""Feedback and sign-in attempts move into the shared database.

Revision ID: 0002
Revises: 0001

A file that already holds these tables (a store opened at an explicit SQLite path made before
this revision) keeps them as they are. The embedded database of a data folder copies the
feedback of the older ``feedback.sqlite3`` beside it, so an upgrade loses no feedback.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create ``feedback`` and ``sign_in_attempts`` unless present; import older SQLite feedback."""
    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    if "feedback" not in existing:
        feedback = op.create_table(
            "feedback",
            sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
            sa.Column("created_at", sa.String(40), nullable=False),
            sa.Column("rating", sa.Integer(), nullable=False),
            sa.Column("comment", sa.Text(), nullable=False, server_default=""),
            sa.Column("question", sa.Text(), nullable=False),
            sa.Column("role", sa.String(64), nullable=False),
            sa.Column("country", sa.String(16), nullable=False),
            sa.Column("level", sa.Integer(), nullable=True),
            sa.Column("language", sa.Text(), nullable=False),
            sa.Column("knowledge_version", sa.Text(), nullable=False),
            sa.Column("answer_json", sa.Text(), nullable=False),
            sa.CheckConstraint("rating IN (-1, 1)", name="feedback_rating"),
            sqlite_autoincrement=True,
        )
        _import_older_feedback(bind, feedback)
    if "sign_in_attempts" not in existing:
        op.create_table(
            "sign_in_attempts",
            sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
            sa.Column("at", sa.Float(), nullable=False),
            sa.Column("name", sa.String(200), nullable=False),
            sa.Column("client", sa.String(200), nullable=False),
            sa.Column("ok", sa.Integer(), nullable=False),
            sqlite_autoincrement=True,
        )
        op.create_index("attempts_name", "sign_in_attempts", ["name", "at"])
        op.create_index("attempts_client", "sign_in_attempts", ["client", "at"])


def _import_older_feedback(bind: sa.engine.Connection, feedback: sa.Table | None) -> None:
    # Only the embedded database of a data folder has an older file beside it.
    if bind.dialect.name != "sqlite" or feedback is None or not bind.engine.url.database:
        return
    older = Path(bind.engine.url.database).with_name("feedback.sqlite3")
    if not older.is_file():
        return
    columns = [column.name for column in feedback.columns]
    with closing(sqlite3.connect(f"file:{older}?mode=ro", uri=True)) as db:
        rows = db.execute(f"SELECT {', '.join(columns)} FROM feedback ORDER BY id").fetchall()
    if rows:
        op.bulk_insert(feedback, [dict(zip(columns, row, strict=True)) for row in rows])
