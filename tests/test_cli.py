"""The command line: exit codes, one-line errors, JSON output and batches (shared/spec/interfaces.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def run(
    args: list[str], env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        input=stdin,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def index_env(real_advisor) -> dict[str, str]:
    """Point the CLI at the session's fresh index so that it never rebuilds."""
    return {"ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "data", "--role", "astronaut", "--country", "TH"], "unknown role 'astronaut'; accepted:"),
        (["ask", "data", "--role", "executive", "--country", "FR"], "unknown country 'FR'; accepted:"),
        (["ask", "", "--role", "executive", "--country", "TH"], "ask needs a question"),
        (["ask", "   ", "--role", "executive", "--country", "TH"], "the question is empty"),
        (["ask", "x" * 2001, "--role", "executive", "--country", "TH"], "at most 2000"),
        (["ask", "data", "--role", "executive", "--country", "TH", "--level", "5"], "'5' is not a level"),
        (["ask", "data", "--role", "executive", "--country", "TH", "--lang", "xx"], "unknown language 'xx'"),
        (["ask", "data", "--country", "TH"], "ask needs --role"),
        (["ask", "--batch", "/nonexistent/questions.jsonl"], "cannot read batch file"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    result = run(args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_help_is_fast_and_lists_commands() -> None:
    result = run(["--help"])
    assert result.returncode == 0
    for command in ("ask", "index", "validate", "eval", "bench"):
        assert command in result.stdout


@pytest.mark.slow
def test_ask_json_prints_the_answer_object(index_env: dict[str, str]) -> None:
    result = run(["ask", "open data portal", "--role", "digital-unit", "--country", "PH", "--json"], env=index_env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["query"]["country"] == "PH"
    assert answer["competencies"][0]["id"] == "DG5"
    assert all(f["country"] in {"PH", "ASEAN"} for f in answer["country_context"])


@pytest.mark.slow
def test_batch_answers_every_line_in_order_and_reports_bad_lines(index_env: dict[str, str], tmp_path: Path) -> None:
    lines = [
        json.dumps({"question": "procurement of AI", "role": "procurement", "country": "VN"}),
        "{not json",
        json.dumps({"question": "data", "role": "nobody", "country": "VN"}),
        "",
        json.dumps(
            {
                "question": "Bagaimana melindungi data pribadi warga?",
                "role": "regulator",
                "country": "ID",
                "lang": "id",
            }
        ),
    ]
    result = run(["ask", "--batch", "-"], env=index_env, stdin="\n".join(lines))
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == 4
    assert outputs[0]["competencies"][0]["id"] == "ME2"
    assert "not valid JSON" in outputs[1]["error"]
    assert "unknown role 'nobody'" in outputs[2]["error"]
    assert outputs[3]["query"]["language"] == "id"
    assert "DG4" in [c["id"] for c in outputs[3]["competencies"][:3]]


@pytest.mark.slow
def test_index_status_reports_fresh(index_env: dict[str, str]) -> None:
    result = run(["index", "status", "--json"], env=index_env)
    assert result.returncode == 0, result.stdout
    status = json.loads(result.stdout)
    assert status["fresh"] is True
    assert status["chunks"] > 300
