"""Untrusted text: cleaned on the way in, shown as text in Markdown, neutralised in CSV."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from markdown_it import MarkdownIt

from advisor.safe_text import clean_text, csv_text, escape_markdown, markdown_link, neutralise_csv_cell

# A CommonMark renderer with raw HTML on and GFM tables and strikethrough: stricter than
# Streamlit's, which never renders raw HTML without unsafe_allow_html.
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

ATTACKS = [
    "![x](http://127.0.0.1:9/x.png)",
    '<img src="http://127.0.0.1:9/x.png">',
    "<img src=http://127.0.0.1:9/x.png onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[a][ref]\n\n[ref]: http://127.0.0.1:9/x.png",
    "<http://127.0.0.1:9/x.png>",
    "<script>alert(1)</script>",
    "![x][1]\n[1]: http://127.0.0.1:9/x.png",
    "**bold** _it_ ~~strike~~ `code`",
    "# heading",
    "- list item",
    "1. ordered",
    "> quote",
    "| a | b |\n|---|---|\n| ![x](http://127.0.0.1:9/x.png) | c |",
    "text\n\n![x](http://127.0.0.1:9/x.png)",
    "&lt;img src=x&gt; &#60;img&#62;",
    "\\![x](http://127.0.0.1:9/x.png)",
    ":material/home: :red[red] $x^2$",
]


def _rendered(markdown: str) -> str:
    return RENDERER.render(markdown)


@pytest.mark.parametrize("attack", ATTACKS)
def test_escaped_markdown_renders_as_the_literal_text(attack: str) -> None:
    rendered = _rendered(escape_markdown(attack))
    assert "<img" not in rendered
    assert "<a " not in rendered
    assert "<script" not in rendered
    for tag in ("<strong", "<em", "<del", "<code", "<h1", "<ul", "<ol", "<blockquote", "<table"):
        assert tag not in rendered, tag
    # What shows is the text itself, with line breaks as spaces.
    shown = RENDERER.renderInline(escape_markdown(attack))
    expected = re.sub(r"[\r\n]+", " ", attack)
    assert html.unescape(shown) == expected


def test_without_escaping_the_same_text_would_be_an_image() -> None:
    # The premise of the tests above: the renderer does turn the raw text into an image.
    assert "<img" in _rendered(ATTACKS[0])


def test_plain_text_reads_the_same_in_the_markdown_source() -> None:
    question = "What should I learn to use data in policy making? — senior executive, Thailand"
    assert escape_markdown(question) == question


def test_markdown_link_escapes_the_title_and_keeps_the_url_inside_the_link() -> None:
    rendered = _rendered(markdown_link("![x](http://127.0.0.1:9/x.png)", "https://example.org/page"))
    assert "<img" not in rendered
    assert rendered.count("<a ") == 1
    assert 'href="https://example.org/page"' in rendered
    assert "<a " not in _rendered(markdown_link("source", "https://example.org/a b"))  # not a plain URL: text
    ok = _rendered(markdown_link("Source", "https://example.org/report(2023).pdf"))
    assert 'href="https://example.org/report%282023%29.pdf"' in ok
    assert "<a " not in _rendered(markdown_link("x", "javascript:alert(1)"))


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("data \ud83d policy", "data  policy"),
        ("\ud800", ""),
        ("a\x00b", "ab"),
        ("line\nbreak\ttab", "line break tab"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("ข้อมูล\u200bนโยบาย", "ข้อมูล\u200bนโยบาย"),  # zero-width space separates Thai words
    ],
)
def test_clean_text_drops_surrogates_and_control_characters(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_clean_text_can_keep_line_breaks() -> None:
    assert clean_text("one\r\ntwo\rthree\x00", keep_newlines=True) == "one\ntwo\nthree"


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://127.0.0.1:9/?x="&A1,"click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C calc'!A0",
    ],
)
def test_formula_cells_are_neutralised_and_read_back_as_text(cell: str) -> None:
    text = csv_text(["id", "comment"], [[1, cell]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["id", "comment"], ["1", "'" + cell]]
    assert text.splitlines()[1].startswith('"1","\'')  # every cell quoted, as OWASP recommends


def test_numbers_and_ordinary_text_are_left_alone() -> None:
    assert neutralise_csv_cell(-1) == -1
    assert neutralise_csv_cell(2.5) == 2.5
    assert neutralise_csv_cell(None) == ""
    assert neutralise_csv_cell("a=b") == "a=b"
    assert neutralise_csv_cell("") == ""
