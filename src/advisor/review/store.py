"""Review actions in SQLite, append-only: the current status of an item is its latest action.

Items are named ``question:<id>``, ``feedback:<id>`` and ``fact:<id>``. A correction is a
``correct`` action (its row id is the correction id); approving or rejecting it is another
action on ``correction:<id>``. Approved corrections are published to
``knowledge/overrides/<CC>.yaml`` (validated before it replaces the file).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from advisor.catalogue import COUNTRIES, REGION
from advisor.config import usable_folder
from advisor.errors import BadInputError
from advisor.knowledge.schema import OverridesFile
from advisor.review.access import Reviewer
from advisor.safe_text import clean_text

ACTIONS = ("approve", "flag", "correct", "approve-correction", "reject-correction")
STATUS_AFTER = {"approve": "approved", "flag": "flagged", "correct": "corrected"}
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
    """One stored review action."""

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
class Correction:
    """A proposed correction and where it stands."""

    action: Action
    status: str  # proposed | approved | rejected

    @property
    def fact_id(self) -> str | None:
        """The fact it corrects, or ``None`` for a new note."""
        return self.action.item.removeprefix("fact:") if self.action.item.startswith("fact:") else None


class ReviewStore:
    """The review history of every country, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        """Open (and create if needed) the database at ``path``."""
        self.path = path
        usable_folder(path.parent, "ADVISOR_DATA_DIR")
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ReviewStore:
        """The store of a data directory (``ADVISOR_DATA_DIR``)."""
        return cls(data_dir / "reviews.sqlite3")

    def record(
        self,
        reviewer: Reviewer,
        country: str,
        item: str,
        action: str,
        knowledge_version: str,
        text: str = "",
        source_url: str = "",
    ) -> int:
        """Append one action after checking who may do it and that it is complete.

        Raises:
            AccessDeniedError: the reviewer may not review ``country``.
            BadInputError: an unknown action, a flag without a reason, a correction without
                text, or a malformed source URL.
        """
        text, source_url = _checked_entry(country, item, action, knowledge_version, text, source_url)
        reviewer.require(country)
        if action not in ACTIONS:
            raise BadInputError(f"unknown review action {action!r}; accepted: {', '.join(ACTIONS)}")
        text, source_url = (text or "").strip(), (source_url or "").strip()
        if action in {"flag", "correct"} and not text:
            raise BadInputError("a flag needs a reason" if action == "flag" else "a correction needs its text")
        if len(text) > MAX_TEXT:
            raise BadInputError(f"the text has {len(text)} characters; at most {MAX_TEXT}")
        if source_url:
            check_source_url(source_url)
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            reviewer.name,
            country,
            item,
            action,
            text,
            source_url,
            knowledge_version,
        )
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            cursor = db.execute(
                "INSERT INTO actions (created_at, reviewer, country, item, action, text, source_url, "
                "knowledge_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def history(self, country: str, item: str | None = None) -> list[Action]:
        """Every action for ``country`` (or one item of it), oldest first."""
        _check_country(country)
        sql = "SELECT * FROM actions WHERE country = ? AND (? IS NULL OR item = ?) ORDER BY id"
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            return [Action(*row) for row in db.execute(sql, (country, item, item)).fetchall()]

    def status(self, country: str, item: str) -> tuple[str, Action | None]:
        """The item's current status (pending, approved, flagged or corrected) and its latest action."""
        actions = [a for a in self.history(country, item) if a.action in STATUS_AFTER]
        return (STATUS_AFTER[actions[-1].action], actions[-1]) if actions else ("pending", None)

    def is_approved(self, country: str, item: str, knowledge_version: str) -> bool:
        """Whether the item's latest action approves it on this knowledge version."""
        status, latest = self.status(country, item)
        return status == "approved" and latest is not None and latest.knowledge_version == knowledge_version

    def corrections(self, country: str) -> list[Correction]:
        """Every correction proposed for ``country`` and its status."""
        _check_country(country)
        history = self.history(country)
        decisions: dict[str, str] = {}
        for action in history:
            if action.action in {"approve-correction", "reject-correction"}:
                decisions[action.item] = "approved" if action.action == "approve-correction" else "rejected"
        return [
            Correction(a, decisions.get(f"correction:{a.id}", "proposed")) for a in history if a.action == "correct"
        ]

    def decide_correction(
        self, reviewer: Reviewer, country: str, correction_id: int, approve: bool, knowledge_version: str
    ) -> None:
        """Approve or reject a proposed correction. Approval needs a source URL (it will be published)."""
        correction = next((c for c in self.corrections(country) if c.action.id == correction_id), None)
        if correction is None:
            raise BadInputError(f"no correction {correction_id} for {country}")
        if correction.status != "proposed":
            raise BadInputError(f"correction {correction_id} is already {correction.status}")
        if approve and not correction.action.source_url:
            raise BadInputError("a correction needs a source URL before it can be published: propose it again with one")
        action = "approve-correction" if approve else "reject-correction"
        self.record(reviewer, country, f"correction:{correction_id}", action, knowledge_version)


def correctable_facts(knowledge: Any, country: str) -> list[Any]:
    """Facts a reviewer of ``country`` may correct: that country's own facts only.

    Region-wide facts belong to ``ASEAN`` (a permission of its own), never to a member country,
    because a correction to them changes answers in every country.
    """
    reviewed = knowledge.overrides.get(country, [])
    replaced = {fact.replaces for fact in reviewed if fact.replaces}
    shipped = knowledge.countries[country].facts if country in knowledge.countries else []
    return [*reviewed, *(f for f in shipped if f.id not in replaced)]


def propose_correction(
    store: ReviewStore,
    knowledge: Any,
    reviewer: Reviewer,
    country: str,
    fact_id: str,
    text: str,
    source_url: str,
) -> int:
    """Record a proposed correction of one of ``country``'s own facts; returns its id.

    Raises:
        AccessDeniedError: the reviewer may not review ``country``.
        BadInputError: the fact is not one of ``country``'s own, or the text or source is not accepted.
    """
    reviewer.require(country)
    if fact_id not in {f.id for f in correctable_facts(knowledge, country)}:
        raise BadInputError(f"fact {fact_id!r} is not one of {country}'s own facts; choose one of them")
    return store.record(reviewer, country, f"fact:{fact_id}", "correct", knowledge.version, text, source_url)


def approve_and_publish(
    store: ReviewStore, knowledge: Any, knowledge_dir: Path, reviewer: Reviewer, country: str, correction_id: int
) -> Path | None:
    """Approve a proposed correction and publish it, only if the knowledge would still load.

    The approval is recorded only after the full validation that loading runs has passed on
    the knowledge with the new overrides in place, so a bad correction stays proposed (and can
    be rejected) and never reaches users.

    Raises:
        BadInputError: unknown or already decided, unsourced, out of scope, or refused by validation.
    """
    reviewer.require(country)
    correction = next((c for c in store.corrections(country) if c.action.id == correction_id), None)
    if correction is None:
        raise BadInputError(f"no correction {correction_id} for {country}")
    if correction.status != "proposed":
        raise BadInputError(f"correction {correction_id} is already {correction.status}")
    pending = [*_publishable(store, knowledge, country), correction]
    _check_would_load(knowledge_dir, country, _overrides_document(knowledge, country, pending))
    store.decide_correction(reviewer, country, correction_id, True, knowledge.version)
    return publish_overrides(store, knowledge, knowledge_dir, country)


def publish_overrides(store: ReviewStore, knowledge: Any, knowledge_dir: Path, country: str) -> Path | None:
    """Write the approved corrections of ``country`` to ``overrides/<CC>.yaml``, atomically.

    Approved corrections outside the country's own facts (possible in stores written before
    scoping existed) are left out. The file replaces the old one only after the whole
    knowledge, with it in place, passes the validation that loading runs.

    Returns:
        The file written, or ``None`` when the country has no approved correction.

    Raises:
        BadInputError: when the knowledge would not load with the new file.
    """
    target = knowledge_dir / "overrides" / f"{country}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent)
    approved = _publishable(store, knowledge, country)
    if not approved:
        return None
    document = _overrides_document(knowledge, country, approved)
    _check_would_load(knowledge_dir, country, document)
    header = "# Written by `advisor review`: approved reviewer corrections. Edit through the Review page.\n"
    with tempfile.NamedTemporaryFile(
        "w", dir=target.parent, prefix=".publish-", delete=False, suffix=".tmp", encoding="utf-8"
    ) as tmp:
        tmp.write(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, target)
    return target


def remove_leftovers(folder: Path, older_than: float = 60.0) -> int:
    """Delete temporary files that a killed publish left in ``folder``; returns how many."""
    removed = 0
    now = time.time()
    for leftover in folder.glob("*.tmp"):
        try:
            if now - leftover.stat().st_mtime > older_than:
                leftover.unlink()
                removed += 1
        except OSError:  # another process removed or replaced it meanwhile
            continue
    return removed


def _publishable(store: ReviewStore, knowledge: Any, country: str) -> list[Correction]:
    own = {f.id for f in correctable_facts(knowledge, country)}
    return [c for c in store.corrections(country) if c.status == "approved" and (c.fact_id is None or c.fact_id in own)]


def _overrides_document(knowledge: Any, country: str, corrections: list[Correction]) -> dict[str, Any]:
    document = {"country": country, "facts": [_override_fact(knowledge, country, c) for c in corrections]}
    try:
        OverridesFile.model_validate(document)
    except ValueError as error:
        raise BadInputError(f"the correction cannot be published: {str(error).splitlines()[0]}") from error
    return document


def _check_would_load(knowledge_dir: Path, country: str, document: dict[str, Any]) -> None:
    """Run the loader's full validation on a copy of the knowledge with ``document`` in place."""
    from advisor.knowledge import validate_knowledge

    with tempfile.TemporaryDirectory(prefix="advisor-publish-") as scratch:
        copy = Path(scratch) / knowledge_dir.name
        shutil.copytree(knowledge_dir, copy, ignore=shutil.ignore_patterns("*.tmp"))
        (copy / "overrides").mkdir(exist_ok=True)
        (copy / "overrides" / f"{country}.yaml").write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        # Another country's broken file is not this publish's doing: the loader skips it anyway.
        others = [f"/overrides/{code}.yaml" for code in [*COUNTRIES, REGION] if code != country]
        problems = [p for p in validate_knowledge(copy) if not any(other in p for other in others)]
    if problems:
        raise BadInputError(f"the correction cannot be published: {problems[0]}")


def _override_fact(knowledge: Any, country: str, correction: Correction) -> dict[str, Any]:
    action = correction.action
    original = knowledge.facts_by_id.get(correction.fact_id) if correction.fact_id else None
    fact: dict[str, Any] = {
        "id": f"{country.lower()}-review-{action.id}",
        "kind": original.kind if original else "context",
        "text": action.text,
    }
    if original is not None:
        fact["title"] = original.title or None
        fact["competencies"] = list(original.competencies)
        fact["replaces"] = getattr(original, "replaces", None) or original.id
    fact |= {
        "source_url": action.source_url,
        "as_of": action.created_at[:7],
        "reviewed_by": action.reviewer,
        "reviewed_at": action.created_at[:10],
    }
    return {key: value for key, value in fact.items() if value is not None}


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
        raise BadInputError(
            "the source must be a well-formed https:// address: a plain URL of at most 500 characters with "
            "no spaces, quotes, brackets or markup, e.g. https://www.example.go.th/report"
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
