"""``advisor bench --cluster-load N``: N sessions through nginx, two replicas, one PostgreSQL; lost writes.

It starts the local cluster of :mod:`advisor.cluster` (embedded PostgreSQL 18, two replicas,
nginx) in a temporary data folder, warms each replica up directly, then drives N sessions at
once through the proxy from one Chromium (the sessions of :mod:`advisor.browser_session`, as in
:mod:`advisor.load_bench`). Each session asks K questions and gives one thumb up, on its first
answer that offers thumbs.

What each session was told was saved is counted on the client side:

- a chat turn: the answer was drawn in a chat with an id in the URL (``?chat=...``); the app
  writes the question and the answer to the chat history, committed, before it draws the answer,
  so every drawn answer stands for two acknowledged ``chat_messages`` rows of that chat id;
- a thumb: the page showed "Rating saved.", which it draws only after the feedback row committed.

Then the rows are counted in PostgreSQL: lost writes are acknowledged writes with no row, and
must be 0. Server time per answer comes from both replicas' ``ADVISOR_TIMING_LOG`` lines. The
cluster is stopped at the end, also when something failed.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urlparse

from advisor.browser_session import DrawnAnswer, ask_in_chat
from advisor.errors import AdvisorError
from advisor.load_bench import (
    ANSWER_TIMEOUT_S,
    CHROMIUM,
    CHROMIUM_ARGS,
    WARM_UP_TIMEOUT_S,
    _check_browser,
    _free_port,
    _one_line,
    _pct,
    genuine_questions,
)

RATING_SAVED = "Rating saved."  # locales/en.yaml rating_saved; sessions use the English interface
RUN_DEADLINE_S = 900.0


@dataclass
class SessionRecord:
    """What one session saw: its chat id, the answers drawn, and whether its thumb was acknowledged."""

    chat_id: str | None = None
    answers: int = 0
    thumbs_acknowledged: int = 0
    seconds: list[float] = field(default_factory=list)  # submit to answer drawn


@dataclass
class ClusterLoadResult:
    """The figures of one run."""

    sessions: int
    questions_per_session: int
    replicas: int = 2
    answers_drawn: int = 0
    server_answers: int = 0  # answers composed, from the replicas' timing logs
    p50_s: float | None = None  # server seconds per answer
    p95_s: float | None = None
    browser_p50_s: float | None = None
    browser_p95_s: float | None = None
    acknowledged_chat_messages: int = 0
    stored_chat_messages: int = 0
    acknowledged_feedback: int = 0
    stored_feedback: int = 0
    lost_writes: int = 0
    sessions_per_replica: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    error_lines: list[str] = field(default_factory=list)
    wall_s: float = 0.0


async def cluster_session(
    browser: Any, url: str, questions: list[str], timeout_s: float, thumb: bool, record: SessionRecord
) -> None:
    """One user through the proxy: ask each question, thumb up the first answer that offers thumbs.

    Fills ``record`` as it goes, so a session that fails half-way still counts what it was told.
    """
    from playwright.async_api import expect

    timeout_ms = timeout_s * 1000

    async def count_answer(drawn: DrawnAnswer) -> None:
        record.seconds.append(drawn.seconds)
        record.chat_id = parse_qs(urlparse(drawn.page.url).query).get("chat", [None])[0]
        record.answers += 1
        if thumb and not record.thumbs_acknowledged and await drawn.rating.count():
            await drawn.rating.get_by_role("radio", name="Thumbs up").click(timeout=timeout_ms)
            await expect(drawn.message.get_by_text(RATING_SAVED)).to_be_visible(timeout=timeout_ms)
            record.thumbs_acknowledged += 1

    await ask_in_chat(browser, url, questions, timeout_s, count_answer)


def count_rows(database_url: str, chat_ids: list[str]) -> tuple[int, dict[str, int]]:
    """Feedback rows in the database, and chat_messages rows per chat id."""
    import sqlalchemy as sa

    from advisor.stores.database import Database
    from advisor.stores.tables import chat_messages, feedback

    database = Database(database_url)
    with database.read() as connection:
        feedback_rows = int(connection.execute(sa.select(sa.func.count()).select_from(feedback)).scalar_one())
        query = (
            sa.select(chat_messages.c.session_id, sa.func.count())
            .where(chat_messages.c.session_id.in_(chat_ids))
            .group_by(chat_messages.c.session_id)
        )
        per_chat = {row[0]: int(row[1]) for row in connection.execute(query)} if chat_ids else {}
    return feedback_rows, per_chat


def run_cluster_load(sessions: int, per_session: int, as_json: bool, out: IO[str]) -> int:
    """Start the cluster, drive the sessions through nginx, count the writes, stop everything.

    Returns:
        0 when every session finished and no acknowledged write is missing, else 1.
    """
    from advisor import cluster
    from advisor.config import Settings, project_root
    from advisor.stores.database import close

    _check_browser()
    questions = genuine_questions(project_root())
    result = ClusterLoadResult(sessions, per_session)
    saved_env = {key: os.environ.get(key) for key in ("ADVISOR_DATA_DIR", "ADVISOR_TIMING_LOG")}
    with tempfile.TemporaryDirectory(prefix="advisor-cluster-load-") as folder:
        timing_log = Path(folder) / "timing.jsonl"
        os.environ["ADVISOR_DATA_DIR"] = str(Path(folder) / "data")  # a cluster of its own, never `make run-cluster`'s
        os.environ["ADVISOR_TIMING_LOG"] = str(timing_log)  # the replicas inherit it
        ports = [_free_port(), _free_port()]
        proxy_port = _free_port()
        database_url = None
        try:
            print(f"cluster-load: starting PostgreSQL, {len(ports)} replicas and nginx...", file=sys.stderr)
            proxy = cluster.start(proxy_port, ports, quiet=True)
            database_url = cluster.start_postgres(cluster.state_dir(Settings.from_env()))  # finds it running
            plan = [
                [questions[(s * per_session + k) % len(questions)] for k in range(per_session)] for s in range(sessions)
            ]
            replicas = [f"http://{cluster.HOST}:{port}/" for port in ports]
            print(f"cluster-load: {sessions} sessions x {per_session} questions via {proxy}", file=sys.stderr)
            records, started_at, wall, errors = asyncio.run(_drive(proxy, replicas, plan, questions[-1]))
            _summarise(result, records, started_at, wall, errors, timing_log)
            feedback_rows, per_chat = count_rows(database_url, [r.chat_id for r in records if r.chat_id])
            result.stored_feedback = feedback_rows
            result.stored_chat_messages = sum(per_chat.values())
            lost = max(0, result.acknowledged_feedback - feedback_rows)
            for record in records:
                if record.answers:
                    lost += max(0, 2 * record.answers - per_chat.get(record.chat_id or "", 0))
            result.lost_writes = lost
            result.sessions_per_replica = _sessions_per_replica(cluster.state_dir(Settings.from_env()), started_at)
        except AdvisorError as error:
            result.errors = max(result.errors, 1)
            result.error_lines.append(_one_line(error))
        finally:
            if database_url:
                close(database_url)
            print("cluster-load: stopped " + ", ".join(cluster.stop()), file=sys.stderr)
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    out.write(json.dumps(asdict(result), indent=2) + "\n" if as_json else format_result(result))
    return 1 if result.errors or result.lost_writes or not result.answers_drawn else 0


async def _drive(
    proxy: str, replicas: list[str], plan: list[list[str]], warm_up_question: str
) -> tuple[list[SessionRecord], datetime, float, list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            # Each replica loads its model on its first answer: warm both directly, not through the proxy.
            warm = [
                cluster_session(browser, replica, [warm_up_question], WARM_UP_TIMEOUT_S, False, SessionRecord())
                for replica in replicas
            ]
            try:
                await asyncio.gather(*warm)
            except Exception as error:
                raise AdvisorError(f"a replica did not become usable: {_one_line(error)}") from None
            started_at, start = datetime.now().astimezone(), time.monotonic()
            records = [SessionRecord() for _ in plan]
            tasks = [
                asyncio.create_task(cluster_session(browser, proxy, qs, ANSWER_TIMEOUT_S, True, record))
                for qs, record in zip(plan, records, strict=True)
            ]
            done, pending = await asyncio.wait(tasks, timeout=RUN_DEADLINE_S)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            errors = []
            for n, task in enumerate(tasks):
                if task not in done:
                    errors.append(f"session {n + 1}: unfinished after {RUN_DEADLINE_S:.0f} s")
                elif task.exception() is not None:
                    errors.append(f"session {n + 1}: {_one_line(task.exception())}")  # type: ignore[arg-type]
            return records, started_at, time.monotonic() - start, errors
        finally:
            await browser.close()


def _summarise(
    result: ClusterLoadResult,
    records: list[SessionRecord],
    started_at: datetime,
    wall: float,
    errors: list[str],
    timing_log: Path,
) -> None:
    from advisor.timing import read_timings

    window = [r for r in read_timings(timing_log) if datetime.fromisoformat(r["at"]) >= started_at]
    answered = [float(r["seconds"]) for r in window if r.get("answered")]
    result.server_answers = len(answered)
    if answered:
        result.p50_s, result.p95_s = _pct(answered, 50), _pct(answered, 95)
    seen = [s for r in records for s in r.seconds]
    if seen:
        result.browser_p50_s, result.browser_p95_s = _pct(seen, 50), _pct(seen, 95)
    result.answers_drawn = sum(r.answers for r in records)
    result.acknowledged_chat_messages = 2 * sum(r.answers for r in records if r.chat_id)
    result.acknowledged_feedback = sum(r.thumbs_acknowledged for r in records)
    result.errors, result.error_lines = len(errors), errors[:5]
    result.wall_s = round(wall, 2)


def _sessions_per_replica(state: Path, since: datetime) -> dict[str, int]:
    """WebSocket connections per replica in nginx's access log: how the sticky hash spread the sessions."""
    log = state / "nginx-access.log"
    counts: dict[str, int] = {}
    if not log.is_file():
        return counts
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        found = re.search(r'\[(.+?)\] "GET /_stcore/stream[^"]*" \d+ upstream=(\S+)', line)
        if found and datetime.strptime(found.group(1), "%d/%b/%Y:%H:%M:%S %z") >= since.replace(microsecond=0):
            counts[found.group(2)] = counts.get(found.group(2), 0) + 1
    return counts


def format_result(result: ClusterLoadResult) -> str:
    """The figures as ``name  value`` lines."""
    figures = {k: v for k, v in asdict(result).items() if k != "error_lines"}
    width = max(len(k) for k in figures)
    lines = [f"{key:<{width}}  {value}" for key, value in figures.items()]
    return "\n".join(lines + result.error_lines) + "\n"
