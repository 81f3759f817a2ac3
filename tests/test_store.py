"""Index build, freshness, atomic swap, and automatic rebuild of a stale index."""

from __future__ import annotations

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
