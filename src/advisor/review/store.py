"""Review actions in SQLite, append-only: the current status of an item is its latest action.

Items are named ``question:<id>``, ``feedback:<id>`` and ``fact:<id>``. A correction is a
``correct`` action (its row id is the correction id); approving or rejecting it is another
action on ``correction:<id>``. Approved corrections are published to
``knowledge/overrides/<CC>.yaml`` (validated before it replaces the file).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import BadInputError
from advisor.knowledge.schema import OverridesFile, check_https_url
from advisor.review.access import Reviewer

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
        path.parent.mkdir(parents=True, exist_ok=True)
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
        reviewer.require(country)
        if action not in ACTIONS:
            raise BadInputError(f"unknown review action {action!r}; accepted: {', '.join(ACTIONS)}")
        text, source_url = (text or "").strip(), (source_url or "").strip()
        if action in {"flag", "correct"} and not text:
            raise BadInputError("a flag needs a reason" if action == "flag" else "a correction needs its text")
        if len(text) > MAX_TEXT:
            raise BadInputError(f"the text has {len(text)} characters; at most {MAX_TEXT}")
        if source_url:
            try:
                check_https_url(source_url)
            except ValueError as error:
                raise BadInputError(f"source URL {source_url!r}: {error}") from error
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


def publish_overrides(store: ReviewStore, knowledge: Any, knowledge_dir: Path, country: str) -> Path | None:
    """Write the approved corrections of ``country`` to ``overrides/<CC>.yaml``, atomically.

    Returns:
        The file written, or ``None`` when the country has no approved correction.
    """
    approved = [c for c in store.corrections(country) if c.status == "approved"]
    if not approved:
        return None
    facts = [_override_fact(knowledge, country, c) for c in approved]
    document = {"country": country, "facts": facts}
    OverridesFile.model_validate(document)  # never publish what the loader would refuse
    target = knowledge_dir / "overrides" / f"{country}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by `advisor review`: approved reviewer corrections. Edit through the Review page.\n"
    with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, suffix=".tmp", encoding="utf-8") as tmp:
        tmp.write(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    os.replace(tmp.name, target)
    return target


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
