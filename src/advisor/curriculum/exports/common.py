"""What every export says, computed once: title, cover facts, summary, schedule, gaps, version line.

The Markdown, CSV, JSON and Word exports all draw from these, so they carry the same content.
Exports are in English (the framework's language); the language of delivery is stated on the cover.
"""

from __future__ import annotations

from datetime import datetime

from advisor import i18n
from advisor.catalogue import LANGUAGES
from advisor.curriculum.model import Curriculum, Module, ModuleResource
from advisor.curriculum.schedule import SESSIONS_PER_DAY, sessions_of
from advisor.knowledge.model import Knowledge


def title(curriculum: Curriculum) -> str:
    """The document title: a cohort's curriculum or one person's learning plan."""
    roles = " + ".join(i18n.role_name("en", r) for r in curriculum.roles)
    kind = "Learning plan" if curriculum.personal else "Curriculum"
    return f"{kind}: {roles}, {i18n.country_name('en', curriculum.country)}"


def date_in_words(iso_time: str) -> str:
    """``2026-12-02T05:38:26+00:00`` -> ``2 December 2026``."""
    moment = datetime.fromisoformat(iso_time)
    return f"{moment.day} {moment.strftime('%B %Y')}"


def hours_text(hours: float) -> str:
    """Hours as people write them: ``3 h``, ``2.5 h``."""
    return f"{round(hours, 2):g} h"


def cover_facts(curriculum: Curriculum) -> list[tuple[str, str]]:
    """The cover: who it is for, where, in which language, how long, and when it was drafted."""
    days = curriculum.schedule[-1].day if curriculum.schedule else 0
    return [
        ("For" if curriculum.personal else "Cohort", ", ".join(i18n.role_name("en", r) for r in curriculum.roles)),
        ("Country", i18n.country_name("en", curriculum.country)),
        ("Language of delivery", LANGUAGES[curriculum.language]),
        ("Total hours", hours_text(curriculum.hours)),
        (
            "Schedule",
            f"{len(curriculum.schedule)} sessions of up to {hours_text(curriculum.session_hours)}, "
            f"at most {SESSIONS_PER_DAY} a day, over {days} days",
        ),
        ("Date", date_in_words(curriculum.generated_at)),
    ]


def competency_name(knowledge: Knowledge, cid: str) -> str:
    """``Data-driven policy making (DG1)``."""
    return f"{knowledge.competencies[cid].title} ({cid})"


def levels_text(module: Module) -> str:
    """``1–2`` or ``3``."""
    if module.from_level == module.to_level:
        return str(module.to_level)
    return f"{module.from_level}–{module.to_level}"


SUMMARY_HEADER = ["#", "Module", "Competencies", "Levels", "Hours"]


def summary_rows(curriculum: Curriculum) -> list[list[str]]:
    """One row per module, then the total."""
    rows = [
        [str(n), m.title, ", ".join(m.competencies), levels_text(m), f"{m.hours:g}"]
        for n, m in enumerate(curriculum.modules, start=1)
    ]
    rows.append(["", "Total", "", "", f"{round(sum(m.hours for m in curriculum.modules), 6):g}"])
    return rows


SCHEDULE_HEADER = ["Day", "Session", "Hours", "Modules"]


def schedule_rows(curriculum: Curriculum) -> list[list[str]]:
    """One row per session: which modules it teaches, and for how long each."""
    return [
        [
            str(s.day),
            str(s.session),
            f"{s.hours:g}",
            "; ".join(f"Module {p['module']}: {p['title']} ({hours_text(p['hours'])})" for p in s.parts),
        ]
        for s in curriculum.schedule
    ]


def module_sessions(curriculum: Curriculum, number: int) -> str:
    """Where module ``number`` sits in the schedule: ``Day 1 session 2 (1.5 h); Day 2 session 1 (3 h)``."""
    spans = []
    for session in sessions_of(curriculum.schedule, number):
        taught = sum(p["hours"] for p in session.parts if p["module"] == number)
        spans.append(f"Day {session.day} session {session.session} ({hours_text(taught)})")
    return "; ".join(spans)


LEFT_OUT_HEADER = ["Competency", "Current → target", "Hours needed"]


def left_out_rows(curriculum: Curriculum, knowledge: Knowledge) -> list[list[str]]:
    """The gaps the hours could not cover, each with the hours it would need."""
    return [
        [competency_name(knowledge, g.competency), f"{g.current} → {g.target}", f"{g.hours_needed:g}"]
        for g in curriculum.left_out
    ]


def left_out_sentence(curriculum: Curriculum) -> str:
    """One plain sentence on what is not covered and how many hours would cover everything."""
    if not curriculum.left_out:
        return f"Every gap is covered at the documented minimum hours ({curriculum.hours_to_cover_all:g} h needed)."
    needed = sum(g.hours_needed for g in curriculum.left_out)
    return (
        f"{len(curriculum.left_out)} competencies with a gap are left out: {curriculum.hours:g} hours cannot "
        f"cover them at the documented minimums. They need {needed:g} more hours; covering every gap takes "
        f"{curriculum.hours_to_cover_all:g} hours."
    )


GAP_HEADER = ["Competency", "Current", "Target", "In this curriculum"]


def gap_rows(curriculum: Curriculum, knowledge: Knowledge) -> list[list[str]]:
    """The competencies with a gap: current, target and whether the curriculum covers them."""
    return [
        [
            competency_name(knowledge, g["competency"]),
            str(g["current"]) if g["current"] else "not assessed",
            str(g["target"]),
            "covered" if g["covered"] else "left out",
        ]
        for g in curriculum.gaps
        if g["gap"] > 0
    ]


def resource_line(resource: ModuleResource) -> str:
    """What follows a resource's title: provider, languages, cost, and a warning for news links."""
    line = f"{resource.provider}; {', '.join(resource.languages)}; {resource.cost}"
    if resource.link_kind != "provider":
        line += "; link is a news report: no provider page verified yet"
    return line


def missing_line(module: Module, knowledge: Knowledge, country: str) -> str:
    """Which competencies of a module no resource covers in the country."""
    names = ", ".join(competency_name(knowledge, c) for c in module.missing)
    return f"No learning resource in the knowledge base covers {names} in {i18n.country_name('en', country)} yet."


NO_CONTEXT = "No country fact in the knowledge base is tagged with these competencies yet."


def version_line(curriculum: Curriculum) -> str:
    """The small print on the last page: knowledge version and drafting time."""
    return (
        f"Drafted by the Civil Servant 2.0 Competency Advisor from knowledge version {curriculum.knowledge_version} "
        f"on {curriculum.generated_at}. Review before use."
    )
