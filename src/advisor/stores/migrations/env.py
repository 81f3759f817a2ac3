"""Alembic environment: migrations always run on a connection the advisor hands over.

They run programmatically on start (:func:`advisor.stores.database.migrate`), inside the
caller's transaction, never from an ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# SQLite cannot ALTER most things in place: batch mode copies the table instead.
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
