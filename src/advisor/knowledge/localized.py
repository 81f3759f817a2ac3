"""The knowledge in the interface language: translations where they exist, English otherwise.

Every lookup says which language it returned and whether that text is a drafted or reviewed
translation or the English original, so pages and answers can mark a fallback honestly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from advisor.knowledge.model import Knowledge
from advisor.knowledge.translations import Translated


@dataclass(frozen=True)
class CompetencyText:
    """A competency's texts in one language (or English where no translation exists)."""

    title: str
    summary: str
    description: str
    knowledge: list[str]
    skills: list[str]
    attitudes: list[str]
    levels: dict[int, str]
    language: str
    status: str
    """``drafted`` or ``reviewed`` for a translation, ``original`` for the English."""

    @property
    def fell_back(self) -> bool:
        """True when the English stands in for a missing translation."""
        return self.status == "original"


def competency_text(knowledge: Knowledge, competency_id: str, lang: str) -> CompetencyText:
    """The competency's title, summary, description, bullets and levels in ``lang``."""
    english = knowledge.competencies[competency_id]
    translated = knowledge.translations.competency(competency_id, lang) if lang != "en" else None
    source = translated or english
    return CompetencyText(
        title=source.title,
        summary=source.summary,
        description=source.description,
        knowledge=list(source.knowledge),
        skills=list(source.skills),
        attitudes=list(source.attitudes),
        levels=dict(source.levels),
        language=lang if translated else "en",
        status=translated.status if translated else "original",
    )


def role_reason(knowledge: Knowledge, role: str, competency_id: str, lang: str) -> Translated:
    """Why ``role`` needs ``competency_id`` at its target level, in ``lang`` where translated."""
    translated = knowledge.translations.role(role, lang) if lang != "en" else None
    reason = translated.reasons.get(competency_id) if translated else None
    if translated and reason:
        return Translated(reason, lang, translated.status)
    return Translated(knowledge.roles[role].targets[competency_id].reason, "en", "original")


def domain_title(knowledge: Knowledge, domain: str, lang: str) -> str:
    """A domain's title in ``lang``, else in English."""
    return knowledge.translations.domain_title(domain, lang) or knowledge.domain_title(domain)


def term(knowledge: Knowledge, group: Literal["provenance", "formats", "costs"], value: str, lang: str) -> str:
    """A provenance, format or cost value as words in ``lang`` (the value itself in English)."""
    return knowledge.translations.term(group, value, lang) if lang != "en" else value


@dataclass(frozen=True)
class Gloss:
    """A one-sentence gloss of a country fact or consultation insight in the interface language."""

    text: str
    title: str | None
    status: str
    """``drafted`` or ``reviewed``."""


def fact_gloss(knowledge: Knowledge, fact_id: str, lang: str) -> Gloss | None:
    """The gloss of a shipped country fact in ``lang``; ``None`` in English or when none is written.

    A reviewer's published correction has an id of its own, so it never picks up the gloss of
    the text it replaced.
    """
    found = knowledge.translations.fact_gloss(fact_id, lang) if lang != "en" else None
    return Gloss(found.text, found.title, found.status) if found else None


def insight_gloss(knowledge: Knowledge, insight_id: str, lang: str) -> Gloss | None:
    """The gloss of a consultation insight in ``lang``; ``None`` in English or when none is written."""
    found = knowledge.translations.insight_gloss(insight_id, lang) if lang != "en" else None
    return Gloss(found.text, None, found.status) if found else None
