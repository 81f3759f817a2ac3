"""What the Review page tells about a country's review as a whole: stale facts, the history and the report downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from advisor.review.queue import report, report_csv, report_markdown, stale_facts
from advisor.safe_text import escape_markdown
from advisor.views import fact_markdown, t
from app_pages.review_shared import ReviewContext

if TYPE_CHECKING:
    from advisor.knowledge import Knowledge


def draw_stale_facts(lang: str, knowledge: Knowledge, country: str) -> None:
    """The country's facts not checked for a long time, folded away under their count."""
    stale = stale_facts(knowledge, country)
    with st.expander(t(lang, "stale_heading", count=len(stale))):
        for fact in stale:
            st.markdown(fact_markdown(fact))


def draw_history(ctx: ReviewContext) -> None:
    """Every review event of the country (approvals, flags, proposals, decisions), oldest first, folded away."""
    with st.expander(t(ctx.lang, "history_heading")):
        st.table(  # st.table renders Markdown in its cells: what reviewers typed is escaped
            [
                {
                    "when": a.created_at,
                    "who": escape_markdown(a.reviewer),
                    "item": escape_markdown(a.item),
                    "action": a.action,
                    "text": escape_markdown(a.text),
                    "version": a.knowledge_version,
                }
                for a in ctx.store.history(ctx.country)
            ]
            or [{"when": "", "who": "", "item": "", "action": "", "text": "", "version": ""}]
        )


def draw_report(ctx: ReviewContext, knowledge: Knowledge) -> None:
    """The review report downloads (coverage, translation coverage, corrections, stale facts)."""
    country = ctx.country
    data = report(knowledge, ctx.store, country)
    downloads = [("MD", report_markdown(data), "md", "text/markdown"), ("CSV", report_csv(data), "csv", "text/csv")]
    for column, (label, body, suffix, mime) in zip(st.columns(2), downloads, strict=True):
        column.download_button(
            t(ctx.lang, "report_download", format=label),
            body,
            file_name=f"review-{country}.{suffix}",
            mime=mime,
            key=f"report-{suffix}",
        )
