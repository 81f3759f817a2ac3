"""A chat that survives a reload: turns answered for a profile, kept in the durable store.

The app keeps the turns of a browser session in memory and writes each one to the chat
history store under a random session id that lives in the page's URL. A reload (a new
browser session on the same URL) reads them back with :func:`load_chat`.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Protocol

from advisor.answer import Answer
from advisor.answers.followup import compare
from advisor.conversation import Turn, resolve_followup
from advisor.stores.database import StoreUnavailableError

_log = logging.getLogger(__name__)


class History(Protocol):
    """What the chat needs of a chat-history store (``advisor.stores.chat.ChatHistory``)."""

    def append(self, session_id: str, role: Any, content: dict[str, Any]) -> int: ...

    def messages(self, session_id: str) -> list[Any]: ...

    def clear(self, session_id: str) -> int: ...


@dataclass
class ChatItem:
    """One turn of the chat: what the user typed, the answer, and the feedback given on it."""

    text: str
    answer: Answer
    feedback_id: int | None = None
    commented: bool = False


def ask_in_chat(
    advisor: Any,
    history: History | None,
    session_id: str,
    text: str,
    role: str,
    country: str,
    level: int | None,
    lang: str,
    previous: ChatItem | None = None,
) -> ChatItem:
    """Answer ``text`` (resolving a follow-up of ``previous``), store the turn, and return it.

    A follow-up that changes the role or country gets a comparison with the previous answer.

    Raises:
        BadInputError: the question or profile is not accepted.
    """
    last = None
    if previous is not None:
        query = previous.answer.query
        last = Turn(query.question, query.role, query.country)
    resolved = resolve_followup(text, role, country, last, lang)
    answer: Answer = advisor.ask(resolved.question, resolved.role, resolved.country, level, lang)
    answer.understood_as = resolved.understood_as
    if previous is not None and resolved.understood_as and not answer.out_of_scope:
        answer.comparison = compare(advisor.knowledge, previous.answer, answer, lang)
    item = ChatItem(text, answer)
    if history is None:
        return item
    try:
        history.append(session_id, "user", {"text": text})
        history.append(session_id, "assistant", {"answer": answer.to_dict()})
    except StoreUnavailableError:
        # Answers do not need the database: the turn is shown, only a reload will not find it.
        _log.warning("chat history unavailable: turn of session %s not kept", session_id[:6])
    return item


def load_chat(history: History | None, session_id: str) -> list[ChatItem]:
    """The stored turns of a session, oldest first; unreadable entries are skipped.

    Without a store (its database is down) the chat starts empty.
    """
    items: list[ChatItem] = []
    pending: str | None = None
    try:
        messages = history.messages(session_id) if history is not None else []
    except StoreUnavailableError:
        return items
    for message in messages:
        if message.role == "user":
            pending = str(message.content.get("text", ""))
        elif pending is not None:
            # An entry written by an older version that no longer reads is left out.
            with suppress(KeyError, TypeError, ValueError):
                items.append(ChatItem(pending, Answer.from_dict(message.content["answer"])))
            pending = None
    return items
