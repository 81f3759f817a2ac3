"""Review history, append-only, behind one interface class: :class:`ReviewStore`.

Every row is an event with who, when and what; nothing is ever updated or deleted, so the
current state of anything is read from its events.

- Queue items (``question:<id>``, ``feedback:<id>``) are approved or flagged; their status is
  their latest such action.
- A proposal changes one thing of a country: it has a ``kind`` and a ``target`` (``fact`` and a
  fact id; ``translation`` will follow through the same flow). It is **proposed**, then
  **approved** by a second reviewer of the same country (never the proposer: four eyes), then
  **published**; or rejected. ``ADVISOR_REVIEW_FOUR_EYES=0`` lets a single-reviewer deployment
  approve its own proposals, and the report says so.

Only this class touches the review tables. They live in the advisor's database
(:mod:`advisor.stores`): embedded SQLite by default, the PostgreSQL that replicas share when
``ADVISOR_DATABASE_URL`` is set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from advisor.catalogue import COUNTRIES, REGION
from advisor.errors import BadInputError
from advisor.review.access import Reviewer
from advisor.review.refusals import ReviewInputError, ReviewRefusedError
from advisor.safe_text import clean_text
from advisor.stores.database import SQLITE_FILE, Database
from advisor.stores.tables import review_events

if TYPE_CHECKING:
    from advisor.config import Settings

ACTIONS = ("approve", "flag")  # what a reviewer records on a queue item
STATUS_AFTER = {"approve": "approved", "flag": "flagged", "correct": "corrected"}
PROPOSAL_KINDS = ("fact", "translation")  # both go through the same propose/approve/publish flow
# Which translations a reviewer of a country may propose, approve and publish: the one table
# (docs/review.md). Singapore's reviewers also read English, which has no translation files.
TRANSLATION_REVIEW_LANGUAGES: dict[str, tuple[str, ...]] = {
    "TH": ("th",),
    "VN": ("vi",),
    "ID": ("id",),
    "MY": ("ms",),
    "BN": ("ms",),
    "SG": ("ms", "en"),
    "PH": ("fil",),
}
DECISIONS = {"approve-proposal": "approved", "reject-proposal": "rejected", "publish": "published"}
# Written by the single-step flow before four eyes: "correct" proposed, approving also published.
_LEGACY_DECISIONS = {"approve-correction": "published", "reject-correction": "rejected"}
MAX_TEXT = 4000

_DECISION_LOCK = 1_400_012  # PostgreSQL advisory lock: one decision on proposals at a time


@dataclass(frozen=True)
class Action:
    """One stored event: who did what to which item, when, on which knowledge version."""

    id: int
    created_at: str
    reviewer: str
    country: str
    item: str
    action: str
    text: str
    source_url: str
    knowledge_version: str


@dataclass(frozen=True)
class Proposal:
    """A proposed change of one thing of a country, and where it stands."""

    id: int
    country: str
    kind: str  # fact or translation
    target: str  # what it changes: a fact id, or <lang>:<entry kind>:<id>[:<field>]
    text: str
    source_url: str
    proposed_by: str
    proposed_at: str
    knowledge_version: str
    status: str  # proposed | approved | rejected | published
    approved_by: str = ""
    approved_at: str = ""
    published_by: str = ""
    published_at: str = ""

    @property
    def item(self) -> str:
        """The item it changes, ``<kind>:<target>``."""
        return f"{self.kind}:{self.target}"

    @property
    def self_approved(self) -> bool:
        """Whether the proposer approved it (possible only with four eyes switched off)."""
        return bool(self.approved_by) and self.approved_by.casefold() == self.proposed_by.casefold()


class ReviewStore:
    """The review history of every country, in the advisor's database."""

    def __init__(self, target: Path | Database, four_eyes: bool = True) -> None:
        """Use a :class:`~advisor.stores.Database`, or the SQLite file at ``target`` (created if needed).

        Args:
            target: the database, or an SQLite file.
            four_eyes: whether a proposal needs a second reviewer (``ADVISOR_REVIEW_FOUR_EYES``).

        Raises:
            BadInputError: the file's folder cannot be used.
            StoreUnavailableError: the database cannot be reached.
        """
        self.database = target if isinstance(target, Database) else Database.sqlite(target)
        self.path = Path(target) if not isinstance(target, Database) else None
        self.four_eyes = four_eyes

    @classmethod
    def from_settings(cls, settings: Settings) -> ReviewStore:
        """The store of ``settings``: ``ADVISOR_DATABASE_URL``, else SQLite in the data folder; its four-eyes rule."""
        return cls(Database.from_settings(settings), settings.review_four_eyes)

    @classmethod
    def in_data_dir(cls, data_dir: Path, four_eyes: bool = True) -> ReviewStore:
        """The store in the embedded SQLite database of a data folder (``ADVISOR_DATA_DIR``).

        The first time, the events of an older ``reviews.sqlite3`` in that folder are carried over.
        """
        return cls(data_dir / SQLITE_FILE, four_eyes)

    # --- queue items ------------------------------------------------------------------------

    def record(
        self, reviewer: Reviewer, country: str, item: str, action: str, knowledge_version: str, text: str = ""
    ) -> int:
        """Approve or flag a queue item; returns the event id.

        Raises:
            AccessDeniedError: the reviewer may not review ``country``.
            BadInputError: an unknown action, a flag without a reason, or an over-long text.
        """
        text, _ = _checked_entry(country, item, action, knowledge_version, text, "")
        reviewer.require(country)
        if action not in ACTIONS:
            raise BadInputError(f"unknown review action {action!r}; accepted: {', '.join(ACTIONS)}")
        if item.split(":", 1)[0] in {*PROPOSAL_KINDS, "proposal", "correction"}:
            raise BadInputError(f"{item!r} is not a queue item: propose, approve and publish corrections instead")
        if action == "flag" and not text:
            raise ReviewInputError("flag_reason", "a flag needs a reason")
        _check_length(text)
        with self.database.write() as db:
            return self._append(db, reviewer.name, country, item, action, knowledge_version, text)

    def history(self, country: str, item: str | None = None) -> list[Action]:
        """Every event for ``country`` (or one item of it), oldest first."""
        _check_country(country)
        query = sa.select(review_events).where(review_events.c.country == country).order_by(review_events.c.id)
        if item is not None:
            query = query.where(review_events.c.item == item)
        with self.database.read() as db:
            return [Action(*row) for row in db.execute(query).all()]

    def status(self, country: str, item: str) -> tuple[str, Action | None]:
        """The item's current status (pending, approved, flagged or corrected) and its latest action."""
        actions = [a for a in self.history(country, item) if a.action in STATUS_AFTER]
        return (STATUS_AFTER[actions[-1].action], actions[-1]) if actions else ("pending", None)

    def statuses(self, country: str) -> dict[str, str]:
        """The status of every item of ``country`` that has one (one query for a whole queue)."""
        found: dict[str, str] = {}
        for action in self.history(country):
            if action.action in STATUS_AFTER:
                found[action.item] = STATUS_AFTER[action.action]
        return found

    def is_approved(self, country: str, item: str, knowledge_version: str) -> bool:
        """Whether the item's latest action approves it on this knowledge version."""
        status, latest = self.status(country, item)
        return status == "approved" and latest is not None and latest.knowledge_version == knowledge_version

    # --- proposals: proposed -> approved by a second reviewer -> published ------------------

    def propose(
        self,
        reviewer: Reviewer,
        country: str,
        kind: str,
        target: str,
        text: str,
        source_url: str,
        knowledge_version: str,
        from_item: str | None = None,
    ) -> int:
        """Record a proposal; returns its id. ``from_item`` marks the queue item it came from as corrected.

        A ``translation`` proposal may have no text (approve the translation as it is) and no
        source (a change of wording, not of fact); its target's language must be one of the
        country's (:data:`TRANSLATION_REVIEW_LANGUAGES`).

        Raises:
            AccessDeniedError: the reviewer may not review ``country``, or not that language.
            BadInputError: an unknown kind, no text, no source, or a malformed source URL.
        """
        text, source_url = _checked_entry(country, target, kind, knowledge_version, text, source_url)
        reviewer.require(country)
        if kind not in PROPOSAL_KINDS:
            raise BadInputError(f"unknown proposal kind {kind!r}; accepted: {', '.join(PROPOSAL_KINDS)}")
        if not target.strip():
            raise ReviewInputError("choose_fact", "choose what the correction replaces")
        if kind == "translation":
            language = target.split(":", 1)[0]
            if language not in TRANSLATION_REVIEW_LANGUAGES.get(country, ()):
                raise _wrong_language(reviewer.name, [country], language)
        elif not text:
            raise ReviewInputError("needs_text", "a correction needs its text")
        _check_length(text)
        if kind == "fact" and not source_url:
            raise ReviewInputError("needs_source", "a correction needs a source URL (https://...)")
        if source_url:
            check_source_url(source_url)
        with self.database.write() as db:
            new = self._append(
                db, reviewer.name, country, f"{kind}:{target}", "propose", knowledge_version, text, source_url
            )
            if from_item:
                self._append(db, reviewer.name, country, from_item, "correct", knowledge_version, f"proposal {new}")
        return new

    def proposals(self, country: str, kind: str | None = None) -> list[Proposal]:
        """Every proposal for ``country`` (of one ``kind``), oldest first, with its status."""
        _check_country(country)
        with self.database.read() as db:
            found = _proposals(db, country)
        return [p for p in found if kind is None or p.kind == kind]

    def translation_proposals(self, language: str) -> list[Proposal]:
        """Every translation proposal into ``language``, from any country that uses it, oldest first."""
        with self.database.read() as db:
            found = _proposals(db, None)
        return [p for p in found if p.kind == "translation" and p.target.split(":", 1)[0] == language]

    def proposal(self, proposal_id: int | str) -> Proposal:
        """One proposal by id, in any country.

        Raises:
            BadInputError: no proposal has this id.
        """
        with self.database.read() as db:
            return _find(db, proposal_id)

    def approve(self, reviewer: Reviewer, proposal_id: int | str, knowledge_version: str) -> Proposal:
        """Approve a proposal as its second reviewer; returns it, approved.

        Raises:
            AccessDeniedError: another country's proposal, or the proposer's own (with four eyes).
            BadInputError: an unknown id, or a proposal already decided.
        """
        return self._decide(reviewer, proposal_id, "approve-proposal", knowledge_version)

    def reject(self, reviewer: Reviewer, proposal_id: int | str, knowledge_version: str) -> Proposal:
        """Reject a proposal that is not published yet (the proposer may withdraw their own)."""
        return self._decide(reviewer, proposal_id, "reject-proposal", knowledge_version)

    def mark_published(
        self,
        reviewer: Reviewer,
        proposal_id: int | str,
        knowledge_version: str,
        also: Callable[[Connection, Proposal], None] | None = None,
    ) -> Proposal:
        """Record that an approved proposal is published (see :mod:`advisor.review.corrections`).

        ``also`` runs in the same transaction once the event is written (it sees the proposal
        published), so what the publish makes public is committed together with the event, or not at all.
        """
        return self._decide(reviewer, proposal_id, "publish", knowledge_version, also)

    def check_may_publish(self, reviewer: Reviewer, proposal_id: int | str) -> Proposal:
        """The proposal, if ``reviewer`` may publish it now; raises the refusal otherwise."""
        with self.database.read() as db:
            proposal = _find(db, proposal_id)
        self._check_decision(reviewer, proposal, "publish")
        return proposal

    def _decide(
        self,
        reviewer: Reviewer,
        proposal_id: int | str,
        decision: str,
        knowledge_version: str,
        also: Callable[[Connection, Proposal], None] | None = None,
    ) -> Proposal:
        # One writer at a time: two approvals of the same proposal cannot both pass the check
        # (SQLite: the write transaction is BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
        with self.database.write() as db:
            self.decision_lock(db)
            proposal = _find(db, proposal_id)
            self._check_decision(reviewer, proposal, decision)
            self._append(db, reviewer.name, proposal.country, f"proposal:{proposal.id}", decision, knowledge_version)
            decided = _find(db, proposal.id)
            if also is not None:
                also(db, decided)
            return decided

    @staticmethod
    def decision_lock(db: Connection) -> None:
        """Take the lock decisions take, inside ``db``'s transaction (writers that must not interleave with them).

        SQLite needs none: its write transactions are ``BEGIN IMMEDIATE``, one at a time.
        """
        if db.dialect.name == "postgresql":
            db.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _DECISION_LOCK})

    def _check_decision(self, reviewer: Reviewer, proposal: Proposal, decision: str) -> None:
        if proposal.kind == "translation":
            # Any reviewer of a country that uses the language: a Bruneian may approve a Malaysian's Malay.
            require_language(reviewer, proposal.target.split(":", 1)[0])
        else:
            reviewer.require(proposal.country)
        wanted = "approved" if decision == "publish" else "proposed"
        if decision == "reject-proposal" and proposal.status == "approved":
            wanted = "approved"  # an approved proposal may still be stopped before it is published
        if proposal.status != wanted:
            if decision == "publish" and proposal.status == "proposed":
                raise ReviewRefusedError(
                    "not_approved",
                    f"proposal {proposal.id} must be approved by a second reviewer of {proposal.country} "
                    "before it is published",
                    id=proposal.id,
                )
            raise ReviewInputError(
                "already_decided",
                f"proposal {proposal.id} is already {proposal.status}",
                id=proposal.id,
                status=proposal.status,
            )
        own = reviewer.name.casefold() == proposal.proposed_by.casefold()
        if decision == "approve-proposal" and own and self.four_eyes:
            raise ReviewRefusedError(
                "own_proposal",
                f"{reviewer.name} proposed {proposal.id}: a second reviewer of {proposal.country} must approve it",
                id=proposal.id,
            )

    @staticmethod
    def _append(
        db: Connection,
        reviewer: str,
        country: str,
        item: str,
        action: str,
        version: str,
        text: str = "",
        source_url: str = "",
    ) -> int:
        """Insert one event (the caller's transaction commits it); the only place rows are written."""
        row = {
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "reviewer": reviewer,
            "country": country,
            "item": item,
            "action": action,
            "text": text,
            "source_url": source_url,
            "knowledge_version": version,
        }
        return int(db.execute(sa.insert(review_events).values(**row).returning(review_events.c.id)).scalar_one())


