"""The command line: exit codes, one-line errors, JSON output and batches (shared/spec/interfaces.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NARROW_REFUSAL, ROOT


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
def test_ask_prints_the_nearest_situations_under_a_narrow_refusal(index_env: dict[str, str]) -> None:
    result = run(["ask", NARROW_REFUSAL, "--role", "it-specialist", "--country", "MY", "--lang", "ms"], env=index_env)
    assert result.returncode == 0, result.stderr
    refusal, offer = result.stdout.strip().split("\n\n")
    assert refusal.startswith("Saya")  # the refusal in Malay, then the offer
    prompt, *situations = offer.splitlines()
    assert prompt.startswith("Jika soalan anda berkaitan kerja")
    assert 2 <= len(situations) <= 3
    assert all(line.startswith("- ") for line in situations)


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


# --- hostile input (issue 16): bad input is exit 2 and one line, never "internal error" ----


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    stderr = result.stderr if isinstance(result.stderr, str) else result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "internal error" not in stderr
    assert "Traceback" not in stderr
    return stderr


def test_an_argument_that_is_not_utf8_is_bad_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", b"data \xff\xfe policy", "--role", "executive", "--country", "TH"],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert "argument 2 is not valid UTF-8" in _one_line_error(result)


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        (
            {"ADVISOR_MODEL_PATH": "/nonexistent/model"},
            ["ask", "data", "--role", "executive", "--country", "TH"],
            "ADVISOR_MODEL_PATH",
        ),
        ({"ADVISOR_DATA_DIR": "{file}/data"}, ["feedback", "export"], "ADVISOR_DATA_DIR"),
        ({"ADVISOR_DATA_DIR": "{file}"}, ["review", "export", "--country", "TH"], "ADVISOR_DATA_DIR"),
        ({"ADVISOR_INDEX_DIR": "{file}/index"}, ["index", "build"], "ADVISOR_INDEX_DIR"),
    ],
)
def test_an_unusable_folder_in_the_environment_is_bad_input(
    tmp_path: Path, env: dict[str, str], args: list[str], message: str
) -> None:
    regular_file = tmp_path / "a-file"
    regular_file.write_text("not a folder")
    result = run(args, env={key: value.format(file=regular_file) for key, value in env.items()})
    assert message in _one_line_error(result)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"DG1: 2\nDG2: \xff\xfe\n", "is not UTF-8 text"),
        (b"DG1: " + b"[" * 3000 + b"]" * 3000, "nested more than 50 levels deep"),
        (b"DG1: [unclosed\n", "not valid YAML"),
    ],
)
def test_an_unreadable_self_assessment_is_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "cohort.yaml"
    path.write_bytes(content)
    result = run(["curriculum", "--role", "hr-learning", "--country", "TH", "--self-assessment", str(path)])
    assert message in _one_line_error(result)


def test_a_gold_set_that_is_not_utf8_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "gold.yaml"
    path.write_bytes(b"cases:\n- question: \xff\n")
    assert "is not UTF-8 text" in _one_line_error(run(["eval", "--gold", str(path)]))


@pytest.mark.slow
@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}],
    ids=["pythonioencoding-ascii", "c-locale"],
)
def test_a_stdout_that_is_not_utf8_never_crashes(index_env: dict[str, str], env: dict[str, str]) -> None:
    question = "จะใช้ข้อมูลในการกำหนดนโยบายได้อย่างไร"
    args = ["ask", question, "--role", "policy-maker", "--country", "TH"]
    text = run(args, env={**index_env, **env})
    assert text.returncode == 0, text.stderr
    assert "Traceback" not in text.stderr
    as_json = run([*args, "--json"], env={**index_env, **env})
    assert as_json.returncode == 0, as_json.stderr
    assert as_json.stdout.isascii()  # escaped, so still lossless JSON
    assert json.loads(as_json.stdout)["query"]["question"] == question


@pytest.mark.slow
def test_batch_lines_of_the_wrong_type_get_their_own_error_and_the_batch_goes_on(index_env: dict[str, str]) -> None:
    good = json.dumps({"question": "open data portal", "role": "digital-unit", "country": "PH"})
    lines = [
        json.dumps({"question": 5, "role": "executive", "country": "TH"}).encode(),
        json.dumps({"question": "data", "role": ["executive"], "country": "TH"}).encode(),
        json.dumps({"question": "data", "role": "executive", "country": {"code": "TH"}}).encode(),
        json.dumps({"question": "data", "role": "executive", "country": "TH", "level": "2"}).encode(),
        json.dumps({"question": "data", "role": "executive", "country": "TH", "top_k": None}).encode(),
        json.dumps({"question": "\ud800", "role": "executive", "country": "TH"}).encode(),
        b"[1, 2, 3]",
        b'"just a string"',
        b"{not json",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"question": "data \xff", "role": "executive", "country": "TH"}',
        good.encode(),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "--batch", "-"],
        input=b"\n".join(lines),
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **index_env},
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(outputs) == len(lines)
    assert all(set(output) == {"error"} for output in outputs[:-1]), outputs[:-1]
    assert "the question must be text" in outputs[0]["error"]
    assert "unknown role ['executive']" in outputs[1]["error"]
    assert "the question is empty" in outputs[5]["error"]
    assert "not UTF-8" in outputs[10]["error"]
    assert outputs[-1]["competencies"][0]["id"] == "DG5"
