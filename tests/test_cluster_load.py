"""How ``advisor bench --cluster-load`` counts: rows per chat in the database, sessions per replica."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from advisor.cluster_load import _sessions_per_replica, count_rows
from advisor.stores.chat import ChatHistory, new_session_id


def test_rows_are_counted_per_chat_id_and_other_chats_are_left_out(database) -> None:
    history = ChatHistory(database)
    mine, other = new_session_id(), new_session_id()
    for chat in (mine, mine, other):
        history.append(chat, "user", {"text": "q"})
    feedback_rows, per_chat = count_rows(database.url, [mine, new_session_id()])
    assert feedback_rows == 0
    assert per_chat == {mine: 2}


def test_sessions_per_replica_come_from_the_websockets_in_the_access_log(tmp_path: Path) -> None:
    lines = [
        '127.0.0.1 [02/Dec/2026:07:00:00 +0000] "GET /_stcore/stream HTTP/1.1" 101 upstream=127.0.0.1:1 route=a',
        '127.0.0.1 [02/Dec/2026:07:10:00 +0000] "GET /_stcore/stream HTTP/1.1" 101 upstream=127.0.0.1:1 route=b',
        '127.0.0.1 [02/Dec/2026:07:10:01 +0000] "GET /_stcore/stream HTTP/1.1" 101 upstream=127.0.0.1:2 route=c',
        '127.0.0.1 [02/Dec/2026:07:10:02 +0000] "GET /static/x.js HTTP/1.1" 200 upstream=127.0.0.1:2 route=c',
    ]
    (tmp_path / "nginx-access.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    since = datetime(2026, 12, 2, 7, 5, tzinfo=UTC)  # the first stream is a warm-up before the window
    assert _sessions_per_replica(tmp_path, since) == {"127.0.0.1:1": 1, "127.0.0.1:2": 1}
