"""Country facts and consultation voices in the interface language: the gloss, marked, over the original.

Facts and insights are English paraphrases of their sources. In another interface language an
answer shows the gloss written for it (``knowledge/translations/<lang>/glosses.yaml``) with a
short marker saying it is a (draft) translation of the English source; the English text stays
in the answer object and one click away in the app. Without a gloss the English is shown,
marked as English. English answers are exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor import i18n
from advisor.answer import Answer, ContextItem, InsightItem
from advisor.safe_text import escape_markdown


@dataclass(frozen=True)
class Shown:
    """What a page shows for one fact or voice: escaped Markdown, its marker, and the original."""

    text: str
    """The gloss, or the original when there is none (escaped Markdown)."""
    marker: str
    """Empty in English; otherwise says the text is a (draft) translation, or still English."""
    original: str | None
    """The English original (escaped Markdown) when a gloss is shown instead; else ``None``."""


def gloss_marker(status: str | None, lang: str) -> str:
    """The short marker of a glossed text: a draft translation, or a reviewed one."""
    return i18n.text(lang, "answer.gloss_reviewed" if status == "reviewed" else "answer.gloss_drafted")


def shown_fact(item: ContextItem, lang: str) -> Shown:
    """A country fact as shown in ``lang``: its gloss when written, else the English marked as such."""
    if lang == "en":
        return Shown(escape_markdown(item.text), "", None)
    if item.gloss:
        return Shown(escape_markdown(item.gloss), gloss_marker(item.gloss_status, lang), escape_markdown(item.text))
    return Shown(escape_markdown(item.text), i18n.text(lang, "reply.in_english"), None)


def speaker(item: InsightItem) -> str:
    """The speaker with their affiliation, as the source gives them (English)."""
    return f"{item.speaker} ({item.affiliation})" if item.affiliation else item.speaker


def shown_voice(item: InsightItem, lang: str) -> Shown:
    """A consultation voice as shown in ``lang``.

    With a gloss, the line names the speaker only: the affiliation is an English description
    (not a name), so it moves with the English original behind the toggle, never lost.
    """
    if lang != "en" and item.gloss:
        original = f"{escape_markdown(item.text)} — {escape_markdown(speaker(item))}"
        return Shown(escape_markdown(item.gloss), gloss_marker(item.gloss_status, lang), original)
    marker = i18n.text(lang, "reply.in_english") if lang != "en" else ""
    return Shown(escape_markdown(item.text), marker, None)


def context_name(item: ContextItem, separator: str = ".") -> str:
    """A fact's short name: the glossed title, the title, else the first sentence (glossed if possible)."""
    return item.gloss_title or item.title or (item.gloss or item.text).split(separator)[0]


def context_lines(answer: Answer) -> list[str]:
    """The country-context list of the Markdown answer, one line per fact."""
    lang = answer.query.interface_language
    lines: list[str] = []
    for f in answer.country_context:
        reviewed = f"; {i18n.text(lang, 'answer.reviewed')}" if f.reviewed else ""
        shown = shown_fact(f, lang)
        marker = f" _{shown.marker}_" if shown.marker else ""
        lines.append(f"- {shown.text}{marker} ({i18n.text(lang, 'answer.as_of', date=f.as_of)}{reviewed}) [{f.cite}]")
    if not answer.country_context:
        lines.append(f"- {i18n.text(lang, 'answer.no_context')}")
    return lines


def insight_lines(answer: Answer) -> list[str]:
    """The consultation voices of the Markdown answer, one line per insight."""
    lang = answer.query.interface_language
    lines: list[str] = []
    for i in answer.insights:
        if lang != "en" and i.gloss:
            shown = shown_voice(i, lang)
            lines.append(f"- {escape_markdown(i.speaker)}: {shown.text} _{shown.marker}_ [{i.cite}]")
        else:  # the English knowledge text as written, marked as English in another language
            marker = f" _{i18n.text(lang, 'reply.in_english')}_" if lang != "en" else ""
            lines.append(f"- {speaker(i)}: {i.text}{marker} [{i.cite}]")
    return lines
