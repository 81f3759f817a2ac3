"""Curriculum exports: Markdown, CSV, JSON and Word, with the same content in each.

:func:`export` is the one entry point; :mod:`.common` computes what every format says.
"""

from __future__ import annotations

from advisor.curriculum.exports.docx import to_docx
from advisor.curriculum.exports.markdown import to_markdown
from advisor.curriculum.exports.tables import CSV_COLUMNS, to_csv, to_json
from advisor.curriculum.model import Curriculum
from advisor.knowledge.model import Knowledge

FORMATS = ("md", "csv", "json", "docx")
MIME_TYPES = {
    "md": "text/markdown",
    "csv": "text/csv",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export(curriculum: Curriculum, knowledge: Knowledge, fmt: str) -> bytes:
    """The curriculum in ``fmt`` (md, csv, json or docx), as bytes ready to write."""
    if fmt == "docx":
        return to_docx(curriculum, knowledge)
    text = {"md": to_markdown, "csv": to_csv, "json": to_json}[fmt](curriculum, knowledge)
    return text.encode("utf-8")


__all__ = ["CSV_COLUMNS", "FORMATS", "MIME_TYPES", "export", "to_csv", "to_docx", "to_json", "to_markdown"]
