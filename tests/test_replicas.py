"""Two real replicas (``advisor serve``) on one real PostgreSQL: what A writes, B reads.

No nginx: each replica is reached on its own port, as the proxy would route two different users.
A user asks on replica A and gives a thumb; the feedback row is read back through the CLI pointed
at the same database, and replica B, opened on the same chat id, draws the stored conversation.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.cluster_load import SessionRecord, cluster_session
from advisor.load_bench import CHROMIUM, CHROMIUM_ARGS, _free_port
from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

QUESTION = "What should I learn to use data in policy making?"


def _healthy(url: str, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, f"replica exited with code {process.returncode}"
        try:
            with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} was not healthy in {timeout_s:.0f} s")


@pytest.fixture
def shared_database(postgres_server) -> Iterator[str]:
    """A fresh database in the session's PostgreSQL, for the two replicas to share."""
    import psycopg

    from advisor.stores.database import close

    name = f"replicas_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.get_uri(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = str(postgres_server.get_uri(name))
    yield url
    close(url)
    with psycopg.connect(postgres_server.get_uri(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def two_replicas(real_advisor, shared_database: str, tmp_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Replicas A and B (each its own data folder, one database); their URLs and their environment."""
    env = {
        **os.environ,
        "ADVISOR_DATABASE_URL": shared_database,
        "ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir),
        "PYTHONPATH": str(ROOT / "src"),
    }
    processes, urls = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = (tmp_path / f"replica-{name}.log").open("wb")
            replica_env = {**env, "ADVISOR_DATA_DIR": str(tmp_path / f"data-{name}")}  # no local disk in common
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "advisor", "serve", "--address", "127.0.0.1", "--port", str(port)],
                    cwd=ROOT,
                    env=replica_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            urls.append(f"http://127.0.0.1:{port}/")
        for url, process in zip(urls, processes, strict=True):
            _healthy(url, process, 60)
        yield urls[0], urls[1], env
    finally:
        running = [p for p in processes if p.poll() is None]
        for process in running:  # both at once: each takes seconds to close its sessions
            os.killpg(process.pid, signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


def _first_competency(database_url: str, chat_id: str) -> str:
    """The title of the first competency in the answer stored for a chat."""
    from advisor.stores.chat import ChatHistory
    from advisor.stores.database import Database

    stored = ChatHistory(Database(database_url)).messages(chat_id)
    return stored[1].content["answer"]["competencies"][0]["title"]


async def _ask_on_a_then_open_b(replica_a: str, replica_b: str, database_url: str) -> tuple[SessionRecord, list[str]]:
    from playwright.async_api import async_playwright, expect

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            record = SessionRecord()
            await cluster_session(browser, replica_a, [QUESTION], 120, True, record)
            assert record.chat_id, "replica A did not put a chat id in the URL"
            context = await browser.new_context()
            page = await context.new_page()
            await page.goto(f"{replica_b}?chat={record.chat_id}", timeout=120_000)
            messages = page.get_by_test_id("stChatMessage")
            await expect(messages).to_have_count(2, timeout=120_000)
            # A message's avatar is drawn before its body: wait for the reply A gave, as stored.
            reply = _first_competency(database_url, record.chat_id)
            await expect(messages.nth(1)).to_contain_text(reply, timeout=120_000)
            texts = [await messages.nth(n).inner_text() for n in range(2)]
            await context.close()
            return record, texts
        finally:
            await browser.close()


def test_feedback_and_chat_written_through_replica_a_are_read_by_replica_b(two_replicas) -> None:
    replica_a, replica_b, env = two_replicas
    record, texts = asyncio.run(_ask_on_a_then_open_b(replica_a, replica_b, env["ADVISOR_DATABASE_URL"]))

    assert record.answers == 1
    assert record.thumbs_acknowledged == 1
    # Replica B draws A's conversation for the same chat id: the question, and the answer A gave.
    assert QUESTION in texts[0]

    # The thumb A acknowledged is in the shared database, read by another process.
    exported = subprocess.run(
        [sys.executable, "-m", "advisor", "feedback", "export"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert len(rows) == 1
    assert rows[0]["rating"] == "1"
    assert rows[0]["question"] == QUESTION

    # And B's own store, pointed at the same database, sees that chat's two messages.
    from advisor.stores.chat import ChatHistory
    from advisor.stores.database import Database

    stored = ChatHistory(Database(env["ADVISOR_DATABASE_URL"])).messages(record.chat_id or "")
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[0].content == {"text": QUESTION}
    assert _first_competency(env["ADVISOR_DATABASE_URL"], record.chat_id or "") in texts[1]
