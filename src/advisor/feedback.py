"""Durable answer feedback: thumbs up or down, an optional comment, and the answer snapshot.

Stored in SQLite (``<data dir>/feedback.sqlite3``) in WAL mode, one transaction per write, so
a crash or a restart of the app loses nothing that was acknowledged to the user.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from advisor.catalogue import COUNTRIES, LEVELS, ROLES, accepted
from advisor.config import usable_folder
from advisor.errors import BadInputError
from advisor.safe_text import clean_text, csv_text

MAX_COMMENT_CHARS = 2000
CSV_COLUMNS = (
    "id",
    "created_at",
    "rating",
    "comment",
    "question",
    "role",
    "country",
    "level",
    "language",
    "knowledge_version",
    "competencies",
    "answer_json",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    role TEXT NOT NULL,
    country TEXT NOT NULL,
    level INTEGER,
    language TEXT NOT NULL,
    knowledge_version TEXT NOT NULL,
    answer_json TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class FeedbackRecord:
    """One stored piece of feedback."""

    id: int
    created_at: str
    rating: int
    comment: str
    question: str
    role: str
    country: str
    level: int | None
    language: str
    knowledge_version: str
    answer: dict[str, Any]


class FeedbackStore:
    """Feedback in one SQLite file."""

    def __init__(self, path: Path) -> None:
        """Open (and create if needed) the database at ``path``."""
        self.path = path
        usable_folder(path.parent, "ADVISOR_DATA_DIR")
        try:
            with closing(self._connect()) as db, db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_SCHEMA)
        except sqlite3.Error as error:
            raise BadInputError(f"cannot open the feedback database {path}: {error}") from error

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        """The store of a data directory (``ADVISOR_DATA_DIR``)."""
        return cls(data_dir / "feedback.sqlite3")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, answer: dict[str, Any], rating: int, comment: str = "") -> int:
        """Store feedback on one answer (the answer object as a dict).

        Args:
            answer: ``Answer.to_dict()`` of the rated answer: its snapshot is kept.
            rating: 1 for thumbs up, -1 for thumbs down.
            comment: optional free text, at most 2,000 characters.

        Returns:
            The id of the stored feedback.

        Raises:
            BadInputError: for a rating other than 1 or -1, a comment that is not text or too
                long, or an answer whose question, role or country is not accepted.
        """
        if isinstance(rating, bool) or rating not in (1, -1):
            raise BadInputError(f"rating {rating!r} is not accepted; use 1 (thumbs up) or -1 (thumbs down)")
        comment = _checked_comment(comment)
        query = _checked_query(answer)
        try:
            snapshot = json.dumps(answer, ensure_ascii=False)
            snapshot.encode("utf-8")  # lone surrogates cannot be stored
        except (TypeError, ValueError) as error:
            raise BadInputError(f"the answer cannot be stored as JSON text: {error}") from error
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            rating,
            comment,
            query["question"],
            query["role"],
            query["country"],
            query["level"],
            query["language"],
            str(answer.get("knowledge_version", "")),
            snapshot,
        )
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, rating, comment, question, role, country, level, "
                "language, knowledge_version, answer_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def set_comment(self, record_id: int, comment: str) -> None:
        """Set (or replace) the comment of stored feedback: a thumb is saved at once, the comment later.

        Args:
            record_id: the id :meth:`record` returned.
            comment: free text, at most 2,000 characters (an empty text removes the comment).

        Raises:
            BadInputError: no feedback has this id, or the comment is not text or too long.
        """
        if isinstance(record_id, bool) or not isinstance(record_id, int):
            raise BadInputError(f"feedback id {record_id!r} is not accepted; use the id that record() returned")
        comment = _checked_comment(comment)
        with closing(self._connect()) as db, db:
            changed = db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment, record_id)).rowcount
        if not changed:
            raise BadInputError(f"no feedback has id {record_id}; use the id that record() returned")

    def all(self, rating: int | None = None, country: str | None = None) -> list[FeedbackRecord]:
        """Stored feedback, oldest first, optionally only one rating and one country."""
        sql = "SELECT * FROM feedback WHERE (? IS NULL OR rating = ?) AND (? IS NULL OR country = ?) ORDER BY id"
        with closing(self._connect()) as db:
            rows = db.execute(sql, (rating, rating, country, country)).fetchall()
        return [
            FeedbackRecord(*row[:10], answer=json.loads(row[10]))  # type: ignore[misc]
            for row in rows
        ]

    def export_csv(self) -> str:
        """All feedback as CSV text, one row per rating, with the answer snapshot.

        Every cell is quoted and cells that a spreadsheet would run as a formula are
        neutralised (:func:`advisor.safe_text.csv_text`).
        """
        rows = (
            [
                r.id,
                r.created_at,
                r.rating,
                r.comment,
                r.question,
                r.role,
                r.country,
                r.level,
                r.language,
                r.knowledge_version,
                " ".join(str(c.get("id", "")) for c in r.answer.get("competencies", []) if isinstance(c, dict)),
                json.dumps(r.answer, ensure_ascii=False),
            ]
            for r in self.all()
        )
        return csv_text(CSV_COLUMNS, rows)


def _checked_comment(comment: object) -> str:
    """The comment cleaned of control characters, checked to be text of at most 2,000 characters."""
    if comment is not None and not isinstance(comment, str):
        raise BadInputError(f"the comment must be text, not {type(comment).__name__}")
    text = clean_text(comment or "", keep_newlines=True).strip()
    if len(text) > MAX_COMMENT_CHARS:
        raise BadInputError(f"the comment has {len(text)} characters; at most {MAX_COMMENT_CHARS}")
    return text


def _checked_query(answer: object) -> dict[str, Any]:
    """The rated answer's query, checked: text where text belongs, catalogue role and country."""
    query = answer.get("query") if isinstance(answer, dict) else None
    if not isinstance(query, dict):
        raise BadInputError("the rated answer has no query: pass Answer.to_dict() of the answer")
    question, role, country = query.get("question", ""), query.get("role", ""), query.get("country", "")
    language = query.get("interface_language") or query.get("language") or "en"
    level = query.get("level")
    if not isinstance(question, str) or not isinstance(language, str):
        raise BadInputError("the rated answer's question and language must be text")
    if not isinstance(role, str) or role not in ROLES:
        raise BadInputError(f"unknown role {role!r} in the rated answer; accepted: {accepted(ROLES)}")
    if not isinstance(country, str) or country not in COUNTRIES:
        raise BadInputError(f"unknown country {country!r} in the rated answer; accepted: {accepted(COUNTRIES)}")
    if level is not None and (isinstance(level, bool) or level not in LEVELS):
        raise BadInputError(f"level {level!r} in the rated answer is not accepted; use 1, 2, 3 or 4")
    return {
        "question": clean_text(question).strip(),
        "role": role,
        "country": country,
        "level": level,
        "language": clean_text(language),
    }
