"""Sentence embeddings from the offline all-MiniLM-L6-v2 model, imported lazily."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384

ProgressCallback = Callable[[int, int], None]
"""Called with (texts done, texts in all) while a batch job runs."""


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors."""

    name: str
    dimensions: int

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, progress: ProgressCallback | None = None
    ) -> np.ndarray:
        """Embed ``texts``; returns an array of shape (len(texts), dimensions)."""
        ...

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query; returns an array of shape (1, dimensions)."""
        ...


class SentenceEncoder:
    """The real model. The ~7 s import of sentence-transformers happens on first use only."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, model_path: Path) -> None:
        """Remember where the model lives; nothing is loaded yet."""
        self.model_path = model_path
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Never reach for a model hub: the weights are on disk.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                transformers_logging.set_verbosity_error()
                transformers_logging.disable_progress_bar()  # no "Loading weights" bar on stderr
                self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def warm_up(self) -> None:
        """Load the model now (the app does this once per server process)."""
        self.encode(["warm up"])

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, progress: ProgressCallback | None = None
    ) -> np.ndarray:
        """Embed ``texts`` in batches, reporting progress after each batch."""
        model = self._load()
        parts = []
        for start in range(0, len(texts), batch_size):
            batch = list(texts[start : start + batch_size])
            parts.append(model.encode(batch, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False))
            if progress:
                progress(min(start + batch_size, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query; the hot path of every answer."""
        model = self._load()
        vector = model.encode([text], normalize_embeddings=True, show_progress_bar=False)
        return np.ascontiguousarray(vector, dtype=np.float32)
