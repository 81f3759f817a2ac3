"""Ranking metrics: recall@k, reciprocal rank and nDCG, averaged per group of cases."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def recall_at(ranking: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """Share of the relevant ids found in the top ``k``."""
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], relevant: Sequence[str]) -> float:
    """1 / rank of the first relevant id (0 when none is ranked)."""
    for rank, cid in enumerate(ranking, start=1):
        if cid in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranking: Sequence[str], relevant: Sequence[str], k: int = 5) -> float:
    """nDCG@k with graded gains: the first listed relevant id counts most."""
    gains = {cid: len(relevant) - n for n, cid in enumerate(relevant)}
    dcg = sum(gains.get(cid, 0) / math.log2(rank + 1) for rank, cid in enumerate(ranking[:k], start=1))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg else 0.0


@dataclass
class ModeScores:
    """Averages of the ranking metrics over a group of cases."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, ranking: Sequence[str], relevant: Sequence[str]) -> None:
        """Score one ranking."""
        for name, value in (
            ("recall@1", recall_at(ranking, relevant, 1)),
            ("recall@3", recall_at(ranking, relevant, 3)),
            ("recall@5", recall_at(ranking, relevant, 5)),
            ("mrr", reciprocal_rank(ranking, relevant)),
            ("ndcg@5", ndcg_at(ranking, relevant, 5)),
        ):
            self.values.setdefault(name, []).append(value)

    def means(self) -> dict[str, float]:
        """Mean of each metric, and the number of cases as ``n``."""
        means = {name: round(sum(v) / len(v), 3) for name, v in self.values.items() if v}
        return means | {"n": len(self.values.get("mrr", []))}
