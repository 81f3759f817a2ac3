"""Published reviewer changes, laid over the knowledge files when the knowledge is loaded.

The database is the source of truth for what reviewers published (:mod:`advisor.stores.published`
stores the rows); this module only knows how a row changes a file's document, so the loader
needs no database:

- ``overrides/<CC>.yaml``: the row's document **is** the country's overrides file (the latest
  row of a path wins, whatever the file on disk says: the file is an export);
- ``translations/<lang>/<file>.yaml``: the row is a patch of one entry (its ``status:
  reviewed``, who reviewed it and when, and optionally one corrected text), applied to the
  shipped file in the order published.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PublishedChange:
    """One published row: which knowledge file it changes, and how."""

    id: int
    path: str  # relative to the knowledge folder, e.g. overrides/TH.yaml
    document: dict[str, Any] = field(default_factory=dict)
    proposal_id: int | None = None
    published_by: str = ""
    published_at: str = ""

    @property
    def replaces_file(self) -> bool:
        """Whether the document is a whole file (overrides) rather than a patch of one entry."""
        return self.path.startswith("overrides/")


class PatchError(ValueError):
    """A translation patch names an entry or field the file no longer has."""


def overlay(path: str, raw: Any, changes: Sequence[PublishedChange]) -> tuple[Any, list[str]]:
    """The document of ``path`` with the published rows laid over it, and why rows were skipped.

    Args:
        path: the file, relative to the knowledge folder.
        raw: its document as read from disk (``None`` when there is no file).
        changes: every published row, oldest first (rows of other files are ignored).

    Returns:
        The document answers use, and one line per patch that could not apply (the entry is
        gone from the file): such a patch is skipped, never a reason to stop loading.
    """
    mine = sorted((c for c in changes if c.path == path), key=lambda c: c.id)
    if not mine:
        return raw, []
    if mine[-1].replaces_file:
        return copy.deepcopy(mine[-1].document), []
    document = copy.deepcopy(raw) if isinstance(raw, dict) else None
    skipped: list[str] = []
    for change in mine:
        if document is None:
            skipped.append(f"published change {change.id}: {path} is not in the knowledge folder")
            continue
        try:
            document = apply_translation_patch(document, change.document)
        except PatchError as error:
            skipped.append(f"published change {change.id}: {error}")
    return document, skipped


def translation_patch(
    mapping: str, entry: str, field_path: str, text: str, reviewed_by: str, reviewed_on: str
) -> dict[str, Any]:
    """The patch a published translation proposal makes: the entry reviewed, and a corrected text if any."""
    return {
        "mapping": mapping,
        "entry": entry,
        "field": field_path,
        "text": text,
        "status": "reviewed",
        "reviewed_by": reviewed_by,
        "reviewed_on": reviewed_on,
    }


def apply_translation_patch(document: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``document`` (a translation file's mapping) with one patch applied; the same patch twice changes nothing.

    Raises:
        PatchError: the entry or the field is no longer in the file.
    """
    mapping, entry_id = str(patch.get("mapping", "")), str(patch.get("entry", ""))
    entries = document.get(mapping)
    entry = entries.get(entry_id) if isinstance(entries, dict) else None
    if not isinstance(entries, dict) or not isinstance(entry, dict):
        raise PatchError(f"{mapping} entry {entry_id!r} is no longer in the translation file")
    text, field_path = str(patch.get("text") or ""), str(patch.get("field") or "")
    if text:
        name, _, key = field_path.partition(".")
        if not key:
            entry[name] = text
        elif isinstance(entry.get(name), list) and key.isdigit() and 1 <= int(key) <= len(entry[name]):
            entry[name][int(key) - 1] = text
        elif isinstance(entry.get(name), dict):
            entry[name][int(key) if key.isdigit() and int(key) in entry[name] else key] = text
        else:
            raise PatchError(f"{mapping} entry {entry_id!r} has no field {field_path!r} any more")
    review = {key: patch[key] for key in ("status", "reviewed_by", "reviewed_on") if patch.get(key)}
    rest = {key: value for key, value in entry.items() if key not in review}
    entries[entry_id] = review | rest  # the status first, where reviewers look for it
    return document


def canonical(document: Any) -> bytes:
    """A stable byte form of a document, for the knowledge version (key order and YAML quoting do not count)."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
