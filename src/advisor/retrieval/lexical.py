"""BM25 over chunk texts (bm25s), with the script-aware tokenizer and English stemming.

bm25s builds and saves the index. Serving reads the saved arrays directly: bm25s stores, for
each term, the precomputed BM25 score of every document containing it (a CSC matrix), so a
query's scores are a sum of a few slices. Importing bm25s pulls in scipy and cost more than a
third of a second of every cold start; the arrays load in milliseconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from advisor.language import ENGLISH_STOPWORDS, tokenize


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def lexical_tokens(text: str) -> list[str]:
    """Tokens for BM25: script-aware, English stop words dropped, Latin words stemmed."""
    stem = _stemmer().stemWord
    tokens = []
    for token in tokenize(text):
        if token in ENGLISH_STOPWORDS:
            continue
        tokens.append(stem(token) if token.isascii() else token)
    return tokens


class LexicalIndex:
    """A BM25 index over a list of texts, addressed by position."""

    def __init__(self, retriever: object) -> None:
        """Wrap a built ``bm25s.BM25`` retriever; use :meth:`build` or :meth:`load`."""
        self._retriever = retriever

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        """Index ``texts`` (tokenised with :func:`lexical_tokens`)."""
        import bm25s

        retriever = bm25s.BM25()
        retriever.index([lexical_tokens(t) or [""] for t in texts], show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        """Write the index files into ``folder``."""
        self._retriever.save(str(folder), show_progress=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by :meth:`save` (its arrays directly, when bm25s is not needed)."""
        arrays = SavedBM25.open(folder)
        if arrays is not None:
            return cls(arrays)
        import bm25s

        return cls(bm25s.BM25.load(str(folder), show_progress=False))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed text for ``query`` (zeros when nothing matches)."""
        tokens = lexical_tokens(query)
        vocab = self._retriever.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    @property
    def size(self) -> int:
        """Number of indexed texts."""
        return int(self._retriever.scores["num_docs"])  # type: ignore[attr-defined]


class SavedBM25:
    """The score arrays of a saved bm25s index, scored without importing bm25s.

    Exposes the three members :class:`LexicalIndex` uses (``vocab_dict``, ``scores``,
    ``get_scores``), computed as bm25s computes them for its eager methods.
    """

    # Variants whose saved scores are complete; BM25L and BM25+ add a non-occurrence term.
    EAGER_METHODS = frozenset({"lucene", "robertson", "atire"})

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, vocab: dict[str, int], num_docs: int):
        """Wrap loaded arrays; use :meth:`open`."""
        self.data, self.indices, self.indptr = data, indices, indptr
        self.vocab_dict = vocab
        self.scores = {"num_docs": num_docs}

    @classmethod
    def open(cls, folder: Path) -> SavedBM25 | None:
        """Load the arrays of ``folder``, or ``None`` when its layout needs bm25s itself."""
        try:
            params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
            if params.get("method") not in cls.EAGER_METHODS or (folder / "nonoccurrence_array.index.npy").exists():
                return None
            vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
            data = np.load(folder / "data.csc.index.npy", allow_pickle=False)
            indices = np.load(folder / "indices.csc.index.npy", allow_pickle=False)
            indptr = np.load(folder / "indptr.csc.index.npy", allow_pickle=False)
        except (OSError, ValueError):
            return None  # let bm25s read it and report what is wrong
        return cls(data, indices, indptr, vocab, int(params["num_docs"]))

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """The BM25 score of every document for ``tokens`` (each occurrence counts, as in bm25s)."""
        scores = np.zeros(self.scores["num_docs"], dtype=np.float32)
        for token in tokens:
            term = self.vocab_dict.get(token)
            if term is None:
                continue
            start, end = int(self.indptr[term]), int(self.indptr[term + 1])
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        return scores
