"""Pydantic models for every knowledge file; unknown fields are rejected (docs/knowledge-format.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from advisor.catalogue import COMPETENCY_IDS, COUNTRIES, LANGUAGES, PROVENANCES, REGION, ROLES


def check_https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or "." not in parts.netloc or any(c.isspace() for c in value):
        raise ValueError("must be a well-formed https:// URL")
    return value


def _year_month(value: str) -> str:
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", value):
        raise ValueError("must be a month written YYYY-MM")
    return value


def _iso_date(value: object) -> object:
    # YAML reads an unquoted 2022-05-24 as a date; accept both spellings.
    return value.isoformat() if isinstance(value, dt.date) else value


def _entry_id(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise ValueError("must be lowercase letters, digits and hyphens")
    return value


def word_count(low: int, high: int) -> Callable[[str], str]:
    """A pydantic check that a text has between ``low`` and ``high`` words."""

    def check(value: str) -> str:
        words = len(value.split())
        if not low <= words <= high:
            raise ValueError(f"has {words} words; {low} to {high} are accepted")
        return value

    return check


HttpsUrl = Annotated[str, AfterValidator(check_https_url)]
YearMonth = Annotated[str, AfterValidator(_year_month)]
EntryId = Annotated[str, AfterValidator(_entry_id)]
Text = Annotated[str, Field(min_length=1)]
IsoDate = Annotated[str, BeforeValidator(_iso_date), Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


def _one_of(values: Iterable[str]) -> AfterValidator:
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown value {value!r}; accepted: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


# Catalogue identifiers (shared/spec/catalogue.md), checked against the catalogue module.
CompetencyId = Annotated[str, _one_of(COMPETENCY_IDS)]
RoleId = Annotated[str, _one_of(ROLES)]
CountryCode = Annotated[str, _one_of(COUNTRIES)]
CountryOrRegion = Annotated[str, _one_of([*COUNTRIES, REGION])]
LanguageCode = Annotated[str, _one_of(LANGUAGES)]
Provenance = Annotated[str, _one_of(PROVENANCES)]
DomainId = Literal["PD", "DG", "ME", "AT"]
Level = Annotated[int, Field(ge=1, le=4)]


class Strict(BaseModel):
    """Base model: unknown fields are an error, numbers may stand where text is expected."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Source(Strict):
    """A cited source: what it is, where to read it, and what it can be trusted for.

    ``names_competency`` marks a source that names the competency (or, for a domain, the domain)
    as part of the framework; a ``framework`` provenance needs at least one. ``note`` says what the
    source does or does not show, and must say why a source on a weak domain (a mirror, a blog,
    see :mod:`advisor.knowledge.provenance`) is kept.
    """

    title: Text
    url: HttpsUrl
    names_competency: bool = False
    note: str | None = None


Sources = Annotated[list[Source], Field(min_length=1)]


# --- framework.yaml -------------------------------------------------------------------------


class FrameworkIdentity(Strict):
    """The framework publication itself."""

    title: Text
    short_title: Text
    year: int
    publishers: Annotated[list[Text], Field(min_length=1)]
    sources: Sources


class FrameworkFact(Strict):
    """A framework-level fact (publishers, date, ROAM-X, recommendations...)."""

    id: EntryId
    text: Text
    sources: Sources
    checked: YearMonth


class Domain(Strict):
    """A competency domain."""

    id: DomainId
    title: Text
    description: Text
    provenance: Provenance
    sources: Sources
    checked: YearMonth


class LevelDefinition(Strict):
    """One of the four proficiency levels."""

    level: Level
    name: Text
    meaning: Text


class CrosswalkArea(Strict):
    """An area of a related framework that competencies can point at."""

    id: Annotated[str, Field(pattern=r"^[A-Z0-9-]+$")]
    title: Text


class CrosswalkFramework(Strict):
    """A related framework (DigComp, OECD, Thailand) with its areas."""

    id: Literal["digcomp", "oecd", "thailand"]
    title: Text
    note: str | None = None
    sources: Sources
    areas: Annotated[list[CrosswalkArea], Field(min_length=1)]


