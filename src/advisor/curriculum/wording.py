"""The curriculum's words in its language of delivery, and a record of what fell back to English.

Frames (headings, table headers, labels, the objective and activity sentences, the date) come
from the ``curriculum`` section of ``locales/<lang>.yaml``; the knowledge (competency titles and
level descriptors, actions, domain titles, cost labels) from ``knowledge/translations/<lang>/``.
Whatever has no translation is shown in English, marked "(in English)" in the document, and
noted, so the JSON's ``fallback`` can say which parts fell back and the cover can list them.
Resource titles and provider names are never translated: they are proper names. Country facts
stay in the language of their source in the JSON, and are shown by their gloss in the language of
delivery where one is written, marked as a translation (:meth:`Wording.fact`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from advisor import i18n
from advisor.catalogue import LANGUAGES
from advisor.knowledge import localized
from advisor.knowledge.actions import Action
from advisor.knowledge.localized import CompetencyText
from advisor.knowledge.model import Knowledge

FALLBACK_PARTS = ("interface", "competencies", "actions", "domains", "costs")
"""The parts of a curriculum that can fall back to English, in the order the record lists them."""

# Word's language tags, so spelling and hyphenation follow the language of delivery.
WORD_LANGUAGE_TAGS = {"en": "en-GB", "id": "id-ID", "ms": "ms-MY", "th": "th-TH", "vi": "vi-VN", "fil": "fil-PH"}


class Wording:
    """Words of one curriculum in ``language``; every English stand-in is noted in :meth:`fallback`."""

    def __init__(self, knowledge: Knowledge, language: str) -> None:
        """Words in ``language`` (a catalogue language code) drawn from ``knowledge`` and the locales."""
        self.knowledge = knowledge
        self.language = language
        # Frames exist for the six interface languages; any other language of delivery
        # (Khmer, Lao, ...) gets English frames, recorded as the "interface" fallback.
        self.frame_language = language if language in i18n.INTERFACE_LANGUAGES else "en"
        self.english = language == "en"
        self._fell_back: dict[str, list[str]] = {part: [] for part in FALLBACK_PARTS}
        self._statuses: set[str] = set()
        if not self.english and self.frame_language == "en":
            self._fell_back["interface"].append(language)

    # --- frames ------------------------------------------------------------------------------

    def text(self, key: str, **values: object) -> str:
        """A frame of the ``curriculum`` locale section, formatted (unused values are ignored)."""
        return i18n.text(self.frame_language, f"curriculum.{key}", **values)

    def marked(self, text: str, fell_back: bool) -> str:
        """``text``, followed by "(in English)" when it stands in for a missing translation."""
        # In an all-English document (English, or a language without frames) the mark says nothing.
        if not fell_back or self.frame_language == "en":
            return text
        return f"{text} {i18n.text(self.frame_language, 'reply.in_english')}"

    def fact(self, fact: dict[str, str]) -> str:
        """A module's country fact in the language of delivery (see :func:`fact_text`)."""
        return fact_text(fact, self.frame_language)

    def number(self, value: float) -> str:
        """A number as written in the language: ``2.5`` or ``2,5``."""
        return f"{round(value, 2):g}".replace(".", self.text("decimal_mark"))

    def hours(self, value: float) -> str:
        """Hours as people write them: ``3 h``, ``2,5 jam``."""
        return self.text("hours", hours=self.number(value))

    def date(self, iso_time: str) -> str:
        """``2026-12-02T05:38:26+00:00`` as a date in words: ``2 December 2026``, ``2 Desember 2026``."""
        moment = datetime.fromisoformat(iso_time)
        months = i18n.locale(self.frame_language)["curriculum"]["months"]
        return self.text(
            "date",
            day=moment.day,
            month=months[moment.month - 1],
            month_number=moment.month,
            year=moment.year,
            year_be=moment.year + 543,  # the Thai civil service dates by the Buddhist Era
        )

    def language_name(self, code: str) -> str:
        """A language's name: in English for an English document, else as its speakers write it."""
        if self.frame_language == "en":
            return LANGUAGES[code]
        return i18n.LANGUAGE_ENDONYMS.get(code, LANGUAGES[code])

    def role(self, role: str) -> str:
        """A role's short name."""
        return i18n.role_name(self.frame_language, role)

    def country(self, country: str) -> str:
        """A country's name."""
        return i18n.country_name(self.frame_language, country)

    def level_name(self, level: int) -> str:
        """The name of proficiency level 1-4."""
        return i18n.level_name(self.frame_language, level)

    # --- knowledge -----------------------------------------------------------------------------

    def competency(self, cid: str) -> CompetencyText:
        """The competency's texts in the language (English where there is no translation; noted)."""
        found = localized.competency_text(self.knowledge, cid, self.language)
        if self.english:
            return found
        if found.fell_back:
            self._note("competencies", cid)
        else:
            self._statuses.add(found.status)
        return found

    def competency_name(self, cid: str) -> str:
        """``Data-driven policy making (DG1)``, with the English marked when it stands in."""
        found = self.competency(cid)
        return self.marked(f"{found.title} ({cid})", found.fell_back)

    def action(self, action: Action) -> tuple[str, bool]:
        """An action's text in the language and whether it is the English standing in."""
        translated = None if self.english else self.knowledge.translations.action(action.id, self.language)
        if translated is None:
            if not self.english:
                self._note("actions", action.id)
            return action.text, not self.english
        self._statuses.add(translated.status)
        return translated.text, False

    def domain(self, domain: str) -> str:
        """A domain's title (English, marked, where there is no translation)."""
        if self.english:
            return self.knowledge.domain_title(domain)
        title = self.knowledge.translations.domain_title(domain, self.language)
        if title is None:
            self._note("domains", domain)
        return self.marked(title or self.knowledge.domain_title(domain), title is None)

    def term(self, group: Literal["costs"], value: str) -> str:
        """A cost value as words (the English value, marked, where there is none)."""
        if self.english:
            return value
        words = localized.term(self.knowledge, group, value, self.language)
        if words == value:
            self._note(group, value)
        return self.marked(words, words == value)

    # --- the record --------------------------------------------------------------------------

    def _note(self, part: str, identifier: str) -> None:
        if identifier not in self._fell_back[part]:
            self._fell_back[part].append(identifier)

    def fallback(self) -> list[dict[str, Any]]:
        """What fell back to English so far: ``[{"part": "competencies", "ids": ["DG1"]}, ...]``."""
        return [{"part": part, "ids": list(ids)} for part, ids in self._fell_back.items() if ids]

    def translation_status(self) -> str | None:
        """``drafted`` if any translation used is only drafted, ``reviewed`` if all are, else ``None``."""
        if not self._statuses:
            return None
        return "drafted" if "drafted" in self._statuses else "reviewed"


def fact_text(fact: dict[str, str], language: str) -> str:
    """A curriculum's country fact in ``language``: its gloss, marked as a translation, or the English.

    The English original stays in the curriculum's JSON. A fact without a gloss is marked "(in
    English)" but not recorded as a fallback: facts stay in the language of their source.
    """
    if language not in i18n.INTERFACE_LANGUAGES or language == "en":
        return fact["text"]
    if fact.get("gloss"):
        key = "answer.gloss_reviewed" if fact.get("gloss_status") == "reviewed" else "answer.gloss_drafted"
        return f"{fact['gloss']} {i18n.text(language, key)}"
    return f"{fact['text']} {i18n.text(language, 'reply.in_english')}"
