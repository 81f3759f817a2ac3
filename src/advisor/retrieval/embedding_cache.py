"""Embeddings cached by model and text hash, so a rebuild re-embeds only the chunks that changed.

A one-fact correction then costs one embedding instead of a full rebuild. The cache is a
SQLite file (``index/embeddings.sqlite3`` by default, ``ADVISOR_EMBEDDING_CACHE`` to move it);
a lost or corrupt cache only costs time, never correctness.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from advisor.embedding import Encoder, ProgressCallback

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    digest TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, digest)
)
"""


def text_digest(text: str) -> str:
    """The cache key of one text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class EmbeddingCache:
    """Vectors of texts already embedded, per model."""

    def __init__(self, path: Path) -> None:
        """Use (and create if needed) the cache file at ``path``."""
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        db.execute(_SCHEMA)
        return db

    def encode(
        self, encoder: Encoder, texts: Sequence[str], progress: ProgressCallback | None = None, batch_size: int = 32
    ) -> np.ndarray:
        """Vectors of ``texts``: cached ones read back, the others embedded and stored.

        An encoder made of parts (the combined one) is cached part by part, so its e5 half
        reuses what the e5 index already embedded.
        """
        parts = getattr(encoder, "parts", None)
        if parts:
            halves = [self.encode(part, texts, None, batch_size) for part in parts]
            if progress:
                progress(len(texts), len(texts))
            return np.ascontiguousarray(np.hstack(halves), dtype=np.float32)
        digests = [text_digest(t) for t in texts]
        known = self._lookup(encoder.name, set(digests))
        missing = list(dict.fromkeys(d for d in digests if d not in known))
        if missing:
            first_text = dict(zip(digests, texts, strict=True))
            done = len(texts) - len(missing)

            def report(finished: int, _total: int) -> None:
                if progress:
                    progress(done + finished, len(texts))

            fresh = encoder.encode([first_text[d] for d in missing], batch_size=batch_size, progress=report)
            known.update(zip(missing, fresh, strict=True))
            self._store(encoder.name, {d: known[d] for d in missing})
        elif progress:
            progress(len(texts), len(texts))
        if not texts:
            return np.zeros((0, encoder.dimensions), dtype=np.float32)
        return np.ascontiguousarray(np.vstack([known[d] for d in digests]), dtype=np.float32)

    def _lookup(self, model: str, digests: set[str]) -> dict[str, np.ndarray]:
        try:
            with closing(self._connect()) as db:
                rows = db.execute("SELECT digest, vector FROM vectors WHERE model = ?", (model,)).fetchall()
        except sqlite3.Error:  # an unreadable cache only costs time
            return {}
        return {d: np.frombuffer(blob, dtype=np.float32).copy() for d, blob in rows if d in digests}

    def _store(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        try:
            with closing(self._connect()) as db, db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors (model, digest, vector) VALUES (?, ?, ?)",
                    [(model, d, np.asarray(v, dtype=np.float32).tobytes()) for d, v in vectors.items()],
                )
        except sqlite3.Error:
            return
