"""``advisor bench --load N``: the server's own time per answer under N concurrent sessions.

For each level: start ``streamlit run app.py`` on a free loopback port with
``ADVISOR_TIMING_LOG`` set (see :mod:`advisor.timing`), warm it up with one session that
asks one question (the advisor and everything loaded on a first answer), then drive N
sessions at once from ONE Chromium process (a browser context and a page each). Every
session asks K genuine questions of the gold set through the chat input, each after the
previous answer is drawn. The figures come from the server's timing log, so the network and
the browsers' drawing are not in them; the browsers still share the machine's cores, which is
why the server's and the whole machine's CPU seconds are reported beside them. The server
gets the current environment, so ``STREAMLIT_*`` variables change its settings.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from advisor.browser_session import DrawnAnswer, ask_in_chat
from advisor.errors import AdvisorError

CHROMIUM = "/usr/bin/chromium"
MAX_SESSIONS = 100
DEFAULT_QUESTIONS_PER_SESSION = 3
LEVEL_DEADLINE_S = 600.0  # a level never runs longer than this, server start included
HEALTH_TIMEOUT_S = 120.0
WARM_UP_TIMEOUT_S = 180.0  # the first page loads the model (and builds a stale index)
ANSWER_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 20.0
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Pages in background contexts must not be throttled: they stand for users in front of them.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    # Traffic to 127.0.0.1 only: every host name fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@dataclass
class LoadResult:
    """The figures of one level: N sessions asking K questions each."""

    sessions: int
    questions_per_session: int
    answers: int = 0  # server runs that composed an answer
    p50_s: float | None = None  # server seconds per answer
    p95_s: float | None = None
    max_s: float | None = None
    all_runs: int = 0  # every script run in the measured window (answers, redraws, page loads)
    all_runs_p95_s: float | None = None
    browser_p50_s: float | None = None  # submit to answer drawn, as a session saw it
    errors: int = 0  # sessions that failed or timed out
    error_lines: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    server_cpu_s: float | None = None  # CPU the server used while the sessions ran
    machine_cpu_s: float | None = None  # CPU all processes used meanwhile (browsers included)
    load_average: float | None = None  # the machine's 1-minute load average as the sessions began


def parse_levels(value: str) -> list[int]:
    """Parse ``--load``: one number of concurrent sessions or a comma list, e.g. ``1,5,20``.

    Raises:
        ValueError: a one-line message saying what is accepted.
    """
    parts = [part.strip() for part in value.split(",")]
    if not parts or not all(p.isdigit() and 1 <= int(p) <= MAX_SESSIONS for p in parts):
        raise ValueError(f"{value!r} is not accepted; use whole numbers from 1 to {MAX_SESSIONS}, e.g. 1,5,20")
    return [int(p) for p in parts]


def genuine_questions(root: Path) -> list[str]:
    """The genuine questions of the gold set (not out-of-scope), in a fixed shuffled order."""
    import yaml

    gold = root / "tests" / "gold" / "gold.yaml"
    if not gold.is_file():
        raise AdvisorError(f"the gold set {gold} is missing: run from a checkout of the project")
    cases = yaml.safe_load(gold.read_text(encoding="utf-8"))["cases"]
    questions = [c["question"] for c in cases if c.get("kind") == "question"]
    random.Random(16).shuffle(questions)  # mixes languages in every level, the same each time
    return questions


def run_load_bench(
    levels: list[int],
    questions_per_session: int = DEFAULT_QUESTIONS_PER_SESSION,
    as_json: bool = False,
    out: IO[str] | None = None,
) -> int:
    """Run each level with a fresh server and print the figures (to ``out``, else stdout).

    Args:
        levels: the numbers of concurrent sessions, one level each, in turn.
        questions_per_session: questions each session asks, one after the other.
        as_json: print a JSON list of the levels' figures instead of a table.

    Returns:
        0, or 1 when a session failed or a level gave no answer.

    Raises:
        AdvisorError: Playwright or Chromium is missing.
    """
    from advisor.config import project_root

    _check_browser()
    root = project_root()
    questions = genuine_questions(root)
    results: list[LoadResult] = []
    for sessions in levels:
        print(f"load: {sessions} session(s) x {questions_per_session} question(s)...", file=sys.stderr)
        try:
            results.append(measure_level(root, sessions, questions_per_session, questions))
        except AdvisorError as error:  # this level could not run: say why, go on with the next
            results.append(LoadResult(sessions, questions_per_session, errors=sessions, error_lines=[str(error)]))
    out = out or sys.stdout
    out.write(json.dumps([asdict(r) for r in results], indent=2) + "\n" if as_json else format_table(results))
    return 1 if any(r.errors or not r.answers for r in results) else 0


def _check_browser() -> None:
    try:
        import playwright  # noqa: F401  (only checked here; imported where the sessions run)
    except ImportError:
        raise AdvisorError("the load benchmark needs Playwright: pip install -e '.[test]'") from None
    if not Path(CHROMIUM).is_file():
        raise AdvisorError(f"Chromium not found at {CHROMIUM}: install Debian's chromium ('make browser')")


def measure_level(root: Path, sessions: int, per_session: int, questions: list[str]) -> LoadResult:
    """One level: a fresh server, a warm-up, N sessions at once, then the server's timing log.

    The warm-up asks the last question of ``questions``, which the sessions ask only when
    they need them all.

    Raises:
        AdvisorError: the server did not start or the warm-up page never became usable.
    """
    deadline = time.monotonic() + LEVEL_DEADLINE_S
    plan = [[questions[(s * per_session + k) % len(questions)] for k in range(per_session)] for s in range(sessions)]
    result = LoadResult(sessions, per_session)
    with tempfile.TemporaryDirectory(prefix="advisor-load-") as folder:
        timing_log = Path(folder) / "timing.jsonl"
        server_log = Path(folder) / "streamlit.log"
        port = _free_port()
        server = _start_server(root, port, timing_log, server_log)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server, server_log, min(HEALTH_TIMEOUT_S, deadline - time.monotonic()))
            outcome = asyncio.run(_drive(url, plan, questions[-1], deadline, server.pid))
        finally:
            _stop(server)
        _summarise(result, outcome, timing_log)
    return result


@dataclass
class _Outcome:
    started_at: datetime
    wall_s: float
    browser_s: list[float]
    errors: list[str]
    server_cpu_s: float | None
    machine_cpu_s: float | None
    load_average: float | None


async def _drive(url: str, plan: list[list[str]], warm_up_question: str, deadline: float, server_pid: int) -> _Outcome:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            warm_up = min(WARM_UP_TIMEOUT_S, deadline - time.monotonic())
            try:
                await ask_in_chat(browser, url, [warm_up_question], warm_up)
            except Exception as error:
                raise AdvisorError(f"the app did not become usable in {warm_up:.0f} s: {_one_line(error)}") from None
            started_at, start, load_average = datetime.now().astimezone(), time.monotonic(), _load_average()
            cpu_before = (_process_cpu_s(server_pid), _machine_cpu_s())
            browser_s: list[float] = []

            async def keep_seconds(drawn: DrawnAnswer) -> None:
                browser_s.append(drawn.seconds)

            tasks = [asyncio.create_task(ask_in_chat(browser, url, qs, ANSWER_TIMEOUT_S, keep_seconds)) for qs in plan]
            done, pending = await asyncio.wait(tasks, timeout=max(1.0, deadline - time.monotonic()))
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            wall = time.monotonic() - start
            server_cpu = _used(cpu_before[0], _process_cpu_s(server_pid))
            machine_cpu = _used(cpu_before[1], _machine_cpu_s())
            errors = [f"session {n + 1}: {_failure(t, done)}" for n, t in enumerate(tasks) if _failure(t, done)]
            return _Outcome(started_at, wall, browser_s, errors, server_cpu, machine_cpu, load_average)
        finally:
            await browser.close()


def _failure(task: asyncio.Task[None], done: set[asyncio.Task[None]]) -> str:
    """Why a session failed, in one line; empty when it asked all its questions."""
    if task not in done:
        return f"unfinished at the level's limit of {LEVEL_DEADLINE_S:.0f} s"
    error = task.exception()
    return _one_line(error) if error is not None else ""


def _used(before: float | None, after: float | None) -> float | None:
    return round(after - before, 2) if before is not None and after is not None else None


def _summarise(result: LoadResult, outcome: _Outcome, timing_log: Path) -> None:
    from advisor.timing import read_timings

    window = [r for r in read_timings(timing_log) if datetime.fromisoformat(r["at"]) >= outcome.started_at]
    answered = [float(r["seconds"]) for r in window if r.get("answered")]
    result.answers, result.all_runs = len(answered), len(window)
    if answered:
        result.p50_s, result.p95_s, result.max_s = _pct(answered, 50), _pct(answered, 95), round(max(answered), 3)
    if window:
        result.all_runs_p95_s = _pct([float(r["seconds"]) for r in window], 95)
    if outcome.browser_s:
        result.browser_p50_s = _pct(outcome.browser_s, 50)
    result.errors, result.error_lines = len(outcome.errors), outcome.errors[:5]
    result.wall_s = round(outcome.wall_s, 2)
    result.server_cpu_s, result.machine_cpu_s = outcome.server_cpu_s, outcome.machine_cpu_s
    result.load_average = outcome.load_average


_COLUMNS = [  # (heading, LoadResult field)
    ("sessions", "sessions"),
    ("answers", "answers"),
    ("p50 s", "p50_s"),
    ("p95 s", "p95_s"),
    ("max s", "max_s"),
    ("all runs p95 s", "all_runs_p95_s"),
    ("browser p50 s", "browser_p50_s"),
    ("errors", "errors"),
    ("wall s", "wall_s"),
    ("server CPU s", "server_cpu_s"),
    ("all CPU s", "machine_cpu_s"),
    ("load before", "load_average"),
]


def format_table(results: list[LoadResult]) -> str:
    """The levels as a plain-text table, one row each, then any error lines."""
    cells = [[title for title, _ in _COLUMNS]]
    cells += [["-" if getattr(r, name) is None else str(getattr(r, name)) for _, name in _COLUMNS] for r in results]
    widths = [max(len(row[i]) for row in cells) for i in range(len(_COLUMNS))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines += [f"{r.sessions} session(s): {line}" for r in results for line in r.error_lines]
    return "\n".join(lines) + "\n"


def _pct(samples: list[float], q: float) -> float:
    import numpy as np

    return round(float(np.percentile(np.asarray(samples), q)), 3)


def _one_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return (text.splitlines() or ["unknown error"])[0][:200]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(root: Path, port: int, timing_log: Path, server_log: Path) -> subprocess.Popen[bytes]:
    app = root / "app.py"
    if not app.is_file():
        raise AdvisorError(f"{app} is missing: run the load benchmark from a checkout of the project")
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    env = {**os.environ, "ADVISOR_TIMING_LOG": str(timing_log)}
    with server_log.open("wb") as log:  # the child keeps its own handle
        return subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_healthy(url: str, server: subprocess.Popen[bytes], server_log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = server_log.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise AdvisorError(f"streamlit exited with code {server.returncode}: {tail[0][:200]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AdvisorError(f"streamlit was not healthy within {timeout_s:.0f} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=STOP_TIMEOUT_S)


def _process_cpu_s(pid: int) -> float | None:
    """User and system CPU seconds of a running process, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _machine_cpu_s() -> float | None:
    """Busy CPU seconds of the whole machine since boot, from /proc/stat (None elsewhere)."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = ticks[3] + ticks[4]  # idle and iowait
        return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None
