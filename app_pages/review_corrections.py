"""The Review page's fact corrections: propose one, and see every correction before and after, side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from advisor.catalogue import REGION
from advisor.errors import AdvisorError
from advisor.review.checks import MAX_TEXT
from advisor.review.corrections import correctable_facts, fact_before, propose_correction
from advisor.safe_text import escape_markdown
from advisor.views import t
from app_pages.review_decisions import draw_proposal_trail
from app_pages.review_shared import ReviewContext, said

if TYPE_CHECKING:
    from pathlib import Path

    from advisor.knowledge import Knowledge
    from advisor.review.store import Proposal


def draw_correction_section(ctx: ReviewContext, knowledge: Knowledge, knowledge_dir: Path) -> None:
    """The heading, the choice of the country's or the region's facts, then the corrections of that scope."""
    st.subheader(t(ctx.lang, "correct_heading"))
    # Region-wide facts change answers in every country: they need the ASEAN permission of their own.
    scope = ctx.country
    reviewer = ctx.reviewer
    if reviewer and reviewer.may_review(REGION) and st.toggle(t(ctx.lang, "region_scope"), key="region-scope"):
        scope = REGION
    facts = correctable_facts(knowledge, scope)  # once per page run, not per click
    can_correct = reviewer is not None and reviewer.may_review(scope)
    draw_corrections(ctx, knowledge, knowledge_dir, scope, facts, can_correct)


@st.fragment
def draw_corrections(
    ctx: ReviewContext, knowledge: Knowledge, knowledge_dir: Path, scope: str, facts: list[Any], can_correct: bool
) -> None:
    """The proposal form, then every correction of the scope: before and after side by side.

    One fragment, so a new proposal appears in the list without a full page run.
    """
    if can_correct:
        draw_proposal_form(ctx, knowledge, scope, facts)
    st.subheader(t(ctx.lang, "corrections_heading"))
    proposals = ctx.store.proposals(scope, "fact")  # translations have their own view
    if not proposals:
        st.caption(t(ctx.lang, "no_corrections"))
    for proposal in reversed(proposals):  # newest first
        with st.container(border=True, key=f"proposal-{proposal.id}"):
            draw_proposal(ctx, knowledge, knowledge_dir, proposal, can_correct)


def draw_proposal_form(ctx: ReviewContext, knowledge: Knowledge, scope: str, facts: list[Any]) -> None:
    """A correction of any of the country's facts; no fact is preselected."""
    lang = ctx.lang
    with st.form("correction", clear_on_submit=True, enter_to_submit=False):
        fact_id = st.selectbox(
            t(lang, "fact_to_correct"),
            [f.id for f in facts],
            index=None,  # never preselect: a correction must name the fact it replaces
            placeholder=t(lang, "choose_fact"),
            format_func=lambda i: f"{i}: {knowledge.facts_by_id[i].text[:90]}",
        )
        text = st.text_area(t(lang, "correction_text"), max_chars=MAX_TEXT)
        source = st.text_input(t(lang, "correction_source"), max_chars=500)
        if st.form_submit_button(t(lang, "propose")):
            try:
                propose_correction(ctx.store, knowledge, ctx.reviewer, scope, fact_id, text, source)  # type: ignore[arg-type]
                st.success(t(lang, "saved"), icon=":material/check:")
            except AdvisorError as error:
                st.error(said(lang, error))


def draw_proposal(
    ctx: ReviewContext, knowledge: Knowledge, knowledge_dir: Path, proposal: Proposal, can_correct: bool
) -> None:
    """One correction: what users see now beside what is proposed, both with their sources."""
    lang = ctx.lang
    st.markdown(f"**#{proposal.id}** `{escape_markdown(proposal.item)}` · {t(lang, f'status_{proposal.status}')}")
    before = fact_before(knowledge, proposal)
    now, proposed = st.columns(2)
    with now:
        st.markdown(f"**{t(lang, 'diff_now')}**")
        if before is None:
            st.caption(t(lang, "diff_missing"))
        else:
            st.markdown(escape_markdown(before.text))
            st.caption(f"{t(lang, 'diff_source')}: {escape_markdown(before.source_url)}")
    with proposed:
        st.markdown(f"**{t(lang, 'diff_proposed')}**")
        st.markdown(escape_markdown(proposal.text))  # a reviewer's words are text
        st.caption(f"{t(lang, 'diff_source')}: {escape_markdown(proposal.source_url)}")
    draw_proposal_trail(ctx, proposal, can_correct, knowledge, knowledge_dir)
