"""Durable shared state behind one storage layer: embedded SQLite, or PostgreSQL when configured.

``ADVISOR_DATABASE_URL`` unset keeps everything in ``<ADVISOR_DATA_DIR>/advisor.sqlite3``;
``postgresql://...`` puts it in a PostgreSQL that several app replicas share.
"""

from __future__ import annotations

from advisor.stores.database import Database, StoreUnavailableError, database_url

__all__ = ["Database", "StoreUnavailableError", "database_url"]
