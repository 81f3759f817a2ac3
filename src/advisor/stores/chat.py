"""Chat history: the questions and answers of each chat session, kept durably and in order.

A session id is a random token the app makes once per browser session
(:func:`new_session_id`); the history lives in the shared database, so a reload, a restart or
another replica behind the proxy shows the same conversation.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa

from advisor.errors import BadInputError
from advisor.stores.database import SQLITE_FILE, Database
from advisor.stores.tables import chat_messages

if TYPE_CHECKING:
    from advisor.config import Settings

ChatRole = Literal["user", "assistant"]
CHAT_ROLES: tuple[str, ...] = ("user", "assistant")
MAX_CONTENT_CHARS = 500_000  # an answer object is tens of kilobytes; this bounds abuse, not use
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_session_id() -> str:
    """A fresh, unguessable session id (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


def check_session_id(session_id: object) -> str:
    """``session_id`` when it is a valid session id.

    Raises:
        BadInputError: it is not 16 to 64 letters, digits, ``-`` or ``_``.
    """
    if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
        shown = repr(session_id)[:40] if isinstance(session_id, str) else type(session_id).__name__
        raise BadInputError(
            f"session id {shown} is not accepted; use 16 to 64 letters, digits, '-' or '_' (see new_session_id())"
        )
    return session_id


@dataclass(frozen=True)
class ChatMessage:
    """One stored message of a chat session."""

    id: int
    role: str
    content: dict[str, Any]
    created_at: str


class ChatHistory:
    """The messages of every chat session, in one database."""

    def __init__(self, database: Database) -> None:
        """Use ``database`` (already migrated by :class:`Database`)."""
        self.database = database

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatHistory:
        """The chat history of ``settings``: ``ADVISOR_DATABASE_URL``, else SQLite in the data folder."""
        return cls(Database.from_settings(settings))

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ChatHistory:
        """The chat history in the embedded SQLite database of a data folder."""
        return cls(Database.sqlite(data_dir / SQLITE_FILE))

    def append(self, session_id: str, role: ChatRole, content: dict[str, Any]) -> int:
        """Add one message at the end of a session (committed before this returns).

        Args:
            session_id: the session, as made by :func:`new_session_id`.
            role: ``"user"`` for what the person asked, ``"assistant"`` for the answer.
            content: a JSON-serialisable dict, e.g. ``{"question": ...}`` or ``Answer.to_dict()``.

        Returns:
            The id of the stored message; later messages have larger ids.

        Raises:
            BadInputError: a bad session id or role, or content that is not a JSON object or too big.
            StoreUnavailableError: the database is down; nothing was saved.
        """
        check_session_id(session_id)
        if role not in CHAT_ROLES:
            raise BadInputError(f"chat role {role!r} is not accepted; use one of: {', '.join(CHAT_ROLES)}")
        text = _content_text(content)
        row = {
            "session_id": session_id,
            "role": role,
            "content": text,
            "created_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        }
        with self.database.write() as connection:
            result = connection.execute(sa.insert(chat_messages).values(**row).returning(chat_messages.c.id))
            return int(result.scalar_one())

    def messages(self, session_id: str) -> list[ChatMessage]:
        """The messages of a session, oldest first (empty for an unknown session).

        Raises:
            BadInputError: a bad session id.
            StoreUnavailableError: the database is down.
        """
        check_session_id(session_id)
        query = (
            sa.select(chat_messages.c.id, chat_messages.c.role, chat_messages.c.content, chat_messages.c.created_at)
            .where(chat_messages.c.session_id == session_id)
            .order_by(chat_messages.c.id)
        )
        with self.database.read() as connection:
            rows = connection.execute(query).all()
        return [ChatMessage(row.id, row.role, json.loads(row.content), row.created_at) for row in rows]

    def clear(self, session_id: str) -> int:
        """Delete every message of a session.

        Returns:
            How many messages were deleted.

        Raises:
            BadInputError: a bad session id.
            StoreUnavailableError: the database is down; nothing was deleted.
        """
        check_session_id(session_id)
        with self.database.write() as connection:
            result = connection.execute(sa.delete(chat_messages).where(chat_messages.c.session_id == session_id))
            return int(result.rowcount)


def _content_text(content: object) -> str:
    if not isinstance(content, dict):
        raise BadInputError(f"chat content must be a JSON object (a dict), not {type(content).__name__}")
    try:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")  # lone surrogates cannot be stored
    except (TypeError, ValueError) as error:
        raise BadInputError(f"chat content cannot be stored as JSON text: {error}") from error
    if len(text) > MAX_CONTENT_CHARS:
        raise BadInputError(f"chat content has {len(text)} characters as JSON; at most {MAX_CONTENT_CHARS}")
    return text
