"""What users and reviewers type is shown as text in every page, never as Markdown or HTML.

A Markdown image in a question used to reach the browser as an image, which then fetched an
outside URL. These tests put such text everywhere a user or reviewer can, and render every
Markdown string the pages hand to Streamlit with a real Markdown renderer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from advisor.feedback import FeedbackStore
from advisor.review.access import Reviewer
from advisor.review.store import ReviewStore
from conftest import ROOT

pytestmark = pytest.mark.slow

BEACON = "http://127.0.0.1:9/beacon.png"
IMAGE = f"![x]({BEACON})"
TAG = f'<img src="{BEACON}">'
QUESTION = f"What data skills do policy makers need? {IMAGE} {TAG}"
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@pytest.fixture
def app(real_advisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ADVISOR_INDEX_DIR", str(real_advisor.settings.index_dir))
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ADVISOR_REVIEWER_KEY", raising=False)
    from advisor.webapp import feedback_store, review_store

    feedback_store.clear()  # the stores follow this test's data directory
    review_store.clear()
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    test.run()
    return test


def _markdown_shown(app: AppTest) -> Iterator[tuple[str, str]]:
    """Every string the page handed to Streamlit as Markdown, with where it was."""
    for kind in ("markdown", "caption", "title", "subheader", "success", "info", "warning", "error"):
        for element in getattr(app, kind):
            yield kind, str(element.value)
    for kind in ("button", "expander"):
        for element in getattr(app, kind):
            yield f"{kind} label", str(element.label)
    for table in app.table:
        for cell in table.value.astype(str).to_numpy().ravel():
            yield "table cell", str(cell)


def _assert_nothing_fetches(app: AppTest) -> None:
    assert not app.exception
    assert not app.image
    for kind, source in _markdown_shown(app):
        rendered = RENDERER.render(source)
        assert "<img" not in rendered, (kind, source)
        links = re.findall(r'(?:href|src)="([^"]*)"', rendered)
        assert not [link for link in links if "127.0.0.1" in link], (kind, source)


def _shows(app: AppTest, text: str) -> bool:
    """Whether ``text`` appears literally: in st.text, or as the rendered text of Markdown."""
    plain = [str(t.value) for t in app.text]
    rendered = [RENDERER.renderInline(source) for _, source in _markdown_shown(app)]
    unescaped = [html.unescape(r) for r in rendered]
    return any(text in shown for shown in plain + unescaped)


def test_a_question_with_an_image_and_a_tag_is_shown_as_text(app: AppTest) -> None:
    app.chat_input[0].set_value(QUESTION).run()
    _assert_nothing_fetches(app)
    assert _shows(app, QUESTION)


def test_a_follow_up_and_a_re_ask_show_the_earlier_question_as_text(app: AppTest) -> None:
    app.chat_input[0].set_value(QUESTION).run()
    app.chat_input[0].set_value("and for executives?").run()
    _assert_nothing_fetches(app)
    assert any(IMAGE in c.value.replace("\\", "") for c in app.caption)  # the "Understood as" line
    app.sidebar.selectbox(key="country-en").set_value("VN").run()  # offers to ask again, naming it
    assert app.button(key="reask")
    _assert_nothing_fetches(app)
    assert _shows(app, IMAGE)


def test_thumbs_down_questions_and_reviewers_words_are_text_on_the_review_page(
    app: AppTest, tmp_path: Path, real_advisor
) -> None:
    app.chat_input[0].set_value(QUESTION).run()
    app.get("feedback")[0].set_value(0).run()  # thumbs down: the question joins the review queue
    app.text_input(key="comment-text-0").set_value(f"wrong {IMAGE}")
    app.button[[b.label for b in app.button].index("Add comment")].click().run()
    assert FeedbackStore.in_data_dir(tmp_path / "data").all()[0].question == QUESTION
    store = ReviewStore.in_data_dir(tmp_path / "data")
    reviewer = Reviewer(f"somchai {TAG}", frozenset({"TH"}))
    version = real_advisor.knowledge.version
    store.record(reviewer, "TH", "feedback:1", "flag", version, text=f"see {IMAGE} {TAG}")
    store.propose(reviewer, "TH", "fact", "th-data-policy", f"new {IMAGE}", "https://example.org/a", version)

    app.switch_page("app_pages/review.py").run()

    _assert_nothing_fetches(app)
    assert any(IMAGE in e.label.replace("\\", "") for e in app.expander)  # the queue item, escaped
    assert _shows(app, f"see {IMAGE} {TAG}")  # the flag reason in the history table
    assert _shows(app, f"new {IMAGE}")  # the correction
