"""The tables the stores read and write, as SQLAlchemy Core objects.

They mirror what the migrations in ``migrations/versions/`` create; the migrations, not these
definitions, create and change the schema.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

chat_messages = sa.Table(
    "chat_messages",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(64), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("content", sa.Text(), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("rating", sa.Integer(), nullable=False),
    sa.Column("comment", sa.Text(), nullable=False),
    sa.Column("question", sa.Text(), nullable=False),
    sa.Column("role", sa.String(64), nullable=False),
    sa.Column("country", sa.String(16), nullable=False),
    sa.Column("level", sa.Integer(), nullable=True),
    sa.Column("language", sa.Text(), nullable=False),
    sa.Column("knowledge_version", sa.Text(), nullable=False),
    sa.Column("answer_json", sa.Text(), nullable=False),
)

sign_in_attempts = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("at", sa.Float(), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("client", sa.String(200), nullable=False),
    sa.Column("ok", sa.Integer(), nullable=False),
)

review_events = sa.Table(
    "review_events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("country", sa.String(16), nullable=False),
    sa.Column("item", sa.Text(), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("source_url", sa.Text(), nullable=False),
    sa.Column("knowledge_version", sa.Text(), nullable=False),
)

published_changes = sa.Table(
    "published_changes",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("path", sa.String(200), nullable=False),
    sa.Column("document", sa.Text(), nullable=False),
    sa.Column("proposal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
    sa.Column("published_by", sa.String(200), nullable=False),
    sa.Column("published_at", sa.String(40), nullable=False),
)
