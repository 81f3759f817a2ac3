"""Who may review: reviewers from ``ADVISOR_REVIEWER_KEY``, checked in constant time, rate-limited.

``ADVISOR_REVIEWER_KEY`` holds reviewer entries separated by ``;``, each
``name@CC,CC=passphrase``. The name is letters, digits, ``.``, ``_`` or ``-``; the codes are
countries of the catalogue, ``*`` for every country, and ``ASEAN`` for region-wide facts
(never implied by ``*``). The entry splits at its first ``=``, so a passphrase may contain
``=``; write ``\\;`` for a ``;`` inside a passphrase. A passphrase may also be given as a
hash, ``scrypt$<salt hex>$<hash hex>`` (see :func:`hash_passphrase`).

``ADVISOR_REVIEWER_SHARED_KEY`` holds one passphrase taken verbatim, for a single reviewer
named ``reviewer`` with every country: no part of it is ever parsed.

With OIDC configured for ``st.login``, the signed-in e-mail is the reviewer's name and
``ADVISOR_REVIEWER_COUNTRIES`` (``email=CC,CC;...``) limits the countries (default: all).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

from advisor.catalogue import COUNTRIES, REGION
from advisor.errors import BadInputError
from advisor.review.attempts import SignInLog
from advisor.review.refusals import ReviewRefusedError

SHARED_NAME = "reviewer"
_NAME = re.compile(r"[A-Za-z0-9._-]{1,40}")
_ENTRY = re.compile(r"(?P<name>[^@=]*)@(?P<codes>[^=]*)=(?P<secret>.*)", re.DOTALL)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_FORMAT = "ADVISOR_REVIEWER_KEY entries look like name@TH,VN=passphrase, separated by ';' (see docs/review.md)"


@dataclass(frozen=True)
class Reviewer:
    """A signed-in reviewer and the countries they may review (``ASEAN`` for region-wide facts)."""

    name: str
    countries: frozenset[str]

    def may_review(self, country: str) -> bool:
        """Whether this reviewer may change reviews of ``country`` (or of ``ASEAN``)."""
        return country in self.countries

    def require(self, country: str) -> None:
        """Raise :class:`ReviewRefusedError` (an ``AccessDeniedError``) unless this reviewer may review ``country``."""
        if not self.may_review(country):
            allowed = ", ".join(sorted(self.countries)) or "none"
            raise ReviewRefusedError(
                "wrong_country", f"{self.name} may review {allowed}, not {country}", allowed=allowed, country=country
            )


@dataclass(frozen=True)
class ReviewerKey:
    """One configured reviewer: a name, countries and a passphrase (clear or scrypt hash)."""

    name: str
    countries: frozenset[str]
    secret: str = field(repr=False)

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this reviewer's, compared in constant time."""
        if self.secret.startswith("scrypt$"):
            _, salt, expected = self.secret.split("$")
            derived = hashlib.scrypt(passphrase.encode(), salt=bytes.fromhex(salt), **_SCRYPT)  # type: ignore[arg-type]
            return hmac.compare_digest(derived.hex(), expected)
        return hmac.compare_digest(passphrase.encode(), self.secret.encode())


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    """The ``scrypt$salt$hash`` form of a passphrase, for ``ADVISOR_REVIEWER_KEY``."""
    salt = salt or secrets.token_bytes(16)
    derived = hashlib.scrypt(passphrase.encode(), salt=salt, **_SCRYPT)  # type: ignore[arg-type]
    return f"scrypt${salt.hex()}${derived.hex()}"


