"""The on-disk index: FAISS vectors, BM25, chunk metadata and a manifest, swapped in atomically.

Layout: ``index/current`` is a symlink to ``index/builds/<build id>/``. A build writes a new
folder, then replaces the symlink in one ``rename``: a build killed half way leaves the
previous index in place and usable.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.config import embedding_cache_path, usable_folder
from advisor.embedding import Encoder, ProgressCallback
from advisor.errors import IndexUnavailableError
from advisor.knowledge.model import Knowledge
from advisor.language import remember_thai_tokens, thai_token_table
from advisor.retrieval.aliases import alias_entries
from advisor.retrieval.chunking import CHUNKER_VERSION, Chunk, chunk_knowledge
from advisor.retrieval.embedding_cache import EmbeddingCache
from advisor.retrieval.lexical import LexicalIndex

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class IndexStatus:
    """What ``advisor index status`` reports."""

    exists: bool
    fresh: bool
    reason: str
    manifest: dict[str, Any]


THAI_TOKENS = "thai-tokens.json"


@dataclass
class LoadedIndex:
    """An index in memory, ready to search."""

    vectors: Any  # faiss.Index
    lexical: LexicalIndex
    chunks: list[Chunk]
    manifest: dict[str, Any]


def current_dir(index_dir: Path) -> Path:
    """The folder of the index in use."""
    return index_dir / "current"


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    """The manifest of the current index, or ``None`` when there is no readable index."""
    path = current_dir(index_dir) / MANIFEST
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def index_status(index_dir: Path, knowledge_version: str, model_name: str) -> IndexStatus:
    """Whether the current index matches the knowledge, the model and the chunker."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        return IndexStatus(False, False, "no index has been built", {})
    checks = [
        (manifest.get("knowledge_version") == knowledge_version, "the knowledge has changed"),
        (manifest.get("model") == model_name, "the embedding model has changed"),
        (manifest.get("chunker_version") == CHUNKER_VERSION, "the chunker has changed"),
    ]
    for ok, reason in checks:
        if not ok:
            return IndexStatus(True, False, reason, manifest)
    return IndexStatus(True, True, "up to date", manifest)


