"""Drafting a curriculum: targets and gaps, which gaps fit the hours, modules, resources, schedule.

A cohort is one or several roles in one country. Each competency's target is the highest any
of the roles needs (or a level given for all); its current level comes from a self-assessment
(0, "not assessed", otherwise). Gaps are ranked and kept while their minimum hours fit
(:mod:`advisor.curriculum.hours`). Kept gaps become modules grouped by domain and stage: a
foundations module per domain (levels 1-2) comes before any advanced module (levels 3-4), so no
module needs a later one. The modules are then written (:mod:`advisor.curriculum.objectives`)
and laid into sessions (:mod:`advisor.curriculum.schedule`).

Module titles, objectives, activities and assessment are written in the language of delivery
(:mod:`advisor.curriculum.wording`); the curriculum's ``fallback`` lists every part that had no
translation and is shown in English.
"""

from __future__ import annotations

from datetime import UTC, datetime

from advisor.catalogue import COMPETENCY_IDS, DOMAINS, domain_of
from advisor.curriculum import hours as hours_
from advisor.curriculum.model import Curriculum, CurriculumRequest, Module, ModuleResource
from advisor.curriculum.objectives import write_module
from advisor.curriculum.schedule import build_schedule
from advisor.curriculum.wording import Wording
from advisor.errors import BadInputError
from advisor.knowledge import localized
from advisor.knowledge.model import Knowledge
from advisor.knowledge.provenance import news_domain
from advisor.knowledge.schema import CountryFact, LearningResource

RESOURCES_PER_MODULE = 4
MAX_RESOURCES_PER_MODULE = 8
CONTEXT_PER_MODULE = 2
STAGES = ("foundations", "advanced practice")
_STAGE_KEYS = {"foundations": "stage_foundations", "advanced practice": "stage_advanced"}
_COST_ORDER = {"free": 0, "free-for-officials": 0, "sponsored": 1, "unknown": 2, "paid": 3}


def build_curriculum(knowledge: Knowledge, request: CurriculumRequest, now: datetime | None = None) -> Curriculum:
    """Draft the curriculum for ``request`` from the knowledge base.

    Args:
        knowledge: the loaded knowledge base.
        request: a checked request (see :func:`advisor.curriculum.validate_request`).
        now: the generation time (default: now, in UTC).

    Returns:
        Modules whose hours add up exactly to ``request.hours``, the schedule, the gaps and
        the gaps left out for want of hours.

    Raises:
        BadInputError: there is nothing to teach, or too few hours for even the smallest gap.
    """
    targets = _targets(knowledge, request)
    all_gaps = [_gap(knowledge, request, cid, targets[cid]) for cid in COMPETENCY_IDS]
    gaps = [g for g in all_gaps if g.spans]
    if not gaps:
        raise BadInputError("the cohort already meets every target: there is nothing to teach")
    taught, left_out = hours_.select(gaps, request.hours)
    words = Wording(knowledge, request.language)
    modules = _modules(knowledge, request, taught, words)
    hours_.allocate(modules, request.hours)
    for module in modules:
        write_module(knowledge, module, personal=request.personal, wording=words)
    covered = {g.competency for g in taught}
    # The exports also name every competency with a gap and every resource's cost: note those
    # that have no translation too, so the fallback record covers the whole document.
    for gap in gaps:
        words.competency_name(gap.competency)
    for resource in (r for m in modules for r in m.resources):
        words.term("costs", resource.cost)
    return Curriculum(
        roles=list(request.roles),
        country=request.country,
        language=request.language,
        hours=request.hours,
        modules=modules,
        gaps=[
            {
                "competency": g.competency,
                "current": g.current,
                "target": g.target,
                "gap": max(g.size, 0),
                "covered": g.competency in covered,
            }
            for g in all_gaps
        ],
        knowledge_version=knowledge.version,
        generated_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
        schedule=build_schedule(modules, request.session_hours),
        left_out=left_out,
        hours_to_cover_all=sum(g.minimum_hours for g in gaps),
        session_hours=request.session_hours,
        personal=request.personal,
        fallback=words.fallback(),
        translation_status=words.translation_status(),
    )


