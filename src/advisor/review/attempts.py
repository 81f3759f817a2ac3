"""Sign-in attempts, stored durably: per-name back-off and a per-client limit, never a global one.

A reload, a new browser or a restart of the server changes nothing, because the count lives in
SQLite under ``ADVISOR_DATA_DIR``. The log holds who tried, from where, when and whether it
worked: never a passphrase.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

NAME_LIMIT = 5  # failures for one name before delays start
CLIENT_LIMIT = 20  # failures from one client, over any names, before it is delayed
WINDOW_SECONDS = 900.0  # failures older than this are forgotten
FIRST_DELAY = 30.0  # the delay after NAME_LIMIT failures; it doubles with each further one
MAX_DELAY = 900.0

_log = logging.getLogger("advisor.review.sign_in")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sign_in_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    name TEXT NOT NULL,
    client TEXT NOT NULL,
    ok INTEGER NOT NULL
)
"""


def back_off(failures: int, limit: int) -> float:
    """Seconds to wait after ``failures`` recent failures: none below ``limit``, then doubling."""
    if failures < limit:
        return 0.0
    return min(FIRST_DELAY * 2 ** (failures - limit), MAX_DELAY)


class SignInLog:
    """Durable record of sign-in attempts, and the delays they impose."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        """Open (and create if needed) the log at ``path``; ``clock`` is injectable for tests."""
        self.path = path
        self.clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=10)) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            db.execute("CREATE INDEX IF NOT EXISTS attempts_name ON sign_in_attempts (name, at)")
            db.execute("CREATE INDEX IF NOT EXISTS attempts_client ON sign_in_attempts (client, at)")

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SignInLog:
        """The log of a data directory (``ADVISOR_DATA_DIR``)."""
        return cls(data_dir / "sign-in.sqlite3")

    def wait_for(self, name: str, client: str) -> float:
        """Seconds before ``name`` may try again from ``client`` (0 when it may try now)."""
        now = self.clock()
        name_wait = self._wait(now, "name", name.casefold(), NAME_LIMIT)
        client_wait = self._wait(now, "client", client, CLIENT_LIMIT)
        return max(name_wait, client_wait)

    def record(self, name: str, client: str, ok: bool) -> None:
        """Append one attempt (committed before returning) and log it without any secret."""
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            db.execute(
                "INSERT INTO sign_in_attempts (at, name, client, ok) VALUES (?, ?, ?, ?)",
                (self.clock(), name.casefold(), client, int(ok)),
            )
        # Failures at WARNING, so a default logging setup shows them; never the passphrase.
        level = logging.INFO if ok else logging.WARNING
        _log.log(level, "reviewer sign-in %s: name=%r client=%r", "succeeded" if ok else "failed", name, client)

    def _wait(self, now: float, column: str, value: str, limit: int) -> float:
        # Failures since the last success of this name or client, within the window.
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            since = db.execute(
                f"SELECT COALESCE(MAX(at), 0) FROM sign_in_attempts WHERE {column} = ? AND ok = 1", (value,)
            ).fetchone()[0]
            count, last = db.execute(
                f"SELECT COUNT(*), MAX(at) FROM sign_in_attempts WHERE {column} = ? AND ok = 0 AND at > ? AND at > ?",
                (value, since, now - WINDOW_SECONDS),
            ).fetchone()
        delay = back_off(count, limit)
        return max(0.0, delay - (now - last)) if delay else 0.0
