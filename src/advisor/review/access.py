"""Who may review: reviewers from ``ADVISOR_REVIEWER_KEY``, checked in constant time, rate-limited.

``ADVISOR_REVIEWER_KEY`` holds reviewer entries separated by ``;``, each
``name@CC,CC=passphrase``. The name is letters, digits, ``.``, ``_`` or ``-``; the codes are
countries of the catalogue, ``*`` for every country, and ``ASEAN`` for region-wide facts
(never implied by ``*``). The entry splits at its first ``=``, so a passphrase may contain
``=``; write ``\\;`` for a ``;`` inside a passphrase. A passphrase may also be given as a
hash, so the environment need not hold it in the clear: argon2id in its standard form
``$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`` (argon2-cffi), or ``scrypt$<salt hex>$<hash hex>``
(see :func:`hash_passphrase` and ``advisor review hash``).

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
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from advisor.catalogue import COUNTRIES, REGION
from advisor.errors import BadInputError
from advisor.review.attempts import SignInLog
from advisor.review.refusals import ReviewRefusedError

SHARED_NAME = "reviewer"
MAX_PASSPHRASE = 200  # the sign-in field's limit; `advisor review hash` refuses longer ones
_NAME = re.compile(r"[A-Za-z0-9._-]{1,40}")
_ENTRY = re.compile(r"(?P<name>[^@=]*)@(?P<codes>[^=]*)=(?P<secret>.*)", re.DOTALL)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_FORMAT = "ADVISOR_REVIEWER_KEY entries look like name@TH,VN=passphrase, separated by ';' (see docs/review.md)"
# argon2-cffi's defaults (RFC 9106's low-memory profile: argon2id, 64 MiB, 3 passes, 4 lanes).
_ARGON2 = PasswordHasher()
_ARGON2_FORM = re.compile(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}")
# A hash must not let a typo stall every sign-in: 1 GiB, 20 passes and 16 lanes are far above any sane setting.
_ARGON2_LIMITS = (1024 * 1024, 20, 16)
_ARGON2_HELP = (
    "an argon2 hash looks like $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash> "
    "(make one with 'advisor review hash'; quote it with single quotes in a shell)"
)
# What is left of an argon2 hash once a shell replaced its $-words: "=19=65536,t=3,p=4..." and the like.
_SHELL_MANGLED = re.compile(r"=\d+,t=\d+,p=\d+")
Scheme = Literal["argon2id", "scrypt"]


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
    """One configured reviewer: a name, countries and a passphrase (clear, argon2id or scrypt hash)."""

    name: str
    countries: frozenset[str]
    secret: str = field(repr=False)
    verbatim: bool = False  # ADVISOR_REVIEWER_SHARED_KEY: never read as a hash, whatever it starts with

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this reviewer's, compared in constant time."""
        if self.verbatim:
            return hmac.compare_digest(passphrase.encode(), self.secret.encode())
        if self.secret.startswith("$argon2"):
            try:
                return _ARGON2.verify(self.secret, passphrase)  # argon2-cffi compares in constant time
            except (VerificationError, InvalidHashError):  # a mismatch, or a hash that cannot be decoded
                return False
        if self.secret.startswith("scrypt$"):
            _, salt, expected = self.secret.split("$")
            derived = hashlib.scrypt(passphrase.encode(), salt=bytes.fromhex(salt), **_SCRYPT)  # type: ignore[arg-type]
            return hmac.compare_digest(derived.hex(), expected)
        return hmac.compare_digest(passphrase.encode(), self.secret.encode())

    @property
    def cost(self) -> int:
        """How slow checking this secret is: 2 for argon2, 1 for scrypt, 0 in the clear."""
        if self.verbatim:
            return 0
        return 2 if self.secret.startswith("$argon2") else 1 if self.secret.startswith("scrypt$") else 0


