"""The second reviewer's decision on a proposal (a fact or a translation), and the rebuild a publish starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from advisor.errors import AdvisorError
from advisor.review.corrections import publish_correction
from advisor.review.translations import publish_translation
from advisor.safe_text import escape_markdown
from advisor.views import t
from advisor.webapp import rebuild_state, start_rebuild_if_changed
from app_pages.review_shared import ReviewContext, confirm, said, show_confirmation

if TYPE_CHECKING:
    from pathlib import Path

    from advisor.knowledge import Knowledge
    from advisor.review.store import Proposal


def draw_proposal_trail(
    ctx: ReviewContext, proposal: Proposal, may: bool, knowledge: Knowledge, knowledge_dir: Path
) -> None:
    """Who proposed and approved a proposal, its publish confirmation, then the decision buttons."""
    lang = ctx.lang
    st.caption(t(lang, "proposed_by", name=escape_markdown(proposal.proposed_by), at=proposal.proposed_at))
    if proposal.approved_by:
        st.caption(t(lang, "approved_by", name=escape_markdown(proposal.approved_by), at=proposal.approved_at))
    if proposal.status == "published":
        show_confirmation(f"proposal-{proposal.id}")
    if may and proposal.status in {"proposed", "approved"}:
        decide(ctx, proposal, knowledge, knowledge_dir)


def decide(ctx: ReviewContext, proposal: Proposal, knowledge: Knowledge, knowledge_dir: Path) -> None:
    """The buttons a reviewer may press on this proposal, each confirming next to itself."""
    lang, store, key = ctx.lang, ctx.store, proposal.id
    left, right = st.columns(2)
    with left:
        if proposal.status == "proposed":
            compared = st.checkbox(t(lang, "confirm_compared"), key=f"compared-{key}")
            if st.button(t(lang, "approve_correction"), key=f"approve-proposal-{key}", disabled=not compared):
                try:
                    store.approve(ctx.reviewer, proposal.id, knowledge.version)  # type: ignore[arg-type]
                except AdvisorError as error:
                    st.error(said(lang, error))
                else:
                    confirm(f"proposal-{key}", t(lang, "approved_note"))
        else:
            show_confirmation(f"proposal-{key}")  # the approval just given, beside the publish button
            if st.button(t(lang, "publish"), key=f"publish-{key}", type="primary"):
                try:
                    publish_any(ctx, proposal, knowledge, knowledge_dir)
                except AdvisorError as error:
                    st.error(said(lang, error))
                else:
                    start_rebuild_if_changed()  # returns at once: answers keep the old index until it is done
                    st.session_state[f"notice-proposal-{key}"] = t(lang, "published")
                    st.rerun()  # the whole page: the rebuild's progress appears at the top
    with right:
        if st.button(t(lang, "reject"), key=f"reject-{key}"):
            try:
                store.reject(ctx.reviewer, proposal.id, knowledge.version)  # type: ignore[arg-type]
            except AdvisorError as error:
                st.error(said(lang, error))
            else:
                st.rerun(scope="fragment")  # the status line says it is rejected


def publish_any(ctx: ReviewContext, proposal: Proposal, knowledge: Knowledge, knowledge_dir: Path) -> None:
    """Publish a fact correction or a translation: the same validated, atomic step."""
    publish = publish_translation if proposal.kind == "translation" else publish_correction
    publish(ctx.store, knowledge, knowledge_dir, ctx.reviewer, proposal.id)  # type: ignore[arg-type]


def draw_rebuild(lang: str) -> None:
    """Progress of the background rebuild after a publish, and a clear done state."""
    state = rebuild_state()
    if state.state == "running":
        st.progress(state.fraction, text=t(lang, "rebuild_running", done=state.done, total=state.total or "…",
                                           seconds=state.seconds))  # fmt: skip
    elif state.state == "done":
        st.success(t(lang, "rebuild_done", seconds=state.seconds), icon=":material/check_circle:")
    elif state.state == "failed":
        st.error(t(lang, "rebuild_failed", error=escape_markdown(state.error)))


def draw_rebuild_progress(lang: str) -> None:
    """The rebuild's state as a fragment of its own, so polling it never reruns the page."""
    # Poll every second only while a rebuild runs; otherwise this draws once per page run.
    st.fragment(draw_rebuild, run_every=1.0 if rebuild_state().state == "running" else None)(lang)
