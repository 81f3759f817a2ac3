"""Translation review: approve a drafted translation as it is, or correct it, with four eyes.

A proposal of kind ``translation`` targets ``<lang>:<entry kind>:<id>[:<field>]``, for example
``th:competency:PD1`` (approve the Thai PD1 as it is) or ``th:competency:PD1:description``
(a corrected description). Glosses of country facts and consultation insights are reviewed the
same way: ``th:fact:th-dga:title``, ``vi:insight:sea-2022-avila-inclusive-process``. A field is
a path into the entry: ``title``, ``levels.2``, ``knowledge.1`` (lists count from 1), ``reasons.PD1``.
Only reviewers of a country that uses the language may propose, approve or publish
(:data:`TRANSLATION_REVIEW_LANGUAGES`).

Publishing appends to the database (``published_changes``) a patch of the entry: its
``status: reviewed``, ``reviewed_by`` (the second reviewer) and ``reviewed_on``, and any
corrected text, after the loader's full validation passed on the knowledge with the patch laid
over ``knowledge/translations/<lang>/<file>.yaml``. Every running app rebuilds in the
background, as for facts; ``advisor review export-overrides`` writes the patched files.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import Connection

from advisor.knowledge.published import PublishedChange, translation_patch
from advisor.knowledge.translations import TRANSLATION_LANGUAGES, coverage
from advisor.review.access import Reviewer
from advisor.review.refusals import ReviewInputError
from advisor.review.store import Proposal, ReviewStore, require_language
from advisor.stores.published import PublishedStore, add_in

ENTRY_KINDS: dict[str, str] = {
    "competency": "competencies",
    "role": "roles",
    "action": "actions",
    "fact": "glosses",
    "insight": "glosses",
}
"""Entry kind -> its file (``translations/<lang>/<file>.yaml``), also the mapping inside it..."""
ENTRY_MAPPINGS: dict[str, str] = {**ENTRY_KINDS, "fact": "facts", "insight": "insights"}
"""...except for glosses: one file holds the facts and the insights."""
SINGLE_TEXT_KINDS = ("action", "insight")
"""Kinds whose translation is one text: a correction needs no field."""


@dataclass(frozen=True)
class TranslationTarget:
    """What a translation proposal is about: a language, an entry and optionally one field of it."""

    language: str
    kind: str
    entry_id: str
    field: str = ""

    def __str__(self) -> str:
        """The target as stored: ``<lang>:<kind>:<id>[:<field>]``."""
        return ":".join(part for part in (self.language, self.kind, self.entry_id, self.field) if part)

    @property
    def entry(self) -> str:
        """The entry without the field, ``<lang>:<kind>:<id>``."""
        return f"{self.language}:{self.kind}:{self.entry_id}"


def parse_target(text: str) -> TranslationTarget:
    """Read ``<lang>:<kind>:<id>[:<field>]``.

    Raises:
        BadInputError: one line saying what a target looks like.
    """
    parts = str(text or "").strip().split(":")
    if len(parts) not in (3, 4) or parts[0] not in TRANSLATION_LANGUAGES or parts[1] not in ENTRY_KINDS:
        raise ReviewInputError(
            "bad_translation_target",
            f"{str(text)[:80]!r} is not a translation: write LANG:KIND:ID[:FIELD] with LANG one of "
            f"{', '.join(TRANSLATION_LANGUAGES)} and KIND one of {', '.join(ENTRY_KINDS)}, e.g. th:competency:PD1",
            target=str(text)[:80],
        )
    return TranslationTarget(*parts)


def entry_ids(knowledge: Any, kind: str) -> list[str]:
    """The English ids of one entry kind, in the knowledge's order."""
    if kind == "competency":
        return list(knowledge.competencies)
    if kind == "role":
        return list(knowledge.roles)
    if kind == "fact":  # the shipped facts; reviewers' corrections are reviewed as facts, not glossed
        return [fact.id for country in knowledge.countries.values() for fact in country.facts]
    if kind == "insight":
        return list(knowledge.insights)
    return [action.id for actions in knowledge.actions.values() for action in actions]