def _targets(knowledge: Knowledge, request: CurriculumRequest) -> dict[str, int]:
    if request.level is not None:
        return dict.fromkeys(COMPETENCY_IDS, request.level)
    # A mixed cohort aims at what its most demanding role needs.
    return {cid: max(knowledge.roles[r].targets[cid].level for r in request.roles) for cid in COMPETENCY_IDS}


def _gap(knowledge: Knowledge, request: CurriculumRequest, cid: str, target: int) -> hours_.Gap:
    current = request.current.get(cid, 0)
    if request.level is not None:
        needing = len(request.roles)
    else:
        needing = sum(knowledge.roles[r].targets[cid].level > current for r in request.roles)
    return hours_.Gap(cid, current, target, needing, hours_.stage_spans(current, target))


def _modules(
    knowledge: Knowledge, request: CurriculumRequest, taught: list[hours_.Gap], words: Wording
) -> list[Module]:
    modules = []
    for stage_index, stage in enumerate(STAGES):
        for domain in DOMAINS:
            spans = {}
            for gap in sorted(taught, key=lambda g: COMPETENCY_IDS.index(g.competency)):
                stage_span = [s for s in gap.spans if (s[1] > hours_.FOUNDATION_TOP_LEVEL) == bool(stage_index)]
                if domain_of(gap.competency) == domain and stage_span:
                    spans[gap.competency] = stage_span[0]
            if spans:
                modules.append(_module(knowledge, request, domain, stage, spans, words))
    return modules


def _module(
    knowledge: Knowledge,
    request: CurriculumRequest,
    domain: str,
    stage: str,
    spans: dict[str, tuple[int, int]],
    words: Wording,
) -> Module:
    competencies = list(spans)
    resources, missing = _resources(knowledge, request, competencies, max(end for _, end in spans.values()))
    return Module(
        title=words.text("module_title", domain=words.domain(domain), stage=words.text(_STAGE_KEYS[stage])),
        domain=domain,
        competencies=competencies,
        from_level=min(start for start, _ in spans.values()),
        to_level=max(end for _, end in spans.values()),
        objectives=[],
        activities=[],
        assessment=[],
        hours=0.0,
        resources=resources,
        country_context=_context(knowledge, request.country, competencies, request.language),
        stage=stage,
        spans=dict(spans),
        gap_weight=sum(end - start + 1 for start, end in spans.values()),
        missing=missing,
    )


def _resources(
    knowledge: Knowledge, request: CurriculumRequest, competencies: list[str], level: int
) -> tuple[list[ModuleResource], list[str]]:
    available = knowledge.resources_for(request.country)
    covering = [r for r in available if set(r.competencies) & set(competencies)]

    def order(resource: LearningResource) -> tuple[int, int, int, int, int, int, str]:
        return (
            0 if request.language in resource.languages else (1 if "en" in resource.languages else 2),
            0 if request.country in resource.countries else 1,
            1 if news_domain(resource.url) else 0,  # the provider's own page before a news story
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
    resources = [
        ModuleResource(
            r.id,
            r.title,
            r.url,
            list(r.languages),
            r.provider,
            r.cost,
            "news report" if news_domain(r.url) else "provider",
        )
        for r in chosen
    ]
    return resources, missing


def _context(knowledge: Knowledge, country: str, competencies: list[str], language: str) -> list[dict[str, str]]:
    """The module's country facts, most relevant first; with their gloss in ``language`` when one is written.

    A fact keeps its English ``text`` (the language of its source); ``gloss`` and ``gloss_status``
    are added only when the translations hold a gloss in the language of delivery.
    """

    def relevant(fact: CountryFact) -> int:
        return len(set(fact.competencies) & set(competencies))

    facts = [f for f in knowledge.country_facts(country) if relevant(f)]
    facts.sort(key=lambda f: (f.id.startswith("asean-"), -relevant(f), f.id))
    items = []
    for fact in facts[:CONTEXT_PER_MODULE]:
        item = {"id": fact.id, "text": fact.text, "source_url": fact.source_url, "as_of": fact.as_of}
        gloss = localized.fact_gloss(knowledge, fact.id, language)  # corrections have ids of their own: no gloss
        if gloss:
            item |= {"gloss": gloss.text, "gloss_status": gloss.status}
        items.append(item)
    return items
