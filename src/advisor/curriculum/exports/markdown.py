"""The curriculum as Markdown: cover facts, summary, schedule, left out, modules, gaps, version."""

from __future__ import annotations

from advisor.curriculum.exports import common
from advisor.curriculum.model import Curriculum
from advisor.knowledge.model import Knowledge


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def cells(row: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

    return [cells(header), "|" + "---|" * len(header), *(cells(row) for row in rows)]


def to_markdown(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """A document a trainer can read and edit, with the same content as the Word export."""
    words = common.wording(curriculum, knowledge)
    lines = [f"# {common.title(curriculum, words)}", ""]
    lines += [f"- **{name}:** {value}" for name, value in common.cover_facts(curriculum, words)]
    lines += ["", f"## {words.text('summary')}", ""]
    lines += _table(common.summary_header(words), common.summary_rows(curriculum, words))
    lines += ["", common.left_out_sentence(curriculum, words)]
    if curriculum.left_out:
        lines += ["", *_table(common.left_out_header(words), common.left_out_rows(curriculum, knowledge, words))]
    lines += ["", f"## {words.text('schedule')}", ""]
    lines += _table(common.schedule_header(words), common.schedule_rows(curriculum, words))
    country = words.country(curriculum.country)
    for n, module in enumerate(curriculum.modules, start=1):
        lines += [
            "",
            f"## {common.module_heading(n, module, words)}",
            "",
            common.module_line(curriculum, n, module, knowledge, words),
            "",
            f"### {words.text('objectives')}",
            *[f"- {o}" for o in module.objectives],
            "",
            f"### {words.text('activities')}",
            *[f"- {a}" for a in module.activities],
            "",
            f"### {words.text('assessment_heading')}",
            *[f"- {a}" for a in module.assessment],
            "",
            f"### {words.text('resources')}",
            *[f"- [{r.title}]({r.url}) ({common.resource_line(r, words)})" for r in module.resources],
        ]
        if module.missing:
            lines.append(f"- {common.missing_line(module, knowledge, curriculum.country, words)}")
        lines += ["", f"### {words.text('context', country=country)}"]
        # Country facts: their gloss in the language of delivery (marked), or the English of their source.
        lines += [
            f"- {words.fact(fact)} ({common.fact_date(fact, words)}; {fact['source_url']})"
            for fact in module.country_context
        ]
        if not module.country_context:
            lines.append(f"- {words.text('no_context')}")
    lines += ["", f"## {words.text('gaps')}", ""]
    lines += _table(common.gap_header(words), common.gap_rows(curriculum, knowledge, words))
    lines += ["", f"_{common.version_line(curriculum, words)}_", ""]
    return "\n".join(lines)
