"""The answer as Markdown: the reply, framed and cited items, and a numbered sources list."""

from __future__ import annotations

from advisor import i18n
from advisor.answer import (
    Answer,
)
from advisor.answers.glosses import context_lines, insight_lines
from advisor.safe_text import escape_markdown


def render_markdown(answer: Answer) -> str:
    """The answer as Markdown: framing, cited items, and a numbered sources list."""
    lang = answer.query.interface_language
    country = i18n.country_name(lang, answer.query.country)
    lines = [answer.summary, "", "---", ""] if answer.summary else []
    lines += [
        i18n.text(lang, "answer.intro", role=i18n.role_name(lang, answer.query.role), country=country),
        "",
    ]
    if answer.understood_as:
        understood = escape_markdown(answer.understood_as)  # the user's own words: text, never markup
        lines[:0] = [f"_{i18n.text(lang, 'answer.followup_understood', question=understood)}_", ""]
    for n, c in enumerate(answer.competencies, start=1):
        level = (
            " — "
            + i18n.text(lang, "answer.target", level=c.target_level, level_name=i18n.level_name(lang, c.target_level))
            if c.target_level
            else ""
        )
        lines.append(f"{n}. **{c.title}** ({c.id}){level}. {c.why} [{c.cite}]")
    lines += ["", f"**{i18n.text(lang, 'answer.learning_heading', country=country)}**"]
    in_own = [r for r in answer.learning if lang != "en" and lang in r.languages]
    if in_own:
        language = i18n.LANGUAGE_ENDONYMS.get(lang, lang)
        lines.append(i18n.text(lang, "answer.learning_in_language", count=len(in_own), language_name=language))
    if answer.learning:
        for r in answer.learning:
            meta = " · ".join([r.provider, ", ".join(r.languages), r.cost_label or r.cost, f"L{r.level}"])
            lines.append(f"- [{r.title}]({r.url}) — {meta} [{r.cite}]")
    else:
        lines.append(f"- {i18n.text(lang, 'answer.no_learning', country=country)}")
    lines += ["", f"**{i18n.text(lang, 'answer.context_heading', country=country)}**"]
    # Facts (reviewers' corrections among them, escaped) and voices: glossed, or marked English.
    lines += context_lines(answer)
    if answer.insights:
        lines += ["", f"**{i18n.text(lang, 'answer.insights_heading')}**", *insight_lines(answer)]
    if answer.confidence == "low":
        lines += ["", f"_{i18n.text(lang, 'answer.low_confidence')}_"]
        lines += [f"- {suggestion}" for suggestion in answer.suggestions]
    lines += ["", f"**{i18n.text(lang, 'answer.sources_heading')}**"]
    lines += [f"- [{key}] [{title}]({url})" for key, title, url in answer.citations()]
    return "\n".join(lines)
