"""Glosses of country facts and consultation insights (issue #11, item 2): loaded, shown, reviewed.

The Thai glosses here are the test fixture ``tests/fixtures/glosses_th.yaml``, copied into a
copy of the knowledge, so these tests do not depend on the shipped glosses files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from advisor import Advisor, cli
from advisor.answers.glosses import shown_fact, shown_voice
from advisor.errors import AccessDeniedError
from advisor.evaluation.in_language import readable_text, thai_share
from advisor.i18n import text as i18n_text
from advisor.knowledge import load_knowledge, validate_knowledge
from advisor.review.access import Reviewer
from advisor.review.store import ReviewStore
from advisor.review.translations import propose_translation, publish_translation
from advisor.stores.published import PublishedStore
from conftest import KNOWLEDGE, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "glosses_th.yaml"
QUESTION = "ข้อมูลส่วนบุคคลของประชาชนรั่วไหล ต้องทำอย่างไร"
SOMCHAI = Reviewer("somchai", frozenset({"TH"}))
NOK = Reviewer("nok", frozenset({"TH"}))
SARI = Reviewer("sari", frozenset({"ID"}))


def _with_glosses(target: Path, document: dict | None = None) -> Path:
    """A copy of the shipped knowledge whose only Thai glosses file is ``document`` (default: the fixture)."""
    shutil.copytree(KNOWLEDGE, target)
    for shipped in target.glob("translations/*/glosses.yaml"):
        shipped.unlink()  # the writers' files, when merged, must not mix with the fixture
    text = FIXTURE.read_text(encoding="utf-8") if document is None else yaml.safe_dump(document, allow_unicode=True)
    (target / "translations" / "th" / "glosses.yaml").write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def glossed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _with_glosses(tmp_path_factory.mktemp("glosses") / "knowledge")


@pytest.fixture(scope="module")
def glossed(glossed_dir: Path):
    return load_knowledge(glossed_dir)


def _fixture() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


# --- schema and loading ------------------------------------------------------------------------


def test_the_fixture_loads_and_lookups_find_its_glosses(glossed) -> None:
    gloss = glossed.translations.fact_gloss("th-dga", "th")
    assert gloss is not None
    assert gloss.status == "drafted"
    assert "สำนักงานพัฒนารัฐบาลดิจิทัล" in gloss.text
    assert glossed.translations.insight_gloss("sea-2022-canares-exposure", "th") is not None
    assert glossed.translations.fact_gloss("th-dga", "vi") is None  # no Vietnamese file in this copy


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["facts"].update({"th-no-such-fact": {"text": "x"}}), "'th-no-such-fact' is not a fact"),
        (lambda d: d["insights"].update({"no-such-insight": {"text": "x"}}), "'no-such-insight' is not an insight"),
        (lambda d: d["facts"]["th-dga"].update({"status": "reviewed"}), "needs reviewed_by and reviewed_on"),
        (lambda d: d["facts"]["th-dga"].update({"comment": "x"}), "comment"),
        (lambda d: d.update({"language": "vi"}), "does not match its folder"),
    ],
)
def test_a_bad_glosses_file_is_refused_in_one_line(tmp_path: Path, change, problem: str) -> None:
    document = _fixture()
    change(document)
    problems = validate_knowledge(_with_glosses(tmp_path / "knowledge", document))
    assert problems, "the bad file was accepted"
    assert any(problem in line and "glosses.yaml" in line for line in problems), problems
    assert all("\n" not in line for line in problems)


def test_validate_reports_gloss_coverage_and_a_missing_file_counts_as_zero(glossed_dir: Path, capsys) -> None:
    assert cli.main(["validate", "--knowledge-dir", str(glossed_dir)]) == 0
    out = capsys.readouterr().out
    facts = sum(len(country.facts) for country in load_knowledge(glossed_dir).countries.values())
    assert f"warning: translations th: facts 4/{facts} (0 reviewed, 4 drafted), {facts - 4} missing" in out
    assert "warning: translations th: insights 2/" in out
    assert f"warning: translations vi: facts 0/{facts} (0 reviewed, 0 drafted), {facts} missing" in out


# --- answers -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossed_advisor(real_advisor, glossed) -> Advisor:
    """The real retriever with the glossed knowledge: glosses change what is shown, not what is found."""
    return Advisor(glossed, real_advisor.retriever, real_advisor.settings)


@pytest.mark.slow
def test_a_thai_answer_shows_the_glosses_marked_and_keeps_the_english_in_the_json(glossed_advisor, glossed) -> None:
    answer = glossed_advisor.ask(QUESTION, role="policy-maker", country="TH", lang="th")
    data = json.loads(json.dumps(answer.to_dict()))
    glossed_items = [f for f in answer.country_context if f.gloss]
    assert glossed_items, "no fact of the answer has a fixture gloss: the fixture no longer matches the ranking"
    for item, row in zip(answer.country_context, data["country_context"], strict=True):
        assert row["text"] == glossed.facts_by_id[item.id].text  # the original, unchanged
        expected = glossed.translations.fact_gloss(item.id, "th")
        assert row["gloss"] == (expected.text if expected else None)
        assert row["gloss_status"] == (expected.status if expected else None)
        line = next(line for line in answer.answer.splitlines() if line.endswith(f"[{item.cite}]"))
        if expected:
            assert "(ร่างคำแปลจากต้นฉบับภาษาอังกฤษ)" in line
            assert item.text[:40] not in line
            assert thai_share(readable_text(line)) > 0.9
        else:
            assert "_(ภาษาอังกฤษ)_" in line  # no gloss: the English, marked as English
    for row in data["insights"]:
        assert set(row) >= {"gloss", "gloss_status"}
    # The reply's country pointer names the fact by its glossed title.
    pointer = next(f for f in answer.country_context if f.cite in answer.summary)
    if pointer.gloss_title:
        assert pointer.gloss_title in answer.summary
        assert (pointer.title or "") not in answer.summary


@pytest.mark.slow
def test_an_english_answer_is_unchanged_by_glosses(glossed_advisor, real_advisor) -> None:
    plain = real_advisor.ask(QUESTION, role="policy-maker", country="TH", lang="en")
    with_glosses = glossed_advisor.ask(QUESTION, role="policy-maker", country="TH", lang="en")
    assert with_glosses.answer == plain.answer
    assert all(f.gloss is None and f.gloss_status is None for f in with_glosses.country_context)


def test_a_voice_with_a_gloss_keeps_its_original_and_affiliation_behind_the_toggle(glossed) -> None:
    from advisor.answer import InsightItem

    insight = glossed.insights["unctad-eweek-serale-procurement"]
    gloss = glossed.translations.insight_gloss(insight.id, "th")
    item = InsightItem(
        insight.id, insight.text, insight.speaker, "event", None, insight.source_url, insight.affiliation, "V1",
        gloss=gloss.text, gloss_status=gloss.status,
    )  # fmt: skip
    shown = shown_voice(item, "th")
    assert shown.text.startswith("เซราเล")
    assert shown.marker == i18n_text("th", "answer.gloss_drafted")
    assert shown.original is not None
    assert "Open Data Charter" in shown.original
    assert "procure" in shown.original
    english = shown_voice(item, "en")
    assert (english.marker, english.original) == ("", None)
    assert "procure" in english.text


def test_a_reviewed_gloss_says_so_and_a_fact_without_one_is_marked_english() -> None:
    from advisor.answer import ContextItem

    fact = ContextItem(
        "th-x", "TH", "English *text*", "https://example.org/", "2024-01", gloss="ข้อความ", gloss_status="reviewed"
    )
    assert shown_fact(fact, "th").marker == i18n_text("th", "answer.gloss_reviewed")
    assert shown_fact(fact, "th").original == "English \\*text\\*"  # shown as text, never markup
    bare = ContextItem("th-y", "TH", "English only", "https://example.org/", "2024-01")
    assert shown_fact(bare, "vi").marker == i18n_text("vi", "reply.in_english")


# --- review -------------------------------------------------------------------------------------


def test_a_thai_gloss_approved_by_a_second_thai_reviewer_is_reviewed_after_publish(tmp_path: Path) -> None:
    folder = _with_glosses(tmp_path / "knowledge")
    knowledge = load_knowledge(folder)
    store = ReviewStore.in_data_dir(tmp_path / "data")
    approve_as_is = propose_translation(store, knowledge, SOMCHAI, "TH", "th:fact:th-dga")
    corrected = "คานาเรสกล่าวโดยอ้างข้อมูลวิจัยว่า ข้าราชการไม่กล้าเปลี่ยนผ่านสู่ดิจิทัลเพราะแทบไม่เคยได้ใช้เทคโนโลยีดิจิทัล"
    correction = propose_translation(store, knowledge, SOMCHAI, "TH", "th:insight:sea-2022-canares-exposure", corrected)
    with pytest.raises(AccessDeniedError):
        store.approve(SARI, approve_as_is, knowledge.version)  # an Indonesian reviewer cannot approve Thai
    with pytest.raises(AccessDeniedError):
        store.approve(SOMCHAI, approve_as_is, knowledge.version)  # never the proposer
    for proposal in (approve_as_is, correction):
        store.approve(NOK, proposal, knowledge.version)
        publish_translation(store, load_knowledge(folder), folder, SOMCHAI, proposal)
    reloaded = load_knowledge(folder, PublishedStore(store.database).changes())  # the files plus what was published
    fact = reloaded.translations.fact_gloss("th-dga", "th")
    assert fact is not None
    assert (fact.status, fact.reviewed_by) == ("reviewed", "nok")
    assert fact.text == knowledge.translations.fact_gloss("th-dga", "th").text  # approved as it was
    insight = reloaded.translations.insight_gloss("sea-2022-canares-exposure", "th")
    assert insight is not None
    assert (insight.status, insight.text) == ("reviewed", corrected)
    assert reloaded.translations.fact_gloss("th-dg-awards-2024", "th").status == "drafted"  # nothing else changed


# --- the app ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_thai_app_shows_the_gloss_and_keeps_the_original_behind_a_closed_toggle(
    glossed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from advisor.webapp import chat_history, feedback_store, review_store

    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(glossed_dir))
    monkeypatch.setenv("ADVISOR_INDEX_DIR", str(tmp_path / "index"))  # built from the shared embedding cache
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    for cached in (feedback_store, review_store, chat_history):
        cached.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    app.sidebar.selectbox(key="lang").set_value("th").run()
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception
    originals = [e for e in app.expander if e.label == i18n_text("th", "ui.original_english")]
    assert originals, "no glossed fact or voice drew its original"
    assert all(not e.proto.expanded for e in originals)  # the gloss is what is read; the original one click away
    knowledge = load_knowledge(glossed_dir)
    english = {f.text for f in knowledge.facts_by_id.values()} | {i.text for i in knowledge.insights.values()}
    shown = [str(m.value) for e in originals for m in e.markdown]
    assert any(text.replace("\\", "").startswith(e[:30]) for text in shown for e in english)
    marker = i18n_text("th", "answer.gloss_drafted")
    cards = "\n".join(str(m.value) for e in app.expander for m in e.markdown)
    assert marker in cards
    assert knowledge.translations.fact_gloss("th-tpqi-digital-competency-standard", "th").text[:30] in cards


def test_the_translations_view_offers_glosses_side_by_side_and_proposes_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from advisor.webapp import load_knowledge_only, review_store

    folder = _with_glosses(tmp_path / "knowledge")
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(folder))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_REVIEWER_KEY", "somchai@TH=kheuang-mue-dee;nok@TH=dok-mai-ban")
    review_store.clear()
    load_knowledge_only.clear()
    app = AppTest.from_file(str(ROOT / "app_pages" / "review.py"), default_timeout=60)
    app.session_state["review-view"] = "translations"
    app.run()
    app.text_input[0].input("somchai")
    app.text_input[1].input("kheuang-mue-dee")
    app.button[0].click().run()
    app.selectbox(key="tr-kind").select("fact").run()
    app.selectbox(key="tr-entry-th-fact").select("th-dga").run()
    assert not app.exception
    text = "\n".join(str(m.value) for m in app.markdown)
    knowledge = load_knowledge(folder)
    assert knowledge.facts_by_id["th-dga"].text[:40] in text.replace("\\", "")  # the English original
    assert "สำนักงานพัฒนารัฐบาลดิจิทัล" in text  # beside the Thai gloss
    app.checkbox(key="tr-read-th-fact-th-dga").check().run()
    app.button(key="tr-asis-th-fact-th-dga").click().run()
    store = ReviewStore.in_data_dir(tmp_path / "data")
    assert [(p.target, p.proposed_by) for p in store.translation_proposals("th")] == [("th:fact:th-dga", "somchai")]
