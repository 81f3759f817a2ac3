"""The Review page's queue: each standard or thumbs-down answer of the country, to approve, flag or correct.

Fast by construction: the queue's answers are computed once per knowledge version and country
(cached), and every click inside a queue item reruns only that item's fragment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from advisor.errors import AdvisorError
from advisor.review.checks import MAX_TEXT
from advisor.review.corrections import correctable_facts, propose_correction
from advisor.review.queue import QueueItem, build_queue
from advisor.safe_text import escape_markdown
from advisor.views import fact_markdown, t
from advisor.webapp import cached_standard_answers, feedback_store, review_languages_of
from app_pages.review_shared import ReviewContext, language_name, said

if TYPE_CHECKING:
    from advisor.knowledge import Knowledge

SIDE_BY_SIDE = "side-by-side"  # the answer switch's choice that shows every language at once


def draw_queue(ctx: ReviewContext, advisor: Any) -> None:
    """The queue's heading, then one expander per item, each open or closed as the reviewer left it."""
    knowledge = advisor.knowledge
    languages = review_languages_of(knowledge, ctx.country)
    answers = cached_standard_answers(knowledge.version, ctx.country, tuple(languages), advisor)
    queue = build_queue(advisor, ctx.store, feedback_store(), ctx.country, answers)
    st.subheader(t(ctx.lang, "queue_heading", count=len(queue)))
    own_fact_ids = {f.id for f in correctable_facts(knowledge, ctx.country)}  # once per page run, not per click
    for n, item in enumerate(queue):
        # A stable key keeps the item open across reruns whatever its status becomes.
        with st.expander(escape_markdown(item.question), key=f"item-{item.id}"):  # users' questions are text
            draw_item(ctx, knowledge, own_fact_ids, n, item)


def draw_item(ctx: ReviewContext, knowledge: Knowledge, own_fact_ids: set[str], n: int, item: QueueItem) -> None:
    """One queue item: the answer, its evidence and facts, then the reviewer's actions.

    The answer and the actions are two fragments of their own: switching the answer's language
    redraws only the answer, and an approve, flag or correction redraws only the buttons and the
    status, never the answer, the evidence or any other item.
    """
    lang = ctx.lang
    st.caption(escape_markdown(f"{item.id} · {item.source} · {item.role} · {item.answer.get('knowledge_version', '')}"))
    draw_answer(lang, n, item)
    st.markdown(f"**{t(lang, 'evidence')}**")
    competencies = item.answer.get("competencies", [])
    st.table(
        {
            "id": [c["id"] for c in competencies],
            "title": [c["title"] for c in competencies],
            "score": [f"{c['score']:.3f}" for c in competencies],
            "target": [c["target_level"] for c in competencies],
        }
    )
    st.markdown(f"**{t(lang, 'facts_used')}**")
    for fact in item.answer.get("country_context", []):
        st.markdown(fact_markdown(fact))
    draw_actions(ctx, knowledge, own_fact_ids, n, item)


@st.fragment
def draw_answer(lang: str, n: int, item: QueueItem) -> None:
    """The answer in one language at a time: the country's by default, English one click away."""
    codes = list(item.answers)  # the country's language(s) first, English last (review_languages)
    code = codes[0]
    if len(codes) > 1:
        # One answer drawn by default, not two: half the page to send and render, and a switch is a
        # small fragment run. "Side by side" puts every language next to the others to compare them.
        code = st.segmented_control(
            t(lang, "review_answer_language"), [*codes, SIDE_BY_SIDE], default=codes[0], required=True,
            format_func=lambda c: t(lang, "review_side_by_side") if c == SIDE_BY_SIDE else language_name(c),
            key=f"answer-lang-{n}",
        ) or codes[0]  # fmt: skip
    if code != SIDE_BY_SIDE:
        with st.container(height=320, key=f"answer-text-{n}"):
            st.markdown(item.answers[code].get("answer", ""))  # composed answer: user text already escaped
        return
    for column, shown in zip(st.columns(len(codes)), codes, strict=True):
        with column, st.container(height=420, key=f"answer-text-{n}-{shown}"):
            st.caption(language_name(shown))
            st.markdown(item.answers[shown].get("answer", ""))


@st.fragment
def draw_actions(ctx: ReviewContext, knowledge: Knowledge, own_fact_ids: set[str], n: int, item: QueueItem) -> None:
    """Approve, flag and correct, with the item's status: a click reruns only this, and answers beside itself."""
    lang = ctx.lang
    status_line = st.empty()  # filled last, so it shows the effect of a click in this same run
    if ctx.can_write:
        left, right = st.columns(2)
        with left:
            if st.button(t(lang, "approve"), key=f"approve-{n}", icon=":material/check:"):
                act(ctx, knowledge.version, item.id, "approve", "")
        with right, st.form(f"flag-{n}", clear_on_submit=True, enter_to_submit=False, border=False):
            reason = st.text_input(t(lang, "flag_reason"), key=f"reason-{n}", max_chars=MAX_TEXT)
            if st.form_submit_button(t(lang, "flag"), icon=":material/flag:"):
                act(ctx, knowledge.version, item.id, "flag", reason)
        draw_item_correction(ctx, knowledge, own_fact_ids, n, item)
    status, _ = ctx.store.status(ctx.country, item.id)  # this item's events only, not the whole country's
    status_line.markdown(f"**{t(lang, 'status')}:** {t(lang, f'status_{status}')}")


def act(ctx: ReviewContext, version: str, item_id: str, action: str, text: str) -> None:
    """Record an approve or flag and confirm it right here, beside the pressed button."""
    try:
        ctx.store.record(ctx.reviewer, ctx.country, item_id, action, version, text)  # type: ignore[arg-type]
    except AdvisorError as error:
        st.error(said(ctx.lang, error))
        return
    # Each action names itself, so a reviewer (and a test) never mistakes the last one's note for this one's.
    st.success(t(ctx.lang, f"saved_{action}"), icon=":material/check:")


def draw_item_correction(
    ctx: ReviewContext, knowledge: Knowledge, own_fact_ids: set[str], n: int, item: QueueItem
) -> None:
    """Propose a correction of one of the country's facts this answer used."""
    lang = ctx.lang
    used = [f["id"] for f in item.answer.get("country_context", []) if f.get("id") in own_fact_ids]
    if not used:
        return
    if not st.toggle(t(lang, "correct_from_item"), key=f"correct-open-{n}"):  # expanders cannot nest
        return
    with st.form(f"correct-{n}", clear_on_submit=True, enter_to_submit=False):
        fact_id = st.selectbox(
            t(lang, "fact_to_correct"), used, index=None, placeholder=t(lang, "choose_fact"),
            format_func=lambda i: f"{i}: {knowledge.facts_by_id[i].text[:90]}", key=f"correct-fact-{n}",
        )  # fmt: skip
        text = st.text_area(t(lang, "correction_text"), max_chars=MAX_TEXT, key=f"correct-text-{n}")
        source = st.text_input(t(lang, "correction_source"), max_chars=500, key=f"correct-source-{n}")
        if st.form_submit_button(t(lang, "propose")):
            try:
                propose_correction(ctx.store, knowledge, ctx.reviewer, ctx.country, fact_id, text, source, item.id)  # type: ignore[arg-type]
                st.success(t(lang, "saved"), icon=":material/check:")
            except AdvisorError as error:
                st.error(said(lang, error))
