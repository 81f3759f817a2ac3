"""Curricula for trainers: modules from the competency gaps of a cohort, with hours and resources.

A cohort is one or several roles in one country. Each competency's target is the highest any
of the roles needs (or a level given for all); its current level comes from a self-assessment
(0, "not assessed", otherwise). Competencies with a gap become modules grouped by domain:
a foundations module per domain (objectives at levels 1-2) comes before the advanced module
of any domain (levels 3-4), so that no module needs a later one. Hours follow the gaps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from advisor.catalogue import COMPETENCY_IDS, COUNTRIES, DOMAINS, LANGUAGES, LEVELS, ROLES, accepted
from advisor.errors import BadInputError
from advisor.knowledge.model import Knowledge
from advisor.knowledge.schema import CountryFact, LearningResource

MAX_HOURS = 1000.0
HOUR_UNIT = 0.5
RESOURCES_PER_MODULE = 4
MAX_RESOURCES_PER_MODULE = 8
CONTEXT_PER_MODULE = 2
FOUNDATION_TOP_LEVEL = 2
_COST_ORDER = {"free": 0, "free-for-officials": 0, "sponsored": 1, "unknown": 2, "paid": 3}


@dataclass(frozen=True)
class CurriculumRequest:
    """What a trainer asks for."""

    roles: tuple[str, ...]
    country: str
    hours: float = 40.0
    language: str = "en"
    level: int | None = None
    current: dict[str, int] = field(default_factory=dict)


@dataclass
class ModuleResource:
    """A learning resource suggested for a module."""

    id: str
    title: str
    url: str
    languages: list[str]
    provider: str = ""
    cost: str = ""


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
    gap_weight: int = 0
    missing: list[str] = field(default_factory=list)


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

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of shared/spec/interfaces.md."""
        data = asdict(self)
        for module in data["modules"]:
            module.pop("gap_weight")
        return data


def validate_request(
    roles: list[str] | tuple[str, ...] | str,
    country: str,
    hours: float = 40.0,
    language: str | None = None,
    level: int | None = None,
    current: dict[str, Any] | None = None,
) -> CurriculumRequest:
    """Check a curriculum request.

    Raises:
        BadInputError: naming what is wrong and what is accepted.
    """
    role_list = [r.strip() for r in (roles.split(",") if isinstance(roles, str) else roles) if r.strip()]
    if not role_list:
        raise BadInputError(f"give at least one role; accepted: {accepted(ROLES)}")
    for role in role_list:
        if role not in ROLES:
            raise BadInputError(f"unknown role {role!r}; accepted: {accepted(ROLES)}")
    if country not in COUNTRIES:
        raise BadInputError(f"unknown country {country!r}; accepted: {accepted(COUNTRIES)}")
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= MAX_HOURS:
        shown = f"{hours:g}" if isinstance(hours, int | float) else repr(hours)
        raise BadInputError(f"hours {shown} is not accepted; give a number above 0 and at most {MAX_HOURS:g}")
    if language is not None and language not in LANGUAGES:
        raise BadInputError(f"unknown language {language!r}; accepted: {accepted(LANGUAGES)}")
    if level is not None and (isinstance(level, bool) or level not in LEVELS):
        raise BadInputError(f"level {level!r} is not accepted; use 1, 2, 3 or 4")
    return CurriculumRequest(
        tuple(dict.fromkeys(role_list)), country, float(hours), language or "en", level, _current(current or {})
    )


def _current(current: dict[str, Any]) -> dict[str, int]:
    for cid, value in current.items():
        if cid not in COMPETENCY_IDS:
            raise BadInputError(f"self-assessment: unknown competency {cid!r}; accepted: {accepted(COMPETENCY_IDS)}")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            raise BadInputError(f"self-assessment: {cid}: level {value!r} is not accepted; use 0 to 4")
    return dict(current)


def build_curriculum(knowledge: Knowledge, request: CurriculumRequest, now: datetime | None = None) -> Curriculum:
    """Draft the curriculum for ``request`` from the knowledge base."""
    targets = _targets(knowledge, request)
    gaps = [
        {"competency": cid, "current": request.current.get(cid, 0), "target": targets[cid]} for cid in COMPETENCY_IDS
    ]
    modules = _modules(knowledge, request, targets)
    if not modules:
        raise BadInputError("the cohort already meets every target: there is nothing to teach")
    _allocate_hours(modules, request.hours)
    return Curriculum(
        roles=list(request.roles),
        country=request.country,
        language=request.language,
        hours=request.hours,
        modules=modules,
        gaps=gaps,
        knowledge_version=knowledge.version,
        generated_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
    )


def _targets(knowledge: Knowledge, request: CurriculumRequest) -> dict[str, int]:
    if request.level is not None:
        return dict.fromkeys(COMPETENCY_IDS, request.level)
    # A mixed cohort aims at what its most demanding role needs.
    return {cid: max(knowledge.roles[r].targets[cid].level for r in request.roles) for cid in COMPETENCY_IDS}


def _modules(knowledge: Knowledge, request: CurriculumRequest, targets: dict[str, int]) -> list[Module]:
    stages: list[tuple[str, str, int, int]] = [(d, "Foundations", 1, FOUNDATION_TOP_LEVEL) for d in DOMAINS]
    stages += [(d, "Advanced practice", FOUNDATION_TOP_LEVEL + 1, 4) for d in DOMAINS]
    modules = []
    for domain, stage, low, high in stages:
        spans = {}
        for cid in (c for c in COMPETENCY_IDS if c.startswith(domain)):
            start = max(request.current.get(cid, 0) + 1, low)
            end = min(targets[cid], high)
            if start <= end:
                spans[cid] = (start, end)
        if spans:
            modules.append(_module(knowledge, request, domain, stage, spans))
    return modules