def english_entry(knowledge: Any, kind: str, entry_id: str) -> Any | None:
    """The English original of an entry, or ``None`` when there is no such id."""
    if kind == "competency":
        return knowledge.competencies.get(entry_id)
    if kind == "role":
        return knowledge.roles.get(entry_id)
    if kind == "fact":
        facts = (fact for country in knowledge.countries.values() for fact in country.facts)
        return next((fact for fact in facts if fact.id == entry_id), None)
    if kind == "insight":
        return knowledge.insights.get(entry_id)
    return next((a for actions in knowledge.actions.values() for a in actions if a.id == entry_id), None)


def translated_entry(knowledge: Any, target: TranslationTarget) -> Any | None:
    """The translation an entry has now (drafted or reviewed), or ``None``."""
    lookup = {
        "competency": knowledge.translations.competency,
        "role": knowledge.translations.role,
        "fact": knowledge.translations.fact_gloss,
        "insight": knowledge.translations.insight_gloss,
    }
    return lookup.get(target.kind, knowledge.translations.action)(target.entry_id, target.language)


def text_fields(entry: Any) -> list[str]:
    """Every field path of a translated entry that holds one text (``title``, ``levels.2``, ``knowledge.1``...)."""
    found: list[str] = []
    for name in type(entry).model_fields:
        if name in {"status", "reviewed_by", "reviewed_on"}:
            continue
        value = getattr(entry, name)
        if isinstance(value, str):
            found.append(name)
        elif isinstance(value, dict):
            found += [f"{name}.{key}" for key in value]
        elif isinstance(value, list):
            found += [f"{name}.{n}" for n in range(1, len(value) + 1)]
    return found


def field_text(entry: Any, field: str) -> str | None:
    """The text at a field path of an entry (a model or its YAML mapping), or ``None``."""
    name, _, key = field.partition(".")
    value = entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)
    if key and isinstance(value, dict):
        value = value.get(int(key) if key.isdigit() and int(key) in value else key)
    elif key and isinstance(value, list):
        value = value[int(key) - 1] if key.isdigit() and 1 <= int(key) <= len(value) else None
    elif key:
        value = None
    return value if isinstance(value, str) else None


def english_text(english: Any, field: str) -> str:
    """The English original of one field of an entry (a role's reasons live in its targets)."""
    name, _, key = field.partition(".")
    if name == "reasons":
        target = getattr(english, "targets", {}).get(key)
        return target.reason if target else ""
    return field_text(english, field) or ""


def propose_translation(
    store: ReviewStore,
    knowledge: Any,
    reviewer: Reviewer,
    country: str,
    target: str,
    text: str = "",
    source_url: str = "",
    factual: bool = False,
) -> int:
    """Propose to approve a translation as it is (no text) or to correct one field; returns the id.

    A factual change (``factual``) needs a source URL; a change of wording does not.

    Raises:
        AccessDeniedError: the reviewer may not review ``country``, or ``country`` does not use the language.
        BadInputError: an unknown entry or field, a correction without a field, or a fact without a source.
    """
    parsed = parse_target(target)
    reviewer.require(country)
    require_language(reviewer, parsed.language)
    if english_entry(knowledge, parsed.kind, parsed.entry_id) is None:
        raise ReviewInputError(
            "unknown_entry", f"there is no {parsed.kind} {parsed.entry_id!r}", kind=parsed.kind, id=parsed.entry_id[:40]
        )
    entry = translated_entry(knowledge, parsed)
    if entry is None:
        raise ReviewInputError(
            "no_translation", f"{parsed.entry} has no translation to review yet", target=parsed.entry
        )
    text = (text or "").strip()
    if text and not parsed.field and parsed.kind in SINGLE_TEXT_KINDS:
        parsed = TranslationTarget(parsed.language, parsed.kind, parsed.entry_id, "text")  # its only field
    if parsed.field and parsed.field not in text_fields(entry):
        raise ReviewInputError(
            "unknown_field",
            f"{parsed.entry} has no field {parsed.field!r}; accepted: {', '.join(text_fields(entry))}",
            field=parsed.field[:40],
        )
    if text and not parsed.field:
        raise ReviewInputError("choose_field", "choose the field the corrected text replaces")
    if parsed.field and not text:
        raise ReviewInputError("needs_text", "a correction needs its text")
    if factual and not source_url:
        raise ReviewInputError("needs_source", "a correction needs a source URL (https://...)")
    return store.propose(reviewer, country, "translation", str(parsed), text, source_url, knowledge.version)


