"""Train the scope model (``retrieval/scope_model.py``) on the tuning material; never on held-out sets.

In the domain: every situation in the knowledge, and the genuine questions of the tuning sets.
Outside it: the off-topic examples, and the unrelated questions and requests of the tuning sets.
The held-out half of the situational set and the fourth, fifth, seventh and eighth probes are
never read, so they stay a fair check (the sixth was read once untuned, then trained on). Vectors
are the ones served: each text goes through the real retriever.

Run ``python -m advisor.evaluation.scope_training`` after the knowledge or the sets change much;
it needs scikit-learn (installed with sentence-transformers), serving does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from advisor.evaluation.cases import default_gold_path, held_out, load_gold, project_root, situational_path
from advisor.knowledge.model import Knowledge
from advisor.retrieval.chunking import OFF_TOPIC_FILE
from advisor.retrieval.scope_model import MODEL_FILE, ScopeModel

# The sets trained on: the tuning half, the regression set, the first three probes, the sixth and the ten pools.
TUNING_FILES = (
    "fresh_probe.yaml",
    "fresh_probe2.yaml",
    "fresh_probe3.yaml",
    "fresh_probe6.yaml",
    "refusal_pool.yaml",
    "refusal_pool2.yaml",
    "refusal_pool3.yaml",
    "refusal_pool4.yaml",
    "refusal_pool5.yaml",
    "refusal_pool6.yaml",
    "refusal_pool7.yaml",
    "refusal_pool8.yaml",
    "refusal_pool9.yaml",
    "refusal_pool10.yaml",
    "near_domain.yaml",
)
# Chosen by five-fold cross-validation on the tuning sets (docs/benchmarks.md, "Sixth round").
HIDDEN_UNITS = 128
REGULARISATION = 0.01  # the networks' L2 penalty
SEEDS = (0, 1, 2)  # one network per seed; their likelihoods are averaged, which steadies the edges


def training_texts(knowledge: Knowledge) -> list[tuple[str, int]]:
    """(text, 1 if about the domain else 0) for every training example."""
    lists = [lines for by_language in knowledge.situations.values() for lines in by_language.values()]
    texts = [(line, 1) for lines in lists for line in lines]
    texts += [(topic, 0) for topic in yaml.safe_load(OFF_TOPIC_FILE.read_text(encoding="utf-8"))["topics"]]
    cases = held_out(load_gold(situational_path()), "tuning") + load_gold(default_gold_path())
    texts += [(case.question, int(bool(case.relevant))) for case in cases]
    for name in TUNING_FILES:
        raw = yaml.safe_load((project_root() / "tests" / "gold" / name).read_text(encoding="utf-8"))["cases"]
        texts += [(case["question"], int(case["kind"] != "unrelated")) for case in raw]
    return texts


def train(path: Path = MODEL_FILE) -> ScopeModel:
    """Embed every training text as a query, fit the networks, and save them to ``path``."""
    from sklearn.neural_network import MLPClassifier

    from advisor.api import Advisor

    retriever = Advisor.load().retriever
    texts = training_texts(retriever.knowledge)
    vectors = np.stack([np.asarray(retriever.retrieve(text).scope_vector).reshape(-1) for text, _ in texts])
    labels = np.array([label for _, label in texts])
    mean = vectors.mean(axis=0)
    centred = vectors - mean
    centred /= np.linalg.norm(centred, axis=1, keepdims=True)
    networks = [
        MLPClassifier((HIDDEN_UNITS,), alpha=REGULARISATION, max_iter=400, random_state=seed).fit(centred, labels)
        for seed in SEEDS
    ]
    model = ScopeModel(
        retriever.encoder.name,
        mean,
        hidden=np.stack([network.coefs_[0] for network in networks]),
        hidden_bias=np.stack([network.intercepts_[0] for network in networks]),
        output=np.stack([network.coefs_[1][:, 0] for network in networks]),
        output_bias=np.array([network.intercepts_[1][0] for network in networks]),
    )
    model.save(path)
    return model


if __name__ == "__main__":
    trained = train()
    print(f"scope model for {trained.embedder} written to {MODEL_FILE}")
