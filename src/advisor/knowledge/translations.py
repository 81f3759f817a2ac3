"""``knowledge/translations/<lang>/*.yaml``: the knowledge in the region's languages.

Each file is keyed by the English ids. Every entry carries its review status: ``drafted``
until a reviewer from a country that uses the language approves it, then ``reviewed`` with
who and when. Answers use a translation when it exists and the English otherwise, marked as
such (see :class:`Translations`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, Field, model_validator

from advisor.catalogue import COMPETENCY_IDS, PROVENANCES
from advisor.knowledge.schema import (
    CompetencyFile,
    CompetencyId,
    ConsultationsFile,
    Cost,
    CountryFile,
    DomainId,
    IsoDate,
    Level,
    ResourceFormat,
    RoleId,
    RolesFile,
    Strict,
    Text,
)

TRANSLATION_LANGUAGES = ("th", "vi", "id", "ms", "fil")
TranslationLanguage = Literal["th", "vi", "id", "ms", "fil"]
Status = Literal["drafted", "reviewed"]


class Reviewable(Strict):
    """Review status of a translated entry; ``reviewed`` needs who and when."""

    status: Status = "drafted"
    reviewed_by: str | None = None
    reviewed_on: IsoDate | None = None

    @model_validator(mode="after")
    def _reviewed_has_reviewer(self) -> Reviewable:
        if self.status == "reviewed" and not (self.reviewed_by and self.reviewed_on):
            raise ValueError("a reviewed translation needs reviewed_by and reviewed_on")
        return self


class CompetencyTranslation(Reviewable):
    """One competency in another language: the same fields as the English, same bullet counts."""

    title: Text
    summary: Text
    description: Text
    knowledge: list[Text]
    skills: list[Text]
    attitudes: list[Text]
    levels: dict[Level, Text]


class RoleTranslation(Reviewable):
    """One role in another language, with the reason for each target level."""

    title: Text
    description: Text
    tasks: list[Text]
    reasons: dict[CompetencyId, Text]


class ActionTranslation(Reviewable):
    """One action in another language."""

    text: Text


class FactGloss(Reviewable):
    """A country fact's short name and a one-sentence gloss of its text in another language.

    The English fact stays the source: the gloss says only what the fact says, and answers
    show it marked as a translation, with the original one click away.
    """

    title: Text | None = None
    text: Text


class InsightGloss(Reviewable):
    """A one-sentence gloss of a consultation insight in another language."""

    text: Text


class DomainTerms(Strict):
    """A domain's title and description."""

    title: Text
    description: Text


class LevelTerms(Strict):
    """A level's name and meaning."""

    name: Text
    meaning: Text


class _TranslationFile(Strict):
    language: TranslationLanguage
    translator: Text


class CompetencyTranslationsFile(_TranslationFile):
    """``translations/<lang>/competencies.yaml``."""

    competencies: dict[CompetencyId, CompetencyTranslation]


class RoleTranslationsFile(_TranslationFile):
    """``translations/<lang>/roles.yaml``."""

    roles: dict[RoleId, RoleTranslation]


class ActionTranslationsFile(_TranslationFile):
    """``translations/<lang>/actions.yaml``, keyed by action id."""

    actions: dict[Annotated[str, Field(pattern=r"^(PD|DG|ME|AT)\d\.[1-4]\.[1-9]$")], ActionTranslation]


class TermsFile(_TranslationFile, Reviewable):
    """``translations/<lang>/terms.yaml``: domains, levels and the labels of enumerated values."""

    domains: dict[DomainId, DomainTerms]
    levels: dict[Level, LevelTerms]
    provenance: dict[str, Text] = Field(default_factory=dict)
    formats: dict[str, Text] = Field(default_factory=dict)
    costs: dict[str, Text] = Field(default_factory=dict)


class GlossesFile(_TranslationFile):
    """``translations/<lang>/glosses.yaml``: country facts and consultation insights, by id."""

    facts: dict[str, FactGloss] = Field(default_factory=dict)
    insights: dict[str, InsightGloss] = Field(default_factory=dict)


TRANSLATION_FILE_MODELS: list[tuple[str, type[BaseModel]]] = [
    ("translations/*/competencies.yaml", CompetencyTranslationsFile),
    ("translations/*/roles.yaml", RoleTranslationsFile),
    ("translations/*/actions.yaml", ActionTranslationsFile),
    ("translations/*/terms.yaml", TermsFile),
    ("translations/*/glosses.yaml", GlossesFile),
]


