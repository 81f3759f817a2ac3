"""Evaluation cases: the regression gold set and the situational set, and the seeded split."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.config import project_root
from advisor.errors import BadInputError
from advisor.knowledge.schema import CompetencyId, CountryCode, RoleId

SPLIT_SEED = "civil-servant-2.0"
"""Fixes which situational cases tune and which are held out: a hash of the seed and the id."""

NEAR_DOMAIN_SEED = "near-domain-requests"
"""Splits the near-domain set (``tests/gold/near_domain.yaml``): its own seed, so its halves do
not follow the situational split."""

Half = Literal["tuning", "held-out"]


class GoldCase(BaseModel):
    """One question with the competencies a good answer ranks high (most relevant first)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: Annotated[str, Field(min_length=1)]
    role: RoleId
    country: CountryCode
    language: Literal["en", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
    kind: Literal["question", "keyword", "consultation", "out-of-scope", "unrelated"]
    relevant: list[CompetencyId]


class GoldSet(BaseModel):
    """A file of cases, optionally saying who wrote it and why (so a reader can judge it)."""

    model_config = ConfigDict(extra="forbid")
    written_by: str | None = None
    purpose: str | None = None
    cases: list[GoldCase]


def split_of(case_id: str, seed: str = SPLIT_SEED) -> Half:
    """The half a case belongs to: stable when cases are added or reordered."""
    digest = hashlib.sha256(f"{seed}:{case_id}".encode()).digest()
    return "tuning" if digest[0] % 2 == 0 else "held-out"


def default_gold_path() -> Path:
    """``tests/gold/gold.yaml``: the regression set, written from the competency descriptions."""
    return project_root() / "tests" / "gold" / "gold.yaml"


def situational_path() -> Path:
    """``tests/gold/situational.yaml``: situations in users' words, written without the retriever."""
    return project_root() / "tests" / "gold" / "situational.yaml"


def near_domain_path() -> Path:
    """``tests/gold/near_domain.yaml``: near-domain requests to refuse and near-miss questions to answer."""
    return project_root() / "tests" / "gold" / "near_domain.yaml"


# The untuned probes, each by a different outside writer who saw only the catalogue, in the
# order they were written: read after a change to check that a gain holds, never tuned on.
FRESH_PROBES = (
    ("fresh probe", "fresh_probe.yaml"),
    ("second fresh probe", "fresh_probe2.yaml"),
    ("third fresh probe", "fresh_probe3.yaml"),
    ("fourth fresh probe", "fresh_probe4.yaml"),
    ("fifth fresh probe", "fresh_probe5.yaml"),
    ("sixth fresh probe", "fresh_probe6.yaml"),
    ("seventh fresh probe", "fresh_probe7.yaml"),
    ("eighth fresh probe", "fresh_probe8.yaml"),
)


def fresh_probe_paths() -> list[tuple[str, Path]]:
    """(title, path) of each untuned probe in ``tests/gold/``, oldest first."""
    return [(title, project_root() / "tests" / "gold" / name) for title, name in FRESH_PROBES]


def load_gold(path: Path) -> list[GoldCase]:
    """Read and validate a file of cases.

    Raises:
        BadInputError: when the file is missing or malformed.
    """
    from advisor.knowledge.loader import read_yaml_input

    raw = read_yaml_input(path, "gold set")
    try:
        return GoldSet.model_validate(raw).cases
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInputError(f"gold set {path}: {where}: {first['msg']}") from error


def held_out(cases: list[GoldCase], half: Half = "held-out", seed: str = SPLIT_SEED) -> list[GoldCase]:
    """The cases of one half of the split (``seed`` picks the split; each set has its own)."""
    return [c for c in cases if split_of(c.id, seed) == half]
