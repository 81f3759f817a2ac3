"""Fuzzing the API and the command line with Hypothesis, from a fixed seed.

Over a thousand generated inputs: questions with lone surrogates, NULs, control characters,
markup and every script; parameters of the wrong type; command lines of every command with
hostile values, files and batches. Whatever comes in: never a traceback, never "internal
error", only the documented exit codes, one line on stderr, each case under 10 s.

The command line runs in-process (``advisor.cli.main``) against the session's advisor, so
that a thousand cases take seconds; a handful of real subprocesses check what only a process
has: argv that is not UTF-8, and a stdout that cannot encode the answer.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from advisor import cli
from advisor.catalogue import COUNTRIES, LANGUAGES, ROLES
from advisor.errors import BadInputError
from conftest import ROOT

pytestmark = pytest.mark.slow

API_QUESTIONS = 300  # hostile questions, valid parameters: mostly answered
API_PARAMETERS = 200  # parameters of any type: mostly refused
CLI_EXAMPLES = 500
CASE_SECONDS = 10
FUZZ = settings(
    derandomize=True,  # the same inputs on every run and every machine
    database=None,
    deadline=None,  # each case is timed below, with the input in the message
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- what comes in ------------------------------------------------------------------------

WORDS = [
    "data",
    "policy",
    "AI",
    "procurement",
    "cybersecurity",
    "open data portal",
    "ข้อมูล",
    "นโยบาย",
    "ទិន្នន័យ",
    "ຂໍ້ມູນ",
    "ဒေတာ",
    "dữ liệu",
    "kebijakan",
    "pengadaan",
    "datos",
    "😀",
    "?",
    "What should I learn",
]
HOSTILE = [
    "",
    " ",
    "\x00",
    "\ud800",
    "data \ud83d policy",
    "\udcff\udcfe",
    "\x1b[2J\x1b[31m",
    "\u202eRTL\u202c",
    "e\u0301\u0301\u0301",
    "\u200b\u200c\u200d\ufeff",
    "![x](http://127.0.0.1:9/x.png)",
    '<img src="http://127.0.0.1:9/x.png">',
    '=HYPERLINK("http://127.0.0.1:9/","x")',
    "'; DROP TABLE feedback; --",
    "../../../etc/passwd",
    "%s%n%x",
    "{question}",
    "\r\n\r\n",
    "\\",
    "nan",
    "inf",
    "-1",
    "0",
    "1e309",
    "99999999999999999999",
]
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and controls included
text = st.one_of(
    st.text(ANY_CHARACTER, max_size=60),
    st.text(st.sampled_from(list("ab ข်ိ\u200b\x00\x07\x1b\n\t\r\ud800\udfff![]()<>`*_#:$&\\é😀")), max_size=120),
    st.lists(st.sampled_from(WORDS + HOSTILE), max_size=12).map(" ".join),
    st.sampled_from(HOSTILE),
    # Long questions cost seconds each in the encoder: a few, over the limit, are enough here;
    # test_questions_at_the_length_limit times the ones the encoder does see.
    st.builds(lambda n, char: char * n, st.integers(2001, 2010), st.sampled_from(["a", "ข", "😀"])),
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
    text,
)


def mostly(valid: list[Any]) -> st.SearchStrategy[Any]:
    """A valid value three times in four, anything else otherwise."""
    choice = st.sampled_from(valid)
    return st.one_of(choice, choice, choice, junk)


# --- the API ------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def warm(real_advisor) -> None:
    """Pay the one-off loads (the Thai dictionary, the language identifier) before timing cases."""
    for question in ("จะใช้ข้อมูลอย่างไร", "What should I learn about data in policy making?", "ຂໍ້ມູນ ទិន្នន័យ"):
        real_advisor.ask(question, "policy-maker", "TH")


def _answer_or_refusal(advisor: Any, *args: Any) -> str:
    """Ask; the outcome must be an answer that can be printed and stored, or a one-line refusal."""
    started = time.perf_counter()
    try:
        answer = advisor.ask(*args)
    except BadInputError as error:
        answer, message = None, str(error)
    assert time.perf_counter() - started < CASE_SECONDS
    if answer is None:
        assert message
        assert "\n" not in message
        return "refused"
    data = answer.to_dict()
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # printable and storable: no lone surrogate
    assert data["query"]["question"].strip()
    assert "\x00" not in data["query"]["question"]
    return "answered"


@settings(FUZZ, max_examples=API_QUESTIONS)
@given(
    question=text,
    role=st.sampled_from(list(ROLES)),
    country=st.sampled_from(list(COUNTRIES)),
    level=st.one_of(st.none(), st.integers(1, 4)),
    lang=st.one_of(st.none(), st.sampled_from(list(LANGUAGES))),
)
def test_any_question_is_answered_or_refused_in_one_line(
    real_advisor, question: str, role: str, country: str, level: int | None, lang: str | None
) -> None:
    event(_answer_or_refusal(real_advisor, question, role, country, level, lang, 5))


@pytest.mark.parametrize("question", ["a" * 2000, "ข" * 2000, "ข ก" * 666, "\x00" * 1990 + "data", "😀" * 2000])
def test_questions_at_the_length_limit(real_advisor, question: str) -> None:
    _answer_or_refusal(real_advisor, question, "policy-maker", "TH", None, "th", 5)


@settings(FUZZ, max_examples=API_PARAMETERS)
@given(
    question=st.one_of(text, junk),
    role=mostly(list(ROLES)),
    country=mostly(list(COUNTRIES)),
    level=st.one_of(st.none(), st.integers(1, 4), junk),
    lang=st.one_of(st.none(), st.sampled_from(list(LANGUAGES)), junk),
    top_k=st.one_of(st.integers(1, 24), junk),
)
def test_parameters_of_any_type_are_answered_or_refused_in_one_line(
    real_advisor, question: Any, role: Any, country: Any, level: Any, lang: Any, top_k: Any
) -> None:
    event(_answer_or_refusal(real_advisor, question, role, country, level, lang, top_k))


# --- the command line, in-process -----------------------------------------------------------


@dataclass
class Outcome:
    """What one run of the command line did."""

    code: int
    stdout: str
    stderr: str
    seconds: float


def run_cli(argv: list[str], stdin: bytes = b"") -> Outcome:
    """``advisor.cli.main(argv)`` with its own stdin, stdout and stderr (each with a byte buffer)."""
    streams = {
        "stdin": io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
        "stdout": io.TextIOWrapper(io.BytesIO(), encoding="utf-8"),
        "stderr": io.TextIOWrapper(io.BytesIO(), encoding="utf-8"),
    }
    saved = {name: getattr(sys, name) for name in streams}
    started = time.perf_counter()
    try:
        for name, stream in streams.items():
            setattr(sys, name, stream)
        try:
            code = cli.main(argv)
        except SystemExit as exit_:  # argparse: --help, or a usage error
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    finally:
        for name, stream in saved.items():
            setattr(sys, name, stream)
    seconds = time.perf_counter() - started
    out, err = (streams[name] for name in ("stdout", "stderr"))
    out.flush()
    err.flush()
    decoded = (stream.buffer.getvalue().decode("utf-8", "replace") for stream in (out, err))
    return Outcome(code, *decoded, seconds)


@pytest.fixture(scope="module")
def cli_sandbox(real_advisor, shipped_knowledge, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A working folder with hostile files, the session's index, and no model loading per run."""
    folder = tmp_path_factory.mktemp("fuzz")
    _write_hostile_files(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # relative output paths land here
        patch.setenv("ADVISOR_INDEX_DIR", str(real_advisor.settings.index_dir))
        patch.setenv("ADVISOR_DATA_DIR", str(folder / "data"))
        patch.setenv("ADVISOR_AUTO_BUILD", "0")
        patch.delenv("ADVISOR_DEBUG", raising=False)
        # Loading the model and the knowledge takes seconds: reuse the session's, once loaded.
        for module in ("advisor.cli.ask", "advisor.cli.review"):  # the commands that load the advisor
            patch.setattr(f"{module}.load_advisor", lambda: real_advisor)
        patch.setattr("advisor.knowledge.load_knowledge", lambda folder, *_, **__: shipped_knowledge)
        yield folder


def _write_hostile_files(folder: Path) -> None:
    files = {
        "not-utf8.yaml": b"DG1: 2\nDG2: \xff\xfe\x00\n",
        "deep.yaml": b"DG1: " + b"[" * 5000 + b"]" * 5000,
        "bad.yaml": b"DG1: [unclosed\n\t- x",
        "list.yaml": b"- DG1\n- DG2\n",
        "weird.yaml": b"DG1: 2\nXX9: 1\nDG2: [1]\nDG3: true\nDG4: 1.5\n? [a]\n: 1\n",
        "current.yaml": b"current:\n  DG1: 1\n  ME2: 3\n",
        "empty.yaml": b"",
        "gold-wrong.yaml": b"cases: 5\n",
        "gold-deep.yaml": b"cases: " + b"{a: " * 2000 + b"1" + b"}" * 2000,
        "batch.jsonl": b'{"question": 5}\n[1]\n{"question": "data", "role": "executive", "country": "TH"}\n',
        "batch-bytes.jsonl": b"\xff\xfe\n\x00\n" + b"[" * 50_000,
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    (folder / "a-folder").mkdir()
    (folder / "knowledge-deep").mkdir()
    (folder / "knowledge-deep" / "framework.yaml").write_bytes(b"a: " + b"[" * 3000)


FILES = [
    "not-utf8.yaml",
    "deep.yaml",
    "bad.yaml",
    "list.yaml",
    "weird.yaml",
    "current.yaml",
    "empty.yaml",
    "missing.yaml",
    "a-folder",
    "batch.jsonl",
    "batch-bytes.jsonl",
    "-",
]
OUTPUTS = ["out.txt", "a-folder", "missing-folder/out.txt", "not-utf8.yaml/x", "-"]
# What argv can hold: any text but NUL (execve cannot pass it).
argument = text.map(lambda value: value.replace("\x00", ""))
values = st.one_of(argument, st.sampled_from(FILES))
COMMAND_WORDS = ["ask", "curriculum", "review", "queue", "export", "feedback", "index", "status", "validate"]
COMMAND_WORDS += ["--json", "--role", "--country", "--level", "--lang", "--format", "-o", "--", "-", "--help"]


def _option(flag: str, valid: list[str]) -> st.SearchStrategy[list[str]]:
    return st.tuples(st.just(flag), st.one_of(st.sampled_from(valid), st.sampled_from(valid), values)).map(list)


ROLE, COUNTRY = _option("--role", [*ROLES, "hr-learning,regulator", ","]), _option("--country", [*COUNTRIES])
LEVEL, LANG = _option("--level", ["1", "2", "3", "4"]), _option("--lang", [*LANGUAGES])
JSON, TOP_K = st.just(["--json"]), _option("--top-k", ["1", "5", "24"])
question_argument = st.one_of(st.just([]), argument.map(lambda value: [value]))


def _with(head: list[str], required: list[st.SearchStrategy[list[str]]], optional: list[Any]) -> Any:
    """``head``, the required options (mostly valid values), then up to three optional ones."""
    return st.tuples(st.tuples(*required), st.lists(st.one_of(*optional), max_size=3)).map(
        lambda parts: head + [token for option in [*parts[0], *parts[1]] for token in option]
    )


BAD_REPEATS = ["0", "-5", "10001", "x", "1.5", "\ud800", ""]
commands = st.one_of(
    st.tuples(question_argument, _with(["ask"], [ROLE, COUNTRY], [LEVEL, LANG, JSON, TOP_K])).map(
        lambda parts: parts[1][:1] + parts[0] + parts[1][1:]  # the question right after "ask"
    ),
    _with(["ask", "--batch"], [st.sampled_from(FILES).map(lambda name: [name])], [ROLE, JSON]),
    _with(
        ["curriculum"],
        [ROLE, COUNTRY],
        [
            LEVEL,
            LANG,
            _option("--hours", ["40", "7.5", "1", "1000"]),
            _option("--format", ["md", "csv", "json", "docx"]),
            _option("-o", OUTPUTS),
            _option("--self-assessment", FILES),
        ],
    ),
    _with(["review", "export"], [COUNTRY], [_option("--format", ["md", "csv"]), _option("-o", OUTPUTS)]),
    _with(["feedback", "export"], [], [_option("-o", OUTPUTS)]),
    _with(["index", "status"], [], [JSON]),
    # A whole review queue answers every standard question: only countries it must refuse.
    st.tuples(st.sampled_from(["XX", "th", "ASEAN", "", "TH\x1b", "T H"]), st.booleans()).map(
        lambda parts: ["review", "queue", "--country", parts[0]] + (["--json"] if parts[1] else [])
    ),
    st.tuples(st.sampled_from(["missing-folder", "a-folder", "knowledge-deep", "deep.yaml"]), st.booleans()).map(
        lambda parts: ["validate", "--knowledge-dir", parts[0]] + (["--warn-stale"] if parts[1] else [])
    ),
    # The long-running commands only ever with input they must refuse before doing any work.
    st.sampled_from(BAD_REPEATS).map(lambda repeats: ["bench", "--quick", "--repeats", repeats]),
    st.sampled_from(["gold-wrong.yaml", "gold-deep.yaml", "not-utf8.yaml", "missing.yaml", "a-folder"]).map(
        lambda gold: ["eval", "--gold", gold]
    ),
    st.sampled_from([["index", "build", "--bogus"], ["index"], ["index", "build", "--force=1"]]),
    # Anything at all, as long as it cannot start a benchmark, an evaluation or a rebuild.
    st.lists(st.one_of(values, st.sampled_from(COMMAND_WORDS)), max_size=6),
    st.sampled_from([[], ["--help"], ["ask", "--help"], ["curriculum", "--help"], ["frobnicate"]]),
)
PROBLEM_ALLOWED = {"validate", "status"}  # documented exit 1: a problem found, a stale index


@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(argv=commands, stdin=st.one_of(st.just(b""), st.binary(max_size=64), st.sampled_from([b'{"question": 5}\n'])))
def test_the_command_line_exits_0_or_2_with_one_line(cli_sandbox: Path, argv: list[str], stdin: bytes) -> None:
    outcome = run_cli(argv, stdin)
    event(f"exit {outcome.code}")
    allowed = {0, 2} | ({1} if PROBLEM_ALLOWED & set(argv[:2]) else set())
    assert outcome.code in allowed, (argv, outcome)
    assert "Traceback" not in outcome.stderr + outcome.stdout, (argv, outcome)
    assert "internal error" not in outcome.stderr, (argv, outcome)
    assert len(outcome.stderr.strip().splitlines()) <= 1, (argv, outcome)
    assert outcome.seconds < CASE_SECONDS, (argv, outcome)


def test_a_bad_batch_line_never_stops_the_batch(cli_sandbox: Path) -> None:
    lines = [
        b'{"question": 5, "role": "executive", "country": "TH"}',
        b'{"question": "data", "role": ["executive"], "country": "TH"}',
        b"\xff\xfe",
        b"[" * 100_000,
        b'{"question": "data\\u0000 \\ud800policy", "role": "executive", "country": "TH"}',
        b'{"question": "open data portal", "role": "digital-unit", "country": "PH"}',
    ]
    outcome = run_cli(["ask", "--batch", "-"], b"\n".join(lines))
    assert outcome.code == 0, outcome
    outputs = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert [set(o) == {"error"} for o in outputs] == [True, True, True, True, False, False]
    assert outputs[4]["query"]["question"] == "data policy"


# --- a handful of real processes ----------------------------------------------------------


def _process(args: list[str | bytes], env: dict[str, str] | None = None, stdin: bytes = b"") -> tuple[int, str, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=120,
    )
    assert time.perf_counter() - started < 60
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "args",
    [
        [b"ask", b"\xff\xfe data", b"--role", b"executive", b"--country", b"TH"],
        [b"curriculum", b"--role", b"hr-learning\xc3", b"--country", b"TH"],
        [b"review", b"export", b"--country", b"T\xe0H"],
        [b"validate", b"--knowledge-dir", b"/tmp/\xff"],
        ["curriculum", "--role", "hr-learning", "--country", "TH", "--self-assessment", "\x1b[2J\x1b]0;pwned\x07.yaml"],
        [],
    ],
)
def test_processes_with_bad_arguments_exit_2_with_one_clean_line(args: list[str | bytes]) -> None:
    code, _, stderr = _process(args)
    assert code == 2, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "internal error" not in stderr
    assert "\x1b" not in stderr  # no terminal escape sequence reaches the terminal


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}],
    ids=["ascii", "c-locale"],
)
def test_a_batch_to_a_stdout_that_is_not_utf8(real_advisor, env: dict[str, str]) -> None:
    lines = [
        json.dumps({"question": "จะใช้ข้อมูลในการกำหนดนโยบายได้อย่างไร", "role": "policy-maker", "country": "TH"}),
        json.dumps({"question": "dữ liệu \ud800 mở", "role": "digital-unit", "country": "VN", "lang": "vi"}),
        '{"question": 5}',
    ]
    code, stdout, stderr = _process(
        ["ask", "--batch", "-"],
        env={**env, "ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir), "ADVISOR_AUTO_BUILD": "0"},
        stdin="\n".join(lines).encode("utf-8", "surrogatepass"),
    )
    assert code == 0, stderr
    outputs = [json.loads(line) for line in stdout.splitlines()]
    assert outputs[0]["query"]["question"] == "จะใช้ข้อมูลในการกำหนดนโยบายได้อย่างไร"  # escaped, not lost
    assert "error" in outputs[2]
    assert "Traceback" not in stderr
