"""Index build, freshness, atomic swap, and automatic rebuild of a stale index."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor import Advisor
from advisor.config import Settings
from advisor.errors import IndexUnavailableError
from advisor.knowledge import load_knowledge
from advisor.retrieval import store
from advisor.retrieval.store import build_index, index_status, load_index
from conftest import KNOWLEDGE


@pytest.fixture
def built(tmp_path: Path, fake_encoder, shipped_knowledge) -> Path:
    index_dir = tmp_path / "index"
    build_index(shipped_knowledge, fake_encoder, index_dir)
    return index_dir


def test_build_writes_manifest_and_is_fresh(built: Path, shipped_knowledge, fake_encoder) -> None:
    status = index_status(built, shipped_knowledge.version, fake_encoder.name)
    assert status.fresh
    assert status.reason == "up to date"
    manifest = status.manifest
    assert manifest["model"] == fake_encoder.name
    assert manifest["dimensions"] == fake_encoder.dimensions
    assert manifest["knowledge_version"] == shipped_knowledge.version
    assert manifest["counts"]["competency"] == 24
    assert manifest["counts"]["level"] == 96
    loaded = load_index(built)
    assert loaded.vectors.ntotal == len(loaded.chunks) == manifest["chunks"]


def test_changed_knowledge_makes_the_index_stale(built: Path, knowledge_copy: Path, fake_encoder) -> None:
    path = knowledge_copy / "countries" / "TH.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    changed = load_knowledge(knowledge_copy)
    status = index_status(built, changed.version, fake_encoder.name)
    assert not status.fresh
    assert status.reason == "the knowledge has changed"


def test_a_build_that_dies_half_way_leaves_the_previous_index(
    built: Path, shipped_knowledge, fake_encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store.read_manifest(built)

    def crash(_texts: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(store.LexicalIndex, "build", crash)
    with pytest.raises(RuntimeError):
        build_index(shipped_knowledge, fake_encoder, built)
    assert store.read_manifest(built) == before
    assert load_index(built).vectors.ntotal == before["chunks"]
    assert not [p for p in (built / "builds").iterdir() if p.name.startswith(".staging-")]


def test_load_rebuilds_a_stale_index(tmp_path: Path, fake_encoder) -> None:
    settings = Settings(knowledge_dir=KNOWLEDGE, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    advisor = Advisor.load(settings=settings, encoder=fake_encoder)
    assert advisor.retriever.index.manifest["knowledge_version"] == advisor.knowledge_version


def test_load_refuses_a_stale_index_when_rebuilds_are_off(tmp_path: Path, fake_encoder) -> None:
    settings = Settings(
        knowledge_dir=KNOWLEDGE, index_dir=tmp_path / "index", data_dir=tmp_path / "data", auto_build=False
    )
    with pytest.raises(IndexUnavailableError, match="advisor index build"):
        Advisor.load(settings=settings, encoder=fake_encoder)


def test_a_corrupt_index_is_reported_not_crashed(built: Path) -> None:
    (store.current_dir(built) / "chunks.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexUnavailableError, match="unreadable"):
        load_index(built)


# --- leftovers of killed builds (issue 16, item 9) ----------------------------------------

_KILLED_BUILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from conftest import FakeEncoder
from advisor.knowledge import load_knowledge
from advisor.retrieval import store

def stall(*args, **kwargs):
    print("staging", flush=True)
    time.sleep(120)

store.LexicalIndex.build = stall  # stop half way, with the staging folder written and held
store.build_index(load_knowledge(Path({knowledge!r})), FakeEncoder(), Path({index!r}))
"""


def test_a_build_removes_the_staging_folder_of_a_killed_build(tmp_path: Path, fake_encoder, shipped_knowledge) -> None:
    index_dir = tmp_path / "index"
    script = _KILLED_BUILD.format(tests=str(Path(__file__).parent), knowledge=str(KNOWLEDGE), index=str(index_dir))
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert build.stdout is not None
        assert build.stdout.readline().strip() == "staging"
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.wait(timeout=30)
    left = list((index_dir / "builds").glob(".staging-*"))
    assert len(left) == 1  # what a kill -9 leaves

    build_index(shipped_knowledge, fake_encoder, index_dir)

    assert list((index_dir / "builds").glob(".staging-*")) == []
    assert index_status(index_dir, shipped_knowledge.version, fake_encoder.name).fresh


def test_stale_leftovers_go_and_a_running_build_is_left_alone(tmp_path: Path, fake_encoder, shipped_knowledge) -> None:
    index_dir = tmp_path / "index"
    hour_ago = time.time() - 3600
    killed = index_dir / "builds" / ".staging-killed"  # holder file present, nobody holds it
    killed.mkdir(parents=True)
    (killed / store.HOLDER).touch()
    (killed / "vectors.faiss").write_bytes(b"half")
    old_layout = index_dir / ".build-20240101"  # no holder file: stale once old enough
    old_layout.mkdir()
    os.utime(old_layout, (hour_ago, hour_ago))
    recent = index_dir / ".staging-just-made"  # no holder yet: may be a build taking its lock
    recent.mkdir()
    stray_link = index_dir / ".current-999999"
    stray_link.symlink_to("builds/nowhere")
    os.utime(stray_link, (hour_ago, hour_ago), follow_symlinks=False)
    running = index_dir / "builds" / ".staging-running"
    running.mkdir()
    with open(running / store.HOLDER, "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        build_index(shipped_knowledge, fake_encoder, index_dir)
        assert running.is_dir()
    assert not killed.exists()
    assert not old_layout.exists()
    assert not stray_link.is_symlink()
    assert recent.is_dir()
    assert index_status(index_dir, shipped_knowledge.version, fake_encoder.name).fresh
    assert not (store.current_dir(index_dir) / store.HOLDER).exists()  # the finished build has no holder file
