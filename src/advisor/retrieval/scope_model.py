"""How likely a question is about public-sector digital work: a small network on the query vector.

The margin against off-topic examples (``answers/scope.py``) catches everyday subjects; it lets
through requests that borrow the domain's words ("summarise this memo from the ministry", "which
AI app removes a photo's background") because the knowledge is no further from them than the
examples are. This model reads the whole query vector instead: on centred, normalised e5 query
vectors, a few one-hidden-layer networks (trained with different seeds, their likelihoods
averaged), trained on our situations and genuine questions against the off-topic examples and
the requests of the tuning sets (``evaluation/scope_training.py``). A logistic regression on the
same vectors refused fewer requests at every level of genuine refusals (docs/benchmarks.md,
"Sixth round"). Serving is two small matrix products in numpy; no training library is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("scope_model.npz")


@dataclass(frozen=True)
class ScopeModel:
    """An ensemble of one-hidden-layer (ReLU) networks over the query vectors of one embedder.

    Shapes, for ``k`` networks of ``h`` hidden units on ``d``-dimensional vectors: ``hidden``
    (k, d, h), ``hidden_bias`` (k, h), ``output`` (k, h), ``output_bias`` (k,).
    """

    embedder: str
    mean: np.ndarray
    hidden: np.ndarray
    hidden_bias: np.ndarray
    output: np.ndarray
    output_bias: np.ndarray

    def likelihood(self, vector: np.ndarray) -> float:
        """The probability, by the model, that the question is about the advisor's domain."""
        centred = np.asarray(vector, dtype=np.float64).reshape(-1) - self.mean
        norm = float(np.linalg.norm(centred))
        if norm == 0.0:
            return 1.0  # no evidence either way: leave the decision to the margin
        x = centred / norm
        activations = np.maximum(np.einsum("d,kdh->kh", x, self.hidden) + self.hidden_bias, 0.0)
        logits = np.einsum("kh,kh->k", activations, self.output) + self.output_bias
        return float(np.mean(1.0 / (1.0 + np.exp(-logits))))

    def save(self, path: Path = MODEL_FILE) -> None:
        """Write the model as arrays (no pickle: loading never executes anything)."""
        np.savez_compressed(
            path,
            embedder=np.array(self.embedder),
            mean=self.mean.astype(np.float32),
            hidden=self.hidden.astype(np.float32),
            hidden_bias=self.hidden_bias.astype(np.float32),
            output=self.output.astype(np.float32),
            output_bias=self.output_bias.astype(np.float32),
        )


ARRAYS = ("mean", "hidden", "hidden_bias", "output", "output_bias")


@lru_cache(maxsize=4)
def scope_model_for(embedder: str, path: Path = MODEL_FILE) -> ScopeModel | None:
    """The shipped model if it was trained on ``embedder``'s vectors, else ``None``.

    A file in an older layout (the logistic regression of session 7) counts as no model: scope
    is then judged by the margin alone, as for an embedder nobody trained a model on.
    """
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as saved:
        if not set(ARRAYS) <= set(saved.files):
            return None
        arrays = {name: saved[name].astype(np.float64) for name in ARRAYS}
        model = ScopeModel(str(saved["embedder"]), **arrays)
    return model if model.embedder == embedder else None