class FrameworkFile(Strict):
    """``knowledge/framework.yaml``."""

    framework: FrameworkIdentity
    facts: Annotated[list[FrameworkFact], Field(min_length=1)]
    domains: Annotated[list[Domain], Field(min_length=4, max_length=4)]
    levels: Annotated[list[LevelDefinition], Field(min_length=4, max_length=4)]
    crosswalk_frameworks: list[CrosswalkFramework]


# --- competencies/<DOMAIN>.yaml -------------------------------------------------------------


class Crosswalk(Strict):
    """Where a competency corresponds to areas of related frameworks."""

    digcomp: list[str] = []
    oecd: list[str] = []
    thailand: list[str] = []


Bullets = Annotated[list[Text], Field(min_length=3, max_length=6)]


class Competency(Strict):
    """A competency with its level descriptors."""

    id: CompetencyId
    title: Text
    summary: Text
    description: Annotated[str, AfterValidator(word_count(60, 150))]
    knowledge: Bullets
    skills: Bullets
    attitudes: Annotated[list[Text], Field(min_length=2, max_length=6)]
    levels: dict[Level, Text]
    keywords: Annotated[list[Text], Field(min_length=5, max_length=20)]
    provenance: Provenance
    provenance_note: Text
    crosswalk: Crosswalk = Crosswalk()
    sources: Sources
    checked: YearMonth

    @field_validator("levels")
    @classmethod
    def _four_levels(cls, levels: dict[int, str]) -> dict[int, str]:
        missing = sorted({1, 2, 3, 4} - set(levels))
        if missing:
            raise ValueError(f"descriptor missing for level {', '.join(map(str, missing))}")
        return levels


class CompetencyFile(Strict):
    """``knowledge/competencies/<DOMAIN>.yaml``."""

    domain: DomainId
    competencies: Annotated[list[Competency], Field(min_length=1)]


# --- roles.yaml -----------------------------------------------------------------------------


class Target(Strict):
    """The level a role needs in one competency, and why."""

    level: Level
    reason: Text


class Role(Strict):
    """A civil-service role with a target level for every competency."""

    id: RoleId
    title: Text
    description: Text
    tasks: Annotated[list[Text], Field(min_length=3, max_length=8)]
    sources: Sources
    targets: dict[str, Target]


class RolesFile(Strict):
    """``knowledge/roles.yaml``."""

    roles: Annotated[list[Role], Field(min_length=1)]


# --- countries/<CC>.yaml --------------------------------------------------------------------

FactKind = Literal["language", "strategy", "agency", "training", "competency-framework", "egov-index", "context"]
FACT_KINDS: tuple[str, ...] = FactKind.__args__  # type: ignore[attr-defined]


class CountryFact(Strict):
    """A dated, sourced fact about a country (or the ASEAN region).

    ``as_of`` is the month the source states the fact for; ``checked`` is when the project last
    verified it. ``undated`` marks a source that shows no date, and ``note`` then says how
    ``as_of`` was set. ``source_note`` says why a source on a weak domain is kept.
    """

    id: EntryId
    kind: FactKind
    text: Text
    title: str | None = None
    years: str | None = None
    languages: list[LanguageCode] = []
    competencies: list[CompetencyId] = []
    source_url: HttpsUrl
    as_of: YearMonth
    checked: YearMonth
    undated: bool = False
    note: str | None = None
    source_note: str | None = None


class Gap(Strict):
    """A kind of fact that was looked for and not found, and when the search was last made."""

    kind: FactKind
    note: Text
    checked: YearMonth


class CountryFile(Strict):
    """``knowledge/countries/<CC>.yaml``."""

    country: CountryOrRegion
    name: Text
    facts: Annotated[list[CountryFact], Field(min_length=1)]
    gaps: list[Gap] = []


# --- resources/*.yaml -----------------------------------------------------------------------

ResourceFormat = Literal[
    "online-course",
    "cohort-course",
    "in-person-course",
    "blended-course",
    "degree",
    "guide",
    "framework",
    "toolkit",
    "self-assessment",
    "article",
    "community",
    "certification",
]
Cost = Literal["free", "paid", "free-for-officials", "sponsored", "unknown"]


