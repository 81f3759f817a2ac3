"""The direct reply that opens every in-scope answer: what it is about, what to do, where.

It is at most about :data:`WORD_BUDGET` words, and every sentence cites the knowledge item it
comes from. It has three parts:

1. one sentence naming the competencies the question is about, for the role and country;
2. three to five actions (``knowledge/actions``) of the best competencies, chosen by how close
   each action and the competency's situations are to the question, at the level the role
   works toward, with no two saying the same thing;
3. one pointer to the country's own programme, strategy or body, with its as-of date.

No text is invented: sentences are frames from ``locales/`` around knowledge text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from advisor import i18n
from advisor.answer import CompetencyItem, ContextItem, GuidanceItem
from advisor.answers.glosses import context_name
from advisor.knowledge.actions import Action
from advisor.knowledge.model import Knowledge
from advisor.retrieval.search import Retrieval
from advisor.safe_text import escape_markdown, markdown_link

WORD_BUDGET = 120
MIN_ACTIONS, MAX_ACTIONS = 3, 5
FOCUS_COMPETENCIES = 3
PER_COMPETENCY = 2
SAME_IDEA = 0.9
"""Cosine similarity of two actions' vectors above which they count as the same idea."""
POINTER_KINDS = ("strategy", "agency", "training", "competency-framework")
"""Country facts that point somewhere to act: a programme, plan, body or framework."""

# Scripts written without spaces between words: a word is counted per few letters instead.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]")
_LETTERS_PER_UNSPACED_WORD = 6  # Thai words average five to six letters


@dataclass(frozen=True)
class Reply:
    """The direct reply: its Markdown and the actions it recommends."""

    markdown: str
    guidance: list[GuidanceItem]


def compose_reply(
    knowledge: Knowledge,
    retrieval: Retrieval,
    competencies: list[CompetencyItem],
    pointer: ContextItem | None,
    role: str,
    country: str,
    user_level: int | None,
    lang: str,
) -> Reply:
    """The reply for an in-scope answer whose competencies and country pointer are already chosen."""
    focus = competencies[:FOCUS_COMPETENCIES]
    chosen = choose_actions(knowledge, retrieval, focus, user_level)
    guidance = [_guidance_item(knowledge, action, focus, lang, n) for n, action in enumerate(chosen, start=1)]
    opening = _opening(focus, role, country, lang)
    pointer_line = _pointer(pointer, country, lang)
    while True:
        markdown = _markdown(opening, guidance, pointer_line, lang)
        if count_words(markdown) <= WORD_BUDGET or len(guidance) <= MIN_ACTIONS:
            return Reply(markdown, guidance)
        guidance = guidance[:-1]


def working_level(target: int | None, user_level: int | None) -> int:
    """The level whose actions fit: the next step above the user's own level, else the role's target."""
    if user_level:
        return min(user_level + 1, 4)
    return target or 2


def choose_actions(
    knowledge: Knowledge, retrieval: Retrieval, focus: list[CompetencyItem], user_level: int | None
) -> list[Action]:
    """Three to five actions for the question, best first, then ordered by the role's need.

    Each candidate is scored by its own similarity to the question plus the similarity of its
    competency's closest situation (how people describe that need) and the competency's rank.
    Actions at the working level come before those one level below. A candidate too close to
    one already chosen is skipped, and no competency gives more than two.
    """
    rank_bonus = {c.id: 0.04 * (FOCUS_COMPETENCIES - n) for n, c in enumerate(focus)}
    actions, situations = _similarities(retrieval)
    scored: list[tuple[float, Action]] = []
    for item in focus:
        level = working_level(item.target_level, user_level)
        situation = situations.get(item.id, 0.0)
        for action in knowledge.actions.get(item.id, []):
            if action.level not in (level, level - 1):
                continue
            fit = 0.65 * actions.get(action.id, 0.0) + 0.35 * situation + rank_bonus[item.id]
            fit += 0.03 if action.level == level else 0.0
            scored.append((fit, action))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    kept: list[Action] = []
    vectors: list[np.ndarray] = []
    for _, action in scored:
        if sum(a.competency == action.competency for a in kept) >= PER_COMPETENCY:
            continue
        vector = _vector(retrieval, action.id)
        if vector is not None and any(float(vector @ v) >= SAME_IDEA for v in vectors):
            continue
        kept.append(action)
        if vector is not None:
            vectors.append(vector)
        if len(kept) == MAX_ACTIONS:
            break
    order = {c.id: (-(c.target_level or 0), n) for n, c in enumerate(focus)}
    return sorted(kept, key=lambda a: (*order[a.competency], a.level))


