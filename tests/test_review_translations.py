"""Reviewers approve translations with four eyes: by language of their country, through the same store and publish."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor import cli
from advisor.errors import AccessDeniedError, BadInputError
from advisor.knowledge import load_knowledge
from advisor.knowledge.localized import competency_text
from advisor.review.access import Reviewer
from advisor.review.queue import report, report_csv, report_markdown
from advisor.review.refusals import message_in
from advisor.review.store import ReviewStore
from advisor.review.translations import propose_translation, publish_translation
from advisor.stores.published import PublishedStore
from conftest import KNOWLEDGE, ROOT

SOMCHAI = Reviewer("somchai", frozenset({"TH"}))
NOK = Reviewer("nok", frozenset({"TH"}))
SARI = Reviewer("sari", frozenset({"ID"}))
AMIR = Reviewer("amir", frozenset({"MY"}))
HAJAH = Reviewer("hajah", frozenset({"BN"}))
SOURCE = "https://www.ocsc.go.th/"


@pytest.fixture(scope="module")
def knowledge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("tr") / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture(scope="module")
def knowledge(knowledge_dir: Path):
    return load_knowledge(knowledge_dir)


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore.in_data_dir(tmp_path)


def test_a_thai_translation_approved_by_a_second_thai_reviewer_is_reviewed_after_publish(
    store: ReviewStore, knowledge, knowledge_dir: Path
) -> None:
    assert competency_text(knowledge, "PD1", "th").status == "drafted"
    proposal = propose_translation(store, knowledge, SOMCHAI, "TH", "th:competency:PD1")
    with pytest.raises(AccessDeniedError, match="a second reviewer of TH must approve it"):
        store.approve(SOMCHAI, proposal, knowledge.version)  # never the proposer
    with pytest.raises(AccessDeniedError, match="sari may review translations into id, not th"):
        store.approve(SARI, proposal, knowledge.version)  # an Indonesian reviewer cannot approve Thai
    with pytest.raises(AccessDeniedError, match="must be approved by a second reviewer"):
        publish_translation(store, knowledge, knowledge_dir, SOMCHAI, proposal)
    store.approve(NOK, proposal, knowledge.version)
    publish_translation(store, knowledge, knowledge_dir, SOMCHAI, proposal)
    assert competency_text(load_knowledge(knowledge_dir), "PD1", "th").status == "drafted"  # the file is untouched
    reloaded = load_knowledge(knowledge_dir, PublishedStore(store.database).changes())
    text = competency_text(reloaded, "PD1", "th")
    assert (text.status, text.language) == ("reviewed", "th")
    entry = reloaded.translations.competency("PD1", "th")
    assert entry is not None
    assert entry.reviewed_by == "nok"  # the second reviewer
    assert entry.reviewed_on
    assert entry.description == knowledge.translations.competency("PD1", "th").description  # as it was
    assert competency_text(reloaded, "PD2", "th").status == "drafted"  # nothing else changed
    assert store.proposal(proposal).status == "published"


def test_a_correction_replaces_one_field_and_a_factual_one_needs_a_source(
    store: ReviewStore, knowledge, knowledge_dir: Path
) -> None:
    with pytest.raises(BadInputError, match="needs a source"):
        propose_translation(store, knowledge, SOMCHAI, "TH", "th:role:executive:title", "ผู้บริหาร", "", factual=True)
    with pytest.raises(BadInputError, match="choose the field"):
        propose_translation(store, knowledge, SOMCHAI, "TH", "th:role:executive", "ผู้บริหาร")
    with pytest.raises(BadInputError, match="has no field 'nope'"):
        propose_translation(store, knowledge, SOMCHAI, "TH", "th:role:executive:nope", "ผู้บริหาร")
    with pytest.raises(BadInputError, match="not a translation"):
        propose_translation(store, knowledge, SOMCHAI, "TH", "xx:role:executive")
    with pytest.raises(BadInputError, match="there is no role 'nobody'"):
        propose_translation(store, knowledge, SOMCHAI, "TH", "th:role:nobody")
    new_title = "ผู้บริหารระดับสูงของส่วนราชการ"
    proposal = propose_translation(store, knowledge, SOMCHAI, "TH", "th:role:executive:title", new_title, SOURCE, True)
    assert store.proposal(proposal).source_url == SOURCE
    store.approve(NOK, proposal, knowledge.version)
    publish_translation(store, knowledge, knowledge_dir, NOK, proposal)
    role = load_knowledge(knowledge_dir, PublishedStore(store.database).changes()).translations.role("executive", "th")
    assert role is not None
    assert (role.title, role.status, role.reviewed_by) == (new_title, "reviewed", "nok")
    # A wording change needs no source; an action's one field is its text.
    action = propose_translation(store, knowledge, SOMCHAI, "TH", "th:action:PD1.1.1", "ถามว่าระบบใหม่แก้ปัญหาใดของประชาชน")
    assert store.proposal(action).target == "th:action:PD1.1.1:text"


def test_reviewers_act_only_on_the_languages_of_their_countries(store: ReviewStore, knowledge) -> None:
    with pytest.raises(AccessDeniedError, match="sari may review translations into id, not th") as refused:
        propose_translation(store, knowledge, SARI, "ID", "th:competency:PD1")
    assert message_in("th", refused.value).startswith("คุณตรวจทานคำแปลภาษา id")  # said in the interface language
    with pytest.raises(AccessDeniedError, match="sari may review ID, not TH"):
        propose_translation(store, knowledge, SARI, "TH", "th:competency:PD1")
    # Malay is a language of Malaysia, Brunei and Singapore: a Bruneian may approve a Malaysian's proposal.
    proposal = propose_translation(store, knowledge, AMIR, "MY", "ms:action:PD1.1.1")
    assert store.approve(HAJAH, proposal, knowledge.version).approved_by == "hajah"
    assert [p.id for p in store.translation_proposals("ms")] == [proposal]
    assert store.translation_proposals("th") == []


def test_four_eyes_off_lets_a_single_reviewer_approve_their_own(tmp_path: Path, knowledge) -> None:
    store = ReviewStore.in_data_dir(tmp_path, four_eyes=False)
    proposal = propose_translation(store, knowledge, SOMCHAI, "TH", "th:competency:PD3")
    assert store.approve(SOMCHAI, proposal, knowledge.version).self_approved


def test_the_report_shows_translation_coverage_per_language(store: ReviewStore, knowledge) -> None:
    data = report(knowledge, store, "TH")
    rows = {row["language"]: row for row in data["translation_coverage"]}
    assert list(rows) == ["th", "vi", "id", "ms", "fil"]  # the country's own language first
    assert rows["th"]["total"] == rows["th"]["drafted"] + rows["th"]["reviewed"] > 0
    assert f"- vi: {rows['vi']['reviewed']} reviewed, {rows['vi']['drafted']} drafted" in report_markdown(data)
    assert '"translation_coverage","th","' in report_csv(data)


# --- command line -------------------------------------------------------------------------


def test_cli_propose_approve_publish_a_translation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(target))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_REVIEWER_KEY", "somchai@TH=kheuang-mue-dee;nok@TH=dok-mai-ban;sari@ID=kopi-tubruk-pagi")

    def run(passphrase: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("ADVISOR_REVIEWER_PASSPHRASE", passphrase)
        code = cli.main(["review", *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run("kheuang-mue-dee", "propose", "--country", "TH", "--translation", "th:competency:PD1",
                         "--as", "somchai", "--json")  # fmt: skip
    assert code == 0, err
    proposal = out.split('"')[3]
    code, _, err = run("kopi-tubruk-pagi", "approve", proposal, "--as", "sari")
    assert (code, err.count("\n")) == (2, 1)
    assert "may review translations into id, not th" in err
    code, _, err = run("kheuang-mue-dee", "approve", proposal, "--as", "somchai")
    assert code == 2
    code, _, err = run("kheuang-mue-dee", "propose", "--country", "TH", "--translation", "th:competency:PD1:title",
                       "--text", "ชื่อใหม่", "--factual", "--as", "somchai")  # fmt: skip
    assert (code, err.count("\n")) == (2, 1)
    assert "source" in err
    code, _, err = run(
        "kheuang-mue-dee", "propose", "--country", "TH", "--translation", "klingon:x:y", "--as", "somchai"
    )
    assert code == 2
    assert "LANG:KIND:ID" in err
    assert run("dok-mai-ban", "approve", proposal, "--as", "nok")[0] == 0
    code, out, err = run("dok-mai-ban", "publish", proposal, "--as", "nok")
    assert code == 0, err
    assert "published version 1" in out
    assert competency_text(load_knowledge(target), "PD1", "th").status == "drafted"  # the database holds it
    code, out, err = run("", "export-overrides")
    assert code == 0, err
    assert out.strip() == str(target / "translations" / "th" / "competencies.yaml")
    assert competency_text(load_knowledge(target), "PD1", "th").status == "reviewed"


# --- the page -----------------------------------------------------------------------------


def test_the_translations_view_proposes_and_a_second_reviewer_approves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(target))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_REVIEWER_KEY", "somchai@TH=kheuang-mue-dee;nok@TH=dok-mai-ban;sari@ID=kopi-tubruk-pagi")
    from advisor.webapp import load_knowledge_only, review_store

    review_store.clear()
    load_knowledge_only.clear()
    # The page alone: the translation view needs only the knowledge, never the model.
    app = AppTest.from_file(str(ROOT / "app_pages" / "review.py"), default_timeout=60)
    app.session_state["review-view"] = "translations"
    app.run()

    def sign_in(name: str, passphrase: str) -> None:
        if [b for b in app.button if b.key == "sign-out"]:
            app.button(key="sign-out").click().run()
        app.text_input[0].input(name)
        app.text_input[1].input(passphrase)
        app.button[0].click().run()

    sign_in("somchai", "kheuang-mue-dee")
    assert not app.exception
    assert app.selectbox(key="tr-entry-th-competency").value is None  # no entry preselected
    app.selectbox(key="tr-entry-th-competency").select("PD1").run()
    text = "\n".join(str(m.value) for m in app.markdown)
    assert "English original" in text
    assert "Thai" in text or "ไทย" in text
    assert "Status: drafted" in text
    assert app.button(key="tr-asis-th-competency-PD1").disabled  # read the whole translation first
    app.checkbox(key="tr-read-th-competency-PD1").check().run()
    app.button(key="tr-asis-th-competency-PD1").click().run()
    assert "Saved." in [str(s.value) for s in app.success]
    store = ReviewStore.in_data_dir(tmp_path / "data")
    assert [(p.target, p.proposed_by) for p in store.translation_proposals("th")] == [("th:competency:PD1", "somchai")]
    proposal = store.translation_proposals("th")[0].id

    sign_in("nok", "dok-mai-ban")
    app.checkbox(key=f"compared-{proposal}").check().run()
    app.button(key=f"approve-proposal-{proposal}").click().run()
    assert not app.exception
    assert store.proposal(proposal).approved_by == "nok"
    assert any("can now publish" in str(s.value) for s in app.success)

    sign_in("sari", "kopi-tubruk-pagi")  # Indonesia: no Thai to review, and only Indonesian offered
    assert app.selectbox(key="review-country").value == "TH"
    assert not [b for b in app.button if (b.key or "").startswith(("tr-asis", "publish-"))]
    assert os.environ["ADVISOR_DATA_DIR"] == str(tmp_path / "data")
