"""Server-side timing of Streamlit script runs, appended as JSON Lines to ``ADVISOR_TIMING_LOG``.

Each run of the app's script on the server gives one line::

    {"page": "ask", "seconds": 0.184, "at": "2026-12-02T10:15:03.120+00:00", "answered": true}

``at`` is when the run started (UTC); ``answered`` says whether the run composed an answer.
Without ``ADVISOR_TIMING_LOG`` nothing is measured or written. ``advisor bench --load`` reads
this file to report the server's own time per answer, free of the browsers' time.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TIMING_LOG_VARIABLE = "ADVISOR_TIMING_LOG"

# Streamlit runs each session's script in its own thread: one lock keeps every line whole.
_WRITE_LOCK = threading.Lock()
_log = logging.getLogger(__name__)


@contextmanager
def record_run(page: str, answered: Callable[[], bool] | None = None) -> Iterator[None]:
    """Time the block (one script run) and append its line to ``ADVISOR_TIMING_LOG``, if set.

    The line is written however the block ends, including Streamlit's rerun and stop
    exceptions, which end most runs that answer a question.

    Args:
        page: the page the run drew, e.g. ``"ask"``.
        answered: called once when the block ends, always (so it may read and clear a
            per-run flag); its result is the line's ``answered``.
    """
    path = os.environ.get(TIMING_LOG_VARIABLE)
    if not path:
        try:
            yield
        finally:
            if answered is not None:
                answered()
        return
    at = datetime.now(UTC)
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - start
        append_timing(Path(path), page, seconds, at, bool(answered()) if answered is not None else False)


def append_timing(path: Path, page: str, seconds: float, at: datetime, answered: bool) -> None:
    """Append one timing line to ``path``: one lock, append mode, one write per line.

    A log that cannot be written is reported in the server's log and never breaks the page.
    """
    line = json.dumps(
        {"page": page, "seconds": round(seconds, 6), "at": at.isoformat(timespec="milliseconds"), "answered": answered}
    )
    try:
        with _WRITE_LOCK, path.open("a", encoding="utf-8") as log:
            log.write(line + "\n")
    except OSError as error:
        _log.warning("cannot write the timing log %s: %s", path, error)


def read_timings(path: Path) -> list[dict[str, Any]]:
    """The well-formed lines of a timing log, oldest first (a missing file has none)."""
    if not path.exists():
        return []
    runs: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            run = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed server
        if isinstance(run, dict) and isinstance(run.get("seconds"), int | float):
            runs.append(run)
    return runs
