"""The chat around the answers: export, copy, stored turns and follow-ups (issue #10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from advisor.answers.export import ChatTurn, answer_text, chat_markdown, plain_text
from advisor.chat import ask_in_chat, load_chat
from advisor.stores.chat import ChatHistory, new_session_id

pytestmark = pytest.mark.slow


def _links(markdown: str) -> set[str]:
    tokens = MarkdownIt().parse(markdown)
    return {
        child.attrs["href"]
        for token in tokens
        if token.children
        for child in token.children
        if child.type == "link_open"
    }


def test_the_chat_export_is_markdown_with_every_source(real_advisor, tmp_path: Path) -> None:
    history = ChatHistory.in_data_dir(tmp_path)
    session = new_session_id()
    first = ask_in_chat(real_advisor, history, session, "open data portal", "policy-maker", "TH", None, "en")
    second = ask_in_chat(real_advisor, history, session, "and for executives?", "policy-maker", "TH", None, "en", first)
    document = chat_markdown([ChatTurn(i.text, i.answer) for i in (first, second)], "en", "Chat")
    links = _links(document)
    for item in (first, second):
        for _, _, url in item.answer.citations():
            assert url in links  # every source is a working link in the export
    assert "## open data portal" in document
    assert "| policy maker | senior executive |" in document  # the follow-up's comparison


def test_stored_turns_come_back_in_order_after_a_reload(real_advisor, tmp_path: Path) -> None:
    history = ChatHistory.in_data_dir(tmp_path)
    session = new_session_id()
    first = ask_in_chat(real_advisor, history, session, "open data portal", "policy-maker", "TH", None, "en")
    ask_in_chat(real_advisor, history, session, "what about Viet Nam?", "policy-maker", "TH", None, "en", first)
    restored = load_chat(ChatHistory.in_data_dir(tmp_path), session)
    assert [i.text for i in restored] == ["open data portal", "what about Viet Nam?"]
    assert restored[0].answer.summary == first.answer.summary
    assert restored[1].answer.query.country == "VN"
    assert "Viet Nam" in restored[1].answer.comparison
    assert load_chat(ChatHistory.in_data_dir(tmp_path), new_session_id()) == []


def test_the_copy_text_is_plain_and_lists_its_sources(real_advisor) -> None:
    answer = real_advisor.ask("How can I use data to design better policies?", role="policy-maker", country="TH")
    text = answer_text(answer, "en")
    assert "**" not in text
    assert "](" not in text
    assert "[A1]" in text
    for _, _, url in answer.citations():
        assert url in text


def test_plain_text_keeps_link_labels_and_drops_escapes() -> None:
    assert plain_text("Do **this** [\\[A1\\]](https://example.org/x)") == "Do this [A1]"
