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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from advisor.errors import BadInputError
from advisor.review.access import Reviewer
from advisor.review.checks import (
    TRANSLATION_REVIEW_LANGUAGES,
    check_country,
    check_length,
    check_source_url,
    checked_entry,
    require_language,
    wrong_language,
)
from advisor.review.refusals import ReviewInputError, ReviewRefusedError
from advisor.stores.database import SQLITE_FILE, Database
from advisor.stores.tables import review_events

if TYPE_CHECKING:
    from advisor.config import Settings

ACTIONS = ("approve", "flag")  # what a reviewer records on a queue item
STATUS_AFTER = {"approve": "approved", "flag": "flagged", "correct": "corrected"}
PROPOSAL_KINDS = ("fact", "translation")  # both go through the same propose/approve/publish flow
DECISIONS = {"approve-proposal": "approved", "reject-proposal": "rejected", "publish": "published"}
# Written by the single-step flow before four eyes: "correct" proposed, approving also published.
_LEGACY_DECISIONS = {"approve-correction": "published", "reject-correction": "rejected"}

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
        text, _ = checked_entry(country, item, action, knowledge_version, text, "")
        reviewer.require(country)
        if action not in ACTIONS:
            raise BadInputError(f"unknown review action {action!r}; accepted: {', '.join(ACTIONS)}")
        if item.split(":", 1)[0] in {*PROPOSAL_KINDS, "proposal", "correction"}:
            raise BadInputError(f"{item!r} is not a queue item: propose, approve and publish corrections instead")
        if action == "flag" and not text:
            raise ReviewInputError("flag_reason", "a flag needs a reason")
        check_length(text)
        with self.database.write() as db:
            return self._append(db, reviewer.name, country, item, action, knowledge_version, text)

    def history(self, country: str, item: str | None = None) -> list[Action]:
        """Every event for ``country`` (or one item of it), oldest first."""
        check_country(country)
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
        text, source_url = checked_entry(country, target, kind, knowledge_version, text, source_url)
        reviewer.require(country)
        if kind not in PROPOSAL_KINDS:
            raise BadInputError(f"unknown proposal kind {kind!r}; accepted: {', '.join(PROPOSAL_KINDS)}")
        if not target.strip():
            raise ReviewInputError("choose_fact", "choose what the correction replaces")
        if kind == "translation":
            language = target.split(":", 1)[0]
            if language not in TRANSLATION_REVIEW_LANGUAGES.get(country, ()):
                raise wrong_language(reviewer.name, [country], language)
        elif not text:
            raise ReviewInputError("needs_text", "a correction needs its text")
        check_length(text)
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
        check_country(country)
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
