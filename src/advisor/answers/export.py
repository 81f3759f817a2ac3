"""An answer as plain text (the copy button) and a whole chat as Markdown (the export)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor import i18n
from advisor.answer import Answer
from advisor.safe_text import escape_markdown, markdown_link

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((https?://[^)\s]+)\)")
_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class ChatTurn:
    """One exchange of a chat: what the user typed and the answer they got."""

    text: str
    answer: Answer


def plain_text(markdown: str) -> str:
    """Markdown made readable as plain text: links keep their label, markup and escapes go."""
    text = _LINK.sub(lambda m: m.group(1), markdown)
    text = re.sub(r"\*\*|__|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)", "", text)
    return _ESCAPE.sub(r"\1", text)


def answer_text(answer: Answer, lang: str) -> str:
    """The answer as plain text for the clipboard: the reply, then its sources with their URLs."""
    body = answer.comparison or answer.summary or answer.answer
    lines = [plain_text(body).strip(), "", i18n.text(lang, "answer.sources_heading") + ":"]
    lines += [f"[{key}] {title}: {url}" for key, title, url in answer.citations()]
    return "\n".join(lines).strip() + "\n"


def chat_markdown(turns: Sequence[ChatTurn], lang: str, title: str) -> str:
    """The whole chat as one Markdown document: each question, its reply and every source."""
    lines = [f"# {escape_markdown(title)}", ""]
    for turn in turns:
        lines += [f"## {escape_markdown(turn.text)}", ""]
        answer = turn.answer
        if answer.out_of_scope:
            lines += [answer.answer, ""]
            continue
        if answer.comparison:
            lines += [answer.comparison, ""]
        lines += [answer.summary or answer.answer, ""]
        citations = answer.citations()
        if citations:
            lines += [f"**{i18n.text(lang, 'answer.sources_heading')}**", ""]
            lines += [f"- \\[{key}\\] {markdown_link(title, url)}" for key, title, url in citations]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
