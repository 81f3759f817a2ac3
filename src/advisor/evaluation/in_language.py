"""How much of an answer is in the reader's language (issue #11's check).

Thai is measured by script: the share of letters that are Thai. Vietnamese, Indonesian, Malay
and Filipino are written in Latin script like English, so they are measured by words: the share
of words that are common English words (:data:`ENGLISH_WORDS`).

What is left out first, as the issue says ("outside URLs, ids and proper names"): URLs,
citation markers (``[K1]``), competency ids (``PD1``), level marks (``L2``), the text of every
Markdown link, and the proper names the caller passes (providers, speakers). In an answer a
link's text is a citation marker or the title of a document or a course (the sources and
learning lists): titles are proper names and stay as the publisher wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Function words. Left out on purpose: words that are also words of vi, id, ms or fil
# ("at" and "may" in Filipino; "an", "do", "can", "so" in Vietnamese).
_FUNCTION_WORDS = """
the of and to for with in on by from is are was were be been has have had that this these those
which who whose its their it as or not will would should into about than more also between after
before under over such other all each both how what when where why your you they them he she his
her our we there through across including while within during against out up only most some any
every own well one two three four million since until being must could does did made make set
based aims aimed covers covering includes according
"""
# Content words an English answer is full of and that none of the four languages borrows.
# Loanwords are left out ("digital", "data", "online", "program", "standard", "internet").
_CONTENT_WORDS = """
government public service services civil servant servants official officials officers staff
skills training learning course courses people agency ministry national country countries
development policy policies support framework strategy plan law rules citizens local region
regional first year years programme transformation competency competencies system security
open economy agreement awards said says need needs help use using new work department office
commission authority council institute academy centre center employees workforce capacity
digitalisation digitalization citizen skill literacy leadership governance cybersecurity privacy
protection information technology innovation management artificial intelligence agencies
community communities participation standards launched announced published trained reported
"""
ENGLISH_WORDS = frozenset((_FUNCTION_WORDS + _CONTENT_WORDS).split())
"""Common English words: a word of an answer in vi, id, ms or fil found here is English left in it."""

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:https?://[^)\s]*)\)")
_URL = re.compile(r"https?://\S+")
_MARKER = re.compile(r"\\?\[\\?\[?[A-Z]{1,2}\d+\\?\]?\\?\]")
_IDS = re.compile(r"\b(?:PD|DG|ME|AT)[1-6]\b|\bL[1-4]\b")
_WORD = re.compile(r"[^\W\d_]+")


def readable_text(markdown: str, proper_names: Iterable[str] = ()) -> str:
    """The prose of ``markdown`` a reader must understand: URLs, markers, ids, link texts and names left out."""
    text = _LINK.sub(" ", markdown)
    text = _URL.sub(" ", text)
    text = _MARKER.sub(" ", text)
    # Longest first: a provider's name may contain a shorter one.
    for name in sorted({n for n in proper_names if n}, key=len, reverse=True):
        text = text.replace(name, " ")
    return _IDS.sub(" ", text)


def _is_letter(char: str) -> bool:
    # Thai vowel and tone marks are combining marks (Mn), not letters: count them with Thai.
    return unicodedata.category(char)[0] == "L" or ("\u0e00" <= char <= "\u0e7f" and unicodedata.category(char) == "Mn")


def thai_share(text: str) -> float:
    """The share of letters in ``text`` that are Thai script (1.0 when there are no letters)."""
    letters = [c for c in text if _is_letter(c)]
    if not letters:
        return 1.0
    return sum("\u0e00" <= c <= "\u0e7f" for c in letters) / len(letters)


def english_word_share(text: str) -> float:
    """The share of words in ``text`` that are common English words (0.0 when there are no words)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    return sum(w in ENGLISH_WORDS for w in words) / len(words) if words else 0.0


def english_words(text: str) -> list[str]:
    """The common English words in ``text``, in order (to say what a failing check found)."""
    return [w for w in _WORD.findall(text) if w.casefold() in ENGLISH_WORDS]
