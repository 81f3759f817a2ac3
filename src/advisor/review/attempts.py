"""Sign-in attempts, stored durably: per-name back-off and a per-client limit, never a global one.

A reload, a new browser, a restart of the server or another replica behind the proxy changes
nothing, because the count lives in the advisor's database (:mod:`advisor.stores`), shared by
all replicas when ``ADVISOR_DATABASE_URL`` is set. The log holds who tried, from where, when and whether it
worked: never a passphrase.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from advisor.stores.database import SQLITE_FILE, Database
from advisor.stores.tables import sign_in_attempts

if TYPE_CHECKING:
    from advisor.config import Settings

NAME_LIMIT = 5  # failures for one name before delays start
CLIENT_LIMIT = 20  # failures from one client, over any names, before it is delayed
WINDOW_SECONDS = 900.0  # failures older than this are forgotten
FIRST_DELAY = 30.0  # the delay after NAME_LIMIT failures; it doubles with each further one
MAX_DELAY = 900.0

_log = logging.getLogger("advisor.review.sign_in")


def back_off(failures: int, limit: int) -> float:
    """Seconds to wait after ``failures`` recent failures: none below ``limit``, then doubling."""
    if failures < limit:
        return 0.0
    return min(FIRST_DELAY * 2 ** (failures - limit), MAX_DELAY)


class SignInLog:
    """Durable record of sign-in attempts, and the delays they impose."""

    def __init__(self, target: Path | Database, clock: Callable[[], float] = time.time) -> None:
        """Use a :class:`~advisor.stores.Database`, or the SQLite file at ``target``; ``clock`` is for tests."""
        self.database = target if isinstance(target, Database) else Database.sqlite(target)
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: Settings, clock: Callable[[], float] = time.time) -> SignInLog:
        """The log of ``settings``: ``ADVISOR_DATABASE_URL``, else SQLite in the data folder."""
        return cls(Database.from_settings(settings), clock)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SignInLog:
        """The log in the embedded SQLite database of a data folder (``ADVISOR_DATA_DIR``)."""
        return cls(data_dir / SQLITE_FILE)

    def wait_for(self, name: str, client: str) -> float:
        """Seconds before ``name`` may try again from ``client`` (0 when it may try now)."""
        now = self.clock()
        name_wait = self._wait(now, "name", name.casefold(), NAME_LIMIT)
        client_wait = self._wait(now, "client", client, CLIENT_LIMIT)
        return max(name_wait, client_wait)

    def record(self, name: str, client: str, ok: bool) -> None:
        """Append one attempt (committed before returning) and log it without any secret."""
        row = {"at": self.clock(), "name": name.casefold()[:200], "client": client[:200], "ok": int(ok)}
        with self.database.write() as connection:
            connection.execute(sa.insert(sign_in_attempts).values(**row))
        # Failures at WARNING, so a default logging setup shows them; never the passphrase.
        level = logging.INFO if ok else logging.WARNING
        _log.log(level, "reviewer sign-in %s: name=%r client=%r", "succeeded" if ok else "failed", name, client)

    def _wait(self, now: float, column: str, value: str, limit: int) -> float:
        # Failures since the last success of this name or client, within the window.
        table = sign_in_attempts
        key = table.c[column]
        last_success = sa.select(sa.func.coalesce(sa.func.max(table.c.at), 0.0)).where(key == value, table.c.ok == 1)
        failures = sa.select(sa.func.count(), sa.func.max(table.c.at)).where(
            key == value,
            table.c.ok == 0,
            table.c.at > last_success.scalar_subquery(),
            table.c.at > now - WINDOW_SECONDS,
        )
        with self.database.read() as connection:
            count, last = connection.execute(failures).one()
        delay = back_off(count, limit)
        return max(0.0, delay - (now - last)) if delay else 0.0
