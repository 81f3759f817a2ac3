"""The storage layer: migrations on start, older SQLite files adopted, a newer schema refused."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from advisor.errors import BadInputError
from advisor.feedback import FeedbackStore
from advisor.review.attempts import SignInLog
from advisor.stores.database import Database
from conftest import ROOT

OLD_FEEDBACK_SCHEMA = """
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)), comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL, role TEXT NOT NULL, country TEXT NOT NULL, level INTEGER,
    language TEXT NOT NULL, knowledge_version TEXT NOT NULL, answer_json TEXT NOT NULL)
"""
OLD_ROW = ("2025-01-02T03:04:05+00:00", -1, "old comment", "old question", "policy-maker", "VN", 2, "vi", "v0", "{}")


def _old_feedback_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(OLD_FEEDBACK_SCHEMA)
        db.execute(
            "INSERT INTO feedback (created_at, rating, comment, question, role, country, level, language, "
            "knowledge_version, answer_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            OLD_ROW,
        )


def test_feedback_of_the_older_file_is_carried_into_the_data_folders_database(tmp_path: Path) -> None:
    _old_feedback_file(tmp_path / "feedback.sqlite3")
    store = FeedbackStore.in_data_dir(tmp_path)
    records = store.all()
    assert [(r.question, r.country, r.level, r.comment) for r in records] == [("old question", "VN", 2, "old comment")]
    new_id = store.record({"query": {"question": "q", "role": "policy-maker", "country": "TH"}}, 1)
    assert new_id > records[0].id
    assert len(FeedbackStore.in_data_dir(tmp_path).all()) == 2  # imported once, not on every start


def test_an_older_file_opened_by_path_keeps_its_rows(tmp_path: Path) -> None:
    _old_feedback_file(tmp_path / "legacy.db")
    assert [r.question for r in FeedbackStore(tmp_path / "legacy.db").all()] == ["old question"]
    SignInLog(tmp_path / "legacy.db").record("ana", "c", ok=False)  # the same file gains the new tables


def _cli(data_dir: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "ADVISOR_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "advisor", *arguments],
        cwd=ROOT,
        env={**environment, "ADVISOR_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_a_schema_newer_than_the_code_is_refused_in_one_line(tmp_path: Path) -> None:
    FeedbackStore.in_data_dir(tmp_path)
    with closing(sqlite3.connect(tmp_path / "advisor.sqlite3")) as db, db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    result = _cli(tmp_path, "feedback", "export")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "schema revision 9999, newer than this advisor knows" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [("mysql://u@h/db", "'mysql' is not accepted"), ("not a url", "is not a database URL"), ("sqlite://", "accepted")],
)
def test_an_unsupported_database_url_is_bad_input(url: str, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        Database(url)
    result = _cli(Path("/nonexistent"), "feedback", "export", ADVISOR_DATABASE_URL=url)
    assert result.returncode == 2
    assert message.strip("'") in result.stderr
    assert result.stderr.count("\n") == 1


# --- the same behaviour on both engines (the database fixtures are in conftest.py) ----------

ANSWER = {
    "query": {"question": "ข้อมูล ในนโยบาย?", "role": "policy-maker", "country": "TH", "level": 3, "language": "th"},
    "competencies": [{"id": "DG1"}],
    "knowledge_version": "abc123",
}


def test_feedback_is_stored_filtered_commented_and_exported(database: Database) -> None:
    store = FeedbackStore(database)
    down = store.record(ANSWER, -1)
    store.record({**ANSWER, "query": {**ANSWER["query"], "country": "VN"}}, -1, "vn")
    store.record(ANSWER, 1, "good")
    store.set_comment(down, "out of date\nsince 2024")
    reopened = FeedbackStore(Database(database.url))
    assert [(r.rating, r.country, r.comment) for r in reopened.all(rating=-1, country="TH")] == [
        (-1, "TH", "out of date\nsince 2024")
    ]
    assert [r.rating for r in reopened.all()] == [-1, -1, 1]
    assert reopened.all()[0].answer == ANSWER
    assert reopened.all()[0].level == 3
    assert "out of date" in reopened.export_csv()
    with pytest.raises(BadInputError, match="no feedback has id"):
        store.set_comment(down + 100, "x")


def test_sign_in_back_off_is_shared_through_the_database(database: Database) -> None:
    now = [1000.0]
    replica_a, replica_b = SignInLog(database, lambda: now[0]), SignInLog(Database(database.url), lambda: now[0])
    for _ in range(5):
        replica_a.record("Somchai", "10.0.0.1", ok=False)
    assert replica_b.wait_for("somchai", "elsewhere") == pytest.approx(30.0)  # the other replica sees it
    assert replica_b.wait_for("sari", "elsewhere") == 0.0
    now[0] += 31
    replica_b.record("somchai", "10.0.0.1", ok=True)
    assert replica_a.wait_for("somchai", "10.0.0.1") == 0.0


def test_concurrent_writers_lose_nothing(database: Database) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from advisor.stores.chat import ChatHistory, new_session_id

    history = ChatHistory(database)
    sessions = [new_session_id() for _ in range(4)]

    def write(session: str) -> list[int]:
        return [history.append(session, "user", {"n": n}) for n in range(25)]

    with ThreadPoolExecutor(4) as pool:
        ids = [i for batch in pool.map(write, sessions) for i in batch]
    assert len(set(ids)) == 100
    for session in sessions:
        assert [m.content["n"] for m in history.messages(session)] == list(range(25))


def test_the_review_history_of_an_older_reviews_file_is_carried_over_once(tmp_path: Path) -> None:
    from advisor.review.access import Reviewer
    from advisor.review.store import ReviewStore

    older = tmp_path / "reviews.sqlite3"
    with closing(sqlite3.connect(older)) as db, db:
        db.execute(
            "CREATE TABLE actions (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, reviewer TEXT "
            "NOT NULL, country TEXT NOT NULL, item TEXT NOT NULL, action TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', "
            "source_url TEXT NOT NULL DEFAULT '', knowledge_version TEXT NOT NULL)"
        )
        db.execute("INSERT INTO actions VALUES (7, '2025-01-01T00:00:00+00:00', 'somchai', 'TH', 'fact:th-dga', "
                   "'propose', 'Older text.', 'https://www.dga.or.th/', 'v0')")  # fmt: skip
        db.execute("INSERT INTO actions VALUES (8, '2025-01-02T00:00:00+00:00', 'nok', 'TH', 'proposal:7', "
                   "'approve-proposal', '', '', 'v0')")  # fmt: skip
    store = ReviewStore.in_data_dir(tmp_path)
    proposal = store.proposal(7)  # ids are kept: proposals are named by them
    assert (proposal.status, proposal.proposed_by, proposal.approved_by, proposal.text) == (
        "approved", "somchai", "nok", "Older text.",
    )  # fmt: skip
    new = store.record(Reviewer("nok", frozenset({"TH"})), "TH", "question:q1", "approve", "v1")
    assert new > 8
    assert len(ReviewStore.in_data_dir(tmp_path).history("TH")) == 3  # imported once, not on every start


def _older_reviews_file(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE actions (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, reviewer TEXT "
            "NOT NULL, country TEXT NOT NULL, item TEXT NOT NULL, action TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', "
            "source_url TEXT NOT NULL DEFAULT '', knowledge_version TEXT NOT NULL)"
        )
        db.execute("INSERT INTO actions VALUES (41, '2025-01-01T00:00:00+00:00', 'somchai', 'TH', 'fact:th-dga', "
                   "'propose', 'Older text.', 'https://www.dga.or.th/', 'v0')")  # fmt: skip


def test_an_older_review_history_is_imported_into_an_empty_database_once(database: Database, tmp_path: Path) -> None:
    from advisor.review.access import Reviewer
    from advisor.review.legacy_import import import_review_file
    from advisor.review.store import ReviewStore

    older = tmp_path / "old" / "reviews.sqlite3"
    older.parent.mkdir()
    _older_reviews_file(older)
    assert import_review_file(database, older) == 1
    store = ReviewStore(database)
    assert store.proposal(41).text == "Older text."  # the id that names the proposal is kept
    approved = store.approve(Reviewer("nok", frozenset({"TH"})), 41, "v1")  # the next id is past the imported ones
    assert approved.status == "approved"
    assert [a.id > 41 for a in store.history("TH")] == [False, True]
    with pytest.raises(BadInputError, match="already holds 2 review events"):
        import_review_file(database, older)
    (tmp_path / "notes.txt").write_text("not a database at all, and long enough to be read as one" * 20)
    with pytest.raises(BadInputError, match="is not a review store"):
        import_review_file(database, tmp_path / "notes.txt")


def test_import_reviews_on_the_command_line_says_one_line(tmp_path: Path) -> None:
    result = _cli(tmp_path, "db", "import-reviews", str(tmp_path / "missing.sqlite3"))
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert "no such file" in result.stderr
    _older_reviews_file(tmp_path / "reviews-old.sqlite3")
    result = _cli(tmp_path / "data", "db", "import-reviews", str(tmp_path / "reviews-old.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert "imported 1 review events" in result.stdout
