"""Four eyes: a correction is proposed, approved by a second reviewer of its country, then published.

Also the command line for it, and publishing that returns at once while the index is rebuilt
in the background.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from advisor import Advisor, cli
from advisor.config import Settings
from advisor.errors import AccessDeniedError, BadInputError
from advisor.knowledge import knowledge_fingerprint, load_knowledge
from advisor.live import LiveAdvisor
from advisor.review.access import Reviewer
from advisor.review.corrections import propose_correction, publish_correction
from advisor.review.queue import report, report_markdown
from advisor.review.refusals import message_in
from advisor.review.store import ReviewStore
from advisor.stores.database import Database
from advisor.stores.published import published_version
from advisor.stores.tables import review_events
from conftest import ROOT

SOMCHAI = Reviewer("somchai", frozenset({"TH"}))
NOK = Reviewer("nok", frozenset({"TH"}))
SARI = Reviewer("sari", frozenset({"ID"}))
SOURCE = "https://www.dga.or.th/en/about-us/vision/"


@pytest.fixture
def store(database: Database) -> ReviewStore:
    """A review store on each engine (SQLite and the real PostgreSQL: conftest's ``database``)."""
    return ReviewStore(database)


def _rows(store: ReviewStore) -> list[tuple[object, ...]]:
    with store.database.read() as db:
        return [tuple(row) for row in db.execute(sa.select(review_events).order_by(review_events.c.id)).all()]


def _propose(store: ReviewStore, by: Reviewer = SOMCHAI, text: str = "Reviewed wording.") -> int:
    return store.propose(by, "TH", "fact", "th-dga", text, SOURCE, "v1")


def test_the_proposer_can_never_approve_their_own_correction(store: ReviewStore) -> None:
    proposal = _propose(store)
    with pytest.raises(AccessDeniedError, match="a second reviewer of TH must approve it"):
        store.approve(Reviewer("SOMCHAI", frozenset({"TH"})), proposal, "v1")  # names are compared without case
    with pytest.raises(AccessDeniedError, match="must be approved by a second reviewer"):
        store.mark_published(SOMCHAI, proposal, "v1")  # nor publish it alone
    approved = store.approve(NOK, proposal, "v1")
    assert (approved.status, approved.proposed_by, approved.approved_by) == ("approved", "somchai", "nok")
    published = store.mark_published(SOMCHAI, proposal, "v1")  # once approved, either may publish
    assert (published.status, published.published_by) == ("published", "somchai")


def test_the_approver_must_review_the_same_country(store: ReviewStore) -> None:
    proposal = _propose(store)
    with pytest.raises(AccessDeniedError, match="sari may review ID, not TH"):
        store.approve(SARI, proposal, "v1")
    assert store.proposal(proposal).status == "proposed"


def test_unknown_ids_and_decided_proposals_are_refused(store: ReviewStore) -> None:
    for unknown in (999, "abc", "", "1; DROP TABLE actions"):
        with pytest.raises(BadInputError, match="there is no proposal"):
            store.approve(NOK, unknown, "v1")
    flagged = store.record(SOMCHAI, "TH", "question:rq-trust", "flag", "v1", "too generic")
    with pytest.raises(BadInputError, match="there is no proposal"):
        store.approve(NOK, flagged, "v1")  # an event id that is not a proposal
    proposal = _propose(store)
    store.approve(NOK, proposal, "v1")
    with pytest.raises(BadInputError, match="already approved"):
        store.approve(Reviewer("kanya", frozenset({"TH"})), proposal, "v1")


def test_a_single_reviewer_deployment_opts_out_explicitly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_REVIEW_FOUR_EYES", "0")
    settings = Settings.from_env()
    assert settings.review_four_eyes is False
    alone = ReviewStore.in_data_dir(tmp_path, four_eyes=settings.review_four_eyes)
    proposal = _propose(alone)
    assert alone.approve(SOMCHAI, proposal, "v1").self_approved
    alone.mark_published(SOMCHAI, proposal, "v1")
    data = report(load_knowledge(ROOT / "knowledge"), alone, "TH")
    assert data["four_eyes"] is False
    markdown = report_markdown(data)
    assert "Four eyes: OFF (ADVISOR_REVIEW_FOUR_EYES=0)" in markdown
    assert "the proposer: four eyes off" in markdown
    monkeypatch.setenv("ADVISOR_REVIEW_FOUR_EYES", "no")
    with pytest.raises(BadInputError, match="ADVISOR_REVIEW_FOUR_EYES='no' is not accepted"):
        Settings.from_env()
    monkeypatch.delenv("ADVISOR_REVIEW_FOUR_EYES")
    assert Settings.from_env().review_four_eyes is True
    assert "Four eyes: on" in report_markdown(
        report(load_knowledge(ROOT / "knowledge"), ReviewStore.in_data_dir(tmp_path), "TH")
    )


def test_every_step_is_appended_with_who_when_and_what(store: ReviewStore) -> None:
    proposal = store.propose(SOMCHAI, "TH", "fact", "th-dga", "Reviewed.", SOURCE, "v1", from_item="question:rq-trust")
    before = _rows(store)
    store.approve(NOK, proposal, "v1")
    store.mark_published(NOK, proposal, "v2")
    after = _rows(store)
    assert after[: len(before)] == before  # nothing earlier changed
    steps = [(a.reviewer, a.item, a.action, a.knowledge_version) for a in store.history("TH")]
    assert steps == [
        ("somchai", "fact:th-dga", "propose", "v1"),
        ("somchai", "question:rq-trust", "correct", "v1"),  # the queue item it came from
        ("nok", f"proposal:{proposal}", "approve-proposal", "v1"),
        ("nok", f"proposal:{proposal}", "publish", "v2"),
    ]
    assert all(a.created_at for a in store.history("TH"))
    assert store.status("TH", "question:rq-trust")[0] == "corrected"
    with pytest.raises(BadInputError, match="is not a queue item"):
        store.record(SOMCHAI, "TH", f"proposal:{proposal}", "approve", "v1")  # no way around four eyes


def test_two_approvals_at_once_record_one(store: ReviewStore) -> None:
    proposal = _propose(store)
    outcomes: list[str] = []

    def approve(name: str) -> None:
        try:
            store.approve(Reviewer(name, frozenset({"TH"})), proposal, "v1")
            outcomes.append("ok")
        except BadInputError:
            outcomes.append("refused")

    threads = [threading.Thread(target=approve, args=(f"reviewer-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert [a.action for a in store.history("TH")].count("approve-proposal") == 1


def test_refusals_are_said_in_the_interface_language(store: ReviewStore) -> None:
    proposal = _propose(store)
    with pytest.raises(AccessDeniedError) as own:
        store.approve(SOMCHAI, proposal, "v1")
    assert message_in("en", own.value).startswith("You proposed correction #")
    thai = message_in("th", own.value)
    assert thai != message_in("en", own.value)
    assert any("\u0e00" <= c <= "\u0e7f" for c in thai)
    store.reject(NOK, proposal, "v1")
    with pytest.raises(BadInputError) as decided:
        store.approve(NOK, proposal, "v1")
    assert "ถูกปฏิเสธ" in message_in("th", decided.value)  # the status itself is translated


# --- command line -------------------------------------------------------------------------


@pytest.fixture
def cli_env(knowledge_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(knowledge_copy))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_REVIEWER_KEY", "somchai@TH=kheuang-mue-dee;nok@TH=dok-mai-ban;sari@ID=kopi-tubruk-pagi")
    return knowledge_copy


def _as(monkeypatch: pytest.MonkeyPatch, passphrase: str) -> None:
    monkeypatch.setenv("ADVISOR_REVIEWER_PASSPHRASE", passphrase)


def test_cli_propose_approve_publish(cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    text = "The DGA also trains every ministry's digital staff (reviewed)."
    env = {**os.environ, "ADVISOR_REVIEWER_PASSPHRASE": "kheuang-mue-dee"}
    proposed = subprocess.run(
        [sys.executable, "-m", "advisor", "review", "propose", "--country", "TH", "--fact", "th-dga",
         "--text", text, "--source", SOURCE, "--as", "somchai", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proposed.returncode == 0, proposed.stderr
    proposal = json.loads(proposed.stdout)["id"]
    assert isinstance(proposal, str)
    assert proposal.isdigit()

    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(["review", *args])
        out, err = capsys.readouterr()
        return code, out, err

    _as(monkeypatch, "kheuang-mue-dee")
    code, _, err = run("approve", proposal, "--as", "somchai")  # the proposer approving their own
    assert (code, err.count("\n")) == (2, 1)
    assert "a second reviewer of TH must approve it" in err
    _as(monkeypatch, "kopi-tubruk-pagi")
    code, _, err = run("approve", proposal, "--as", "sari")
    assert code == 2
    assert "sari may review ID, not TH" in err
    _as(monkeypatch, "wrong")
    code, _, err = run("approve", proposal, "--as", "nok")
    assert code == 2
    assert "wrong name or passphrase" in err
    assert "wrong\n" not in err
    _as(monkeypatch, "dok-mai-ban")
    code, _, err = run("approve", "4242", "--as", "nok")
    assert code == 2
    assert "there is no proposal '4242'" in err
    code, _, err = run("publish", proposal, "--as", "nok")
    assert code == 2
    assert "must be approved by a second reviewer" in err
    assert run("approve", proposal, "--as", "nok")[0] == 0
    code, _out, err = run("publish", proposal, "--as", "nok")
    assert code == 0, err
    assert not (cli_env / "overrides" / "TH.yaml").exists()  # published into the database, not a file
    assert run("export-overrides")[0] == 0
    assert text in (cli_env / "overrides" / "TH.yaml").read_text(encoding="utf-8")
    assert [f.text for f in load_knowledge(cli_env).overrides["TH"]] == [text]


def test_cli_reads_the_passphrase_only_from_the_environment(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.delenv("ADVISOR_REVIEWER_PASSPHRASE", raising=False)
    code = cli.main(["review", "approve", "1", "--as", "nok"])
    assert code == 2
    assert "ADVISOR_REVIEWER_PASSPHRASE" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # there is no passphrase option at all
        cli.main(["review", "approve", "1", "--as", "nok", "--passphrase", "x"])
    assert usage.value.code == 2


def test_cli_sign_in_backs_off_after_five_failures(cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _as(monkeypatch, "guess")
    for _ in range(5):
        assert cli.main(["review", "approve", "1", "--as", "nok"]) == 2
    _as(monkeypatch, "dok-mai-ban")
    assert cli.main(["review", "approve", "1", "--as", "nok"]) == 2
    assert "too many failed sign-ins" in capsys.readouterr().err.splitlines()[-1]


# --- publish without waiting --------------------------------------------------------------


@pytest.mark.slow
def test_publish_returns_at_once_and_answers_change_when_the_rebuild_ends(
    real_advisor, knowledge_copy: Path, tmp_path: Path
) -> None:
    settings = Settings(knowledge_dir=knowledge_copy, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    gate = threading.Event()

    def load(previous, progress):
        if previous is not None:
            assert gate.wait(60)  # hold the rebuild while the test checks the old advisor still answers
        return Advisor.load(settings=settings, encoder=real_advisor.retriever.encoder, progress=progress)

    live = LiveAdvisor(load, lambda: f"{knowledge_fingerprint(knowledge_copy)}:{published_version(settings)}")
    old = live.current()
    question = ("Which institutions train civil servants in digital skills?", "hr-learning", "TH")
    knowledge = old.knowledge
    target = next(f for f in knowledge.countries["TH"].facts if f.kind == "training")
    store = ReviewStore.in_data_dir(tmp_path / "data")
    text = f"{target.text} Reviewed note: the academy now also runs a data-for-policy track (test marker 7319)."
    proposal = propose_correction(store, knowledge, SOMCHAI, "TH", target.id, text, target.source_url)
    store.approve(NOK, proposal, knowledge.version)
    publish_correction(store, knowledge, knowledge_copy, NOK, proposal)

    assert live.refresh().state == "running"
    assert live.current() is old  # answers keep using the old index meanwhile
    assert "test marker 7319" not in old.ask(*question).answer
    gate.set()
    done = live.wait(120)
    assert done.state == "done", done.error
    assert done.total > 0
    assert done.done == done.total
    answer = live.current().ask(*question)
    assert live.current().knowledge_version == done.version != knowledge.version
    reviewed = [c for c in answer.country_context if c.reviewed]
    assert reviewed
    assert "test marker 7319" in reviewed[0].text
    assert target.id not in {c.id for c in answer.country_context}  # the corrected fact is replaced
    assert live.refresh().state == "done"  # nothing changed since: no second rebuild


def test_a_failed_rebuild_keeps_the_old_advisor(tmp_path: Path) -> None:
    class Old:
        class knowledge:  # noqa: N801 - stands in for a loaded advisor
            version = "old"

    key = ["a"]

    def load(previous, progress):
        if previous is None:
            return Old()
        raise BadInputError("knowledge is invalid: overrides/TH.yaml line 3")

    live = LiveAdvisor(load, lambda: key[0])
    key[0] = "b"
    live.refresh()
    failed = live.wait(10)
    assert (failed.state, failed.version) == ("failed", "old")
    assert "overrides/TH.yaml" in failed.error
    assert isinstance(live.current(), Old)
    assert live.refresh().state == "failed"  # not retried until the files change again
