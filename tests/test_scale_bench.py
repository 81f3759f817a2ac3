"""The pieces of ``advisor bench --scale`` that decide its figures: sizes, vectors, recall, COPY rows."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from advisor.errors import BadInputError
from advisor.scale_bench import DIMENSIONS, _copy_binary, parse_sizes, recall_at_k, synthetic_vectors


def test_sizes_are_whole_numbers_in_range() -> None:
    assert parse_sizes("100000,1_000_000") == [100_000, 1_000_000]
    for bad in ("", "100k", "10", "-5", "3000000"):
        with pytest.raises(BadInputError, match="use whole numbers from 1000"):
            parse_sizes(bad)


def test_synthetic_vectors_are_unit_length_and_clustered() -> None:
    vectors, queries = synthetic_vectors(20_000, 20)
    assert vectors.shape == (20_000, DIMENSIONS)
    assert queries.shape == (20, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Each query's best match is far closer than a random pair: the data has topics, not noise.
    best = (queries @ vectors.T).max(axis=1)
    assert float(np.median(best)) > 0.35
    assert abs(float((vectors[:100] @ vectors[100:200].T).mean())) < 0.1


def test_recall_counts_the_true_neighbours_found() -> None:
    truth = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    assert recall_at_k(truth, truth) == 1.0
    assert recall_at_k(np.array([[4, 3, 9, 9], [0, 0, 0, 0]]), truth) == 0.25


def test_copy_rows_hold_the_ids_and_vectors_in_pgvector_binary_form() -> None:
    vectors = np.random.default_rng(1).standard_normal((3, DIMENSIONS)).astype(np.float32)
    payload = _copy_binary(vectors)
    assert payload.startswith(b"PGCOPY\n\xff\r\n\x00")
    assert payload.endswith(struct.pack(">h", -1))
    row_size = 2 + 4 + 8 + 4 + 4 + 4 * DIMENSIONS
    second = payload[19 + row_size : 19 + 2 * row_size]
    fields, id_len, row_id, vec_len, dim, _ = struct.unpack(">hiqihh", second[:22])
    assert (fields, id_len, row_id, vec_len, dim) == (2, 8, 1, 4 + 4 * DIMENSIONS, DIMENSIONS)
    assert np.array_equal(np.frombuffer(second[22:], dtype=">f4"), vectors[1])
