"""``knowledge/actions/<DOMAIN>.yaml``: concrete actions per competency and level.

An action is one thing a civil servant at a level can do, in the imperative. Each comes from
a named guidance source (with its URL) or is marked as the project's own synthesis. The
direct reply of an answer is built from these (see :mod:`advisor.answers.reply`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from advisor.catalogue import COMPETENCY_IDS
from advisor.knowledge.schema import (
    CompetencyId,
    DomainId,
    EntryId,
    HttpsUrl,
    Level,
    Strict,
    Text,
    word_count,
)

ACTION_ID = r"^(PD|DG|ME|AT)\d\.[1-4]\.[1-9]$"
ActionId = Annotated[str, Field(pattern=ACTION_ID)]


class GuidanceSource(Strict):
    """A public guidance document that actions draw on."""

    id: EntryId
    title: Text
    url: HttpsUrl


class ActionEntry(Strict):
    """One action: its text and either a source id or ``provenance: synthesis``."""

    id: ActionId
    text: Annotated[str, AfterValidator(word_count(5, 30))]
    source: EntryId | None = None
    provenance: Literal["synthesis"] | None = None

    @model_validator(mode="after")
    def _source_or_synthesis(self) -> ActionEntry:
        if (self.source is None) == (self.provenance is None):
            raise ValueError("give either 'source' (a source id of this file) or 'provenance: synthesis'")
        return self


class ActionsFile(Strict):
    """``knowledge/actions/<DOMAIN>.yaml``."""

    domain: DomainId
    sources: list[GuidanceSource] = Field(default_factory=list)
    actions: dict[CompetencyId, dict[Level, Annotated[list[ActionEntry], Field(min_length=3, max_length=6)]]]


@dataclass(frozen=True)
class Action:
    """An action resolved for use: its competency, level and source (``None`` for synthesis)."""

    id: str
    competency: str
    level: int
    text: str
    source_title: str | None
    source_url: str | None

    @property
    def provenance(self) -> str:
        """``guidance`` when a named source backs it, else ``synthesis``."""
        return "guidance" if self.source_url else "synthesis"


def resolve_actions(files: list[tuple[str, ActionsFile]]) -> dict[str, list[Action]]:
    """Every action by competency, in level then file order, with its source looked up."""
    sources = {s.id: s for _, f in files for s in f.sources}
    resolved: dict[str, list[Action]] = {}
    for _, file in files:
        for cid, levels in file.actions.items():
            for level in sorted(levels):
                for entry in levels[level]:
                    source = sources.get(entry.source) if entry.source else None
                    resolved.setdefault(cid, []).append(
                        Action(
                            entry.id,
                            cid,
                            level,
                            entry.text,
                            source.title if source else None,
                            source.url if source else None,
                        )
                    )
    return resolved


def action_problems(files: list[tuple[str, ActionsFile]]) -> Iterator[str]:
    """Cross-file checks: file names, ids by position, known and unique sources, completeness."""
    seen_sources: dict[str, str] = {}
    for domain in sorted({cid[:2] for cid in COMPETENCY_IDS} - {file.domain for _, file in files}):
        yield f"actions/{domain}.yaml: missing; every domain needs its actions (see docs/knowledge-format.md)"
    for path, file in files:
        if path != f"actions/{file.domain}.yaml":
            yield f"{path}: domain {file.domain} belongs in actions/{file.domain}.yaml"
        own_sources = {s.id for s in file.sources}
        for source in file.sources:
            if source.id in seen_sources:
                yield f"{path}: source '{source.id}' is also defined in {seen_sources[source.id]}"
            seen_sources.setdefault(source.id, path)
        yield from _entry_problems(path, file, own_sources)
        expected = [c for c in COMPETENCY_IDS if c.startswith(file.domain)]
        for cid in expected:
            levels = file.actions.get(cid)
            if levels is None:
                yield f"{path}: competency '{cid}' has no actions"
            elif sorted(levels) != [1, 2, 3, 4]:
                yield f"{path}: competency '{cid}' needs actions for levels 1-4, has {sorted(levels)}"


def _entry_problems(path: str, file: ActionsFile, own_sources: set[str]) -> Iterator[str]:
    for cid, levels in file.actions.items():
        if not cid.startswith(file.domain):
            yield f"{path}: competency '{cid}' belongs in actions/{cid[:2]}.yaml"
        for level, entries in levels.items():
            for position, entry in enumerate(entries, 1):
                expected = f"{cid}.{level}.{position}"
                if entry.id != expected:
                    yield f"{path}: action '{entry.id}' should be numbered '{expected}' (competency.level.position)"
                if entry.source and entry.source not in own_sources:
                    yield f"{path}: action '{entry.id}' cites unknown source '{entry.source}'; list it under sources"