_OLD_COLUMNS = ("id", "created_at", "reviewer", "country", "item", "action", "text", "source_url", "knowledge_version")


def import_review_file(database: Database, path: Path) -> int:
    """Copy the events of an older ``reviews.sqlite3`` into ``database``'s empty review history, ids kept.

    For moving a deployment's history into a shared PostgreSQL (the embedded SQLite of a data
    folder imports its neighbour by itself). Only an empty history is filled: proposals are
    named by their event ids, so two histories cannot be merged.

    Returns:
        How many events were copied.

    Raises:
        BadInputError: no such file, not a review store, or the database already holds events.
    """
    import sqlite3
    from contextlib import closing

    if not path.is_file():
        raise BadInputError(f"{path}: no such file; pass the reviews.sqlite3 of an advisor data folder")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as old:
            rows = old.execute(f"SELECT {', '.join(_OLD_COLUMNS)} FROM actions ORDER BY id").fetchall()
    except sqlite3.DatabaseError as error:
        raise BadInputError(
            f"{path} is not a review store ({error}); pass the reviews.sqlite3 of a data folder"
        ) from error
    with database.write() as db:
        ReviewStore.decision_lock(db)  # no decision meanwhile
        held = int(db.execute(sa.select(sa.func.count()).select_from(review_events)).scalar_one())
        if held:
            raise BadInputError(
                f"the database already holds {held} review events; import-reviews fills an empty history only "
                "(proposals are named by their ids)"
            )
        if rows:
            db.execute(sa.insert(review_events), [dict(zip(_OLD_COLUMNS, row, strict=True)) for row in rows])
        if db.dialect.name == "postgresql":
            # Ids were given explicitly: move the sequence past them, or the next event would collide.
            db.execute(sa.text("SELECT setval(pg_get_serial_sequence('review_events', 'id'), "
                               "GREATEST((SELECT max(id) FROM review_events), 1))"))  # fmt: skip
    return len(rows)


