"""Curriculum exports: Markdown, CSV, JSON and DOCX, each carrying the knowledge version and date."""

from __future__ import annotations

import io
import json
from typing import Any

from advisor import i18n
from advisor.catalogue import LANGUAGES
from advisor.curriculum import Curriculum, Module
from advisor.knowledge.model import Knowledge
from advisor.safe_text import csv_text

FORMATS = ("md", "csv", "json", "docx")


def export(curriculum: Curriculum, knowledge: Knowledge, fmt: str) -> bytes:
    """The curriculum in ``fmt`` (md, csv, json or docx), as bytes ready to write."""
    if fmt == "docx":
        return to_docx(curriculum, knowledge)
    text = {"md": to_markdown, "csv": to_csv, "json": to_json}[fmt](curriculum, knowledge)
    return text.encode("utf-8")


def _title(curriculum: Curriculum) -> str:
    roles = " + ".join(i18n.role_name("en", r) for r in curriculum.roles)
    return f"Curriculum: {roles}, {i18n.country_name('en', curriculum.country)}"


def _facts(curriculum: Curriculum) -> list[tuple[str, str]]:
    return [
        ("Roles", ", ".join(i18n.role_name("en", r) for r in curriculum.roles)),
        ("Country", i18n.country_name("en", curriculum.country)),
        ("Language of delivery", LANGUAGES[curriculum.language]),
        ("Total hours", f"{curriculum.hours:g}"),
        ("Knowledge version", curriculum.knowledge_version),
        ("Generated", curriculum.generated_at),
    ]


def _gap_rows(curriculum: Curriculum, knowledge: Knowledge) -> list[list[str]]:
    rows = []
    for gap in curriculum.gaps:
        cid = gap["competency"]
        current = str(gap["current"]) if gap["current"] else "not assessed"
        rows.append([f"{knowledge.competencies[cid].title} ({cid})", current, str(gap["target"])])
    return rows


def _missing_line(module: Module, knowledge: Knowledge, country: str) -> str:
    names = ", ".join(f"{knowledge.competencies[c].title} ({c})" for c in module.missing)
    return f"No learning resource in the knowledge base covers {names} in {i18n.country_name('en', country)} yet."


def to_markdown(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """A document a trainer can read and edit."""
    lines = [f"# {_title(curriculum)}", ""]
    lines += [f"- **{name}:** {value}" for name, value in _facts(curriculum)]
    lines += ["", "## Gap summary", "", "| Competency | Current | Target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in _gap_rows(curriculum, knowledge)]
    for n, module in enumerate(curriculum.modules, start=1):
        names = ", ".join(f"{knowledge.competencies[c].title} ({c})" for c in module.competencies)
        lines += [
            "",
            f"## Module {n}: {module.title} ({module.hours:g} h)",
            "",
            f"Competencies: {names}. Levels {module.from_level} to {module.to_level}.",
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
        ]
        lines += [
            f"- [{r.title}]({r.url}) ({r.provider}; {', '.join(r.languages)}; {r.cost})" for r in module.resources
        ]
        if module.missing:
            lines.append(f"- {_missing_line(module, knowledge, curriculum.country)}")
        lines += ["", f"### Context in {i18n.country_name('en', curriculum.country)}"]
        lines += [f"- {f['text']} (as of {f['as_of']}; {f['source_url']})" for f in module.country_context]
        if not module.country_context:
            lines.append("- No country fact in the knowledge base is tagged with these competencies yet.")
    lines += [
        "",
        f"_Drafted by the Civil Servant 2.0 Competency Advisor from knowledge version "
        f"{curriculum.knowledge_version} on {curriculum.generated_at}. Review before use._",
        "",
    ]
    return "\n".join(lines)


CSV_COLUMNS = (
    "module",
    "module_title",
    "domain",
    "competency",
    "competency_title",
    "from_level",
    "to_level",
    "module_hours",
    "objectives",
    "resources",
    "roles",
    "country",
    "language",
    "knowledge_version",
    "generated_at",
)


def to_csv(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """One row per module and competency; cells a spreadsheet would run as formulas are neutralised."""
    rows = []
    for n, module in enumerate(curriculum.modules, start=1):
        resources = [f"{r.title} <{r.url}>" for r in module.resources if r.id]
        for cid in module.competencies:
            objectives = [o for o in module.objectives if f"({cid})" in o]
            rows.append(
                [
                    n,
                    module.title,
                    module.domain,
                    cid,
                    knowledge.competencies[cid].title,
                    module.from_level,
                    module.to_level,
                    f"{module.hours:g}",
                    " | ".join(objectives),
                    " | ".join(resources),
                    " ".join(curriculum.roles),
                    curriculum.country,
                    curriculum.language,
                    curriculum.knowledge_version,
                    curriculum.generated_at,
                ]
            )
    return csv_text(CSV_COLUMNS, rows)


def to_json(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """The JSON object of the interface contract."""
    del knowledge  # the object already holds everything
    return json.dumps(curriculum.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_docx(curriculum: Curriculum, knowledge: Knowledge) -> bytes:
    """A Word document with headings, tables and working links (opens in Word and LibreOffice)."""
    from docx import Document

    document = Document()
    document.core_properties.title = _title(curriculum)
    document.add_heading(_title(curriculum), level=0)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Light List Accent 1"
    for name, value in _facts(curriculum):
        row = facts.add_row().cells
        row[0].text, row[1].text = name, value
    document.add_heading("Gap summary", level=1)
    _table(document, ["Competency", "Current", "Target"], _gap_rows(curriculum, knowledge))
    for n, module in enumerate(curriculum.modules, start=1):
        document.add_heading(f"Module {n}: {module.title} ({module.hours:g} h)", level=1)
        names = ", ".join(f"{knowledge.competencies[c].title} ({c})" for c in module.competencies)
        document.add_paragraph(f"Competencies: {names}. Levels {module.from_level} to {module.to_level}.")
        for heading, items in (
            ("Learning objectives", module.objectives),
            ("Activities", module.activities),
            ("Assessment", module.assessment),
        ):
            document.add_heading(heading, level=2)
            for item in items:
                document.add_paragraph(item, style="List Bullet")
        document.add_heading("Learning resources", level=2)
        for resource in module.resources:
            paragraph = document.add_paragraph(style="List Bullet")
            _hyperlink(paragraph, resource.url, resource.title)
            paragraph.add_run(f" ({resource.provider}; {', '.join(resource.languages)}; {resource.cost})")
        if module.missing:
            document.add_paragraph(_missing_line(module, knowledge, curriculum.country), style="List Bullet")
        document.add_heading(f"Context in {i18n.country_name('en', curriculum.country)}", level=2)
        for fact in module.country_context:
            paragraph = document.add_paragraph(f"{fact['text']} (as of {fact['as_of']}; ", style="List Bullet")
            _hyperlink(paragraph, fact["source_url"], "source")
            paragraph.add_run(")")
        if not module.country_context:
            document.add_paragraph("No country fact in the knowledge base is tagged with these competencies yet.")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"Knowledge version {curriculum.knowledge_version} · generated {curriculum.generated_at}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _hyperlink(paragraph: Any, url: str, text: str) -> None:
    # python-docx has no public hyperlink API: add the relationship and the w:hyperlink element.
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0B5CAD")
    properties.extend([style, colour, underline])
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)
