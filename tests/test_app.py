"""The Streamlit pages, run in-process with AppTest against the real advisor."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.feedback import FeedbackStore
from advisor.i18n import INTERFACE_LANGUAGES, locale
from conftest import NARROW_REFUSAL, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture
def app(real_advisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ADVISOR_INDEX_DIR", str(real_advisor.settings.index_dir))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    from advisor.webapp import chat_history, feedback_store, review_store

    feedback_store.clear()  # the stores follow this test's data directory
    review_store.clear()
    chat_history.clear()
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    test.run()
    return test


def _text(app: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "title", "subheader") for e in getattr(app, kind))


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/ask.py",
        "app_pages/curriculum.py",
        "app_pages/my_path.py",
        "app_pages/review.py",
        "app_pages/framework.py",
        "app_pages/about.py",
    ],
)
def test_each_page_renders_without_exceptions(app: AppTest, page: str) -> None:
    app.switch_page(page).run()
    assert not app.exception
    assert app.title


def test_empty_chat_offers_starter_questions_for_the_profile(app: AppTest) -> None:
    starters = [b.label for b in app.button if b.key and b.key.startswith("starter-")]
    assert len(starters) == 3
    assert all("policy maker" in s and "Thailand" in s for s in starters)


def test_a_chat_turn_opens_with_the_cited_reply_and_keeps_details_closed(app: AppTest) -> None:
    app.chat_input[0].set_value("What should I learn to use data in policy making?").run()
    assert not app.exception
    reply = next(str(m.value) for m in app.markdown if "[\\[A1\\]](https://" in str(m.value))
    assert reply.startswith("For a policy maker in Thailand")
    labels = [e.label for e in app.expander]
    assert any(label.startswith("Sources") for label in labels)
    assert any(label.startswith("Competencies") for label in labels)
    assert all(not e.proto.expanded for e in app.expander)  # details on demand
    assert "`DG1`" in "\n".join(str(m.value) for e in app.expander for m in e.markdown)
    # The knowledge hash is not shown with answers (it is on the About page).
    assert app.session_state["chat"][0].answer.knowledge_version not in _text(app)


def test_a_narrow_refusal_offers_situations_and_a_tap_asks_one(app: AppTest) -> None:
    app.chat_input[0].set_value(NARROW_REFUSAL).run()
    assert app.session_state["chat"][0].answer.out_of_scope
    assert any("If your question is about your work" in str(i.value) for i in app.info)
    offered = [b for b in app.button if b.key and b.key.startswith("suggest-0-")]
    assert 2 <= len(offered) <= 3
    offered[0].click().run()
    assert not app.exception
    assert len(app.session_state["chat"]) == 2
    assert not app.session_state["chat"][1].answer.out_of_scope  # the situation is answered


def test_follow_up_compares_the_target_levels_of_both_roles(app: AppTest) -> None:
    app.chat_input[0].set_value("What should I learn to use data in policy making?").run()
    app.chat_input[0].set_value("and for executives?").run()
    text = _text(app)
    assert "Understood as: What should I learn to use data in policy making? — senior executive" in text
    assert "What changes from policy maker to senior executive" in text
    assert "| policy maker | senior executive |" in text


def test_one_thumb_click_saves_one_row_and_a_comment_can_follow(app: AppTest, tmp_path: Path) -> None:
    app.chat_input[0].set_value("open data portal").run()
    app.get("feedback")[0].set_value(0).run()  # thumbs down: saved at once
    assert not app.exception
    store = FeedbackStore.in_data_dir(tmp_path / "data")
    records = store.all()
    assert [(r.rating, r.comment) for r in records] == [(-1, "")]
    assert records[0].answer["competencies"][0]["id"] == "DG5"
    app.text_input(key="comment-text-0").set_value("missing our national portal")
    app.button[[b.label for b in app.button].index("Add comment")].click().run()
    assert [(r.rating, r.comment) for r in store.all()] == [(-1, "missing our national portal")]


def test_a_reload_keeps_the_chat(app: AppTest, real_advisor) -> None:
    app.chat_input[0].set_value("open data portal").run()
    session = app.query_params["chat"]
    session = session[0] if isinstance(session, list) else session
    reloaded = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    reloaded.query_params["chat"] = session
    reloaded.run()
    assert not reloaded.exception
    assert [m.value for m in reloaded.text][:1] == ["open data portal"]
    assert any("[\\[A1\\]](https://" in str(m.value) for m in reloaded.markdown)
    reloaded.button(key="clear-chat").click().run()
    assert not reloaded.session_state["chat"]


def test_feedback_export_needs_a_reviewer_sign_in(app: AppTest) -> None:
    app.switch_page("app_pages/about.py").run()
    assert not app.exception
    assert not [b for b in app.get("download_button") if b.proto.label.startswith("Export all feedback")]
    assert "sign in on the Review page" in _text(app)


@pytest.mark.parametrize("lang", [code for code in INTERFACE_LANGUAGES if code != "en"])
def test_switching_language_changes_interface_strings_and_keeps_the_profile(app: AppTest, lang: str) -> None:
    app.sidebar.selectbox(key="role-en").set_value("executive").run()
    app.sidebar.selectbox(key="lang").set_value(lang).run()
    assert not app.exception
    strings = locale(lang)["ui"]
    assert app.title[0].value == strings["app_title"]
    role = app.sidebar.selectbox(key=f"role-{lang}")
    assert role.label == strings["role"]
    assert role.value == "executive"
    assert locale(lang)["roles"]["executive"].lower() in role.options[0].lower()


def test_every_interface_string_is_translated() -> None:
    english = set(locale("en")["ui"]) | {f"answer.{k}" for k in locale("en")["answer"]}
    for lang in INTERFACE_LANGUAGES:
        strings = set(locale(lang)["ui"]) | {f"answer.{k}" for k in locale(lang)["answer"]}
        assert strings == english, lang
        assert set(locale(lang)["roles"]) == set(locale("en")["roles"])


def test_curriculum_page_draws_modules_and_offers_every_download(app: AppTest) -> None:
    app.switch_page("app_pages/curriculum.py").run()
    assert not app.exception
    assert any(s.value.startswith("Module 1:") for s in app.subheader)
    downloads = app.get("download_button")
    assert len(downloads) == 4


def test_review_page_is_read_only_without_sign_in(app: AppTest) -> None:
    app.switch_page("app_pages/review.py").run()
    assert not app.exception
    assert any("Read-only" in str(i.value) for i in app.info)
    assert not [b for b in app.button if b.key and b.key.startswith("approve-")]


def test_a_thai_reviewer_signs_in_and_approves(app: AppTest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADVISOR_REVIEWER_KEY", "somchai@TH=kheuang-mue-dee;sari@ID=kopi-tubruk-pagi")
    app.switch_page("app_pages/review.py").run()
    app.text_input[0].input("somchai")
    app.text_input[1].input("kheuang-mue-dee")
    app.button[0].click().run()  # the form's submit button
    assert not app.exception
    assert any("somchai" in str(s.value) for s in app.success)
    app.button(key="approve-0").click().run()
    from advisor.review.store import ReviewStore

    history = ReviewStore.in_data_dir(tmp_path / "data").history("TH")
    assert [(a.reviewer, a.action) for a in history] == [("somchai", "approve")]


def test_a_reviewer_for_indonesia_cannot_change_thai_reviews(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_REVIEWER_KEY", "somchai@TH=kheuang-mue-dee;sari@ID=kopi-tubruk-pagi")
    app.switch_page("app_pages/review.py").run()
    app.text_input[0].input("sari")
    app.text_input[1].input("kopi-tubruk-pagi")
    app.button[0].click().run()
    assert not app.exception
    assert any("this country is read-only for you" in str(w.value) for w in app.warning)
    assert not [b for b in app.button if b.key and b.key.startswith("approve-")]
