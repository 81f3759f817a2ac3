"""The curriculum as Markdown: cover facts, summary, schedule, left out, modules, gaps, version."""

from __future__ import annotations

from advisor import i18n
from advisor.curriculum.exports import common
from advisor.curriculum.model import Curriculum
from advisor.knowledge.model import Knowledge


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def cells(row: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

    return [cells(header), "|" + "---|" * len(header), *(cells(row) for row in rows)]


def to_markdown(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """A document a trainer can read and edit, with the same content as the Word export."""
    lines = [f"# {common.title(curriculum)}", ""]
    lines += [f"- **{name}:** {value}" for name, value in common.cover_facts(curriculum)]
    lines += ["", "## Summary", "", *_table(common.SUMMARY_HEADER, common.summary_rows(curriculum))]
    lines += ["", common.left_out_sentence(curriculum)]
    if curriculum.left_out:
        lines += ["", *_table(common.LEFT_OUT_HEADER, common.left_out_rows(curriculum, knowledge))]
    lines += ["", "## Schedule", "", *_table(common.SCHEDULE_HEADER, common.schedule_rows(curriculum))]
    country = i18n.country_name("en", curriculum.country)
    for n, module in enumerate(curriculum.modules, start=1):
        names = ", ".join(common.competency_name(knowledge, c) for c in module.competencies)
        lines += [
            "",
            f"## Module {n}: {module.title} ({common.hours_text(module.hours)})",
            "",
            f"Competencies: {names}. Levels {common.levels_text(module)}. "
            f"Minimum {common.hours_text(module.minimum_hours)}. Sessions: {common.module_sessions(curriculum, n)}.",
            "",
            "### Learning objectives",
            *[f"- {o}" for o in module.objectives],
            "",
            "### Activities",
            *[f"- {a}" for a in module.activities],
            "",
            "### Assessment",
            *[f"- {a}" for a in module.assessment],
            "",
            "### Learning resources",
            *[f"- [{r.title}]({r.url}) ({common.resource_line(r)})" for r in module.resources],
        ]
        if module.missing:
            lines.append(f"- {common.missing_line(module, knowledge, curriculum.country)}")
        lines += ["", f"### Context in {country}"]
        lines += [f"- {f['text']} (as of {f['as_of']}; {f['source_url']})" for f in module.country_context]
        if not module.country_context:
            lines.append(f"- {common.NO_CONTEXT}")
    lines += ["", "## Gaps", "", *_table(common.GAP_HEADER, common.gap_rows(curriculum, knowledge))]
    lines += ["", f"_{common.version_line(curriculum)}_", ""]
    return "\n".join(lines)
