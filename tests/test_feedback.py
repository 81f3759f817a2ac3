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