def published_proposals(db: Connection, country: str, kind: str) -> list[Proposal]:
    """The published proposals of one kind for ``country``, read in the caller's transaction."""
    return [p for p in _proposals(db, country) if p.kind == kind and p.status == "published"]


def _proposals(db: Connection, country: str | None) -> list[Proposal]:
    """Proposals read from their events (of one country, or of all)."""
    query = sa.select(review_events).order_by(review_events.c.id)
    if country is not None:
        query = query.where(review_events.c.country == country)
    events = [Action(*row) for row in db.execute(query).all()]
    found: dict[int, Proposal] = {}
    for event in events:
        kind, _, target = event.item.partition(":")
        if event.action == "propose" or (event.action == "correct" and kind in PROPOSAL_KINDS):
            found[event.id] = Proposal(
                event.id, event.country, kind, target, event.text, event.source_url, event.reviewer,
                event.created_at, event.knowledge_version, "proposed",
            )  # fmt: skip
        elif kind in {"proposal", "correction"} and target.isdigit() and int(target) in found:
            status = {**DECISIONS, **_LEGACY_DECISIONS}.get(event.action)
            if status is None:
                continue
            before = found[int(target)]
            changes: dict[str, str] = {"status": status}
            if status in {"approved", "published"} and not before.approved_by:
                changes |= {"approved_by": event.reviewer, "approved_at": event.created_at}
            if status == "published":
                changes |= {"published_by": event.reviewer, "published_at": event.created_at}
            found[int(target)] = Proposal(**{**before.__dict__, **changes})
    return list(found.values())


