"""What every export says, computed once: title, cover facts, summary, schedule, gaps, version line.

The Markdown, CSV, JSON and Word exports all draw from these, so they carry the same content.
Everything is in the curriculum's language of delivery where a translation exists
(:class:`~advisor.curriculum.wording.Wording`): frames from the locale files, competency titles
and cost labels from the translated knowledge. What has no translation is shown in English and
marked so; the cover lists those parts. Resource titles, providers and country facts are kept as
they are (proper names, or the language of their source).
"""

from __future__ import annotations

from advisor.curriculum.model import Curriculum, Module, ModuleResource
from advisor.curriculum.schedule import SESSIONS_PER_DAY, sessions_of
from advisor.curriculum.wording import Wording
from advisor.knowledge.model import Knowledge


def wording(curriculum: Curriculum, knowledge: Knowledge) -> Wording:
    """The words of ``curriculum``'s language of delivery."""
    return Wording(knowledge, curriculum.language)


def title(curriculum: Curriculum, words: Wording) -> str:
    """The document title: a cohort's curriculum or one person's learning plan."""
    roles = words.text("role_join").join(words.role(r) for r in curriculum.roles)
    kind = "title_personal" if curriculum.personal else "title_cohort"
    return words.text(kind, roles=roles, country=words.country(curriculum.country))


def date_in_words(iso_time: str, words: Wording | None = None) -> str:
    """``2026-12-02T05:38:26+00:00`` -> ``2 December 2026`` (or in the language of ``words``)."""
    if words is None:
        from datetime import datetime

        moment = datetime.fromisoformat(iso_time)
        return f"{moment.day} {moment.strftime('%B %Y')}"
    return words.date(iso_time)


def hours_text(hours: float, words: Wording) -> str:
    """Hours as people write them: ``3 h``, ``2.5 h``, ``2,5 jam``."""
    return words.hours(hours)


def cover_facts(curriculum: Curriculum, words: Wording) -> list[tuple[str, str]]:
    """The cover: who it is for, where, in which language, how long, when drafted, what is in English."""
    days = curriculum.schedule[-1].day if curriculum.schedule else 0
    facts = [
        (
            words.text("cover_for" if curriculum.personal else "cover_cohort"),
            ", ".join(words.role(r) for r in curriculum.roles),
        ),
        (words.text("cover_country"), words.country(curriculum.country)),
        (words.text("cover_language"), words.language_name(curriculum.language)),
        (words.text("cover_hours"), words.hours(curriculum.hours)),
        (
            words.text("cover_schedule"),
            words.text(
                "cover_schedule_value",
                sessions=len(curriculum.schedule),
                hours=words.hours(curriculum.session_hours),
                per_day=SESSIONS_PER_DAY,
                days=days,
            ),
        ),
        (words.text("cover_date"), words.date(curriculum.generated_at)),
    ]
    if curriculum.translation_status:
        facts.append((words.text("cover_translation"), words.text(f"translation_{curriculum.translation_status}")))
    if curriculum.fallback:
        facts.append((words.text("cover_in_english"), fallback_text(curriculum, words)))
    return facts


def fallback_text(curriculum: Curriculum, words: Wording) -> str:
    """The parts shown in English: ``competencies: DG1, DG2; actions: DG1.2.1``."""
    return "; ".join(f"{words.text('part_' + item['part'])}: {', '.join(item['ids'])}" for item in curriculum.fallback)


def competency_name(knowledge: Knowledge, cid: str, words: Wording | None = None) -> str:
    """``Data-driven policy making (DG1)``, in the language of ``words`` where translated."""
    return (words or Wording(knowledge, "en")).competency_name(cid)


def levels_text(module: Module) -> str:
    """``1–2`` or ``3``."""
    if module.from_level == module.to_level:
        return str(module.to_level)
    return f"{module.from_level}–{module.to_level}"


def level_names(module: Module, words: Wording) -> str:
    """``Dasar–Menengah`` or ``Mahir``: the names of the levels a module teaches."""
    if module.from_level == module.to_level:
        return words.level_name(module.to_level)
    return f"{words.level_name(module.from_level)}–{words.level_name(module.to_level)}"


def summary_header(words: Wording) -> list[str]:
    """The summary table's header row."""
    return [words.text(k) for k in ("col_number", "col_module", "col_competencies", "col_levels", "col_hours")]


def summary_rows(curriculum: Curriculum, words: Wording) -> list[list[str]]:
    """One row per module, then the total."""
    rows = [
        [str(n), m.title, ", ".join(m.competencies), levels_text(m), words.number(m.hours)]
        for n, m in enumerate(curriculum.modules, start=1)
    ]
    rows.append(["", words.text("total"), "", "", words.number(round(sum(m.hours for m in curriculum.modules), 6))])
    return rows


