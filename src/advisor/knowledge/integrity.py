"""Checks that span files: completeness, references between files, and unique ids."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TypeVar

from pydantic import BaseModel

from advisor.catalogue import (
    COMPETENCY_IDS,
    COUNTRIES,
    LABEL_LANGUAGES_REQUIRED,
    REGION,
    ROLES,
    domain_of,
)
from advisor.knowledge import provenance
from advisor.knowledge.actions import ActionsFile, action_problems, resolve_actions
from advisor.knowledge.model import Knowledge
from advisor.knowledge.schema import (
    FACT_KINDS,
    CompetencyFile,
    ConsultationsFile,
    CountryFile,
    FrameworkFile,
    LabelsFile,
    OverridesFile,
    ResourcesFile,
    ReviewQuestionsFile,
    RolesFile,
    SituationsFile,
)
from advisor.knowledge.translations import collect, translation_problems

M = TypeVar("M", bound=BaseModel)
MIN_ENGLISH_SITUATIONS = 8


def check(models: dict[str, BaseModel], prefix: str) -> list[str]:
    """Return one line per cross-file problem in the validated ``models`` (keyed by path)."""
    problems: list[str] = []
    checks = (_competencies, _roles, _countries, _labels, _references, _overrides, _situations, _unique_ids)
    for check_files in (*checks, _actions, _translations, provenance.check):
        problems.extend(f"{prefix}/{line}" for line in check_files(models))
    return problems


def assemble(models: dict[str, BaseModel], version: str) -> Knowledge:
    """Build the :class:`Knowledge` object from validated, cross-checked models."""
    by_id = {c.id: c for f in _of(models, CompetencyFile) for c in f.competencies}
    consultations = next(iter(_of(models, ConsultationsFile)))
    return Knowledge(
        framework=next(iter(_of(models, FrameworkFile))),
        competencies={cid: by_id[cid] for cid in COMPETENCY_IDS},
        roles={r.id: r for f in _of(models, RolesFile) for r in f.roles},
        countries={f.country: f for f in _of(models, CountryFile)},
        resources={r.id: r for f in _of(models, ResourcesFile) for r in f.resources},
        events={e.id: e for e in consultations.events},
        insights={i.id: i for i in consultations.insights},
        labels={f.language: f for f in _of(models, LabelsFile)},
        version=version,
        overrides={f.country: list(f.facts) for f in _of(models, OverridesFile)},
        review_questions=next(iter(_of(models, ReviewQuestionsFile)), None),
        situations={cid: lines for f in _of(models, SituationsFile) for cid, lines in f.situations.items()},
        actions=resolve_actions(sorted(_files(models, ActionsFile))),
        translations=collect(models),
    )


def _of(models: dict[str, BaseModel], kind: type[M]) -> list[M]:
    return [m for m in models.values() if isinstance(m, kind)]


def _files(models: dict[str, BaseModel], kind: type[M]) -> Iterator[tuple[str, M]]:
    return ((path, m) for path, m in models.items() if isinstance(m, kind))


def _actions(models: dict[str, BaseModel]) -> Iterator[str]:
    return action_problems(sorted(_files(models, ActionsFile)))


def _translations(models: dict[str, BaseModel]) -> Iterator[str]:
    action_ids = {
        entry.id
        for _, file in _files(models, ActionsFile)
        for levels in file.actions.values()
        for entries in levels.values()
        for entry in entries
    }
    return translation_problems(models, action_ids)


def _competencies(models: dict[str, BaseModel]) -> Iterator[str]:
    seen: Counter[str] = Counter()
    for path, file in _files(models, CompetencyFile):
        if path != f"competencies/{file.domain}.yaml":
            yield f"{path}: domain: '{file.domain}' does not match the file name"
        for competency in file.competencies:
            seen[competency.id] += 1
            if domain_of(competency.id) != file.domain:
                home = f"competencies/{domain_of(competency.id)}.yaml"
                yield f"{path}: competency '{competency.id}': belongs in {home}"
    missing = [cid for cid in COMPETENCY_IDS if not seen[cid]]
    if missing:
        yield f"competencies: missing competencies {', '.join(missing)}"
    for cid, count in seen.items():
        if count > 1:
            yield f"competencies: competency '{cid}' is defined {count} times"
    for fw_path, framework in _files(models, FrameworkFile):
        domains = sorted(d.id for d in framework.domains)
        if domains != sorted(["PD", "DG", "ME", "AT"]):
            yield f"{fw_path}: domains: expected PD, DG, ME, AT, found {', '.join(domains)}"
        if sorted(level.level for level in framework.levels) != [1, 2, 3, 4]:
            yield f"{fw_path}: levels: expected levels 1, 2, 3 and 4 once each"


def _roles(models: dict[str, BaseModel]) -> Iterator[str]:
    found: Counter[str] = Counter()
    for path, file in _files(models, RolesFile):
        for role in file.roles:
            found[role.id] += 1
            for cid in role.targets:
                if cid not in COMPETENCY_IDS:
                    yield f"{path}: role '{role.id}': target for '{cid}': unknown competency id"
            missing = [cid for cid in COMPETENCY_IDS if cid not in role.targets]
            if missing:
                yield f"{path}: role '{role.id}': targets: missing a target for {', '.join(missing)}"
    yield from _completeness("roles.yaml", "role", ROLES, found)


def _countries(models: dict[str, BaseModel]) -> Iterator[str]:
    found: Counter[str] = Counter()
    for path, file in _files(models, CountryFile):
        found[file.country] += 1
        if path != f"countries/{file.country}.yaml":
            yield f"{path}: country: '{file.country}' does not match the file name"
        prefix = file.country.lower() + "-"
        for fact in file.facts:
            if not fact.id.startswith(prefix):
                yield f"{path}: fact '{fact.id}': id: must start with '{prefix}'"
            if fact.kind == "language" and not fact.languages:
                yield f"{path}: fact '{fact.id}': languages: a language fact lists language codes"
        covered = {fact.kind for fact in file.facts} | {gap.kind for gap in file.gaps}
        for kind in FACT_KINDS:
            if kind not in covered:
                yield f"{path}: facts: no '{kind}' fact and no gap entry saying none was found"
    yield from _completeness("countries", "country", [*COUNTRIES, REGION], found)


def _labels(models: dict[str, BaseModel]) -> Iterator[str]:
    languages = set()
    for path, file in _files(models, LabelsFile):
        languages.add(file.language)
        if path != f"labels/{file.language}.yaml":
            yield f"{path}: language: '{file.language}' does not match the file name"
        for cid in file.labels:
            if cid not in COMPETENCY_IDS:
                yield f"{path}: label for '{cid}': unknown competency id"
        missing = [cid for cid in COMPETENCY_IDS if cid not in file.labels]
        if missing:
            yield f"{path}: labels: missing a label for {', '.join(missing)}"
    for language in LABEL_LANGUAGES_REQUIRED:
        if language not in languages:
            required = ", ".join(LABEL_LANGUAGES_REQUIRED)
            yield f"labels/{language}.yaml: missing (labels are required in {required})"


def _references(models: dict[str, BaseModel]) -> Iterator[str]:
    areas = {
        (cw.id, area.id) for file in _of(models, FrameworkFile) for cw in file.crosswalk_frameworks for area in cw.areas
    }
    for path, file in _files(models, CompetencyFile):
        for competency in file.competencies:
            for framework_id in ("digcomp", "oecd", "thailand"):
                for area in getattr(competency.crosswalk, framework_id):
                    if (framework_id, area) not in areas:
                        where = f"{path}: competency '{competency.id}': crosswalk: {framework_id}"
                        yield f"{where}: unknown area '{area}'"
    for path, consultations in _files(models, ConsultationsFile):
        events = {e.id for e in consultations.events}
        for insight in consultations.insights:
            if insight.event not in events:
                yield f"{path}: insight '{insight.id}': event: unknown event '{insight.event}'"


def _overrides(models: dict[str, BaseModel]) -> Iterator[str]:
    facts = {(f.country, fact.id) for f in _of(models, CountryFile) for fact in f.facts}
    for path, file in _files(models, OverridesFile):
        if path != f"overrides/{file.country}.yaml":
            yield f"{path}: country: '{file.country}' does not match the file name"
        for fact in file.facts:
            if not fact.id.startswith(file.country.lower() + "-"):
                yield f"{path}: fact '{fact.id}': id: must start with '{file.country.lower()}-'"
            if fact.replaces and (file.country, fact.replaces) not in facts:
                yield f"{path}: fact '{fact.id}': replaces: no fact '{fact.replaces}' in countries/{file.country}.yaml"


def _situations(models: dict[str, BaseModel]) -> Iterator[str]:
    seen: Counter[str] = Counter()
    for path, file in _files(models, SituationsFile):
        if path != f"situations/{file.domain}.yaml":
            yield f"{path}: domain: '{file.domain}' does not match the file name"
        for cid, by_language in file.situations.items():
            seen[cid] += 1
            if not cid.startswith(file.domain):
                yield f"{path}: situations for '{cid}': belongs in situations/{cid[:2]}.yaml"
            if len(by_language.get("en", [])) < MIN_ENGLISH_SITUATIONS:
                yield f"{path}: situations for '{cid}': en: at least {MIN_ENGLISH_SITUATIONS} English lines expected"
            for language, lines in by_language.items():
                if len(set(lines)) != len(lines):
                    yield f"{path}: situations for '{cid}': {language}: a line appears twice"
    if seen:
        yield from _completeness("situations", "situations for competency", list(COMPETENCY_IDS), seen)


def _unique_ids(models: dict[str, BaseModel]) -> Iterator[str]:
    places: dict[str, list[str]] = {}
    for path, model in models.items():
        for entry_id in _entry_ids(model):
            places.setdefault(entry_id, []).append(path)
    for entry_id, paths in sorted(places.items()):
        if len(paths) > 1:
            yield f"{paths[-1]}: id '{entry_id}' is used {len(paths)} times ({', '.join(sorted(set(paths)))})"


def _entry_ids(model: BaseModel) -> list[str]:
    if isinstance(model, FrameworkFile):
        return [f.id for f in model.facts]
    if isinstance(model, CountryFile | OverridesFile):
        return [f.id for f in model.facts]
    if isinstance(model, ResourcesFile):
        return [r.id for r in model.resources]
    if isinstance(model, ConsultationsFile):
        return [e.id for e in model.events] + [i.id for i in model.insights]
    return []


def _completeness(place: str, noun: str, expected: list[str] | dict[str, str], found: Counter[str]) -> Iterator[str]:
    missing = [key for key in expected if not found[key]]
    if missing:
        yield f"{place}: missing {noun} {', '.join(missing)}"
    for key, count in found.items():
        if count > 1:
            yield f"{place}: {noun} '{key}' is defined {count} times"
