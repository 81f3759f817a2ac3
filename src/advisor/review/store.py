"""Review history in SQLite, append-only, behind one interface class: :class:`ReviewStore`.

Every row is an event with who, when and what; nothing is ever updated or deleted, so the
current state of anything is read from its events.

- Queue items (``question:<id>``, ``feedback:<id>``) are approved or flagged; their status is
  their latest such action.
- A proposal changes one thing of a country: it has a ``kind`` and a ``target`` (``fact`` and a
  fact id; ``translation`` will follow through the same flow). It is **proposed**, then
  **approved** by a second reviewer of the same country (never the proposer: four eyes), then
  **published**; or rejected. ``ADVISOR_REVIEW_FOUR_EYES=0`` lets a single-reviewer deployment
  approve its own proposals, and the report says so.

Only this class touches the database, so another engine can replace it behind the same methods.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from advisor.catalogue import COUNTRIES, REGION
from advisor.config import usable_folder
from advisor.errors import BadInputError
from advisor.review.access import Reviewer
from advisor.review.refusals import ReviewInputError, ReviewRefusedError
from advisor.safe_text import clean_text

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

_SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    country TEXT NOT NULL,
    item TEXT NOT NULL,
    action TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    source_url TEXT NOT NULL DEFAULT '',
    knowledge_version TEXT NOT NULL
)
"""


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
    """The review history of every country, in one SQLite file (WAL)."""

    def __init__(self, path: Path, four_eyes: bool = True) -> None:
        """Open (and create if needed) the database at ``path``.

        Args:
            path: the SQLite file.
            four_eyes: whether a proposal needs a second reviewer (``ADVISOR_REVIEW_FOUR_EYES``).
        """
        self.path = path
        self.four_eyes = four_eyes
        usable_folder(path.parent, "ADVISOR_DATA_DIR")
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path, four_eyes: bool = True) -> ReviewStore:
        """The store of a data directory (``ADVISOR_DATA_DIR``)."""
        return cls(data_dir / "reviews.sqlite3", four_eyes)

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
        with closing(self._connect()) as db, db:
            return self._append(db, reviewer.name, country, item, action, knowledge_version, text)

    def history(self, country: str, item: str | None = None) -> list[Action]:
        """Every event for ``country`` (or one item of it), oldest first."""
        _check_country(country)
        sql = "SELECT * FROM actions WHERE country = ? AND (? IS NULL OR item = ?) ORDER BY id"
        with closing(self._connect()) as db:
            return [Action(*row) for row in db.execute(sql, (country, item, item)).fetchall()]

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
        with closing(self._connect()) as db, db:
            new = self._append(
                db, reviewer.name, country, f"{kind}:{target}", "propose", knowledge_version, text, source_url
            )
            if from_item:
                self._append(db, reviewer.name, country, from_item, "correct", knowledge_version, f"proposal {new}")
        return new

    def proposals(self, country: str, kind: str | None = None) -> list[Proposal]:
        """Every proposal for ``country`` (of one ``kind``), oldest first, with its status."""
        _check_country(country)
        with closing(self._connect()) as db:
            found = _proposals(db, country)
        return [p for p in found if kind is None or p.kind == kind]

    def translation_proposals(self, language: str) -> list[Proposal]:
        """Every translation proposal into ``language``, from any country that uses it, oldest first."""
        with closing(self._connect()) as db:
            found = _proposals(db, None)
        return [p for p in found if p.kind == "translation" and p.target.split(":", 1)[0] == language]

    def proposal(self, proposal_id: int | str) -> Proposal:
        """One proposal by id, in any country.

        Raises:
            BadInputError: no proposal has this id.
        """
        with closing(self._connect()) as db:
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

    def mark_published(self, reviewer: Reviewer, proposal_id: int | str, knowledge_version: str) -> Proposal:
        """Record that an approved proposal is published (see :mod:`advisor.review.corrections`)."""
        return self._decide(reviewer, proposal_id, "publish", knowledge_version)

    def check_may_publish(self, reviewer: Reviewer, proposal_id: int | str) -> Proposal:
        """The proposal, if ``reviewer`` may publish it now; raises the refusal otherwise."""
        with closing(self._connect()) as db:
            proposal = _find(db, proposal_id)
        self._check_decision(reviewer, proposal, "publish")
        return proposal

    def _decide(self, reviewer: Reviewer, proposal_id: int | str, decision: str, knowledge_version: str) -> Proposal:
        with closing(self._connect()) as db:
            # One writer at a time: two approvals of the same proposal cannot both pass the check.
            db.execute("BEGIN IMMEDIATE")
            try:
                proposal = _find(db, proposal_id)
                self._check_decision(reviewer, proposal, decision)
                self._append(
                    db, reviewer.name, proposal.country, f"proposal:{proposal.id}", decision, knowledge_version
                )
                db.commit()
            except BaseException:
                db.rollback()
                raise
            return _find(db, proposal.id)

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

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    @staticmethod
    def _append(
        db: sqlite3.Connection,
        reviewer: str,
        country: str,
        item: str,
        action: str,
        version: str,
        text: str = "",
        source_url: str = "",
    ) -> int:
        """Insert one event (the caller commits); the only place rows are written."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        cursor = db.execute(
            "INSERT INTO actions (created_at, reviewer, country, item, action, text, source_url, "
            "knowledge_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (now, reviewer, country, item, action, text, source_url, version),
        )
        return int(cursor.lastrowid or 0)


def _proposals(db: sqlite3.Connection, country: str | None) -> list[Proposal]:
    """Proposals read from their events (of one country, or of all)."""
    sql = "SELECT * FROM actions WHERE (? IS NULL OR country = ?) ORDER BY id"
    events = [Action(*row) for row in db.execute(sql, (country, country)).fetchall()]
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


def _find(db: sqlite3.Connection, proposal_id: int | str) -> Proposal:
    text = str(proposal_id).strip().lstrip("#")
    if text.isdigit():
        row = db.execute("SELECT country FROM actions WHERE id = ?", (int(text),)).fetchone()
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
