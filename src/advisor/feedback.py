"""Durable answer feedback: thumbs up or down, an optional comment, and the answer snapshot.

Stored through the storage layer (:mod:`advisor.stores`): embedded SQLite by default, the
shared PostgreSQL when ``ADVISOR_DATABASE_URL`` is set. One committed transaction per write,
so a crash or a restart of the app loses nothing that was acknowledged to the user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from advisor.catalogue import COUNTRIES, LEVELS, ROLES, accepted
from advisor.errors import BadInputError
from advisor.safe_text import clean_text, csv_text
from advisor.stores.database import SQLITE_FILE, Database
from advisor.stores.tables import feedback

if TYPE_CHECKING:
    from advisor.config import Settings

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
    """Feedback in the advisor's database."""

    def __init__(self, target: Path | Database) -> None:
        """Use a :class:`~advisor.stores.Database`, or the SQLite file at ``target`` (created if needed).

        Raises:
            BadInputError: the file's folder cannot be used.
            StoreUnavailableError: the database cannot be reached.
        """
        self.database = target if isinstance(target, Database) else Database.sqlite(target)

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        """The store of ``settings``: ``ADVISOR_DATABASE_URL``, else SQLite in the data folder."""
        return cls(Database.from_settings(settings))

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        """The store in the embedded SQLite database of a data folder (``ADVISOR_DATA_DIR``)."""
        return cls(data_dir / SQLITE_FILE)

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
        row = {
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "rating": rating,
            "comment": comment,
            **query,
            "knowledge_version": clean_text(str(answer.get("knowledge_version", ""))),
            "answer_json": snapshot,
        }
        with self.database.write() as connection:
            return int(connection.execute(sa.insert(feedback).values(**row).returning(feedback.c.id)).scalar_one())

    def set_comment(self, record_id: int, comment: str) -> None:
        """Set (or replace) the comment of stored feedback: a thumb is saved at once, the comment later.

        Args:
            record_id: the id :meth:`record` returned.
            comment: free text, at most 2,000 characters (an empty text removes the comment).

        Raises:
            BadInputError: no feedback has this id, or the comment is not text or too long.
        """
        if isinstance(record_id, bool) or not isinstance(record_id, int) or not 0 < record_id < 2**63:
            raise BadInputError(f"feedback id {record_id!r} is not accepted; use the id that record() returned")
        comment = _checked_comment(comment)
        with self.database.write() as connection:
            update = sa.update(feedback).where(feedback.c.id == record_id).values(comment=comment)
            changed = connection.execute(update).rowcount
        if not changed:
            raise BadInputError(f"no feedback has id {record_id}; use the id that record() returned")

    def all(self, rating: int | None = None, country: str | None = None) -> list[FeedbackRecord]:
        """Stored feedback, oldest first, optionally only one rating and one country."""
        query = sa.select(feedback).order_by(feedback.c.id)
        if rating is not None:
            query = query.where(feedback.c.rating == rating)
        if country is not None:
            query = query.where(feedback.c.country == country)
        with self.database.read() as connection:
            rows = connection.execute(query).all()
        return [
            FeedbackRecord(
                id=row.id,
                created_at=row.created_at,
                rating=row.rating,
                comment=row.comment,
                question=row.question,
                role=row.role,
                country=row.country,
                level=row.level,
                language=row.language,
                knowledge_version=row.knowledge_version,
                answer=json.loads(row.answer_json),
            )
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
