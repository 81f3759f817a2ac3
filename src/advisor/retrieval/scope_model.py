"""How likely a question is about public-sector digital work: a linear model on the query vector.

The margin against off-topic examples (``answers/scope.py``) catches everyday subjects; it lets
through requests that borrow the domain's words ("summarise this memo from the ministry", "which
AI app removes a photo's background") because the knowledge is no further from them than the
examples are. This model reads the whole query vector instead: a logistic regression on centred,
normalised e5 query vectors, trained on our situations and genuine questions against the
off-topic examples and the requests of the tuning sets (``evaluation/scope_training.py``).
Serving is one dot product; no training library is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("scope_model.npz")


@dataclass(frozen=True)
class ScopeModel:
    """A logistic regression over the query vectors of one embedder."""

    embedder: str
    mean: np.ndarray
    coef: np.ndarray
    intercept: float

    def likelihood(self, vector: np.ndarray) -> float:
        """The probability, by the model, that the question is about the advisor's domain."""
        centred = np.asarray(vector, dtype=np.float64).reshape(-1) - self.mean
        norm = float(np.linalg.norm(centred))
        if norm == 0.0:
            return 1.0  # no evidence either way: leave the decision to the margin
        return float(1.0 / (1.0 + np.exp(-(centred / norm) @ self.coef - self.intercept)))

    def save(self, path: Path = MODEL_FILE) -> None:
        """Write the model as arrays (no pickle: loading never executes anything)."""
        np.savez(path, embedder=np.array(self.embedder), mean=self.mean, coef=self.coef, intercept=self.intercept)


@lru_cache(maxsize=4)
def scope_model_for(embedder: str, path: Path = MODEL_FILE) -> ScopeModel | None:
    """The shipped model if it was trained on ``embedder``'s vectors, else ``None``."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as saved:
        model = ScopeModel(str(saved["embedder"]), saved["mean"], saved["coef"], float(saved["intercept"]))
    return model if model.embedder == embedder else None