@dataclass(frozen=True)
class Translated:
    """A text in the language asked for, or the English original when there is none."""

    text: str
    language: str
    status: Status | Literal["original"]

    @property
    def fell_back(self) -> bool:
        """True when the English original stands in for a missing translation."""
        return self.status == "original"


@dataclass
class Translations:
    """Every translation file, by language, with lookups that fall back to English."""

    competencies: dict[str, CompetencyTranslationsFile] = field(default_factory=dict)
    roles: dict[str, RoleTranslationsFile] = field(default_factory=dict)
    actions: dict[str, ActionTranslationsFile] = field(default_factory=dict)
    terms: dict[str, TermsFile] = field(default_factory=dict)
    glosses: dict[str, GlossesFile] = field(default_factory=dict)

    def competency(self, cid: str, language: str) -> CompetencyTranslation | None:
        """The competency's translation into ``language``, or ``None``."""
        file = self.competencies.get(language)
        return file.competencies.get(cid) if file else None

    def role(self, role_id: str, language: str) -> RoleTranslation | None:
        """The role's translation into ``language``, or ``None``."""
        file = self.roles.get(language)
        return file.roles.get(role_id) if file else None

    def action(self, action_id: str, language: str) -> ActionTranslation | None:
        """The action's translation into ``language``, or ``None``."""
        file = self.actions.get(language)
        return file.actions.get(action_id) if file else None

    def fact_gloss(self, fact_id: str, language: str) -> FactGloss | None:
        """The gloss of a country fact in ``language``, or ``None``."""
        file = self.glosses.get(language)
        return file.facts.get(fact_id) if file else None

    def insight_gloss(self, insight_id: str, language: str) -> InsightGloss | None:
        """The gloss of a consultation insight in ``language``, or ``None``."""
        file = self.glosses.get(language)
        return file.insights.get(insight_id) if file else None

    def term(self, group: Literal["provenance", "formats", "costs"], value: str, language: str) -> str:
        """A provenance, format or cost value in ``language``, else the value itself."""
        terms = self.terms.get(language)
        return getattr(terms, group).get(value, value) if terms else value

    def domain_title(self, domain_id: str, language: str) -> str | None:
        """A domain's title in ``language``, or ``None``."""
        terms = self.terms.get(language)
        found = terms.domains.get(domain_id) if terms else None  # type: ignore[call-overload]
        return found.title if found else None

    def level_name(self, level: int, language: str) -> str | None:
        """A level's name in ``language``, or ``None``."""
        terms = self.terms.get(language)
        found = terms.levels.get(level) if terms else None
        return found.name if found else None

    def languages(self) -> list[str]:
        """Languages that have at least one translation file."""
        found = {*self.competencies, *self.roles, *self.actions, *self.terms, *self.glosses}
        return [code for code in TRANSLATION_LANGUAGES if code in found]


def collect(models: dict[str, BaseModel]) -> Translations:
    """Gather the validated translation files of ``models`` into :class:`Translations`."""
    found = Translations()
    for model in models.values():
        if isinstance(model, CompetencyTranslationsFile):
            found.competencies[model.language] = model
        elif isinstance(model, RoleTranslationsFile):
            found.roles[model.language] = model
        elif isinstance(model, ActionTranslationsFile):
            found.actions[model.language] = model
        elif isinstance(model, TermsFile):
            found.terms[model.language] = model
        elif isinstance(model, GlossesFile):
            found.glosses[model.language] = model
    return found