def _module(
    knowledge: Knowledge, request: CurriculumRequest, domain: str, stage: str, spans: dict[str, tuple[int, int]]
) -> Module:
    competencies = list(spans)
    objectives = [
        f"{knowledge.competencies[cid].title} ({cid}), level {level} {LEVELS[level]}: "
        f"{knowledge.competencies[cid].levels[level]}"
        for cid, (start, end) in spans.items()
        for level in range(start, end + 1)
    ]
    resources, missing = _resources(knowledge, request, competencies, max(end for _, end in spans.values()))
    return Module(
        title=f"{knowledge.domain_title(domain)}: {stage.lower()}",
        domain=domain,
        competencies=competencies,
        from_level=min(start for start, _ in spans.values()),
        to_level=max(end for _, end in spans.values()),
        objectives=objectives,
        activities=_activities(knowledge, spans),
        assessment=_assessment(knowledge, spans),
        hours=0.0,
        resources=resources,
        country_context=_context(knowledge, request.country, competencies),
        gap_weight=sum(end - start + 1 for start, end in spans.values()),
        missing=missing,
    )


def _activities(knowledge: Knowledge, spans: dict[str, tuple[int, int]]) -> list[str]:
    # Practice built from the competency's own skills; advanced stages apply them to live work.
    activities = []
    for cid, (_, end) in spans.items():
        skill = knowledge.competencies[cid].skills[0].rstrip(".")
        if end <= FOUNDATION_TOP_LEVEL:
            activities.append(f"Guided exercise ({cid}): {skill}, on a worked example from your own agency.")
        else:
            activities.append(f"Work-based assignment ({cid}): {skill}, on a live project, with peer review.")
    return activities


def _assessment(knowledge: Knowledge, spans: dict[str, tuple[int, int]]) -> list[str]:
    # Each assessment checks the descriptor of the highest level the module aims at.
    items = []
    for cid, (_, end) in spans.items():
        descriptor = knowledge.competencies[cid].levels[end].rstrip(".")
        kind = "Short scenario quiz or discussion" if end <= FOUNDATION_TOP_LEVEL else "Portfolio evidence"
        items.append(
            f"{kind} ({cid}, level {end}) showing that the participant: {descriptor[0].lower()}{descriptor[1:]}."
        )
    return items


def _resources(
    knowledge: Knowledge, request: CurriculumRequest, competencies: list[str], level: int
) -> tuple[list[ModuleResource], list[str]]:
    available = knowledge.resources_for(request.country)
    covering = [r for r in available if set(r.competencies) & set(competencies)]

    def order(resource: LearningResource) -> tuple[int, int, int, int, int, str]:
        return (
            0 if request.language in resource.languages else (1 if "en" in resource.languages else 2),
            0 if request.country in resource.countries else 1,
            -len(set(resource.competencies) & set(competencies)),
            abs(resource.level - level),
            _COST_ORDER.get(resource.cost, 2),
            resource.id,
        )

    ranked = sorted(covering, key=order)
    # First make sure every competency that any resource covers is covered, best-ranked first;
    # then fill the remaining places in rank order.
    chosen: list[LearningResource] = []
    for resource in ranked:
        covered = {cid for r in chosen for cid in r.competencies}
        if len(chosen) < MAX_RESOURCES_PER_MODULE and set(resource.competencies) & (set(competencies) - covered):
            chosen.append(resource)
    for resource in ranked:
        if len(chosen) >= RESOURCES_PER_MODULE:
            break
        if resource not in chosen:
            chosen.append(resource)
    chosen.sort(key=ranked.index)
    reachable = {cid for r in covering for cid in r.competencies}
    missing = [cid for cid in competencies if cid not in reachable]
    return [ModuleResource(r.id, r.title, r.url, list(r.languages), r.provider, r.cost) for r in chosen], missing


def _context(knowledge: Knowledge, country: str, competencies: list[str]) -> list[dict[str, str]]:
    def relevant(fact: CountryFact) -> int:
        return len(set(fact.competencies) & set(competencies))

    facts = [f for f in knowledge.country_facts(country) if relevant(f)]
    facts.sort(key=lambda f: (f.id.startswith("asean-"), -relevant(f), f.id))
    return [
        {"id": f.id, "text": f.text, "source_url": f.source_url, "as_of": f.as_of} for f in facts[:CONTEXT_PER_MODULE]
    ]


def _allocate_hours(modules: list[Module], total: float) -> None:
    """Share ``total`` hours in proportion to each module's gap, in half hours, summing exactly."""
    units = int(total / HOUR_UNIT)
    if units < len(modules):
        raise BadInputError(
            f"{total:g} hours is too little for {len(modules)} modules; give at least {len(modules) * HOUR_UNIT:g}"
        )
    weight = sum(m.gap_weight for m in modules)
    spare = units - len(modules)  # every module gets one unit first
    shares = [spare * m.gap_weight / weight for m in modules]
    given = [int(share) for share in shares]
    by_remainder = sorted(range(len(modules)), key=lambda i: (-(shares[i] - given[i]), i))
    for i in by_remainder[: spare - sum(given)]:
        given[i] += 1
    for module, extra in zip(modules, given, strict=True):
        module.hours = (1 + extra) * HOUR_UNIT
    leftover = round(total - units * HOUR_UNIT, 6)  # totals that are not whole half hours
    if leftover:
        biggest = max(modules, key=lambda m: m.hours)
        biggest.hours = round(biggest.hours + leftover, 6)
