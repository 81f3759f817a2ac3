"""Published corrections in the database: laid over the files, exported, imported, polled by replicas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor.knowledge import load_knowledge
from advisor.live import LiveAdvisor, PolledValue
from advisor.review.access import Reviewer
from advisor.review.corrections import propose_correction, publish_correction
from advisor.review.published_files import export_published, import_overrides
from advisor.review.store import ReviewStore
from advisor.review.translations import propose_translation, publish_translation
from advisor.stores.database import Database
from advisor.stores.published import PublishedStore
from conftest import KNOWLEDGE, ROOT

SOMCHAI = Reviewer("somchai", frozenset({"TH"}))
NOK = Reviewer("nok", frozenset({"TH"}))
MARKER = "Reviewed: the academy now also runs a data-for-policy track (marker 5521)."


def _publish_fact_and_translation(store: ReviewStore, knowledge_dir: Path) -> tuple[str, str]:
    """One fact correction and one translation review, published; the fact id and the new fact text."""
    knowledge = load_knowledge(knowledge_dir)
    fact = next(f for f in knowledge.countries["TH"].facts if f.kind == "training")
    proposal = propose_correction(store, knowledge, SOMCHAI, "TH", fact.id, MARKER, fact.source_url)
    store.approve(NOK, proposal, knowledge.version)
    publish_correction(store, knowledge, knowledge_dir, NOK, proposal)
    translation = propose_translation(store, knowledge, SOMCHAI, "TH", "th:role:executive:title", "ผู้บริหารสูงสุด")
    store.approve(NOK, translation, knowledge.version)
    publish_translation(store, knowledge, knowledge_dir, NOK, translation)
    return fact.id, MARKER


def test_published_rows_are_laid_over_the_files_and_exported(database: Database, knowledge_copy: Path) -> None:
    store = ReviewStore(database)
    published = PublishedStore(database)
    assert published.version() == 0
    before = load_knowledge(knowledge_copy)
    fact_id, text = _publish_fact_and_translation(store, knowledge_copy)
    changes = published.changes()
    assert [c.path for c in changes] == ["overrides/TH.yaml", "translations/th/roles.yaml"]
    assert published.version() == changes[-1].id

    now = load_knowledge(knowledge_copy, changes)
    assert now.version != before.version
    assert fact_id not in {f.id for f in now.country_facts("TH")}  # the correction replaces the fact
    assert any(f.text == text for f in now.country_facts("TH"))
    role = now.translations.role("executive", "th")
    assert role is not None
    assert (role.title, role.status, role.reviewed_by) == ("ผู้บริหารสูงสุด", "reviewed", "nok")

    # Export into another folder, then into the knowledge itself: same knowledge, same version.
    elsewhere = knowledge_copy.parent / "export"
    written = export_published(published, knowledge_copy, elsewhere)
    assert [p.relative_to(elsewhere).as_posix() for p in written] == ["overrides/TH.yaml", "translations/th/roles.yaml"]
    export_published(published, knowledge_copy, knowledge_copy)
    files_only = load_knowledge(knowledge_copy)
    assert any(f.text == text for f in files_only.country_facts("TH"))
    assert load_knowledge(knowledge_copy, changes).version == now.version  # exporting changes no version


def test_import_overrides_bootstraps_once(database: Database, knowledge_copy: Path, tmp_path: Path) -> None:
    first = Database(f"sqlite:///{tmp_path / 'first.sqlite3'}")
    _publish_fact_and_translation(ReviewStore(first), knowledge_copy)
    export_published(PublishedStore(first), knowledge_copy, knowledge_copy)  # files as an older deployment had them

    target = PublishedStore(database)
    assert import_overrides(target, knowledge_copy) == ["TH"]
    assert import_overrides(target, knowledge_copy) == []  # idempotent
    assert len(target.changes()) == 1
    imported = load_knowledge(knowledge_copy, target.changes())
    assert any(f.text == MARKER for f in imported.country_facts("TH"))


def _cli(*arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "ADVISOR_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "advisor", "review", *arguments],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_bad_input_to_export_and_import_is_one_line(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    env = {"ADVISOR_KNOWLEDGE_DIR": str(knowledge), "ADVISOR_DATA_DIR": str(tmp_path / "data")}
    (knowledge / "overrides").mkdir(exist_ok=True)
    (knowledge / "overrides" / "TH.yaml").write_text("country: TH\nfacts: [{id: x}]\n", encoding="utf-8")
    result = _cli("import-overrides", **env)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert "cannot import the overrides: knowledge/overrides/TH.yaml" in result.stderr
    (knowledge / "overrides" / "XX.yaml").write_text("country: XX\nfacts: []\n", encoding="utf-8")
    result = _cli("import-overrides", **env)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert "not a country's overrides file; accepted names" in result.stderr

    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    database = Database.sqlite(tmp_path / "data" / "advisor.sqlite3")
    PublishedStore(database).add("overrides/TH.yaml", {"country": "TH", "facts": []}, "test")
    result = _cli("export-overrides", "--dir", str(tmp_path / "a-file"), **env)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert "cannot be used as a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_published_version_is_read_at_most_once_per_interval() -> None:
    now, reads = [0.0], []

    def read() -> int:
        reads.append(now[0])
        if len(reads) == 3:
            raise ConnectionError("database down")
        return len(reads)

    version = PolledValue(read, 10, clock=lambda: now[0])
    assert version() == "1"
    now[0] = 9.0
    assert version() == "1"  # no query within the interval
    now[0] = 10.0
    assert version() == "2"
    now[0] = 20.0
    assert version() == "2"  # the database is down: the last value stays
    now[0] = 21.0
    version.expire()  # this process just published: read now, not at the next poll
    assert version() == "4"
    assert reads == [0.0, 10.0, 20.0, 21.0]


def test_the_poller_rebuilds_without_any_page_run() -> None:
    class Loaded:
        def __init__(self, version: str) -> None:
            self.knowledge = type("K", (), {"version": version})()

    key = ["v1"]
    live = LiveAdvisor(lambda previous, progress: Loaded(key[0]), lambda: key[0], poll_seconds=0.05)
    try:
        key[0] = "v2"  # a publish on another replica
        deadline = time.monotonic() + 10
        while live.current().knowledge.version != "v2":
            assert time.monotonic() < deadline, "the poller never rebuilt"
            time.sleep(0.02)
    finally:
        live.stop()
    assert live.state().state == "done"


@pytest.mark.parametrize("value", ["0", "301", "ten"])
def test_the_poll_interval_is_checked(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.config import Settings
    from advisor.errors import BadInputError

    monkeypatch.setenv("ADVISOR_VERSION_POLL_SECONDS", value)
    with pytest.raises(BadInputError, match="ADVISOR_VERSION_POLL_SECONDS"):
        Settings.from_env()


def test_while_the_database_is_down_answers_load_the_corrections_read_last(
    knowledge_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.config import Settings
    from advisor.errors import AdvisorError
    from advisor.stores.published import published_for

    data = tmp_path / "data"
    store = ReviewStore.in_data_dir(data)
    _publish_fact_and_translation(store, knowledge_copy)
    settings = Settings(knowledge_dir=knowledge_copy, index_dir=tmp_path / "index", data_dir=data)
    assert len(published_for(settings, fallback=True)) == 2  # read, and kept as the snapshot

    down = Settings(knowledge_dir=knowledge_copy, index_dir=tmp_path / "index", data_dir=data,
                    database_url=f"postgresql://advisor:x@127.0.0.1:{_closed_port()}/advisor")  # fmt: skip
    with pytest.raises(AdvisorError, match="is not available"):
        published_for(down)  # the CLI and publishing say so
    kept = published_for(down, fallback=True)
    assert [c.path for c in kept] == ["overrides/TH.yaml", "translations/th/roles.yaml"]
    assert any(f.text == MARKER for f in load_knowledge(knowledge_copy, kept).country_facts("TH"))
    elsewhere = Settings(knowledge_dir=knowledge_copy, index_dir=tmp_path / "index", data_dir=tmp_path / "other",
                         database_url=down.database_url)  # fmt: skip
    assert published_for(elsewhere, fallback=True) == []  # no snapshot yet: the files alone


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
