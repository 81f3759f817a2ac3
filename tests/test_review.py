"""Localisation review: access control, the action history, published corrections, queue and report."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from advisor import Advisor
from advisor.config import Settings
from advisor.errors import AccessDeniedError, BadInputError
from advisor.feedback import FeedbackStore
from advisor.knowledge import load_knowledge, validate_knowledge
from advisor.review.access import RateLimiter, Reviewer, parse_reviewer_keys, sign_in
from advisor.review.queue import build_queue, report, report_csv, report_markdown, reviewed_for, stale_facts
from advisor.review.store import ReviewStore, publish_overrides
from conftest import ROOT

THAI = Reviewer("somchai", frozenset({"TH"}))
INDONESIAN = Reviewer("sari", frozenset({"ID"}))
KEYS = "somchai@TH=kheuang-mue-dee;sari@ID=kopi-tubruk-pagi"


# --- access -------------------------------------------------------------------------------


def test_passphrases_identify_reviewers_and_their_countries() -> None:
    keys = parse_reviewer_keys(KEYS)
    reviewer = sign_in("kopi-tubruk-pagi", keys, RateLimiter(), "client")
    assert reviewer == Reviewer("sari", frozenset({"ID"}))
    assert parse_reviewer_keys("one-shared-passphrase")[0].countries == frozenset(
        {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"}
    )


def test_without_configuration_the_review_is_read_only() -> None:
    with pytest.raises(AccessDeniedError, match="read-only"):
        sign_in("anything", parse_reviewer_keys(None), RateLimiter(), "client")


def test_failed_sign_ins_are_rate_limited() -> None:
    keys, limiter = parse_reviewer_keys(KEYS), RateLimiter()
    for _ in range(5):
        with pytest.raises(AccessDeniedError, match="wrong passphrase"):
            sign_in("guess", keys, limiter, "attacker", now=100.0)
    with pytest.raises(AccessDeniedError, match="too many failed sign-ins"):
        sign_in("kheuang-mue-dee", keys, limiter, "attacker", now=101.0)
    assert sign_in("kheuang-mue-dee", keys, limiter, "attacker", now=800.0).name == "somchai"
    assert sign_in("kheuang-mue-dee", keys, limiter, "someone-else", now=101.0).name == "somchai"


def test_malformed_reviewer_keys_are_explained() -> None:
    with pytest.raises(BadInputError, match="unknown XX"):
        parse_reviewer_keys("a@XX=secret")


# --- the action history -------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore.in_data_dir(tmp_path)


def test_status_follows_the_latest_action_and_nothing_is_overwritten(store: ReviewStore, tmp_path: Path) -> None:
    assert store.status("TH", "question:rq-data-policy")[0] == "pending"
    store.record(THAI, "TH", "question:rq-data-policy", "approve", "v1")
    store.record(THAI, "TH", "question:rq-data-policy", "flag", "v1", text="names the wrong agency")
    status, latest = store.status("TH", "question:rq-data-policy")
    assert status == "flagged"
    assert latest.text == "names the wrong agency"
    restarted = ReviewStore.in_data_dir(tmp_path)  # a restart keeps the whole history
    assert [a.action for a in restarted.history("TH", "question:rq-data-policy")] == ["approve", "flag"]
    assert restarted.history("TH")[0].reviewer == "somchai"


def test_approval_counts_only_on_the_same_knowledge_version(store: ReviewStore) -> None:
    store.record(THAI, "TH", "question:rq-trust", "approve", "v1")
    assert store.is_approved("TH", "question:rq-trust", "v1")
    assert not store.is_approved("TH", "question:rq-trust", "v2")


def test_a_reviewer_for_another_country_cannot_write(store: ReviewStore) -> None:
    with pytest.raises(AccessDeniedError, match="sari may review ID, not TH"):
        store.record(INDONESIAN, "TH", "question:rq-trust", "approve", "v1")
    assert store.history("TH") == []


@pytest.mark.parametrize(
    ("action", "text", "url", "message"),
    [
        ("flag", "", "", "a flag needs a reason"),
        ("correct", "", "", "a correction needs its text"),
        ("correct", "new text", "http://insecure.example.org", "must be a well-formed https"),
        ("delete", "", "", "unknown review action"),
    ],
)
def test_incomplete_actions_are_refused(store: ReviewStore, action: str, text: str, url: str, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        store.record(THAI, "TH", "fact:th-dga", action, "v1", text=text, source_url=url)


def test_a_correction_needs_a_source_and_is_decided_once(store: ReviewStore) -> None:
    unsourced = store.record(THAI, "TH", "fact:th-dga", "correct", "v1", text="better wording")
    with pytest.raises(BadInputError, match="needs a source URL"):
        store.decide_correction(THAI, "TH", unsourced, True, "v1")
    store.decide_correction(THAI, "TH", unsourced, False, "v1")
    with pytest.raises(BadInputError, match="already rejected"):
        store.decide_correction(THAI, "TH", unsourced, True, "v1")


# --- corrections reach users --------------------------------------------------------------


@pytest.mark.slow
def test_an_approved_correction_reaches_a_rebuilt_answer(real_advisor, knowledge_copy: Path, tmp_path: Path) -> None:
    knowledge = load_knowledge(knowledge_copy)
    target = next(f for f in knowledge.countries["TH"].facts if f.kind == "training")
    store = ReviewStore.in_data_dir(tmp_path / "data")
    text = f"{target.text} Reviewed note: the academy now also runs a data-for-policy track (test marker 7319)."
    correction = store.record(
        THAI, "TH", f"fact:{target.id}", "correct", knowledge.version, text=text, source_url=target.source_url
    )
    store.decide_correction(THAI, "TH", correction, True, knowledge.version)
    written = publish_overrides(store, knowledge, knowledge_copy, "TH")
    assert written == knowledge_copy / "overrides" / "TH.yaml"
    assert validate_knowledge(knowledge_copy) == []

    settings = Settings(knowledge_dir=knowledge_copy, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    rebuilt = Advisor.load(settings=settings, encoder=real_advisor.retriever.encoder)
    assert rebuilt.knowledge_version != knowledge.version
    answer = rebuilt.ask("Which institutions train civil servants in digital skills?", "hr-learning", "TH")
    reviewed = [c for c in answer.country_context if c.reviewed]
    assert reviewed
    assert "test marker 7319" in reviewed[0].text
    assert target.id not in {c.id for c in answer.country_context}  # the corrected fact is replaced
    assert "test marker 7319" in answer.answer


def test_an_approved_standard_question_shows_the_badge(store: ReviewStore, shipped_knowledge) -> None:
    question = "What should a policy maker in Thailand learn to use data in policy making?"
    assert not reviewed_for(shipped_knowledge, store, "TH", question)
    store.record(THAI, "TH", "question:rq-data-policy", "approve", shipped_knowledge.version)
    assert reviewed_for(shipped_knowledge, store, "TH", question)
    assert not reviewed_for(shipped_knowledge, store, "ID", question)


# --- queue, freshness, report -------------------------------------------------------------


@pytest.mark.slow
def test_queue_holds_standard_questions_and_thumbs_down_answers(real_advisor, tmp_path: Path) -> None:
    feedback = FeedbackStore.in_data_dir(tmp_path)
    down = real_advisor.ask("open data portal", "digital-unit", "TH").to_dict()
    feedback.record(down, -1, "misses the national portal")
    feedback.record(real_advisor.ask("open data", "digital-unit", "ID").to_dict(), -1)
    store = ReviewStore.in_data_dir(tmp_path)
    queue = build_queue(real_advisor, store, feedback, "TH")
    standard = [i for i in queue if i.source == "standard"]
    assert len(standard) >= 12
    domains = {real_advisor.knowledge.competencies[i.answer["competencies"][0]["id"]].id[:2] for i in standard}
    assert {"PD", "DG", "ME"} <= domains
    assert [i.question for i in queue if i.source == "thumbs-down"] == ["open data portal"]
    assert all(f["country"] in {"TH", "ASEAN"} for i in queue for f in i.answer["country_context"])


def test_stale_facts_are_older_than_24_months(shipped_knowledge) -> None:
    stale = stale_facts(shipped_knowledge, "TH", today=date(2026, 11, 27))
    assert stale
    assert all(f["as_of"] < "2024-11" for f in stale)
    assert stale_facts(shipped_knowledge, "TH", today=date(2000, 1, 1)) == []


def test_report_lists_coverage_corrections_and_stale_facts(store: ReviewStore, shipped_knowledge) -> None:
    version = shipped_knowledge.version
    store.record(THAI, "TH", "question:rq-data-policy", "approve", version)
    store.record(THAI, "TH", "question:rq-trust", "flag", version, text="too generic for Thailand")
    store.record(
        THAI, "TH", "fact:th-dga", "correct", version, text="new wording", source_url="https://www.dga.or.th/en/"
    )
    data = report(shipped_knowledge, store, "TH", today=date(2026, 11, 27))
    assert (data["reviewed"], data["approved"], data["flagged"]) == (2, 1, 1)
    assert data["open_corrections"][0]["item"] == "fact:th-dga"
    markdown = report_markdown(data)
    assert "too generic for Thailand" in markdown
    assert "new wording" in markdown
    rows = list(csv.reader(io.StringIO(report_csv(data))))
    assert ["coverage", "approved", "1", "", "", ""] in rows
    assert any(r[0] == "stale_fact" for r in rows)


# --- command line -------------------------------------------------------------------------


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=300,
    )


@pytest.mark.slow
def test_cli_review_queue_lists_at_least_twelve_items(real_advisor, tmp_path: Path) -> None:
    env = {"ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir), "ADVISOR_DATA_DIR": str(tmp_path)}
    result = _run(["review", "queue", "--country", "TH", "--json"], env)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) >= 12
    assert set(items[0]) >= {"id", "question", "role", "status", "answer", "stale_facts"}


def test_cli_review_export_and_bad_country(tmp_path: Path) -> None:
    result = _run(["review", "export", "--country", "TH", "--format", "csv"], {"ADVISOR_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("section,item,detail")
    bad = _run(["review", "export", "--country", "FR"])
    assert bad.returncode == 2
    assert "unknown country 'FR'" in bad.stderr


def test_validate_warns_about_stale_facts() -> None:
    result = _run(["validate", "--warn-stale"])
    assert result.returncode == 0
    assert "more than 24 months old" in result.stdout