def schedule_header(words: Wording) -> list[str]:
    """The schedule table's header row."""
    return [words.text(k) for k in ("col_day", "col_session", "col_hours", "col_modules")]


def module_heading(n: int, module: Module, words: Wording) -> str:
    """``Module 1: Data use and governance: foundations (6 h)``."""
    return words.text("module_heading", n=n, title=module.title, hours=words.hours(module.hours))


def schedule_rows(curriculum: Curriculum, words: Wording) -> list[list[str]]:
    """One row per session: which modules it teaches, and for how long each."""
    return [
        [
            str(s.day),
            str(s.session),
            words.number(s.hours),
            "; ".join(
                words.text("module_heading", n=p["module"], title=p["title"], hours=words.hours(p["hours"]))
                for p in s.parts
            ),
        ]
        for s in curriculum.schedule
    ]


def module_sessions(curriculum: Curriculum, number: int, words: Wording) -> str:
    """Where module ``number`` sits in the schedule: ``Day 1 session 2 (1.5 h); Day 2 session 1 (3 h)``."""
    spans = []
    for session in sessions_of(curriculum.schedule, number):
        taught = sum(p["hours"] for p in session.parts if p["module"] == number)
        spans.append(words.text("session_ref", day=session.day, session=session.session, hours=words.hours(taught)))
    return "; ".join(spans)


def module_line(curriculum: Curriculum, n: int, module: Module, knowledge: Knowledge, words: Wording) -> str:
    """``Competencies: ... Levels 1–2. Minimum 4 h. Sessions: ...``, under each module's heading."""
    return words.text(
        "module_line",
        names=", ".join(competency_name(knowledge, c, words) for c in module.competencies),
        levels=levels_text(module),
        level_names=level_names(module, words),
        minimum=words.hours(module.minimum_hours),
        sessions=module_sessions(curriculum, n, words),
    )


def left_out_header(words: Wording) -> list[str]:
    """The left-out table's header row."""
    return [words.text(k) for k in ("col_competency", "col_current_target", "col_hours_needed")]


def left_out_rows(curriculum: Curriculum, knowledge: Knowledge, words: Wording) -> list[list[str]]:
    """The gaps the hours could not cover, each with the hours it would need."""
    return [
        [competency_name(knowledge, g.competency, words), f"{g.current} → {g.target}", words.number(g.hours_needed)]
        for g in curriculum.left_out
    ]


def left_out_sentence(curriculum: Curriculum, words: Wording) -> str:
    """One plain sentence on what is not covered and how many hours would cover everything."""
    if not curriculum.left_out:
        return words.text("all_covered", needed=words.hours(curriculum.hours_to_cover_all))
    return words.text(
        "left_out_sentence",
        count=len(curriculum.left_out),
        hours=words.number(curriculum.hours),
        needed=words.number(sum(g.hours_needed for g in curriculum.left_out)),
        all=words.number(curriculum.hours_to_cover_all),
    )


def gap_header(words: Wording) -> list[str]:
    """The gap table's header row."""
    return [words.text(k) for k in ("col_competency", "col_current", "col_target", "col_covered")]


def gap_rows(curriculum: Curriculum, knowledge: Knowledge, words: Wording) -> list[list[str]]:
    """The competencies with a gap: current, target and whether the curriculum covers them."""
    return [
        [
            competency_name(knowledge, g["competency"], words),
            str(g["current"]) if g["current"] else words.text("not_assessed"),
            str(g["target"]),
            words.text("covered" if g["covered"] else "left_out"),
        ]
        for g in curriculum.gaps
        if g["gap"] > 0
    ]


def resource_line(resource: ModuleResource, words: Wording) -> str:
    """What follows a resource's title: provider, languages, cost, and a warning for news links.

    The title and provider are proper names and stay as they are; the cost is translated.
    """
    line = f"{resource.provider}; {', '.join(resource.languages)}; {words.term('costs', resource.cost)}"
    if resource.link_kind != "provider":
        line += "; " + words.text("news_link")
    return line


def missing_line(module: Module, knowledge: Knowledge, country: str, words: Wording) -> str:
    """Which competencies of a module no resource covers in the country."""
    names = ", ".join(competency_name(knowledge, c, words) for c in module.missing)
    return words.text("no_resources", names=names, country=words.country(country))


def fact_date(fact: dict[str, str], words: Wording) -> str:
    """``as of 2024-05`` for a country fact (the fact itself stays in its source's language)."""
    return words.text("as_of", date=fact["as_of"])


def version_line(curriculum: Curriculum, words: Wording) -> str:
    """The small print on the last page: knowledge version and drafting time."""
    return words.text("version", version=curriculum.knowledge_version, time=curriculum.generated_at)