def _find(db: Connection, proposal_id: int | str) -> Proposal:
    text = str(proposal_id).strip().lstrip("#")
    if text.isdigit() and int(text) < 2**63:
        query = sa.select(review_events.c.country).where(review_events.c.id == int(text))
        row = db.execute(query).first()
        if row is not None:
            match = next((p for p in _proposals(db, row[0]) if p.id == int(text)), None)
            if match is not None:
                return match
    raise ReviewInputError("unknown_proposal", f"there is no proposal {str(proposal_id)[:40]!r}", id=text[:40])


def languages_of(reviewer: Reviewer) -> list[str]:
    """The languages whose translations ``reviewer`` may review, from their countries."""
    found = [code for country in sorted(reviewer.countries) for code in TRANSLATION_REVIEW_LANGUAGES.get(country, ())]
    return list(dict.fromkeys(found))


def require_language(reviewer: Reviewer, language: str) -> None:
    """Raise the ``wrong_language`` refusal unless one of ``reviewer``'s countries uses ``language``."""
    if language not in languages_of(reviewer):
        raise _wrong_language(reviewer.name, sorted(reviewer.countries), language)


def _wrong_language(name: str, countries: list[str], language: str) -> ReviewRefusedError:
    allowed = ", ".join(dict.fromkeys(c for k in countries for c in TRANSLATION_REVIEW_LANGUAGES.get(k, ()))) or "none"
    return ReviewRefusedError(
        "wrong_language",
        f"{name} may review translations into {allowed}, not {language} (reviewers act on the languages of "
        "their countries)",
        name=name, allowed=allowed, wanted=language,
    )  # fmt: skip