def translation_problems(models: dict[str, BaseModel], action_ids: set[str]) -> Iterator[str]:
    """Orphans and shape mismatches: every key must exist in English, with as many bullets."""
    fact_ids = {f.id for m in models.values() if isinstance(m, CountryFile) for f in m.facts}
    insight_ids = {i.id for m in models.values() if isinstance(m, ConsultationsFile) for i in m.insights}
    competencies = {c.id: c for m in models.values() if isinstance(m, CompetencyFile) for c in m.competencies}
    roles = {r.id: r for m in models.values() if isinstance(m, RolesFile) for r in m.roles}
    for path, model in models.items():
        if not path.startswith("translations/"):
            continue
        folder = path.split("/")[1]
        if getattr(model, "language", folder) != folder:
            yield f"{path}: language '{model.language}' does not match its folder '{folder}'"  # type: ignore[attr-defined]
        if isinstance(model, CompetencyTranslationsFile):
            for cid, entry in model.competencies.items():
                english = competencies.get(cid)
                for part in ("knowledge", "skills", "attitudes"):
                    if english and len(getattr(entry, part)) != len(getattr(english, part)):
                        yield (
                            f"{path}: {cid}: {part} has {len(getattr(entry, part))} bullets; "
                            f"the English has {len(getattr(english, part))}"
                        )
                if sorted(entry.levels) != [1, 2, 3, 4]:
                    yield f"{path}: {cid}: levels 1-4 expected, found {sorted(entry.levels)}"
        elif isinstance(model, RoleTranslationsFile):
            for role_id, role in model.roles.items():
                english_role = roles.get(role_id)
                if english_role is None:
                    continue
                if len(role.tasks) != len(english_role.tasks):
                    yield (
                        f"{path}: {role_id}: tasks has {len(role.tasks)} items; "
                        f"the English has {len(english_role.tasks)}"
                    )
                for cid in set(role.reasons) - set(english_role.targets):
                    yield f"{path}: {role_id}: reason for '{cid}' has no English target"
        elif isinstance(model, ActionTranslationsFile):
            for action_id in sorted(set(model.actions) - action_ids):
                yield f"{path}: action '{action_id}' does not exist in knowledge/actions (orphaned translation)"
        elif isinstance(model, TermsFile):
            yield from _terms_problems(path, model)
        elif isinstance(model, GlossesFile):
            for fact_id in sorted(set(model.facts) - fact_ids):
                yield f"{path}: facts: '{fact_id}' is not a fact of knowledge/countries (orphaned gloss)"
            for insight_id in sorted(set(model.insights) - insight_ids):
                yield f"{path}: insights: '{insight_id}' is not an insight of consultations.yaml (orphaned gloss)"


def _terms_problems(path: str, terms: TermsFile) -> Iterator[str]:
    # Any value the schema accepts may be translated, used by a resource today or not.
    formats, costs = set(get_args(ResourceFormat)), set(get_args(Cost))
    for value in sorted(set(terms.formats) - formats):
        yield f"{path}: formats: '{value}' is not a resource format; accepted: {', '.join(sorted(formats))}"
    for value in sorted(set(terms.costs) - costs):
        yield f"{path}: costs: '{value}' is not a resource cost; accepted: {', '.join(sorted(costs))}"
    for value in sorted(set(terms.provenance) - {*PROVENANCES, "guidance"}):
        yield f"{path}: provenance: '{value}' is not a provenance label"


@dataclass(frozen=True)
class Coverage:
    """How much of one kind of entry is translated into one language."""

    language: str
    kind: str
    total: int
    drafted: int
    reviewed: int

    @property
    def missing(self) -> int:
        """Entries with no translation at all."""
        return self.total - self.drafted - self.reviewed


def coverage(
    translations: Translations,
    role_ids: list[str],
    action_ids: list[str],
    fact_ids: list[str] | None = None,
    insight_ids: list[str] | None = None,
) -> list[Coverage]:
    """Drafted and reviewed counts per language and kind (competencies, roles, actions; glosses
    of facts and insights when their ids are given). A missing file counts as nothing translated."""
    rows: list[Coverage] = []
    for language in TRANSLATION_LANGUAGES:
        glosses = translations.glosses.get(language)
        kinds: list[tuple[str, list[str], dict[str, Reviewable]]] = [
            ("competencies", list(COMPETENCY_IDS), _entries(translations.competencies.get(language), "competencies")),
            ("roles", role_ids, _entries(translations.roles.get(language), "roles")),
            ("actions", action_ids, _entries(translations.actions.get(language), "actions")),
        ]
        if fact_ids is not None:
            kinds.append(("facts", fact_ids, _entries(glosses, "facts")))
        if insight_ids is not None:
            kinds.append(("insights", insight_ids, _entries(glosses, "insights")))
        for kind, ids, entries in kinds:
            statuses = [entries[i].status for i in ids if i in entries]
            rows.append(Coverage(language, kind, len(ids), statuses.count("drafted"), statuses.count("reviewed")))
    return rows


def _entries(file: BaseModel | None, attribute: str) -> dict[str, Reviewable]:
    return dict(getattr(file, attribute)) if file is not None else {}
