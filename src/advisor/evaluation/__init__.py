"""Retrieval quality: the situational set (held-out half) and the regression gold set.

Recall@k, MRR and nDCG@5 per mode (dense, BM25, hybrid) and per language, refusals of genuine
and unrelated questions, and how often each confidence level is right.
"""

from advisor.evaluation.cases import (
    NEAR_DOMAIN_SEED,
    GoldCase,
    default_gold_path,
    held_out,
    load_gold,
    near_domain_path,
    situational_path,
    split_of,
)
from advisor.evaluation.metrics import ModeScores, ndcg_at, recall_at, reciprocal_rank
from advisor.evaluation.report import evaluate, format_report, missed_targets
from advisor.evaluation.run import run_evaluation

__all__ = [
    "NEAR_DOMAIN_SEED",
    "GoldCase",
    "ModeScores",
    "default_gold_path",
    "evaluate",
    "format_report",
    "held_out",
    "load_gold",
    "missed_targets",
    "ndcg_at",
    "near_domain_path",
    "recall_at",
    "reciprocal_rank",
    "run_evaluation",
    "situational_path",
    "split_of",
]
