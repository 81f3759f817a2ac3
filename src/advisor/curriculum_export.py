"""Kept for code that still imports it: the exports now live in :mod:`advisor.curriculum.exports`."""

from advisor.curriculum.exports import CSV_COLUMNS, FORMATS, MIME_TYPES, export, to_csv, to_docx, to_json, to_markdown

__all__ = ["CSV_COLUMNS", "FORMATS", "MIME_TYPES", "export", "to_csv", "to_docx", "to_json", "to_markdown"]
