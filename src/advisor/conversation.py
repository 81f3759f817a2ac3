"""Follow-up questions: "and for executives?", "what about Thailand?" reuse the last question.

A follow-up names a new role or country (in English or the interface language) and is short
or opens like a follow-up. It is resolved to the previous question asked for the new profile,
and the answer says how it was understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor import i18n
from advisor.catalogue import COUNTRIES, ROLES
from advisor.language import normalize

MAX_FOLLOWUP_WORDS = 8
_OPENERS = re.compile(
    r"^(and|what about|how about|for|same for|now for|dan|bagaimana dengan|untuk|bagaimana pula|"
    r"และ|แล้ว|สำหรับ|còn|thế còn|với|paano naman|at para sa|para sa|e sa)\b",
    re.IGNORECASE,
)
# Extra English names people use for roles; the locale files add each language's own.
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "executive": ("executives", "executive", "leaders", "heads of agency", "cio", "cios", "directors"),
    "policy-maker": ("policy makers", "policymakers", "policy officers", "policy maker"),
    "digital-unit": ("digital units", "digital officers", "digital unit officers"),
    "data-specialist": ("data specialists", "data specialist", "statisticians", "analysts"),
    "it-specialist": ("it specialists", "it staff", "cybersecurity specialists", "it specialist"),
    "service-delivery": ("frontline staff", "frontline officers", "frontline workers"),
    "procurement": ("procurement officers", "procurement officer", "buyers"),
    "hr-learning": ("trainers", "hr officers", "hr staff", "learning officers"),
    "regulator": ("regulators", "regulator", "legal officers", "lawyers"),
    "local-government": ("local government officers", "municipal officers", "district officers"),
}


@dataclass(frozen=True)
class Turn:
    """What was asked last: the question and the profile it was asked for."""

    question: str
    role: str
    country: str


@dataclass(frozen=True)
class Resolved:
    """The question to answer and for whom; ``understood_as`` is set for a follow-up."""

    question: str
    role: str
    country: str
    understood_as: str | None = None


def resolve_followup(text: str, role: str, country: str, previous: Turn | None, lang: str = "en") -> Resolved:
    """Turn a follow-up into a full question, or pass a new question through unchanged.

    Args:
        text: what the user typed.
        role: the role in the profile now.
        country: the country in the profile now.
        previous: the last question answered in this conversation, if any.
        lang: the interface language, whose role and country names are recognised too.
    """
    if previous is None:
        return Resolved(text, role, country)
    folded = normalize(text).strip(" ?!.")
    words = folded.split()
    new_role = _mentioned(folded, _role_names(lang))
    new_country = _mentioned(folded, _country_names(lang))
    looks_like_followup = len(words) <= MAX_FOLLOWUP_WORDS or bool(_OPENERS.match(folded))
    if not (new_role or new_country) or not looks_like_followup:
        return Resolved(text, role, country)
    resolved = Resolved(previous.question, new_role or previous.role, new_country or previous.country)
    summary = (
        f"{previous.question} — {i18n.role_name(lang, resolved.role)}, {i18n.country_name(lang, resolved.country)}"
    )
    return Resolved(resolved.question, resolved.role, resolved.country, understood_as=summary)


def _mentioned(text: str, names: dict[str, str]) -> str | None:
    # Longest names first, so that "policy makers" wins over "policy".
    for name in sorted(names, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) or (not name.isascii() and name in text):
            return names[name]
    return None


def _role_names(lang: str) -> dict[str, str]:
    names = {word: role for role, words in _ROLE_WORDS.items() for word in words}
    for code in {"en", lang}:
        for role in ROLES:
            names[normalize(i18n.role_name(code, role))] = role
    return names


def _country_names(lang: str) -> dict[str, str]:
    names = {normalize(name): code for code, name in COUNTRIES.items()}
    names |= {"vietnam": "VN", "laos": "LA", "brunei": "BN", "timor leste": "TL", "east timor": "TL"}
    for code in {"en", lang}:
        for country in COUNTRIES:
            names[normalize(i18n.country_name(code, country))] = country
    return names