def publish_translation(
    store: ReviewStore, knowledge: Any, knowledge_dir: Path, reviewer: Reviewer, proposal_id: int | str
) -> int:
    """Publish an approved translation proposal: validate, then record it and its patch. Returns at once.

    Returns:
        The id of the published row (the new published version).

    Raises:
        AccessDeniedError: a language the reviewer does not review, or a proposal not yet approved.
        BadInputError: unknown or already decided, not a translation, or the knowledge would not load with it.
    """
    proposal = store.check_may_publish(reviewer, proposal_id)
    if proposal.kind != "translation":
        raise ReviewInputError("not_translation", f"proposal {proposal.id} is not a translation", id=proposal.id)
    target = parse_target(proposal.target)
    path = translation_path(target)
    patch = _patch(target, proposal)
    if not (knowledge_dir / path).is_file():
        raise _cannot_publish(f"{target.entry} is no longer in the translation file")
    _check_would_load(knowledge_dir, path, patch, PublishedStore(store.database).changes())
    written: list[int] = []

    def record(connection: Connection, published: Proposal) -> None:
        # Patches of the same file are separate rows: two publishes at once never lose one.
        written.append(add_in(connection, path, _patch(target, published), reviewer.name, published.id))

    store.mark_published(reviewer, proposal.id, knowledge.version, record)
    return written[0]


def translation_path(target: TranslationTarget) -> str:
    """The translation file of a target, relative to the knowledge folder."""
    return f"translations/{target.language}/{ENTRY_KINDS[target.kind]}.yaml"


def _patch(target: TranslationTarget, proposal: Proposal) -> dict[str, Any]:
    # Who checked it: the second reviewer (the proposer too, when four eyes is off).
    return translation_patch(
        ENTRY_MAPPINGS[target.kind],  # glosses: the facts or the insights mapping of glosses.yaml
        target.entry_id,
        target.field,
        proposal.text,
        proposal.approved_by or proposal.proposed_by,
        datetime.now(UTC).date().isoformat(),
    )


class _Dumper(yaml.SafeDumper):
    """Writes texts double-quoted and ids plain, as the translation files are written by hand."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None if re.fullmatch(r"[A-Za-z0-9._@-]*", value) else '"'  # ids and statuses plain, texts quoted
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _cannot_publish(problem: str) -> ReviewInputError:
    return ReviewInputError("cannot_publish", f"the correction cannot be published: {problem}", problem=problem)


def _check_would_load(knowledge_dir: Path, path: str, patch: dict[str, Any], published: list[PublishedChange]) -> None:
    """Run the loader's full validation on the knowledge with the patch laid over it."""
    from advisor.knowledge import validate_knowledge
    from advisor.knowledge.loader import read_yaml_bounded
    from advisor.knowledge.published import PatchError, apply_translation_patch

    try:
        apply_translation_patch(read_yaml_bounded(knowledge_dir / path), dict(patch))
    except PatchError as error:
        raise _cannot_publish(str(error)) from error
    trial = PublishedChange(max((c.id for c in published), default=0) + 1, path, patch)
    # A broken overrides document is not this publish's doing: the loader skips it anyway.
    problems = [p for p in validate_knowledge(knowledge_dir, [*published, trial]) if "/overrides/" not in p]
    if problems:
        raise _cannot_publish(problems[0])


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: written to a temporary file, flushed to disk, then renamed."""
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, prefix=".publish-", delete=False, suffix=".tmp", encoding="utf-8"
    ) as tmp:
        tmp.write(text)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)


def translation_coverage(knowledge: Any) -> list[dict[str, Any]]:
    """Drafted against reviewed per language, all entry kinds together, for the review report."""
    rows: dict[str, dict[str, Any]] = {}
    rows_found = coverage(
        knowledge.translations,
        list(knowledge.roles),
        entry_ids(knowledge, "action"),
        entry_ids(knowledge, "fact"),
        entry_ids(knowledge, "insight"),
    )
    for row in rows_found:
        found = rows.setdefault(row.language, {"language": row.language, "total": 0, "drafted": 0, "reviewed": 0})
        found["total"] += row.total
        found["drafted"] += row.drafted
        found["reviewed"] += row.reviewed
    return list(rows.values())
