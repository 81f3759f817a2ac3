"""View models for the app pages: plain data the pages only have to draw."""

from __future__ import annotations

from dataclasses import dataclass

from advisor import i18n
from advisor.catalogue import COMPETENCY_IDS, ROLES
from advisor.knowledge.model import Knowledge
from advisor.safe_text import escape_markdown, markdown_link

STARTERS = 3


def t(lang: str, key: str, **values: object) -> str:
    """An interface string of the ``ui`` section in ``lang``."""
    return i18n.text(lang, f"ui.{key}", **values)


def starter_questions(knowledge: Knowledge, role: str, country: str, lang: str) -> list[str]:
    """Questions to offer on an empty chat: about the competencies the role needs most."""
    targets = knowledge.roles[role].targets
    ranked = sorted(COMPETENCY_IDS, key=lambda cid: (-targets[cid].level, COMPETENCY_IDS.index(cid)))
    return [
        t(
            lang,
            "starter",
            role=i18n.role_name(lang, role),
            country=i18n.country_name(lang, country),
            topic=knowledge.title(cid, lang),
        )
        for cid in ranked[:STARTERS]
    ]


@dataclass(frozen=True)
class TargetBar:
    """One bar of a target-level chart."""

    label: str
    level: int


def targets_by_role(knowledge: Knowledge, competency_id: str, lang: str) -> list[TargetBar]:
    """Each role's target level for one competency."""
    return [TargetBar(i18n.role_name(lang, role), knowledge.roles[role].targets[competency_id].level) for role in ROLES]


def targets_of_role(knowledge: Knowledge, role: str, lang: str) -> list[TargetBar]:
    """One role's target level for every competency."""
    targets = knowledge.roles[role].targets
    return [TargetBar(f"{cid} {knowledge.title(cid, lang)}", targets[cid].level) for cid in COMPETENCY_IDS]


def confidence_label(lang: str, confidence: str) -> str:
    """The answer's confidence, translated."""
    values = dict(pair.split(": ") for pair in t(lang, "confidence_values").split(", "))
    return t(lang, "confidence", value=values.get(confidence, confidence))


def fact_markdown(fact: dict[str, str]) -> str:
    """A country fact as one Markdown list line: id, date, text and a link to its source.

    The text and the source may be a reviewer's published correction, so both are escaped.
    """
    text, source = escape_markdown(fact["text"]), markdown_link("source", fact["source_url"])
    return f"- `{escape_markdown(fact['id'])}` ({escape_markdown(fact['as_of'])}): {text} — {source}"


@dataclass(frozen=True)
class ActionLine:
    """An action as the Framework page lists it: text (translated when possible) and its source."""

    text: str
    url: str
    cite: str


def actions_by_level(knowledge: Knowledge, competency_id: str, lang: str) -> dict[int, list[ActionLine]]:
    """The competency's actions grouped by level 1-4, in the interface language where translated."""
    competency = knowledge.competencies[competency_id]
    fallback = competency.sources[0].url if competency.sources else ""
    grouped: dict[int, list[ActionLine]] = {level: [] for level in (1, 2, 3, 4)}
    for action in knowledge.actions.get(competency_id, []):
        translated = knowledge.translations.action(action.id, lang) if lang != "en" else None
        grouped[action.level].append(
            ActionLine(translated.text if translated else action.text, action.source_url or fallback, action.id)
        )
    return grouped
