"""The loaded knowledge base: every file parsed, cross-checked and indexed by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from advisor.catalogue import REGION
from advisor.knowledge.actions import Action
from advisor.knowledge.schema import (
    Competency,
    ConsultationEvent,
    CountryFact,
    CountryFile,
    FrameworkFile,
    Insight,
    Label,
    LabelsFile,
    LearningResource,
    ReviewQuestionsFile,
    Role,
)
from advisor.knowledge.translations import Translations


@dataclass(frozen=True)
class Knowledge:
    """Everything in ``knowledge/``, validated.

    Attributes:
        framework: framework identity, facts, domains, levels and crosswalk targets.
        competencies: the 24 competencies by id, in catalogue order.
        roles: the ten roles by id.
        countries: the country files by code, with ``ASEAN`` for region-wide facts.
        resources: learning resources by id.
        events: consultation events by id.
        insights: consultation insights by id.
        labels: multilingual labels by language code.
        version: content hash of the knowledge files (the knowledge version).
    """

    framework: FrameworkFile
    competencies: dict[str, Competency]
    roles: dict[str, Role]
    countries: dict[str, CountryFile]
    resources: dict[str, LearningResource]
    events: dict[str, ConsultationEvent]
    insights: dict[str, Insight]
    labels: dict[str, LabelsFile]
    version: str
    overrides: dict[str, list[CountryFact]] = field(default_factory=dict)
    review_questions: ReviewQuestionsFile | None = None
    situations: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Examples of use per competency and language (not facts): ``{"PD1": {"en": [...]}}``."""
    actions: dict[str, list[Action]] = field(default_factory=dict)
    """Concrete actions per competency, in level order (``knowledge/actions``)."""
    translations: Translations = field(default_factory=Translations)
    """The knowledge in the region's languages (``knowledge/translations``)."""

    @cached_property
    def facts_by_id(self) -> dict[str, CountryFact]:
        """Every country and ASEAN fact (reviewed overrides included), by id."""
        everything = [f for c in self.countries.values() for f in c.facts]
        everything += [f for facts in self.overrides.values() for f in facts]
        return {fact.id: fact for fact in everything}

    def country_facts(self, country: str) -> list[CountryFact]:
        """Facts of ``country`` followed by region-wide ASEAN facts (reviewed overrides first)."""
        own = self._with_overrides(country)
        return own + (self._with_overrides(REGION) if country != REGION else [])

    def _with_overrides(self, code: str) -> list[CountryFact]:
        """The facts of one country (or ASEAN), reviewed overrides first, replaced facts dropped."""
        if code not in self.countries:
            return []
        reviewed = self.overrides.get(code, [])
        replaced = {getattr(fact, "replaces", None) for fact in reviewed}
        return [*reviewed, *(f for f in self.countries[code].facts if f.id not in replaced)]

    def label(self, competency_id: str, language: str) -> Label | None:
        """The competency's label in ``language``, or ``None`` when there is none."""
        labels = self.labels.get(language)
        return labels.labels.get(competency_id) if labels else None

    def title(self, competency_id: str, language: str = "en") -> str:
        """The competency's title in ``language``, falling back to English."""
        label = self.label(competency_id, language)
        return label.title if label else self.competencies[competency_id].title

    def domain_title(self, domain_id: str) -> str:
        """The title of a domain."""
        return next(d.title for d in self.framework.domains if d.id == domain_id)

    def resources_for(self, country: str) -> list[LearningResource]:
        """Learning resources available in ``country`` (its code or ``*``)."""
        return [r for r in self.resources.values() if "*" in r.countries or country in r.countries]
