"""Keeping a drafted curriculum and its export bytes while the inputs stay the same.

The page builds the curriculum and every export once per distinct input and serves the kept
bytes on each rerun. Rebuilding on every rerun gave the download buttons new files (with a new
generation time) each run, so a second download right after a first could point at a file
that no longer existed.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from advisor.curriculum.exports import export
from advisor.curriculum.model import Curriculum
from advisor.knowledge.model import Knowledge


def kept_exports(
    store: MutableMapping[str, Any],
    name: str,
    key: tuple[Any, ...],
    build: Callable[[], Curriculum],
    knowledge: Knowledge,
    formats: tuple[str, ...],
) -> tuple[Curriculum, dict[str, bytes]]:
    """The curriculum and its exports for ``key``, built once and kept in ``store[name]``.

    Args:
        store: where to keep them (the page's session state).
        name: the slot in ``store`` (one per page).
        key: everything the curriculum depends on; a different key rebuilds.
        build: drafts the curriculum (may raise BadInputError; nothing is kept then).
        knowledge: the knowledge base the exports read.
        formats: the export formats to prepare.

    Returns:
        The curriculum and ``{format: bytes}``.
    """
    kept = store.get(name)
    full_key = (knowledge.version, formats, *key)
    if kept is not None and kept[0] == full_key:
        return kept[1], kept[2]
    curriculum = build()
    files = {fmt: export(curriculum, knowledge, fmt) for fmt in formats}
    store[name] = (full_key, curriculum, files)
    return curriculum, files
