"""Two real replicas (``advisor serve``) on one real PostgreSQL: what A writes, B reads.

No nginx: each replica is reached on its own port, as the proxy would route two different users.
A user asks on replica A and gives a thumb; the feedback row is read back through the CLI pointed
at the same database, and replica B, opened on the same chat id, draws the stored conversation.
Then a correction is proposed, approved and published through the CLI on that database, and
replica B answers with it within the budget: it polls the published version and rebuilds in
the background on its own.
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


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def two_replicas(
    real_advisor, shared_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Replicas A and B (each its own data folder, one database); their URLs and their environment.

    Both tests of this file share them: starting two replicas is most of the file's time.
    """
    tmp_path = tmp_path_factory.mktemp("replicas")
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


# --- a correction published through A's database reaches B's answers --------------------------

CORRECTION_BUDGET_S = 30.0  # issue #14: every replica notices a new published version within 30 s
MARKER = "Reviewed for the replicas test (marker 6173)."
REVIEWERS = {"ADVISOR_REVIEWER_KEY": "somchai@TH=kheuang-mue-dee;nok@TH=dok-mai-ban"}


def _review(env: dict[str, str], passphrase: str, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "review", *arguments],
        cwd=ROOT,
        env={**env, **REVIEWERS, "ADVISOR_REVIEWER_PASSPHRASE": passphrase},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _fact_in_the_answer(real_advisor) -> object:
    """A Thai fact the default profile's answer shows (the page starts on Thailand, policy maker)."""
    from advisor.review.corrections import correctable_facts
    from advisor.webapp import DEFAULT_COUNTRY, DEFAULT_ROLE

    own = {f.id for f in correctable_facts(real_advisor.knowledge, DEFAULT_COUNTRY)}
    answer = real_advisor.ask(QUESTION, DEFAULT_ROLE, DEFAULT_COUNTRY)
    return next(f for f in answer.country_context if f.id in own)


async def _ask_until(replica: str, wanted: str, deadline: float | None, publish: object = None) -> tuple[int, float]:
    """Ask on ``replica`` again and again in one chat until an answer holds ``wanted``.

    ``publish`` (a callable) runs after the first answer, which must not hold ``wanted`` yet.
    Returns how many questions were asked and when (monotonic) the answer holding it was drawn.
    """
    from playwright.async_api import async_playwright, expect

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
            await page.goto(replica, timeout=120_000)
            box = page.get_by_test_id("stChatInputTextArea")
            messages = page.get_by_test_id("stChatMessage")
            asked = 0
            while True:
                await expect(box).to_be_editable(timeout=120_000)
                await box.fill(QUESTION)
                await box.press("Enter")
                asked += 1
                await expect(messages).to_have_count(2 * asked, timeout=120_000)
                answer = messages.nth(2 * asked - 1)
                await expect(answer.locator(f".st-key-rating-{asked - 1}")).to_be_visible(timeout=120_000)
                text = await answer.text_content() or ""
                if publish is not None:
                    assert wanted not in text
                    publish()  # type: ignore[operator]
                    deadline, publish = time.monotonic() + CORRECTION_BUDGET_S, None
                    continue
                if wanted in text:
                    return asked, time.monotonic()
                assert deadline is not None
                assert time.monotonic() < deadline, f"replica B did not answer with it in {CORRECTION_BUDGET_S:.0f} s"
        finally:
            await browser.close()


def test_a_correction_published_through_replica_as_database_reaches_replica_b(two_replicas, real_advisor) -> None:
    _replica_a, replica_b, env = two_replicas
    fact = _fact_in_the_answer(real_advisor)
    text = f"{fact.text} {MARKER}"
    published_at: list[float] = []

    def publish() -> None:
        proposal = _review(env, "kheuang-mue-dee", "propose", "--country", "TH", "--fact", fact.id, "--text", text,
                           "--source", fact.source_url, "--as", "somchai", "--json").split('"')[3]  # fmt: skip
        _review(env, "dok-mai-ban", "approve", proposal, "--as", "nok")
        _review(env, "dok-mai-ban", "publish", proposal, "--as", "nok")
        published_at.append(time.monotonic())

    asked, seen_at = asyncio.run(_ask_until(replica_b, MARKER, None, publish))
    seconds = seen_at - published_at[0]
    print(f"\npublish -> answer on replica B: {seconds:.1f} s ({asked - 1} questions after the publish)")
    assert seconds < CORRECTION_BUDGET_S + 15  # the last question may start just before the budget ends

    from advisor.stores.database import Database
    from advisor.stores.published import PublishedStore

    changes = PublishedStore(Database(env["ADVISOR_DATABASE_URL"])).changes()
    assert [(c.path, c.published_by) for c in changes] == [("overrides/TH.yaml", "nok")]
    shipped = ROOT / "knowledge" / "overrides" / "TH.yaml"
    assert not shipped.exists() or MARKER not in shipped.read_text(encoding="utf-8")  # the database holds it