def build_index(
    knowledge: Knowledge,
    encoder: Encoder,
    index_dir: Path,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Chunk, embed and index ``knowledge`` into ``index_dir``, then swap it in atomically.

    Returns:
        The manifest of the new index.
    """
    import faiss

    started = time.perf_counter()
    remove_stale_builds(index_dir)
    chunks = chunk_knowledge(knowledge)
    cache = EmbeddingCache(embedding_cache_path(index_dir))
    vectors = cache.encode(encoder, [c.text for c in chunks], progress=progress)
    builds = index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    staging = builds / f".staging-{build_id}"
    staging.mkdir()
    holder = _hold(staging)  # tells a later build that this folder is in use, until we exit or die
    try:
        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(vectors)
        faiss.write_index(flat, str(staging / "vectors.faiss"))
        # The off-topic examples come last and are for the dense scope check only: kept out of
        # BM25, editing them cannot move a ranking through BM25's corpus statistics.
        LexicalIndex.build([c.lexical for c in chunks if c.kind != "off-topic"]).save(staging / "bm25")
        _write_json(staging / "chunks.json", [c.to_json() for c in chunks])
        # The aliases' Thai segmentation, so that loading this index needs no PyThaiNLP.
        _write_json(staging / THAI_TOKENS, thai_token_table(text for _, _, text in alias_entries(knowledge)))
        manifest = {
            "model": encoder.name,
            "dimensions": int(vectors.shape[1]),
            "knowledge_version": knowledge.version,
            "chunker_version": CHUNKER_VERSION,
            "chunks": len(chunks),
            "counts": _counts(chunks),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        _write_json(staging / MANIFEST, manifest)  # written last: its presence marks a whole build
        final = builds / build_id
        (staging / HOLDER).unlink()  # the build keeps its lock; the finished index needs no holder file
        staging.rename(final)
        _point_current_at(index_dir, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        holder.close()
    _remove_old_builds(index_dir)
    return manifest


def load_index(index_dir: Path) -> LoadedIndex:
    """Read the current index into memory.

    Raises:
        IndexUnavailableError: when there is no complete index.
    """
    import faiss

    # One thread per search: the app answers many sessions on few cores, and FAISS's own
    # threads only fight them (measured about 3x faster per query on busy cores, benchmarks.md).
    faiss.omp_set_num_threads(1)
    folder = current_dir(index_dir)
    manifest = read_manifest(index_dir)
    if manifest is None:
        raise IndexUnavailableError(f"no index in {index_dir}: run 'advisor index build'")
    try:
        vectors = faiss.read_index(str(folder / "vectors.faiss"))
        lexical = LexicalIndex.load(folder / "bm25")
        chunks = [Chunk.from_json(c) for c in json.loads((folder / "chunks.json").read_text("utf-8"))]
        if (folder / THAI_TOKENS).is_file():  # indexes built before it have none: slower, same result
            remember_thai_tokens(json.loads((folder / THAI_TOKENS).read_text("utf-8")))
    except (OSError, ValueError, RuntimeError) as error:
        raise IndexUnavailableError(f"the index in {folder} is unreadable ({error}): rebuild it") from error
    if vectors.ntotal != len(chunks):
        raise IndexUnavailableError(f"the index in {folder} is inconsistent: rebuild it with --force")
    return LoadedIndex(vectors, lexical, chunks, manifest)


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock so that two processes never build at once.

    Raises:
        BadInputError: ``index_dir`` cannot be a folder (for instance it lies under a file).
    """
    usable_folder(index_dir, "ADVISOR_INDEX_DIR")
    with open(index_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _counts(chunks: list[Chunk]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.kind] = counts.get(chunk.kind, 0) + 1
    return counts


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")


def _point_current_at(index_dir: Path, build: Path) -> None:
    link = current_dir(index_dir)
    temporary = index_dir / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(build.relative_to(index_dir))
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # an index from before symlinks: replace it
    os.replace(temporary, link)  # atomic on POSIX


def _remove_old_builds(index_dir: Path) -> None:
    in_use = current_dir(index_dir).resolve()
    for build in (index_dir / "builds").iterdir():
        if build.resolve() != in_use and not build.name.startswith(".staging-"):
            shutil.rmtree(build, ignore_errors=True)


# --- leftovers of killed builds -----------------------------------------------------------

HOLDER = ".building"
STALE_SECONDS = 60.0
# Staging folders of this layout, and of the older one that built straight into index/.
_LEFTOVER_PATTERNS = ("builds/.staging-*", ".staging-*", ".build-*")


def remove_stale_builds(index_dir: Path, now: float | None = None) -> list[Path]:
    """Delete what killed builds left behind; returns what was removed.

    A running build holds an exclusive ``flock`` on ``<staging>/.building``; the kernel
    releases it when the process dies, however it dies. So a staging folder whose holder
    file can be locked belongs to no running build. A folder without a holder file (an older
    layout, or a build killed between ``mkdir`` and taking its lock) counts as stale once
    it has not changed for :data:`STALE_SECONDS`. Stray ``.current-*`` links from a killed
    swap go the same way.

    Args:
        index_dir: the index folder (``ADVISOR_INDEX_DIR``).
        now: the current time (tests).
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    if not index_dir.is_dir():
        return removed
    for pattern in _LEFTOVER_PATTERNS:
        for folder in index_dir.glob(pattern):
            if folder.is_dir() and not folder.is_symlink() and _abandoned(folder, now):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    for link in index_dir.glob(".current-*"):
        with contextlib.suppress(OSError):
            if link.is_symlink() and now - link.lstat().st_mtime > STALE_SECONDS:
                link.unlink()
                removed.append(link)
    return removed


def _hold(staging: Path) -> Any:
    handle = open(staging / HOLDER, "w")  # noqa: SIM115 - held open for the whole build
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def _abandoned(folder: Path, now: float) -> bool:
    holder = folder / HOLDER
    try:
        handle = open(holder, "r+")  # noqa: SIM115 - closed below, after the probe
    except FileNotFoundError:
        try:
            return now - folder.stat().st_mtime > STALE_SECONDS
        except OSError:
            return False
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a running build holds it
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True
