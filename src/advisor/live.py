"""The advisor a running app answers with, rebuilt in the background when the knowledge changes.

A published correction is a new row in the database every replica shares (its newest id is
the **published version**); an edited knowledge file changes the files' fingerprint. Each app
checks both: the files on every page run (names, sizes, times: well under a millisecond), the
published version at most every ``ADVISOR_VERSION_POLL_SECONDS`` (one indexed query), from a
background poller as well, so a replica nobody is using follows too. When either changed,
:class:`LiveAdvisor` loads the new knowledge and rebuilds the index in a thread, re-embedding
only the chunks whose text changed (the embedding cache). Until that ends, every answer keeps
using the old advisor; then the new one is swapped in with one assignment. A rebuild that
fails leaves the old advisor in place and says why.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.config import Settings
from advisor.embedding import ProgressCallback

_log = logging.getLogger("advisor.live")

Loader = Callable[[Any, ProgressCallback], Any]
"""Loads a new advisor: given the one in use (or ``None`` at start) and a progress callback."""


@dataclass(frozen=True)
class RebuildState:
    """Where the background rebuild stands, for the page's progress and done state."""

    state: str  # idle | running | done | failed
    done: int = 0  # chunks embedded or read from the cache so far
    total: int = 0
    seconds: float = 0.0  # how long it has run, or took
    version: str = ""  # knowledge version answers use now
    error: str = ""

    @property
    def fraction(self) -> float:
        """Progress from 0 to 1 (0 until the number of chunks is known)."""
        return min(1.0, self.done / self.total) if self.total else 0.0


class PolledValue:
    """A value read at most once every ``seconds``; in between, the last one read.

    A failed read (the database is down) keeps the last value: answers go on with the
    knowledge they have, and the next poll tries again.
    """

    def __init__(self, read: Callable[[], object], seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        """Poll ``read`` at most every ``seconds`` (``clock`` is for tests)."""
        self._read = read
        self._seconds = seconds
        self._clock = clock
        self._last_read = -float("inf")
        self._value = "unknown"
        self._lock = threading.Lock()

    def __call__(self) -> str:
        """The value, read now if the last read is ``seconds`` old."""
        with self._lock:
            now = self._clock()
            if now - self._last_read >= self._seconds * 0.99:  # the poller's sleep may wake a hair early
                self._last_read = now
                try:
                    self._value = str(self._read())
                except Exception as error:  # any failure keeps the last value
                    _log.warning("could not read the published version; keeping %s: %s", self._value, error)
            return self._value

    def expire(self) -> None:
        """Read again on the next call (this process just published: it need not wait for the poll)."""
        with self._lock:
            self._last_read = -float("inf")


class LiveAdvisor:
    """Holds the advisor in use; :meth:`refresh` starts a background rebuild when the knowledge changed."""

    def __init__(
        self,
        load: Loader,
        fingerprint: Callable[[], str],
        poll_seconds: float | None = None,
        expire: Callable[[], None] | None = None,
    ) -> None:
        """Load the first advisor now (the app cannot answer without one), then rebuild only in the background.

        Args:
            load: makes an advisor; see :data:`Loader`.
            fingerprint: a cheap key of the knowledge (changes when a file is rewritten or a change published).
            poll_seconds: when set, a daemon thread calls :meth:`refresh` this often, so the
                advisor follows published changes even while no page runs.
            expire: makes the next ``fingerprint`` read the published version now (``refresh(now=True)``).
        """
        self._load = load
        self._expire = expire
        self._fingerprint = fingerprint
        self._lock = threading.Lock()
        self._loaded_for = fingerprint()
        self._advisor = load(None, lambda done, total: None)
        self._state = RebuildState("idle", version=self._advisor.knowledge.version)
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._stopped = threading.Event()
        if poll_seconds:
            poller = threading.Thread(target=self._poll, args=(poll_seconds,), name="advisor-version-poll", daemon=True)
            poller.start()

    @classmethod
    def from_settings(cls, settings: Settings) -> LiveAdvisor:
        """The app's live advisor: ``Advisor.load`` with these settings, reusing the loaded model on rebuilds."""
        from advisor.api import Advisor
        from advisor.knowledge import knowledge_fingerprint
        from advisor.stores.published import published_version

        def load(previous: Any, progress: ProgressCallback) -> Any:
            encoder = previous.retriever.encoder if previous is not None else None  # the model stays loaded
            advisor = Advisor.load(settings=settings, encoder=encoder, progress=progress)
            advisor.retriever.encoder.encode_query("warm up")  # pay the model's first call here, not in an answer
            return advisor

        version = PolledValue(lambda: published_version(settings), settings.version_poll_seconds)
        return cls(
            load,
            lambda: f"{knowledge_fingerprint(settings.knowledge_dir)}:{version()}",
            poll_seconds=settings.version_poll_seconds,
            expire=version.expire,
        )

    def current(self) -> Any:
        """The advisor to answer with now: never waits for a rebuild."""
        return self._advisor

    def refresh(self, now: bool = False) -> RebuildState:
        """Start a background rebuild if the knowledge changed since the advisor in use was loaded.

        ``now`` reads the published version at once instead of waiting for the next poll (after a
        publish through this process).
        """
        if now and self._expire is not None:
            self._expire()
        key = self._fingerprint()
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            if key != self._loaded_for and not running:
                self._loaded_for = key  # a failed rebuild is not retried until the files change again
                self._started = time.monotonic()
                self._state = RebuildState("running", version=self._advisor.knowledge.version)
                self._thread = threading.Thread(target=self._rebuild, name="advisor-rebuild", daemon=True)
                self._thread.start()
        return self.state()

    def state(self) -> RebuildState:
        """Where the latest rebuild stands (``idle`` when none has run)."""
        state = self._state
        if state.state == "running":
            return RebuildState("running", state.done, state.total, round(time.monotonic() - self._started, 1),
                                state.version)  # fmt: skip
        return state

    def wait(self, timeout: float | None = None) -> RebuildState:
        """Block until the running rebuild ends (tests, benchmarks and the CLI); returns its state."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.state()

    def stop(self) -> None:
        """Stop the background poller (tests; a server's poller ends with the process)."""
        self._stopped.set()

    def _poll(self, seconds: float) -> None:
        while not self._stopped.wait(seconds):
            try:
                self.refresh()
            except Exception as error:  # the poller must outlive any one failure
                _log.warning("checking for a new knowledge version failed: %s", error)

    def _progress(self, done: int, total: int) -> None:
        self._state = RebuildState("running", done, total, version=self._state.version)

    def _rebuild(self) -> None:
        try:
            new = self._load(self._advisor, self._progress)
        except Exception as error:  # any failure keeps the old advisor answering
            _log.warning("background rebuild failed; answers keep the previous knowledge: %s", error)
            from advisor.stores.database import StoreUnavailableError

            if isinstance(error, StoreUnavailableError):
                self._loaded_for = ""  # the database was down, not the knowledge wrong: retry on the next poll
            message = (str(error).splitlines() or [type(error).__name__])[0][:300]
            self._state = RebuildState(
                "failed", seconds=round(time.monotonic() - self._started, 1), version=self._advisor.knowledge.version,
                error=message,
            )  # fmt: skip
            return
        total = self._state.total
        self._advisor = new  # one assignment: a page run sees the old advisor or the new, never half of one
        seconds = round(time.monotonic() - self._started, 1)
        self._state = RebuildState("done", total, total, seconds, new.knowledge.version)
        _log.info("background rebuild done in %.1f s: knowledge %s", seconds, new.knowledge.version)
