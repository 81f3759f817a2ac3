"""Chat history is durable, ordered, kept per session, and refuses bad session ids and content."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.errors import BadInputError
from advisor.stores.chat import MAX_CONTENT_CHARS, ChatHistory, check_session_id, new_session_id
from advisor.stores.database import Database, close

ANSWER = {
    "query": {"question": "ข้อมูลในนโยบาย?", "country": "TH"},
    "competencies": [{"id": "DG1"}],
    "confidence": "high",
}


@pytest.fixture
def history(database: Database) -> ChatHistory:
    return ChatHistory(database)


def test_messages_come_back_in_order_and_survive_a_restart(history: ChatHistory, database_url: str) -> None:
    session = new_session_id()
    first = history.append(session, "user", {"question": "ข้อมูลในนโยบาย?"})
    second = history.append(session, "assistant", ANSWER)
    third = history.append(session, "user", {"question": "and for HR?"})
    assert first < second < third
    close(database_url)  # as after a restart: new connections, nothing cached
    restarted = ChatHistory(Database(database_url))
    messages = restarted.messages(session)
    assert [m.id for m in messages] == [first, second, third]
    assert [m.role for m in messages] == ["user", "assistant", "user"]
    assert messages[1].content == ANSWER
    assert messages[0].created_at <= messages[1].created_at <= messages[2].created_at


def test_sessions_are_kept_apart_and_cleared_alone(history: ChatHistory) -> None:
    mine, theirs = new_session_id(), new_session_id()
    history.append(mine, "user", {"question": "mine"})
    history.append(mine, "assistant", ANSWER)
    history.append(theirs, "user", {"question": "theirs"})
    assert [m.content for m in history.messages(theirs)] == [{"question": "theirs"}]
    assert history.clear(mine) == 2
    assert history.messages(mine) == []
    assert history.clear(mine) == 0
    assert len(history.messages(theirs)) == 1
    assert history.messages(new_session_id()) == []


def test_from_settings_uses_the_data_folder_without_a_database_url(tmp_path: Path) -> None:
    settings = Settings(knowledge_dir=tmp_path, index_dir=tmp_path, data_dir=tmp_path / "data")
    session = new_session_id()
    ChatHistory.from_settings(settings).append(session, "user", {"question": "q"})
    assert (tmp_path / "data" / "advisor.sqlite3").is_file()
    assert len(ChatHistory.in_data_dir(tmp_path / "data").messages(session)) == 1


def test_new_session_ids_are_valid_and_unique() -> None:
    ids = {new_session_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(check_session_id(i) == i for i in ids)


@pytest.mark.parametrize(
    "session_id",
    [
        "",
        "short",
        "a" * 65,
        "../../etc/passwd-xx",
        "with space 123456",
        "ünïcödé-session-id",
        "x" * 15,
        12345678901234567,
        None,
    ],
)
def test_bad_session_ids_are_refused_in_one_line(history: ChatHistory, session_id: object) -> None:
    for call in (
        lambda: history.append(session_id, "user", {"q": 1}),  # type: ignore[arg-type]
        lambda: history.messages(session_id),  # type: ignore[arg-type]
        lambda: history.clear(session_id),  # type: ignore[arg-type]
    ):
        with pytest.raises(BadInputError, match=r"session id .* is not accepted; use 16 to 64") as caught:
            call()
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("role", "content", "message"),
    [
        ("system", {"q": 1}, "chat role 'system' is not accepted"),
        ("user", ["not", "a", "dict"], "must be a JSON object"),
        ("user", "text", "must be a JSON object"),
        ("user", {"q": {1, 2}}, "cannot be stored as JSON"),
        ("user", {"q": float("nan")}, "cannot be stored as JSON"),
        ("user", {"q": "\ud800"}, "cannot be stored as JSON"),
        ("assistant", {"answer": "x" * MAX_CONTENT_CHARS}, f"at most {MAX_CONTENT_CHARS}"),
    ],
)
def test_bad_messages_are_refused_and_nothing_is_stored(
    history: ChatHistory, role: str, content: object, message: str
) -> None:
    session = new_session_id()
    with pytest.raises(BadInputError, match=message):
        history.append(session, role, content)  # type: ignore[arg-type]
    assert history.messages(session) == []
