"""BM25 over chunk texts (bm25s), with the script-aware tokenizer and English stemming."""

from __future__ import annotations

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
        """Read an index written by :meth:`save`."""
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