def count_words(markdown: str) -> int:
    """Words a reader sees: link targets and markup left out; unspaced scripts by letters."""
    visible = re.sub(r"\]\([^)]*\)", "]", markdown)
    visible = re.sub(r"[\[\]*_#>`\\-]", " ", visible)
    spaced = _UNSPACED.sub(" ", visible)
    unspaced_letters = len(_UNSPACED.findall(visible))
    return len(re.findall(r"\w+", spaced)) + -(-unspaced_letters // _LETTERS_PER_UNSPACED_WORD)


def _similarities(retrieval: Retrieval) -> tuple[dict[str, float], dict[str, float]]:
    """The question's best cosine to each action (English or a translation) and to each
    competency's closest situation, in one pass over the chunks."""
    actions: dict[str, float] = {}
    situations: dict[str, float] = {}
    for (kind, ref), position in retrieval.positions.items():
        if kind == "action":
            key, target = ref.split(":", 1)[0], actions
        elif kind == "situation":
            key, target = ref.split(":", 1)[0], situations
        else:
            continue
        target[key] = max(target.get(key, -1.0), float(retrieval.chunk_dense[position]))
    return actions, situations


def _vector(retrieval: Retrieval, action_id: str) -> np.ndarray | None:
    position = retrieval.positions.get(("action", action_id))
    return retrieval.vector(position) if position is not None else None


def _guidance_item(
    knowledge: Knowledge, action: Action, focus: list[CompetencyItem], lang: str, n: int
) -> GuidanceItem:
    competency = next(c for c in focus if c.id == action.competency)
    translated = knowledge.translations.action(action.id, lang) if lang != "en" else None
    # A synthesis action is cited through the competency it develops, whose sources back it.
    fallback_url = competency.sources[0].url if competency.sources else ""
    return GuidanceItem(
        text=translated.text if translated else action.text,
        competency=action.competency,
        cite=f"A{n}",
        source_url=action.source_url or fallback_url,
        action_id=action.id,
        level=action.level,
        provenance=action.provenance,
        source_title=action.source_title or competency.title,
        language=lang if translated else "en",
    )


def _opening(focus: list[CompetencyItem], role: str, country: str, lang: str) -> str:
    topics = [f"**{escape_markdown(c.title)}** {_link(c.cite, _first_url(c))}" for c in focus[:2]]
    joined = i18n.text(lang, "reply.and").join(topics)
    return i18n.text(
        lang,
        "reply.opening",
        role=i18n.role_name(lang, role),
        country=i18n.country_name(lang, country),
        topics=joined,
    )


def _pointer(pointer: ContextItem | None, country: str, lang: str) -> str | None:
    if pointer is None:
        return None
    # The glossed title in another language (a name, so no translation marker); English otherwise.
    item = escape_markdown(context_name(pointer, ". ").rstrip("."))
    return i18n.text(
        lang,
        "reply.pointer",
        country=i18n.country_name(lang, country),
        item=item,
        date=pointer.as_of,
        cite=_link(pointer.cite, pointer.source_url),
    )


def _markdown(opening: str, guidance: list[GuidanceItem], pointer: str | None, lang: str) -> str:
    lines = [opening, ""]
    if guidance:
        lines.append(i18n.text(lang, "reply.actions_heading"))
        for item in guidance:
            marker = f" _{i18n.text(lang, 'reply.in_english')}_" if item.language != lang else ""
            lines.append(f"- {escape_markdown(item.text)}{marker} {_link(item.cite, item.source_url)}")
        lines.append("")
    if pointer:
        lines.append(pointer)
    return "\n".join(lines).strip()


def _first_url(item: CompetencyItem) -> str:
    return item.sources[0].url if item.sources else ""


def _link(cite: str, url: str) -> str:
    """A citation marker that opens its source; plain brackets when there is no https source."""
    return markdown_link(f"[{cite}]", url) if url.startswith("https://") else escape_markdown(f"[{cite}]")
