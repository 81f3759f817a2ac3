"""Compose a cited answer from a retrieval: competencies, learning, country context, insights.

Nothing here invents content: every sentence is a frame (from ``locales/``) around text taken
from the knowledge base, and every item carries its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from advisor import i18n
from advisor.answer import (
    Answer,
    CompetencyItem,
    ContextItem,
    InsightItem,
    LearningItem,
    Query,
    SourceRef,
)
from advisor.answers.glosses import context_name
from advisor.answers.markdown import render_markdown
from advisor.answers.reply import POINTER_KINDS, compose_reply
from advisor.answers.scope import confidence_of, is_in_scope, refused_narrowly, suggestions_for
from advisor.knowledge import localized
from advisor.knowledge.model import Knowledge
from advisor.knowledge.schema import CountryFact, LearningResource
from advisor.retrieval.search import RankedCompetency, Retrieval

NEAR_DUPLICATE = 0.92
"""Cosine similarity above which two facts or resources count as saying the same thing."""
T = TypeVar("T")

LEARNING_ITEMS = 5
LOCAL_LEARNING_SLOTS = 2
CONTEXT_ITEMS = 3
INSIGHT_ITEMS = 2
CONSULTATION_INSIGHT_ITEMS = 5

_CONSULTATION_WORDS = re.compile(
    r"expert|consultation|workshop|said|say|voices|speaker|pakar|ahli|konsultasi|lokakarya|"
    r"bengkel|ผู้เชี่ยวชาญ|ปรึกษาหารือ|สัมมนา|chuyên gia|tham vấn|hội thảo|eksperto|konsultasyon|sinabi",
    re.IGNORECASE,
)
_COST_BONUS = {"free": 0.1, "free-for-officials": 0.1, "sponsored": 0.05}


@dataclass(frozen=True)
class Request:
    """The validated parameters of one question."""

    question: str
    role: str
    country: str
    level: int | None
    interface_language: str
    top_k: int


def compose_answer(knowledge: Knowledge, retrieval: Retrieval, request: Request) -> Answer:
    """Build the full answer object for one request."""
    query = Query(
        question=request.question,
        role=request.role,
        country=request.country,
        level=request.level,
        language=retrieval.language,
        interface_language=request.interface_language,
    )
    answer = Answer(query=query, knowledge_version=knowledge.version)
    lang = request.interface_language
    if not is_in_scope(retrieval):
        answer.out_of_scope = True
        answer.answer = i18n.text(lang, "answer.out_of_scope", example=i18n.text(lang, "answer.example"))
        if refused_narrowly(retrieval):
            # It may be a work question in words the knowledge lacks (2-3 % of genuine questions
            # on the probes), so offer the nearest situations.
            answer.suggestions = suggestions_for(knowledge, retrieval, retrieval.competencies, lang)
        return answer
    scorer = _ChunkScores(retrieval)
    top = retrieval.competencies[: request.top_k]
    context = _country_context(knowledge, scorer, top, request.country, lang)
    answer.competencies = _competency_items(knowledge, retrieval, top, request, context)
    answer.learning = _learning(knowledge, scorer, top, request, retrieval.language)
    answer.country_context = context
    answer.insights = _insights(knowledge, scorer, top, retrieval.question, lang)
    answer.confidence = confidence_of(retrieval)
    if answer.confidence == "low":
        answer.suggestions = suggestions_for(knowledge, retrieval, top, lang)
    pointer = _country_pointer(knowledge, scorer, top, request.country, context, lang)
    reply = compose_reply(
        knowledge, retrieval, answer.competencies, pointer, request.role, request.country, request.level, lang
    )
    answer.summary, answer.guidance = reply.markdown, reply.guidance
    answer.answer = render_markdown(answer)
    return answer


class _ChunkScores:
    """Dense and lexical scores of chunks, looked up by (kind, ref)."""

    def __init__(self, retrieval: Retrieval) -> None:
        self.retrieval = retrieval
        self.positions = retrieval.positions
        self.top_lexical_chunk = max(float(retrieval.chunk_lexical.max(initial=0.0)), 1e-9)

    def dense(self, kind: str, ref: str) -> float:
        position = self.positions.get((kind, ref))
        return max(float(self.retrieval.chunk_dense[position]), 0.0) if position is not None else 0.0

    def diverse(self, kind: str, ranked: list[T], limit: int) -> list[T]:
        """The first ``limit`` items of ``ranked``, skipping near-duplicates of those already kept."""
        kept: list[T] = []
        vectors: list[np.ndarray] = []
        for item in ranked:
            position = self.positions.get((kind, item.id))  # type: ignore[attr-defined]
            vector = self.retrieval.vector(position) if position is not None else None
            if vector is not None and any(float(vector @ v) >= NEAR_DUPLICATE for v in vectors):
                continue
            kept.append(item)
            if vector is not None:
                vectors.append(vector)
            if len(kept) == limit:
                break
        return kept

    def lexical(self, kind: str, ref: str) -> float:
        position = self.positions.get((kind, ref))
        if position is None:
            return 0.0
        return float(self.retrieval.chunk_lexical[position]) / self.top_lexical_chunk


def _competency_items(
    knowledge: Knowledge,
    retrieval: Retrieval,
    top: list[RankedCompetency],
    request: Request,
    context: list[ContextItem],
) -> list[CompetencyItem]:
    items = []
    for n, ranked in enumerate(top, start=1):
        competency = knowledge.competencies[ranked.id]
        items.append(
            CompetencyItem(
                id=competency.id,
                title=_title(knowledge, competency.id, request.interface_language),
                domain=competency.id[:2],
                domain_title=localized.domain_title(knowledge, competency.id[:2], request.interface_language),
                score=ranked.score,
                target_level=ranked.target_level,
                why=_why(knowledge, retrieval, ranked, request, context),
                provenance=competency.provenance,
                sources=[SourceRef(s.title, s.url) for s in competency.sources],
                cite=f"C{n}",
            )
        )
    return items


def _why(
    knowledge: Knowledge,
    retrieval: Retrieval,
    ranked: RankedCompetency,
    request: Request,
    context: list[ContextItem],
) -> str:
    lang = request.interface_language
    terms = _matched_terms(knowledge, retrieval, ranked.id)
    parts = [
        i18n.text(lang, "answer.why_match", terms=", ".join(f"“{t}”" for t in terms[:3]))
        if terms
        else i18n.text(
            lang, "answer.why_covers", summary=localized.competency_text(knowledge, ranked.id, lang).summary.rstrip(".")
        )
    ]
    role = knowledge.roles.get(request.role)
    if role and ranked.id in role.targets:
        target = role.targets[ranked.id]
        parts.append(
            i18n.text(
                lang,
                "answer.why_role",
                role=i18n.role_name(lang, request.role),
                level=target.level,
                level_name=i18n.level_name(lang, target.level),
                reason=localized.role_reason(knowledge, request.role, ranked.id, lang).text.rstrip("."),
            )
            + "."
        )
    related = next((c for c in context if ranked.id in knowledge.facts_by_id[c.id].competencies), None)
    if related:
        parts.append(
            i18n.text(
                lang,
                "answer.why_country",
                country=i18n.country_name(lang, related.country),
                item=context_name(related),
            )
        )
    return " ".join(parts)


def _title(knowledge: Knowledge, competency_id: str, lang: str) -> str:
    """The translated title, else the multilingual label, else the English title."""
    text = localized.competency_text(knowledge, competency_id, lang)
    return text.title if not text.fell_back else knowledge.title(competency_id, lang)


def _matched_terms(knowledge: Knowledge, retrieval: Retrieval, competency_id: str) -> list[str]:
    terms = list(dict.fromkeys(retrieval.matched_terms.get(competency_id, [])))
    if terms:
        return terms
    # English questions: keywords of the competency that the question contains.
    question = retrieval.question.casefold()
    keywords = knowledge.competencies[competency_id].keywords
    return [k for k in keywords if re.search(rf"\b{re.escape(k.casefold())}\b", question)]


def _learning(
    knowledge: Knowledge,
    scorer: _ChunkScores,
    top: list[RankedCompetency],
    request: Request,
    question_language: str,
) -> list[LearningItem]:
    rank_of = {r.id: n for n, r in enumerate(top)}
    desired = (request.level + 1) if request.level else (top[0].target_level or 2)
    preferred = {request.interface_language, question_language} - {"en"}
    scored: list[tuple[float, LearningResource]] = []
    for resource in knowledge.resources_for(request.country):
        covered = [rank_of[c] for c in resource.competencies if c in rank_of]
        if not covered:
            continue
        fit = sum(1.0 / (1 + rank) for rank in covered)
        fit += 0.5 * scorer.dense("resource", resource.id)
        fit += 0.3 if preferred & set(resource.languages) else (0.1 if "en" in resource.languages else 0.0)
        fit -= 0.1 * abs(resource.level - min(desired, 4))
        fit += _COST_BONUS.get(resource.cost, 0.0)
        fit += 0.3 if request.country in resource.countries else 0.0
        scored.append((fit, resource))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    ranked: list[LearningResource] = []
    for _, resource in scored:
        if sum(r.provider == resource.provider for r in ranked) >= 2:
            continue  # keep the list diverse: at most two items from one provider
        ranked.append(resource)
    # The country's own programmes get up to LOCAL_LEARNING_SLOTS places whenever they cover
    # a competency of the answer: global courses would otherwise always outrank them.
    local = [r for r in ranked if request.country in r.countries][:LOCAL_LEARNING_SLOTS]
    candidates = local + [r for r in ranked if r not in local]
    chosen = scorer.diverse("resource", candidates, LEARNING_ITEMS)
    # Resources in the user's own language come first; the answer says how many there are.
    chosen.sort(key=lambda r: (not (preferred & set(r.languages)), ranked.index(r)))
    lang = request.interface_language
    return [_learning_item(knowledge, r, n, lang) for n, r in enumerate(chosen, start=1)]


def _learning_item(knowledge: Knowledge, resource: LearningResource, n: int, lang: str) -> LearningItem:
    return LearningItem(
        id=resource.id,
        title=resource.title,
        provider=resource.provider,
        url=resource.url,
        languages=list(resource.languages),
        level=resource.level,
        format=resource.format,
        cost=resource.cost,
        countries=list(resource.countries),
        competencies=list(resource.competencies),
        duration=resource.duration,
        cite=f"L{n}",
        cost_label=localized.term(knowledge, "costs", resource.cost, lang),
        format_label=localized.term(knowledge, "formats", resource.format, lang),
    )


def _country_context(
    knowledge: Knowledge, scorer: _ChunkScores, top: list[RankedCompetency], country: str, lang: str
) -> list[ContextItem]:
    focus = {r.id for r in top[:3]}
    reviewed = {f.id for f in knowledge.overrides.get(country, [])}

    def score(fact: CountryFact) -> float:
        bonus = 0.12 * len(focus & set(fact.competencies))
        bonus += 0.3 if fact.id in reviewed else 0.0
        return scorer.dense("fact", fact.id) + bonus + 0.1 * scorer.lexical("fact", fact.id)

    facts = knowledge.country_facts(country)
    own = [f for f in facts if not f.id.startswith("asean-")]
    region = [f for f in facts if f.id.startswith("asean-")]
    picked = scorer.diverse("fact", sorted(own, key=lambda f: (-score(f), f.id)), CONTEXT_ITEMS)
    best_region = max(region, key=score, default=None)
    items = [(country, f) for f in picked]
    if best_region is not None and picked and score(best_region) >= score(picked[-1]):
        items.append(("ASEAN", best_region))
    return [_context_item(knowledge, f, code, f.id in reviewed, n, lang) for n, (code, f) in enumerate(items, start=1)]


def _context_item(knowledge: Knowledge, fact: CountryFact, code: str, reviewed: bool, n: int, lang: str) -> ContextItem:
    """A country (or ``ASEAN``) fact as the answer cites it, as ``K{n}``, with its gloss in ``lang``."""
    gloss = localized.fact_gloss(knowledge, fact.id, lang)
    return ContextItem(
        id=fact.id,
        country=code,
        text=fact.text,
        source_url=fact.source_url,
        as_of=fact.as_of,
        title=fact.title,
        kind=fact.kind,
        reviewed=reviewed,
        cite=f"K{n}",
        gloss=gloss.text if gloss else None,
        gloss_title=gloss.title if gloss else None,
        gloss_status=gloss.status if gloss else None,
    )


def _country_pointer(
    knowledge: Knowledge,
    scorer: _ChunkScores,
    top: list[RankedCompetency],
    country: str,
    context: list[ContextItem],
    lang: str,
) -> ContextItem | None:
    """The country's programme, plan, body or framework that best fits the question.

    Taken from the context already chosen when one fits; otherwise the best such fact of the
    country is added to the context, so that the reply's pointer is cited like the rest.
    """
    focus = {r.id for r in top[:3]}

    def score(fact: CountryFact) -> float:
        return scorer.dense("fact", fact.id) + 0.12 * len(focus & set(fact.competencies))

    shown = [c for c in context if c.kind in POINTER_KINDS and c.country == country]
    if shown:
        return max(shown, key=lambda c: (score(knowledge.facts_by_id[c.id]), -context.index(c)))
    own = [f for f in knowledge.country_facts(country) if f.kind in POINTER_KINDS and not f.id.startswith("asean-")]
    if not own:
        return None
    best = max(own, key=lambda f: (score(f), f.id))
    reviewed = any(f.id == best.id for f in knowledge.overrides.get(country, []))
    item = _context_item(knowledge, best, country, reviewed, len(context) + 1, lang)
    context.append(item)
    return item


def _insights(
    knowledge: Knowledge, scorer: _ChunkScores, top: list[RankedCompetency], question: str, lang: str
) -> list[InsightItem]:
    focus = {r.id: 1.0 / (1 + n) for n, r in enumerate(top[:3])}
    asks_consultation = bool(_CONSULTATION_WORDS.search(question))

    # Asked what the consultation said, the question's own match decides and the top
    # competencies only break ties; otherwise insights follow the competencies shown.
    overlap_weight = 0.02 if asks_consultation else 0.1

    def score(insight_id: str) -> float:
        insight = knowledge.insights[insight_id]
        overlap = sum(focus.get(c, 0.0) for c in insight.competencies)
        return (
            scorer.dense("insight", insight_id) + overlap_weight * overlap + 0.1 * scorer.lexical("insight", insight_id)
        )

    ranked = sorted(knowledge.insights, key=lambda i: (-score(i), i))
    if asks_consultation:
        chosen = ranked[:CONSULTATION_INSIGHT_ITEMS]
    else:
        chosen = [i for i in ranked[:INSIGHT_ITEMS] if score(i) >= 0.3]
    items = []
    for n, insight_id in enumerate(chosen, start=1):
        insight = knowledge.insights[insight_id]
        event = knowledge.events[insight.event]
        gloss = localized.insight_gloss(knowledge, insight.id, lang)
        items.append(
            InsightItem(
                id=insight.id,
                text=insight.text,
                speaker=insight.speaker,
                event=event.title,
                date=event.date,
                source_url=insight.source_url,
                affiliation=insight.affiliation,
                cite=f"V{n}",
                gloss=gloss.text if gloss else None,
                gloss_status=gloss.status if gloss else None,
            )
        )
    return items
