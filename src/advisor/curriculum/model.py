"""The curriculum's data: what a trainer asks for and what the builder returns (plain dataclasses)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DEFAULT_SESSION_HOURS = 3.0


@dataclass(frozen=True)
class CurriculumRequest:
    """What a trainer (or a civil servant, for their own path) asks for.

    Attributes:
        roles: role ids of the cohort; targets are the highest any of them needs.
        country: country code; resources and context come from it.
        hours: total hours, shared exactly among the modules.
        language: language of delivery; resources in it come first.
        level: one target level for every competency instead of the roles' targets.
        current: the cohort's current level by competency id (absent: not assessed).
        session_hours: length of one session of the schedule (two sessions a day at most).
        personal: a personal learning plan for one civil servant rather than a cohort's course.
    """

    roles: tuple[str, ...]
    country: str
    hours: float = 40.0
    language: str = "en"
    level: int | None = None
    current: dict[str, int] = field(default_factory=dict)
    session_hours: float = DEFAULT_SESSION_HOURS
    personal: bool = False

    def key(self) -> tuple[Any, ...]:
        """A hashable key for the request: two equal keys give the same curriculum."""
        return (
            self.roles,
            self.country,
            self.hours,
            self.language,
            self.level,
            tuple(sorted(self.current.items())),
            self.session_hours,
            self.personal,
        )


@dataclass
class ModuleResource:
    """A learning resource suggested for a module.

    ``link_kind`` is ``provider`` when ``url`` is the provider's own page, ``news report`` when
    the knowledge base only has a news story about the programme (the learner is told so).
    """

    id: str
    title: str
    url: str
    languages: list[str]
    provider: str = ""
    cost: str = ""
    link_kind: str = "provider"


@dataclass
class Module:
    """One module of the curriculum."""

    title: str
    domain: str
    competencies: list[str]
    from_level: int
    to_level: int
    objectives: list[str]
    activities: list[str]
    assessment: list[str]
    hours: float
    resources: list[ModuleResource]
    country_context: list[dict[str, str]]
    minimum_hours: float = 0.0
    stage: str = "foundations"
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    gap_weight: int = 0
    missing: list[str] = field(default_factory=list)


@dataclass
class Session:
    """One session of the schedule: which modules (or parts of them) it teaches."""

    day: int
    session: int
    hours: float
    modules: list[str]
    parts: list[dict[str, Any]] = field(default_factory=list)
    """``{"module": number, "title": ..., "hours": ...}`` for each module taught in the session."""


@dataclass
class LeftOut:
    """A gap the hours asked for cannot cover at the documented minimums."""

    competency: str
    gap: int
    hours_needed: float
    current: int = 0
    target: int = 0


@dataclass
class Curriculum:
    """A complete curriculum, ready to export."""

    roles: list[str]
    country: str
    language: str
    hours: float
    modules: list[Module]
    gaps: list[dict[str, Any]]
    knowledge_version: str
    generated_at: str
    schedule: list[Session] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    hours_to_cover_all: float = 0.0
    session_hours: float = DEFAULT_SESSION_HOURS
    personal: bool = False
    fallback: list[dict[str, Any]] = field(default_factory=list)
    """Parts shown in English for want of a translation: ``[{"part": "competencies", "ids": ["DG1"]}]``."""
    translation_status: str | None = None
    """``drafted`` when any translation used awaits review, ``reviewed`` when all are reviewed, else ``None``."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of shared/spec/interfaces.md (with ``schedule``, ``gaps`` and ``left_out``)."""
        data = asdict(self)
        for module in data["modules"]:
            for internal in ("gap_weight", "spans"):
                module.pop(internal)
        return data
