"""Match questions in the region's languages against the multilingual competency aliases.

The embedding model only understands English, so a Thai or Indonesian question is first
matched against the labels in ``knowledge/labels/``; the English terms of the competencies it
matches are then added to the query before dense search.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from advisor.knowledge.model import Knowledge
from advisor.language import normalize, tokenize, writes_without_spaces

# Words too common to identify a competency on their own, whatever the language.
_WEAK_TOKENS = frozenset(
    [
        "dan",
        "yang",
        "untuk",
        "di",
        "ke",
        "dari",
        "dengan",
        "dalam",
        "atau",
        "pada",
        "ang",
        "ng",
        "sa",
        "mga",
        "at",
        "para",
        "và",
        "của",
        "cho",
        "các",
        "trong",
        "những",
        "là",
        "với",
        "về",
        "the",
        "of",
        "and",
        "to",
        "in",
        "for",
        "a",
        "data",
        "digital",
        "การ",
        "ความ",
        "ใน",
        "และ",
        "ของ",
        "ที่",
        "เพื่อ",
        "ได้",
        "ให้",
        "กับ",
        "เป็น",
        "มี",
        "จะ",
        "อย่างไร",
        "อะไร",
    ]
)


MIN_FUZZY_LENGTH = 5
FUZZY_DICE = 0.5


@dataclass(frozen=True)
class Phrase:
    """One alias (or title) of a competency in one language."""

    competency: str
    language: str
    text: str
    compact: str
    words: tuple[str, ...]
    tokens: frozenset[str]


@dataclass
class AliasMatch:
    """Competencies a question matched, with the phrases that matched them."""

    scores: dict[str, float] = field(default_factory=dict)
    phrases: dict[str, list[str]] = field(default_factory=dict)

    def ranked(self) -> list[str]:
        """Competency ids, best match first; ties by id, so that every process ranks alike."""
        return sorted(self.scores, key=lambda cid: (-self.scores[cid], cid))


def alias_entries(knowledge: Knowledge) -> list[tuple[str, str, str]]:
    """Every alias as (competency, language, text): labels of each language, English titles and keywords."""
    entries = [
        (cid, language, text)
        for language, labels in knowledge.labels.items()
        for cid, label in labels.labels.items()
        for text in (label.title, *label.aliases)
    ]
    entries += [
        (cid, "en", text)
        for cid, competency in knowledge.competencies.items()
        for text in (competency.title, *competency.keywords)
    ]
    return entries


class AliasMatcher:
    """Finds competency aliases in a question, exactly or in part."""

    def __init__(self, knowledge: Knowledge) -> None:
        """Prepare every label of every language for matching."""
        self.phrases: list[Phrase] = []
        for cid, language, text in alias_entries(knowledge):
            self._add(cid, language, text)
        self._by_token: dict[str, list[Phrase]] = defaultdict(list)
        for phrase in self.phrases:
            for token in phrase.tokens:
                self._by_token[token].append(phrase)
        self._by_gram: dict[str, set[str]] = defaultdict(set)
        for phrase in self.phrases:
            if phrase.language != "en" and not writes_without_spaces(phrase.language):
                for token in phrase.tokens:
                    for gram in _grams(token):
                        self._by_gram[gram].add(token)
        self.vocabulary: dict[str, frozenset[str]] = self._vocabulary()

    def _add(self, cid: str, language: str, text: str) -> None:
        words = tuple(tokenize(text))
        tokens = frozenset(t for t in words if t not in _WEAK_TOKENS) or frozenset(words)
        compact = normalize(text).replace(" ", "")
        self.phrases.append(Phrase(cid, language, normalize(text), compact, words, tokens))

    def _vocabulary(self) -> dict[str, frozenset[str]]:
        words: dict[str, set[str]] = defaultdict(set)
        for phrase in self.phrases:
            if not writes_without_spaces(phrase.language):
                words[phrase.language].update(phrase.text.split())
        return {language: frozenset(known) for language, known in words.items()}

    def match(self, question: str, languages: set[str] | None = None) -> AliasMatch:
        """Score competencies by the aliases found in ``question``.

        An alias found whole scores by its length in tokens; an alias of two or more tokens
        of which most appear scores half. ``languages`` limits which labels are tried.
        """
        text = normalize(question)
        compact = text.replace(" ", "")
        words = tokenize(question)
        tokens = set(words) | self._inflected_forms(words)
        # Sorted: set order changes from one process to the next (string hashing is salted),
        # and the order of the candidates decides the order of matched terms and float sums.
        candidates = {id(p): p for t in sorted(tokens) for p in self._by_token.get(t, [])}
        result = AliasMatch()
        for phrase in candidates.values():
            if languages is not None and phrase.language not in languages:
                continue
            weight, whole = self._weight(phrase, words, compact, tokens)
            if weight > 0:
                result.scores[phrase.competency] = result.scores.get(phrase.competency, 0.0) + weight
                if whole:  # only aliases found whole are shown to the user as matched terms
                    result.phrases.setdefault(phrase.competency, []).append(phrase.text)
        return result

    def _inflected_forms(self, words: list[str]) -> set[str]:
        """Alias tokens that are inflections of question words (melindungi ~ pelindungan).

        Indonesian, Malay and Filipino build words with prefixes, suffixes and infixes, so a
        question rarely repeats an alias verbatim. Tokens that share most of their character
        4-grams (Dice coefficient >= 0.5) are taken as forms of one word.
        """
        forms: set[str] = set()
        for word in words:
            if len(word) < MIN_FUZZY_LENGTH or not word.isalpha():
                continue
            grams = _grams(word)
            for token in {t for g in grams for t in self._by_gram.get(g, ())}:
                other = _grams(token)
                if 2 * len(grams & other) / (len(grams) + len(other)) >= FUZZY_DICE:
                    forms.add(token)
        return forms

    @staticmethod
    def _weight(phrase: Phrase, words: list[str], compact: str, tokens: set[str]) -> tuple[float, bool]:
        """(weight, found whole) of one alias in the question."""
        size = max(len(phrase.tokens), 1)
        if writes_without_spaces(phrase.language):
            if phrase.compact and phrase.compact in compact:
                return float(size), True
        elif _contains_sequence(words, phrase.words):
            return float(size), True
        found = len(phrase.tokens & tokens)
        if size >= 2 and found == size:
            return 0.8 * size, True  # every word present, in some inflected form or order
        if size >= 2 and found / size >= 0.6:
            return 0.5 * found, False
        return 0.0, False


def _grams(token: str) -> frozenset[str]:
    padded = f"#{token}#"
    return frozenset(padded[i : i + 4] for i in range(len(padded) - 3))


def _contains_sequence(words: list[str], wanted: tuple[str, ...]) -> bool:
    # The phrase appears as whole words, in order, whatever punctuation sits around it.
    n = len(wanted)
    return n > 0 and any(tuple(words[i : i + n]) == wanted for i in range(len(words) - n + 1))
