"""One database for all shared state: engine, migrations on start, and clear errors.

SQLAlchemy 2 Core speaks both dialects; Alembic migrations (``migrations/``) bring the schema
up to date when a store opens it. Every write runs in one transaction that is committed
before the write returns, so an acknowledged write survives a crash of the process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine, make_url

from advisor.config import usable_folder
from advisor.errors import AdvisorError, BadInputError

if TYPE_CHECKING:
    from advisor.config import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "advisor.sqlite3"
_MIGRATION_LOCK = 1_400_014  # PostgreSQL advisory lock id: one replica migrates at a time
_ACCEPTED = "unset (embedded SQLite), sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"

_engines: dict[str, Engine] = {}
_migrated: set[tuple[str, int]] = set()
_lock = threading.Lock()


class StoreUnavailableError(AdvisorError):
    """The database cannot be reached or refuses to work: the write was not saved."""


class SchemaTooNewError(AdvisorError):
    """The database was migrated by a newer version of the advisor than this one."""


def database_url(settings: Settings) -> str:
    """The database ``settings`` name: ``ADVISOR_DATABASE_URL``, else SQLite in the data folder."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{usable_folder(settings.data_dir, 'ADVISOR_DATA_DIR') / SQLITE_FILE}"


def sqlite_url(path: Path) -> str:
    """The URL of an SQLite file (its folder is created when missing)."""
    usable_folder(path.parent, "ADVISOR_DATA_DIR")
    return f"sqlite:///{path}"


class Database:
    """A migrated database: hand out connections for reads and committed transactions for writes."""

    def __init__(self, url: str) -> None:
        """Open the database at ``url``, migrating its schema first when it is behind.

        Raises:
            BadInputError: the URL is not one the advisor accepts.
            StoreUnavailableError: the database cannot be reached.
            SchemaTooNewError: the schema is newer than this code knows.
        """
        self.url = url
        self.engine = _engine(url)
        self.dialect = self.engine.dialect.name
        key = (url, _file_identity(self.engine))
        if key not in _migrated:
            with _lock:
                if key not in _migrated:
                    migrate(self)
                    _migrated.add((url, _file_identity(self.engine)))

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """The database of ``settings`` (``ADVISOR_DATABASE_URL`` or the data folder)."""
        return cls(database_url(settings))

    @classmethod
    def sqlite(cls, path: Path) -> Database:
        """An embedded SQLite database in one file."""
        return cls(sqlite_url(path))

    def describe(self) -> str:
        """The URL without its password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction, committed when the block ends (and only then is the write acknowledged).

        Raises:
            StoreUnavailableError: the database is down, locked too long or out of space.
        """
        # IMMEDIATE on SQLite: take the write lock at the start, so two writers queue on the
        # busy timeout instead of one failing when it upgrades a read lock.
        with (
            self._unavailable_as_error(),
            self.engine.connect().execution_options(advisor_immediate=True) as connection,
            connection.begin(),
        ):
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading, in one transaction (a consistent snapshot)."""
        with self._unavailable_as_error(), self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def _unavailable_as_error(self) -> Iterator[None]:
        try:
            yield
        except (exc.OperationalError, exc.InterfaceError) as error:
            raise StoreUnavailableError(
                f"the database {self.describe()} is not available ({_reason(error)}); "
                "start it, or check ADVISOR_DATABASE_URL"
            ) from error


def close(url: str) -> None:
    """Close the pooled connections of ``url`` (tests, and a server that drops a database)."""
    with _lock:
        engine = _engines.pop(url, None)
        for key in [key for key in _migrated if key[0] == url]:
            _migrated.discard(key)
    if engine is not None:
        engine.dispose()


def schema_revision(database: Database) -> str:
    """The schema revision the database is at (after the migrations of opening it)."""
    from alembic.runtime.migration import MigrationContext

    with database.read() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return ", ".join(heads) or "none"


def migrate(database: Database) -> None:
    """Bring the schema to the newest revision this code knows; refuse a newer one.

    Raises:
        SchemaTooNewError: the database holds a revision that is not among ours.
        StoreUnavailableError: the database cannot be reached.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    with database.write() as connection:
        if database.dialect == "postgresql":
            # Replicas starting together: the first migrates, the others wait and find it done.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK})
        current = set(MigrationContext.configure(connection).get_current_heads())
        unknown = sorted(current - known)
        if unknown:
            raise SchemaTooNewError(
                f"the database {database.describe()} has schema revision {', '.join(unknown)}, newer than this "
                f"advisor knows (up to {script.get_current_head()}); upgrade the advisor, or use another database"
            )
        if current != set(script.get_heads()):
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _engine(url: str) -> Engine:
    with _lock:
        if url not in _engines:
            _engines[url] = _create_engine(url)
        return _engines[url]


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise BadInputError(f"ADVISOR_DATABASE_URL is not a database URL; accepted: {_ACCEPTED}") from error
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        engine = sa.create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_pre_ping=True,  # a restarted PostgreSQL: reconnect instead of failing once
            pool_size=5,
            max_overflow=5,
            connect_args={"connect_timeout": 5},
        )
        return engine
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        # A fresh connection per use: a data folder that is replaced (tests, restores) is
        # never written through a stale handle to a deleted file.
        engine = sa.create_engine(parsed, poolclass=sa.NullPool, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    raise BadInputError(f"ADVISOR_DATABASE_URL={backend!r} is not accepted; accepted: {_ACCEPTED}")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (the driver's implicit transactions are unreliable).
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA synchronous=FULL")  # a committed write is on disk
    dbapi_connection.execute("PRAGMA busy_timeout=30000")


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("advisor_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _file_identity(engine: Engine) -> int:
    # A replaced SQLite file (same path, new inode) needs migrating again.
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    try:
        return Path(path).stat().st_ino if path else 0
    except OSError:
        return -1


def _reason(error: exc.DBAPIError) -> str:
    text = str(error.orig).strip().splitlines()
    return text[0] if text else type(error.orig).__name__
