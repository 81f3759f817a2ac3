"""Server-side timing (ADVISOR_TIMING_LOG) and the arguments of ``advisor bench --load``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from advisor.load_bench import parse_levels
from advisor.timing import read_timings, record_run
from conftest import ROOT


class _FakeRerunError(Exception):
    """Stands for Streamlit's rerun exception, which ends most runs that answer."""


def test_each_run_appends_one_well_formed_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "timing.jsonl"
    monkeypatch.setenv("ADVISOR_TIMING_LOG", str(log))
    with record_run("about"):
        pass
    with pytest.raises(_FakeRerunError), record_run("ask", answered=lambda: True):
        raise _FakeRerunError

    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(line["page"], line["answered"]) for line in lines] == [("about", False), ("ask", True)]
    for line in lines:
        assert set(line) == {"page", "seconds", "at", "answered"}
        assert isinstance(line["seconds"], float)
        assert 0 <= line["seconds"] < 5
        assert datetime.fromisoformat(line["at"]).tzinfo is not None


def test_nothing_is_written_when_the_variable_is_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADVISOR_TIMING_LOG", raising=False)
    flag = {"answered_this_run": True}
    with record_run("ask", answered=lambda: flag.pop("answered_this_run", False)):
        pass
    assert flag == {}  # the per-run flag is still cleared
    assert list(tmp_path.iterdir()) == []


def test_lines_from_many_threads_stay_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "timing.jsonl"
    monkeypatch.setenv("ADVISOR_TIMING_LOG", str(log))

    def session(n: int) -> None:
        for _ in range(50):
            with record_run(f"page-{n}", answered=lambda: n % 2 == 0):
                pass

    threads = [threading.Thread(target=session, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(log.read_text(encoding="utf-8").splitlines()) == 400
    assert len(read_timings(log)) == 400


def test_parse_levels_accepts_a_comma_list() -> None:
    assert parse_levels("1,5,20") == [1, 5, 20]
    assert parse_levels(" 3 ") == [3]


@pytest.mark.parametrize("value", ["0", "x", "1,,5", "-2", "101"])
def test_bench_load_rejects_a_bad_value_with_exit_2(value: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "bench", "--load", value],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
        check=False,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--load" in result.stderr
    assert "whole numbers from 1 to 100" in result.stderr
    assert result.stdout == ""