def hash_passphrase(passphrase: str, salt: bytes | None = None, scheme: Scheme = "scrypt") -> str:
    """The hashed form of a passphrase, for ``ADVISOR_REVIEWER_KEY`` (``advisor review hash`` prints it).

    Args:
        salt: for tests only; a fresh random salt otherwise.
        scheme: ``argon2id`` (``$argon2id$v=19$...``, argon2-cffi's default parameters) or
            ``scrypt`` (``scrypt$<salt hex>$<hash hex>``, the default, kept for existing callers).
    """
    if scheme == "argon2id":
        return _ARGON2.hash(passphrase, salt=salt) if salt else _ARGON2.hash(passphrase)
    salt = salt or secrets.token_bytes(16)
    derived = hashlib.scrypt(passphrase.encode(), salt=salt, **_SCRYPT)  # type: ignore[arg-type]
    return f"scrypt${salt.hex()}${derived.hex()}"


def parse_reviewer_keys(value: str | None, shared: str | None = None) -> list[ReviewerKey]:
    """Read ``ADVISOR_REVIEWER_KEY`` (and ``ADVISOR_REVIEWER_SHARED_KEY``).

    Raises:
        BadInputError: for a malformed entry or an unknown country. The message names the
            entry by its position only: no part of a secret is ever repeated.
    """
    keys = [ReviewerKey(SHARED_NAME, frozenset(COUNTRIES), shared, verbatim=True)] if shared else []
    for position, part in enumerate(_split_entries(value or ""), start=1):
        match = _ENTRY.fullmatch(part)
        name = match["name"].strip() if match else ""
        if not match or not _NAME.fullmatch(name) or not match["secret"]:
            raise BadInputError(f"ADVISOR_REVIEWER_KEY: entry {position} is malformed; {_FORMAT}")
        secret = match["secret"]
        if secret.startswith("scrypt$") and not re.fullmatch(r"scrypt\$[0-9a-f]{2,}\$[0-9a-f]{64}", secret):
            raise BadInputError(f"ADVISOR_REVIEWER_KEY: entry {position}: a hash looks like scrypt$<salt>$<64 hex>")
        _check_argon2(secret, position)
        keys.append(ReviewerKey(name, reviewer_countries(match["codes"]), secret))
    names = [k.name.casefold() for k in keys]
    if len(names) != len(set(names)):
        raise BadInputError("ADVISOR_REVIEWER_KEY: each reviewer name may appear once")
    return keys


def _check_argon2(secret: str, position: int) -> None:
    """Refuse an argon2 hash that is malformed, too costly, or was mangled by a shell, in one line."""
    if not secret.startswith("$argon2"):
        if _SHELL_MANGLED.search(secret):  # taken as a clear passphrase, it would silently never match
            raise BadInputError(
                f"ADVISOR_REVIEWER_KEY: entry {position} looks like an argon2 hash whose '$' parts a shell "
                "replaced; put the value in single quotes"
            )
        return
    form = _ARGON2_FORM.fullmatch(secret)
    if not form:
        raise BadInputError(f"ADVISOR_REVIEWER_KEY: entry {position}: {_ARGON2_HELP}")
    if any(int(value) > limit for value, limit in zip(form.groups(), _ARGON2_LIMITS, strict=True)):
        memory, passes, lanes = _ARGON2_LIMITS
        raise BadInputError(
            f"ADVISOR_REVIEWER_KEY: entry {position}: argon2 parameters above m={memory},t={passes},p={lanes} "
            "would stall every sign-in"
        )


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
    if entry is None:
        # Check against the slowest configured secret even for an unknown name, so timing does not
        # tell which names exist (a clear decoy would answer far faster than an argon2 hash).
        decoy = max(keys, key=lambda k: k.cost)
        decoy = decoy if decoy.cost else ReviewerKey("", frozenset(), secrets.token_hex(16))
        decoy.matches(passphrase)
    ok = entry is not None and entry.matches(passphrase)
    log.record(name, client, ok)
    if not ok or entry is None:
        raise ReviewRefusedError("wrong_sign_in", "wrong name or passphrase")
    return Reviewer(entry.name, entry.countries)