def _check_length(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ReviewInputError(
            "too_long", f"the text has {len(text)} characters; at most {MAX_TEXT}", length=len(text), limit=MAX_TEXT
        )


# --- input validation at the entry of the store's public methods ---------------------------

# A source is a link a reviewer can follow, nothing else: https, a host name, and a path of
# URL characters without quotes, brackets, spaces or markup, so that it can never become a
# Markdown image or break out of a link or an attribute wherever it is shown.
_SOURCE_URL = re.compile(
    r"https://"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*"  # a domain: no IP, no user@
    r"(?::[0-9]{1,5})?"
    r"(?:[/?#][A-Za-z0-9\-._~/?#:@!$&*+,;=%]*)?"  # RFC 3986 characters minus ' ( ) [ ]
)
MAX_SOURCE_URL = 500


def check_source_url(url: str) -> None:
    """Accept only a plain ``https://`` URL: no spaces, quotes, brackets, angle brackets or markup.

    Raises:
        BadInputError: one line saying what a source must look like.
    """
    if len(url) > MAX_SOURCE_URL or not _SOURCE_URL.fullmatch(url):
        raise ReviewInputError(
            "bad_source",
            "the source must be a well-formed https:// address: a plain URL of at most 500 characters with "
            "no spaces, quotes, brackets or markup, e.g. https://www.example.go.th/report",
        )


def _check_country(country: object) -> None:
    if not isinstance(country, str) or country not in {*COUNTRIES, REGION}:
        raise BadInputError(f"unknown country {country!r}; accepted: {', '.join([*COUNTRIES, REGION])}")


def _checked_entry(
    country: object, item: object, action: object, knowledge_version: object, text: object, source_url: object
) -> tuple[str, str]:
    """Check the types and the country of one action; returns its text and source, cleaned."""
    _check_country(country)
    for name, value in (("item", item), ("action", action), ("knowledge version", knowledge_version)):
        if not isinstance(value, str):
            raise BadInputError(f"the {name} must be text, not {type(value).__name__}")
    for name, value in (("text", text), ("source URL", source_url)):
        if value is not None and not isinstance(value, str):
            raise BadInputError(f"the {name} must be text, not {type(value).__name__}")
    return clean_text(str(text or ""), keep_newlines=True), clean_text(str(source_url or ""))