def parse_reviewer_keys(value: str | None, shared: str | None = None) -> list[ReviewerKey]:
    """Read ``ADVISOR_REVIEWER_KEY`` (and ``ADVISOR_REVIEWER_SHARED_KEY``).

    Raises:
        BadInputError: for a malformed entry or an unknown country. The message names the
            entry by its position only: no part of a secret is ever repeated.
    """
    keys = [ReviewerKey(SHARED_NAME, frozenset(COUNTRIES), shared)] if shared else []
    for position, part in enumerate(_split_entries(value or ""), start=1):
        match = _ENTRY.fullmatch(part)
        name = match["name"].strip() if match else ""
        if not match or not _NAME.fullmatch(name) or not match["secret"]:
            raise BadInputError(f"ADVISOR_REVIEWER_KEY: entry {position} is malformed; {_FORMAT}")
        secret = match["secret"]
        if secret.startswith("scrypt$") and not re.fullmatch(r"scrypt\$[0-9a-f]{2,}\$[0-9a-f]{64}", secret):
            raise BadInputError(f"ADVISOR_REVIEWER_KEY: entry {position}: a hash looks like scrypt$<salt>$<64 hex>")
        keys.append(ReviewerKey(name, reviewer_countries(match["codes"]), secret))
    names = [k.name.casefold() for k in keys]
    if len(names) != len(set(names)):
        raise BadInputError("ADVISOR_REVIEWER_KEY: each reviewer name may appear once")
    return keys


def _split_entries(value: str) -> list[str]:
    """Split at ``;`` but not at ``\\;`` (an escaped ``;`` inside a passphrase)."""
    parts = re.split(r"(?<!\\);", value)
    return [p.strip().replace("\\;", ";") for p in parts if p.strip()]


def countries_for_email(email: str, mapping: str | None) -> frozenset[str]:
    """Countries an OIDC user may review, from ``ADVISOR_REVIEWER_COUNTRIES`` (default: all)."""
    for part in filter(None, (p.strip() for p in (mapping or "").split(";"))):
        who, _, codes = part.partition("=")
        if who.strip().casefold() == email.casefold():
            return reviewer_countries(codes)
    return frozenset(COUNTRIES) if not mapping else frozenset()


def reviewer_countries(codes: str) -> frozenset[str]:
    """Country codes of a reviewer entry: ``*`` is every country; ``ASEAN`` must be named."""
    wanted = {c.strip().upper() for c in codes.split(",") if c.strip()}
    if not wanted:
        raise BadInputError(f"reviewer countries: none given; {_FORMAT}")
    if "*" in wanted:
        wanted = (wanted - {"*"}) | set(COUNTRIES)
    unknown = wanted - {*COUNTRIES, REGION}
    if unknown:
        raise BadInputError(
            f"reviewer countries: unknown {', '.join(sorted(unknown))}; accepted: {', '.join(COUNTRIES)}, *, {REGION}"
        )
    return frozenset(wanted)


def sign_in(name: str, passphrase: str, keys: list[ReviewerKey], log: SignInLog, client: str) -> Reviewer:
    """Check a reviewer's name and passphrase, with per-name and per-client limits.

    Failed attempts are counted durably per name and per client (never for everyone together,
    so one attacker cannot lock out other reviewers), with delays that grow per name.

    Raises:
        AccessDeniedError: when sign-in is not configured, delayed, or the name or passphrase is wrong.
    """
    if not keys:
        raise ReviewRefusedError("not_configured", "reviewer sign-in is not configured: the review page is read-only")
    name = " ".join(name.split())[:40]
    wait = log.wait_for(name, client)
    if wait > 0:
        raise ReviewRefusedError(
            "wait", f"too many failed sign-ins: try again in {int(wait) + 1} s", seconds=int(wait) + 1
        )
    entry = next((k for k in keys if k.name.casefold() == name.casefold()), None)
    # Compare even for an unknown name, so timing does not tell which names exist.
    ok = (entry or ReviewerKey("", frozenset(), secrets.token_hex(16))).matches(passphrase) and entry is not None
    log.record(name, client, ok)
    if not ok or entry is None:
        raise ReviewRefusedError("wrong_sign_in", "wrong name or passphrase")
    return Reviewer(entry.name, entry.countries)
