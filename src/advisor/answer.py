"""The answer object of shared/spec/interfaces.md, as typed dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Query:
    """What was asked, and by whom."""

    question: str
    role: str
    country: str
    level: int | None
    language: str
    interface_language: str = "en"


@dataclass(frozen=True)
class SourceRef:
    """A cited source."""

    title: str
    url: str


@dataclass(frozen=True)
class CompetencyItem:
    """A ranked competency with the role's target level and why it was chosen."""

    id: str
    title: str
    domain: str
    score: float
    target_level: int | None
    why: str
    provenance: str
    sources: list[SourceRef]
    domain_title: str = ""
    cite: str = ""


@dataclass(frozen=True)
class LearningItem:
    """A learning resource available in the asked country."""

    id: str
    title: str
    provider: str
    url: str
    languages: list[str]
    level: int
    format: str
    cost: str
    countries: list[str]
    competencies: list[str]
    duration: str | None = None
    cite: str = ""
    cost_label: str = ""
    """``cost`` in words of the interface language."""
    format_label: str = ""
    """``format`` in words of the interface language."""


@dataclass(frozen=True)
class ContextItem:
    """A country (or ASEAN-wide) fact with its date and source."""

    id: str
    country: str
    text: str
    source_url: str
    as_of: str
    title: str | None = None
    kind: str = ""
    reviewed: bool = False
    cite: str = ""
    gloss: str | None = None
    """``text`` glossed in the answer's interface language (``None`` in English or when none is written)."""
    gloss_title: str | None = None
    """``title`` in the interface language, when the gloss gives one."""
    gloss_status: str | None = None
    """``drafted`` or ``reviewed`` (by a reviewer from a country using the language); ``None`` without a gloss."""


@dataclass(frozen=True)
class InsightItem:
    """A point made at a consultation."""

    id: str
    text: str
    speaker: str
    event: str
    date: str | None
    source_url: str
    affiliation: str | None = None
    cite: str = ""
    gloss: str | None = None
    """``text`` glossed in the answer's interface language (``None`` in English or when none is written)."""
    gloss_status: str | None = None
    """``drafted`` or ``reviewed``; ``None`` without a gloss."""


@dataclass(frozen=True)
class GuidanceItem:
    """One concrete action recommended in the direct reply, with its citation."""

    text: str
    competency: str
    cite: str
    source_url: str
    action_id: str = ""
    level: int = 0
    provenance: str = "synthesis"
    """``guidance`` when a named guidance source backs it; ``synthesis`` when it is the project's own."""
    source_title: str = ""
    language: str = "en"
    """The language of ``text``: the interface language, or ``en`` when no translation exists yet."""


@dataclass
class Answer:
    """A complete, cited answer."""

    query: Query
    competencies: list[CompetencyItem] = field(default_factory=list)
    learning: list[LearningItem] = field(default_factory=list)
    country_context: list[ContextItem] = field(default_factory=list)
    insights: list[InsightItem] = field(default_factory=list)
    summary: str = ""
    """The direct reply (Markdown, about 120 words at most), every sentence cited."""
    guidance: list[GuidanceItem] = field(default_factory=list)
    answer: str = ""
    confidence: str = "low"
    out_of_scope: bool = False
    knowledge_version: str = ""
    understood_as: str | None = None
    suggestions: list[str] = field(default_factory=list)
    """With low confidence: situations the user may mean, to ask instead (clickable in the app)."""
    comparison: str = ""
    """For a follow-up ("and for executives?"): Markdown saying what changed from the previous answer."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON answer object of the interface contract."""
        data = asdict(self)
        data["query"] = {key: data["query"][key] for key in ("question", "role", "country", "level", "language")}
        data["query"]["interface_language"] = self.query.interface_language
        if self.understood_as is None:
            data.pop("understood_as")
        if not self.comparison:
            data.pop("comparison")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """Rebuild an answer from :meth:`to_dict` output (a stored chat turn)."""
        query = data["query"]
        return cls(
            query=Query(
                question=query["question"],
                role=query["role"],
                country=query["country"],
                level=query.get("level"),
                language=query.get("language", "en"),
                interface_language=query.get("interface_language", "en"),
            ),
            competencies=[
                CompetencyItem(**{**c, "sources": [SourceRef(**s) for s in c.get("sources", [])]})
                for c in data.get("competencies", [])
            ],
            learning=[LearningItem(**r) for r in data.get("learning", [])],
            country_context=[ContextItem(**f) for f in data.get("country_context", [])],
            insights=[InsightItem(**i) for i in data.get("insights", [])],
            summary=data.get("summary", ""),
            guidance=[GuidanceItem(**g) for g in data.get("guidance", [])],
            answer=data.get("answer", ""),
            confidence=data.get("confidence", "low"),
            out_of_scope=bool(data.get("out_of_scope", False)),
            knowledge_version=data.get("knowledge_version", ""),
            understood_as=data.get("understood_as"),
            suggestions=list(data.get("suggestions", [])),
            comparison=data.get("comparison", ""),
        )

    def citations(self) -> list[tuple[str, str, str]]:
        """Every cited item as (citation key, title, url), in the order cited."""
        rows: list[tuple[str, str, str]] = []
        for c in self.competencies:
            rows.extend((c.cite, f"{c.title} — {s.title}", s.url) for s in c.sources[:1])
        rows.extend((r.cite, f"{r.title} ({r.provider})", r.url) for r in self.learning)
        rows.extend(
            (f.cite, f.gloss_title or f.title or (f.gloss or f.text)[:80], f.source_url) for f in self.country_context
        )
        rows.extend((i.cite, f"{i.speaker}, {i.event}", i.source_url) for i in self.insights)
        rows.extend((g.cite, g.source_title or g.text[:80], g.source_url) for g in self.guidance)
        return rows
