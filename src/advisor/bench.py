"""``advisor bench``: latency and throughput figures, measured in one run on one machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, Any

import numpy as np

from advisor.config import Settings
from advisor.evaluation import default_gold_path, load_gold
from advisor.retrieval.chunking import Chunk
from advisor.retrieval.lexical import LexicalIndex
from advisor.retrieval.store import LoadedIndex

_COLD_START = """
import json, resource, sys, time
t0 = time.perf_counter()
from advisor import Advisor
t1 = time.perf_counter()
advisor = Advisor.load()
t2 = time.perf_counter()
advisor.ask("What should I learn to use data in policy making?", role="policy-maker", country="TH")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_answer_s": t3 - t2,
                  "cold_start_to_first_answer_s": t3 - t0,
                  "torch_imported": float("torch" in sys.modules),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``samples``."""
    return float(np.percentile(np.asarray(samples), q))


def _timed(function: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure_latency(advisor: Any, questions: list[tuple[str, str, str]], repeats: int) -> dict[str, float]:
    """Bare query encoding (the floor) and end-to-end ``ask``, interleaved on the same questions."""
    encoder = advisor.retriever.encoder
    for question, role, country in questions[:5]:  # warm up caches and lazy imports
        advisor.ask(question, role, country)
    encode, ask = [], []
    for n in range(repeats):
        question, role, country = questions[n % len(questions)]
        encode += _timed(partial(encoder.encode_query, question), 1)
        ask += _timed(partial(advisor.ask, question, role, country), 1)
    p50_encode, p50_ask, p95_ask = percentile(encode, 50), percentile(ask, 50), percentile(ask, 95)
    return {
        "encode_p50_ms": round(p50_encode, 2),
        "encode_p95_ms": round(percentile(encode, 95), 2),
        "ask_p50_ms": round(p50_ask, 2),
        "ask_p95_ms": round(p95_ask, 2),
        "ask_p50_over_encode": round(p50_ask / p50_encode, 2),
        "ask_p95_over_encode": round(p95_ask / p50_encode, 2),
    }


def measure_build(advisor: Any) -> dict[str, float]:
    """A full index build (chunk, embed, write, swap) into a scratch folder, then a cached rebuild.

    The first build starts with an empty embedding cache; the second finds every chunk in it,
    as a rebuild after a one-fact correction would find all but one.
    """
    from advisor.retrieval.store import build_index

    with tempfile.TemporaryDirectory() as scratch:
        previous = os.environ.get("ADVISOR_EMBEDDING_CACHE")
        os.environ["ADVISOR_EMBEDDING_CACHE"] = str(Path(scratch) / "cache.sqlite3")
        try:
            start = time.perf_counter()
            manifest = build_index(advisor.knowledge, advisor.retriever.encoder, Path(scratch) / "full")
            full = time.perf_counter() - start
            start = time.perf_counter()
            build_index(advisor.knowledge, advisor.retriever.encoder, Path(scratch) / "cached")
            cached = time.perf_counter() - start
        finally:
            if previous is None:
                os.environ.pop("ADVISOR_EMBEDDING_CACHE", None)
            else:
                os.environ["ADVISOR_EMBEDDING_CACHE"] = previous
        return {"build_s": round(full, 2), "rebuild_cached_s": round(cached, 2), "chunks": manifest["chunks"]}


def measure_cold_start() -> dict[str, float]:
    """Import, load and first answer in a fresh interpreter, with its peak memory."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", _COLD_START], capture_output=True, text=True, env=env, check=True, timeout=600
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {key: round(value, 2) for key, value in figures.items()}


def synthetic_index(advisor: Any, size: int, seed: int = 7) -> LoadedIndex:
    """An index of ``size`` chunks: the real ones plus random vectors and texts in the same vocabulary."""
    import faiss

    real = advisor.retriever.index
    rng = np.random.default_rng(seed)
    vocabulary = sorted({w for c in real.chunks for w in c.lexical.split() if w.isalpha()})
    extra = size - len(real.chunks)
    chunks = list(real.chunks)
    for n in range(extra):
        template = real.chunks[n % len(real.chunks)]
        words = " ".join(rng.choice(vocabulary, size=40))
        chunks.append(
            Chunk(
                f"synthetic:{n}",
                template.kind,
                template.ref,
                words,
                words,
                template.competencies,
                template.country,
            )
        )
    base = np.asarray(real.vectors.reconstruct_n(0, real.vectors.ntotal), dtype=np.float32)
    noise = rng.standard_normal((extra, base.shape[1])).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    vectors = faiss.IndexFlatIP(base.shape[1])
    vectors.add(np.vstack([base, noise]))
    lexical = LexicalIndex.build([c.lexical for c in chunks])
    return LoadedIndex(vectors, lexical, chunks, dict(real.manifest))


def measure_scale(advisor: Any, questions: list[tuple[str, str, str]], sizes: list[int]) -> dict[str, Any]:
    """The same hybrid search over synthetic indexes of the given sizes (encoding included)."""
    from advisor.retrieval.search import Retriever

    figures: dict[str, Any] = {}
    for size in sizes:
        retriever = Retriever(advisor.knowledge, synthetic_index(advisor, size), advisor.retriever.encoder)
        retriever.retrieve(questions[0][0])
        samples = [
            sample
            for question, role, _ in questions[:40]
            for sample in _timed(partial(retriever.retrieve, question, role=role), 1)
        ]
        figures[f"search_{size // 1000}k_p50_ms"] = round(percentile(samples, 50), 2)
        figures[f"search_{size // 1000}k_p95_ms"] = round(percentile(samples, 95), 2)
    return figures


def run_bench(repeats: int, quick: bool, as_json: bool, out: IO[str]) -> int:
    """Run every measurement and print the figures."""
    from advisor.api import Advisor

    settings = Settings.from_env()
    advisor = Advisor.load(settings=settings)
    cases = [c for c in load_gold(default_gold_path()) if c.relevant]
    questions = [(c.question, c.role, c.country) for c in cases]
    figures: dict[str, Any] = {
        "machine": f"{os.cpu_count()} cores",
        "python": sys.version.split()[0],
        "embedder": advisor.retriever.encoder.name,
    }
    out.write("Measuring latency...\n")
    figures |= measure_latency(advisor, questions, repeats)
    out.write("Measuring index build...\n")
    figures |= measure_build(advisor)
    out.write("Measuring cold start...\n")
    figures |= measure_cold_start()
    out.write("Measuring search at scale...\n")
    figures |= measure_scale(advisor, questions, [10_000] if quick else [10_000, 100_000])
    if as_json:
        out.write(json.dumps(figures, indent=2) + "\n")
    else:
        width = max(len(k) for k in figures)
        out.write("\n".join(f"{key:<{width}}  {value}" for key, value in figures.items()) + "\n")
    return 0
