"""Who may review: reviewers from ``ADVISOR_REVIEWER_KEY``, checked in constant time, rate-limited.

``ADVISOR_REVIEWER_KEY`` holds one passphrase (a reviewer for every country) or several
entries separated by ``;``, each ``name@CC,CC=passphrase`` (``name@*=...`` for every country).
With OIDC configured for ``st.login``, the signed-in e-mail is the reviewer's name and
``ADVISOR_REVIEWER_COUNTRIES`` (``email=CC,CC;...``) limits the countries (default: all).
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from advisor.catalogue import COUNTRIES
from advisor.errors import AccessDeniedError, BadInputError

MAX_FAILURES = 5
WINDOW_SECONDS = 600.0
EVERYONE = "*everyone*"
GLOBAL_SCALE = 4  # all clients together may fail four times as often as one


@dataclass(frozen=True)
class Reviewer:
    """A signed-in reviewer and the countries they may review."""

    name: str
    countries: frozenset[str]

    def may_review(self, country: str) -> bool:
        """Whether this reviewer may change reviews of ``country``."""
        return country in self.countries

    def require(self, country: str) -> None:
        """Raise :class:`AccessDeniedError` unless this reviewer may review ``country``."""
        if not self.may_review(country):
            allowed = ", ".join(sorted(self.countries)) or "none"
            raise AccessDeniedError(f"{self.name} may review {allowed}, not {country}")


@dataclass(frozen=True)
class _Entry:
    name: str
    countries: frozenset[str]
    passphrase: str


def parse_reviewer_keys(value: str | None) -> list[_Entry]:
    """Read ``ADVISOR_REVIEWER_KEY``. Raises BadInputError for a malformed entry or country."""
    if not value:
        return []
    if "=" not in value:
        return [_Entry("reviewer", frozenset(COUNTRIES), value)]
    entries = []
    for part in filter(None, (p.strip() for p in value.split(";"))):
        head, _, passphrase = part.partition("=")
        name, _, codes = head.partition("@")
        if not passphrase or not name:
            raise BadInputError("ADVISOR_REVIEWER_KEY entries look like name@TH,VN=passphrase, separated by ';'")
        entries.append(_Entry(name.strip(), _countries(codes), passphrase))
    return entries


def countries_for_email(email: str, mapping: str | None) -> frozenset[str]:
    """Countries an OIDC user may review, from ``ADVISOR_REVIEWER_COUNTRIES`` (default: all)."""
    for part in filter(None, (p.strip() for p in (mapping or "").split(";"))):
        who, _, codes = part.partition("=")
        if who.strip().casefold() == email.casefold():
            return _countries(codes)
    return frozenset(COUNTRIES) if not mapping else frozenset()


def _countries(codes: str) -> frozenset[str]:
    wanted = {c.strip().upper() for c in codes.split(",") if c.strip()} or {"*"}
    if "*" in wanted:
        return frozenset(COUNTRIES)
    unknown = wanted - set(COUNTRIES)
    if unknown:
        raise BadInputError(
            f"reviewer countries: unknown {', '.join(sorted(unknown))}; accepted: {', '.join(COUNTRIES)}"
        )
    return frozenset(wanted)


class RateLimiter:
    """At most MAX_FAILURES failed sign-ins per key within WINDOW_SECONDS."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        """Keep failure times per key, in memory (per server process)."""
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked_for(self, key: str, now: float | None = None, scale: int = 1) -> float:
        """Seconds until ``key`` may try again (0 when it may try now); ``scale`` raises the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._failures[key]
            while failures and now - failures[0] > self.window:
                failures.popleft()
            if len(failures) < self.max_failures * scale:
                return 0.0
            return self.window - (now - failures[-self.max_failures * scale])

    def fail(self, key: str, now: float | None = None) -> None:
        """Record a failed attempt for ``key``."""
        with self._lock:
            self._failures[key].append(time.monotonic() if now is None else now)


def sign_in(
    passphrase: str, keys: list[_Entry], limiter: RateLimiter, client: str, now: float | None = None
) -> Reviewer:
    """Check a passphrase against every configured reviewer in constant time.

    Raises:
        AccessDeniedError: when sign-in is not configured, rate-limited, or the passphrase is wrong.
    """
    if not keys:
        raise AccessDeniedError("reviewer sign-in is not configured: the review page is read-only")
    # Limit both this client and everyone together, so that new sessions do not reset the count.
    wait = max(limiter.blocked_for(client, now), limiter.blocked_for(EVERYONE, now, scale=GLOBAL_SCALE))
    if wait > 0:
        raise AccessDeniedError(f"too many failed sign-ins: try again in {int(wait) + 1} s")
    given = passphrase.encode()
    match = None
    for entry in keys:  # compare with every entry, so timing does not tell which one matched
        if hmac.compare_digest(given, entry.passphrase.encode()):
            match = entry
    if match is None:
        limiter.fail(client, now)
        limiter.fail(EVERYONE, now)
        raise AccessDeniedError("wrong passphrase")
    return Reviewer(match.name, match.countries)
