"""The curriculum as a Word document a training director can sign.

Order: a cover (title, cohort, country, language, total hours, date in words), a one-page
summary (modules, levels, hours, and what is left out), the schedule, the modules, the gaps,
and the knowledge version in small print at the very end (not in the footer). Every table row
is marked ``cantSplit`` so that no row breaks across a page, and header rows repeat. Headings,
tables and labels are in the language of delivery (see :mod:`.common`), and the document's
default language is set to it, so Word checks spelling in that language.
"""

from __future__ import annotations

import io
from typing import Any

from advisor.curriculum.exports import common
from advisor.curriculum.model import Curriculum
from advisor.curriculum.wording import WORD_LANGUAGE_TAGS, Wording
from advisor.knowledge.model import Knowledge


def to_docx(curriculum: Curriculum, knowledge: Knowledge) -> bytes:
    """A Word document with a cover, summary, schedule, modules and working links (Word and LibreOffice)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    words = common.wording(curriculum, knowledge)
    document = Document()
    document.core_properties.title = common.title(curriculum, words)
    document.core_properties.language = WORD_LANGUAGE_TAGS.get(words.frame_language, "en-GB")
    if not words.english:
        _set_language(document, WORD_LANGUAGE_TAGS.get(words.frame_language, "en-GB"))
    _cover(document, curriculum, words)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading(words.text("summary"), level=1)
    _table(
        document,
        common.summary_header(words),
        common.summary_rows(curriculum, words),
        widths=(0.5, 2.85, 1.3, 0.7, 0.65),
    )
    document.add_paragraph(common.left_out_sentence(curriculum, words))
    if curriculum.left_out:
        _table(
            document,
            common.left_out_header(words),
            common.left_out_rows(curriculum, knowledge, words),
            widths=(3.6, 1.3, 1.1),
        )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading(words.text("schedule"), level=1)
    _table(
        document, common.schedule_header(words), common.schedule_rows(curriculum, words), widths=(0.5, 0.7, 0.6, 4.2)
    )

    country = words.country(curriculum.country)
    for n, module in enumerate(curriculum.modules, start=1):
        heading = document.add_heading(common.module_heading(n, module, words), level=1)
        heading.paragraph_format.page_break_before = n == 1
        document.add_paragraph(common.module_line(curriculum, n, module, knowledge, words))
        for key, items in (
            ("objectives", module.objectives),
            ("activities", module.activities),
            ("assessment_heading", module.assessment),
        ):
            document.add_heading(words.text(key), level=2)
            for item in items:
                document.add_paragraph(item, style="List Bullet")
        document.add_heading(words.text("resources"), level=2)
        for resource in module.resources:
            paragraph = document.add_paragraph(style="List Bullet")
            _hyperlink(paragraph, resource.url, resource.title)
            paragraph.add_run(f" ({common.resource_line(resource, words)})")
        if module.missing:
            document.add_paragraph(
                common.missing_line(module, knowledge, curriculum.country, words), style="List Bullet"
            )
        document.add_heading(words.text("context", country=country), level=2)
        for fact in module.country_context:  # its gloss in the language of delivery, marked, or the English
            shown = f"{words.fact(fact)} ({common.fact_date(fact, words)}; "
            paragraph = document.add_paragraph(shown, style="List Bullet")
            _hyperlink(paragraph, fact["source_url"], words.text("source"))
            paragraph.add_run(")")
        if not module.country_context:
            document.add_paragraph(words.text("no_context"))

    document.add_heading(words.text("gaps"), level=1)
    _table(
        document,
        common.gap_header(words),
        common.gap_rows(curriculum, knowledge, words),
        widths=(3.2, 1.0, 0.7, 1.1),
    )
    small = document.add_paragraph().add_run(common.version_line(curriculum, words))
    small.font.size = Pt(8)
    small.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_language(document: Any, tag: str) -> None:
    # Word checks spelling, and LibreOffice hyphenates, by the language on the default style.
    # w:bidi is the complex-script language (Thai is one); w:val covers Latin scripts.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = document.styles["Normal"].element.get_or_add_rPr()
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    language.set(qn("w:bidi"), tag)
    properties.append(language)


def _cover(document: Any, curriculum: Curriculum, words: Wording) -> None:
    from docx.shared import Pt

    for _ in range(4):  # push the title down the page, as a cover
        document.add_paragraph()
    document.add_heading(common.title(curriculum, words), level=0)
    for name, value in common.cover_facts(curriculum, words):
        paragraph = document.add_paragraph()
        label = paragraph.add_run(f"{name}: ")
        label.bold = True
        paragraph.add_run(value)
        for run in paragraph.runs:
            run.font.size = Pt(13)


def _table(document: Any, header: list[str], rows: list[list[str]], widths: tuple[float, ...] = ()) -> Any:
    from docx.shared import Inches, Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    # Fixed widths that fill the text block (6 inches): LibreOffice ignores cell widths alone.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Inches(width)
    for index, row in enumerate(table.rows):
        _keep_row_whole(row, header=index == 0)
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Inches(width)
        for cell in row.cells:  # 9 pt keeps the summary and its left-out list on one page
            for run in (r for paragraph in cell.paragraphs for r in paragraph.runs):
                run.font.size = Pt(9)
    return table


def _keep_row_whole(row: Any, header: bool) -> None:
    # Word and LibreOffice honour w:cantSplit: a row that does not fit moves to the next page
    # whole. w:tblHeader repeats the header row on every page the table spans.
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


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