class LearningResource(Strict):
    """A real learning resource, checked against a public source.

    Dates work as for :class:`CountryFact`: ``as_of`` is what the source states, ``checked`` when
    the project last looked, ``undated`` when the source shows no date.
    """

    id: EntryId
    provider: Text
    title: Text
    url: HttpsUrl
    description: Text
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    level: Level
    format: ResourceFormat
    duration: str | None = None
    cost: Cost
    countries: Annotated[list[Annotated[str, _one_of([*COUNTRIES, "*"])]], Field(min_length=1)]
    competencies: Annotated[list[CompetencyId], Field(min_length=1)]
    checked_source: HttpsUrl
    as_of: YearMonth
    checked: YearMonth
    undated: bool = False
    note: str | None = None
    source_note: str | None = None


class ResourcesFile(Strict):
    """``knowledge/resources/*.yaml``."""

    resources: Annotated[list[LearningResource], Field(min_length=1)]


# --- consultations.yaml ---------------------------------------------------------------------


class ConsultationEvent(Strict):
    """A consultation held to build the framework."""

    id: EntryId
    title: Text
    region: Text
    date: IsoDate | None = None
    date_note: str | None = None
    organisers: list[Text] = []
    source_url: HttpsUrl
    checked: YearMonth
    source_note: str | None = None


class Insight(Strict):
    """A point made by a speaker at a consultation, in our own words."""

    id: EntryId
    event: EntryId
    speaker: Text
    affiliation: str | None = None
    country: CountryCode | None = None
    text: Text
    competencies: Annotated[list[CompetencyId], Field(min_length=1)]
    source_url: HttpsUrl
    checked: YearMonth
    note: str | None = None
    source_note: str | None = None


class ConsultationsFile(Strict):
    """``knowledge/consultations.yaml``."""

    events: Annotated[list[ConsultationEvent], Field(min_length=1)]
    insights: Annotated[list[Insight], Field(min_length=1)]


# --- labels/<lang>.yaml ---------------------------------------------------------------------


class Label(Strict):
    """A competency's title and search aliases in one language."""

    title: Text
    aliases: Annotated[list[Text], Field(min_length=5, max_length=15)]


class LabelsFile(Strict):
    """``knowledge/labels/<lang>.yaml``."""

    language: LanguageCode
    provenance: Text
    sources: Sources
    labels: dict[str, Label]


# --- overrides/<CC>.yaml (approved reviewer corrections) -----------------------------------


class OverrideFact(CountryFact):
    """A country fact corrected or added by a localisation reviewer, approved and sourced.

    ``checked`` may be left out: the review date (``reviewed_at``) is when it was last verified.
    """

    checked: YearMonth | None = None  # type: ignore[assignment]
    replaces: str | None = None
    reviewed_by: Text
    reviewed_at: IsoDate


class OverridesFile(Strict):
    """``knowledge/overrides/<CC>.yaml``: written by ``advisor review``, read like the rest."""

    country: CountryOrRegion
    facts: list[OverrideFact] = []


# --- review/questions.yaml ------------------------------------------------------------------


class ReviewQuestion(Strict):
    """A standard question reviewers check for their country; ``{country}`` is filled in."""

    id: EntryId
    question: Text
    role: RoleId
    domain: DomainId


class ReviewQuestionsFile(Strict):
    """``knowledge/review/questions.yaml``: the standard review set, plus per-country extras."""

    questions: Annotated[list[ReviewQuestion], Field(min_length=12)]
    by_country: dict[str, list[ReviewQuestion]] = {}


# --- situations/<DOMAIN>.yaml (examples of use, not facts) ---------------------------------

SITUATION_LANGUAGES = ("en", "th", "vi", "id", "ms", "fil")


class SituationsFile(Strict):
    """``knowledge/situations/<DOMAIN>.yaml``: how people describe a competency's need at work.

    These are examples of use written by the project team, not facts, and carry no source.
    Non-English lines are ``drafted`` until a reviewer from the country approves them.
    """

    domain: DomainId
    kind: Literal["example-of-use"]
    review_status: dict[LanguageCode, Literal["drafted", "reviewed"]] = {}
    situations: dict[CompetencyId, dict[LanguageCode, Annotated[list[Text], Field(min_length=1, max_length=20)]]]
