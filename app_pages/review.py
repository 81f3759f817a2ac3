"""Review: reviewers check what the advisor says per country; corrections need a second reviewer.

Fast by construction: the queue's answers are computed once per knowledge version and country
(cached), and every click inside a queue item or a correction reruns only that fragment.
"""

from __future__ import annotations

import os
import uuid

import streamlit as st

from advisor import i18n
from advisor.catalogue import COUNTRIES, REGION
from advisor.config import Settings
from advisor.errors import AdvisorError
from advisor.review.access import Reviewer, countries_for_email, parse_reviewer_keys, sign_in
from advisor.review.corrections import correctable_facts, fact_before, propose_correction, publish_correction
from advisor.review.queue import QueueItem, build_queue, report, report_csv, report_markdown, stale_facts
from advisor.review.refusals import message_in
from advisor.review.store import MAX_TEXT, Proposal
from advisor.safe_text import escape_markdown
from advisor.views import fact_markdown, t
from advisor.webapp import (
    Profile,
    advisor_or_stop,
    cached_standard_answers,
    client_address,
    feedback_store,
    oidc_configured,
    rebuild_state,
    review_languages_of,
    review_store,
    sidebar_profile,
    sign_in_log,
    start_rebuild_if_changed,
)

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "nav_review"))
st.caption(t(lang, "review_intro"))
store = review_store()
st.session_state.setdefault("session_id", uuid.uuid4().hex)


def said(error: Exception) -> str:
    """A refusal in the interface language, escaped: it may quote what was typed."""
    return escape_markdown(message_in(lang, error))


def confirm(key: str, message: str) -> None:
    """Rerun this fragment (its status and buttons change), then show ``message`` beside the button."""
    st.session_state[f"notice-{key}"] = message
    st.rerun(scope="fragment")


def show_confirmation(key: str) -> None:
    """The confirmation of the button just pressed, if any, drawn right where it is."""
    if message := st.session_state.pop(f"notice-{key}", None):
        st.success(message, icon=":material/check:")


def current_reviewer() -> Reviewer | None:
    """The signed-in reviewer: OIDC when configured, else the passphrase, else nobody."""
    if oidc_configured():
        if not st.user.is_logged_in:
            st.button(t(lang, "sign_in"), on_click=st.login)
            return None
        email = str(st.user.get("email", "reviewer"))
        st.button(t(lang, "sign_out"), on_click=st.logout)
        return Reviewer(email, countries_for_email(email, os.environ.get("ADVISOR_REVIEWER_COUNTRIES")))
    settings = Settings.from_env()
    keys = parse_reviewer_keys(settings.reviewer_key, settings.reviewer_shared_key)
    if not keys:
        st.info(t(lang, "read_only"))
        return None
    if reviewer := st.session_state.get("reviewer"):
        if st.button(t(lang, "sign_out"), key="sign-out"):
            del st.session_state["reviewer"]
            st.rerun()
        return reviewer
    with st.form("sign-in"):
        name = st.text_input(t(lang, "reviewer_name"), max_chars=40)
        passphrase = st.text_input(t(lang, "passphrase"), type="password", max_chars=200)
        if st.form_submit_button(t(lang, "sign_in")):
            try:
                st.session_state.reviewer = sign_in(name, passphrase, keys, sign_in_log(), client_address())
                st.rerun()
            except AdvisorError as error:
                st.error(said(error))
    return None


reviewer = current_reviewer()
if reviewer:
    countries_text = ", ".join(sorted(reviewer.countries))
    st.success(t(lang, "signed_in_as", name=escape_markdown(reviewer.name), countries=countries_text))
st.caption(t(lang, "four_eyes_on" if store.four_eyes else "four_eyes_off"))

countries = list(COUNTRIES)
country = st.selectbox(
    t(lang, "review_country"),
    countries,
    index=countries.index(profile.country),
    format_func=lambda c: i18n.country_name(lang, c),
    key="review-country",
)
can_write = reviewer is not None and reviewer.may_review(country)
if reviewer and not can_write:
    st.warning(t(lang, "not_your_country", countries=", ".join(sorted(reviewer.countries))))

advisor = advisor_or_stop(lang)
knowledge = advisor.knowledge
version = knowledge.version


def draw_rebuild() -> None:
    """Progress of the background rebuild after a publish, and a clear done state."""
    state = rebuild_state()
    if state.state == "running":
        st.progress(state.fraction, text=t(lang, "rebuild_running", done=state.done, total=state.total or "…",
                                           seconds=state.seconds))  # fmt: skip
    elif state.state == "done":
        st.success(t(lang, "rebuild_done", seconds=state.seconds), icon=":material/check_circle:")
    elif state.state == "failed":
        st.error(t(lang, "rebuild_failed", error=escape_markdown(state.error)))


# Poll every second only while a rebuild runs; otherwise this draws once per page run.
st.fragment(draw_rebuild, run_every=1.0 if rebuild_state().state == "running" else None)()

stale = stale_facts(knowledge, country)
with st.expander(t(lang, "stale_heading", count=len(stale))):
    for fact in stale:
        st.markdown(fact_markdown(fact))

languages = review_languages_of(knowledge, country)
answers = cached_standard_answers(version, country, tuple(languages), advisor)
queue = build_queue(advisor, store, feedback_store(), country, answers)
st.subheader(t(lang, "queue_heading", count=len(queue)))


def language_name(code: str) -> str:
    return str(i18n.locale(code)["name"])


@st.fragment
def draw_item(n: int, item: QueueItem) -> None:
    """One queue item; its buttons rerun only this fragment, and answer next to themselves."""
    st.caption(escape_markdown(f"{item.id} · {item.source} · {item.role} · {item.answer.get('knowledge_version', '')}"))
    status_line = st.empty()  # filled last, so it shows the effect of a click in this same run
    shown = list(item.answers)
    if len(shown) > 1:  # the country's language(s) and English side by side; reviewers can switch
        shown = st.segmented_control(
            t(lang, "review_languages"), shown, default=shown, selection_mode="multi", format_func=language_name,
            key=f"langs-{n}",
        ) or shown  # fmt: skip
    for column, code in zip(st.columns(len(shown)), shown, strict=True):
        with column:
            st.markdown(f"**{language_name(code)}**")
            with st.container(height=320):
                st.markdown(item.answers[code].get("answer", ""))  # composed answer: user text already escaped
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
    if can_write:
        left, right = st.columns(2)
        with left:
            if st.button(t(lang, "approve"), key=f"approve-{n}", icon=":material/check:"):
                act(item.id, "approve", "")
        with right, st.form(f"flag-{n}", clear_on_submit=True, enter_to_submit=False, border=False):
            reason = st.text_input(t(lang, "flag_reason"), key=f"reason-{n}", max_chars=MAX_TEXT)
            if st.form_submit_button(t(lang, "flag"), icon=":material/flag:"):
                act(item.id, "flag", reason)
        draw_item_correction(n, item)
    status = store.statuses(country).get(item.id, "pending")
    status_line.markdown(f"**{t(lang, 'status')}:** {t(lang, f'status_{status}')}")


def act(item_id: str, action: str, text: str) -> None:
    """Record an approve or flag and confirm it right here, beside the pressed button."""
    try:
        store.record(reviewer, country, item_id, action, version, text)  # type: ignore[arg-type]
    except AdvisorError as error:
        st.error(said(error))
        return
    st.success(t(lang, "saved"), icon=":material/check:")


def draw_item_correction(n: int, item: QueueItem) -> None:
    """Propose a correction of one of the country's facts this answer used."""
    own = {f.id for f in correctable_facts(knowledge, country)}
    used = [f["id"] for f in item.answer.get("country_context", []) if f.get("id") in own]
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
                propose_correction(store, knowledge, reviewer, country, fact_id, text, source, item.id)  # type: ignore[arg-type]
                st.success(t(lang, "saved"), icon=":material/check:")
            except AdvisorError as error:
                st.error(said(error))


for n, item in enumerate(queue):
    # A stable key keeps the item open across reruns whatever its status becomes.
    with st.expander(escape_markdown(item.question), key=f"item-{item.id}"):  # users' questions are text
        draw_item(n, item)

st.subheader(t(lang, "correct_heading"))
# Region-wide facts change answers in every country: they need the ASEAN permission of their own.
scope = country
if reviewer and reviewer.may_review(REGION) and st.toggle(t(lang, "region_scope"), key="region-scope"):
    scope = REGION
facts = correctable_facts(knowledge, scope)
can_correct = reviewer is not None and reviewer.may_review(scope)


def draw_proposal_form() -> None:
    """A correction of any of the country's facts; no fact is preselected."""
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
                propose_correction(store, knowledge, reviewer, scope, fact_id, text, source)  # type: ignore[arg-type]
                st.success(t(lang, "saved"), icon=":material/check:")
            except AdvisorError as error:
                st.error(said(error))


@st.fragment
def draw_corrections() -> None:
    """The proposal form, then every correction of the scope: before and after side by side.

    One fragment, so a new proposal appears in the list without a full page run.
    """
    if can_correct:
        draw_proposal_form()
    st.subheader(t(lang, "corrections_heading"))
    proposals = store.proposals(scope)
    if not proposals:
        st.caption(t(lang, "no_corrections"))
    for proposal in reversed(proposals):  # newest first
        with st.container(border=True, key=f"proposal-{proposal.id}"):
            draw_proposal(proposal)


def draw_proposal(proposal: Proposal) -> None:
    """One correction: what users see now beside what is proposed, both with their sources."""
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
    st.caption(t(lang, "proposed_by", name=escape_markdown(proposal.proposed_by), at=proposal.proposed_at))
    if proposal.approved_by:
        st.caption(t(lang, "approved_by", name=escape_markdown(proposal.approved_by), at=proposal.approved_at))
    if proposal.status == "published":
        show_confirmation(f"proposal-{proposal.id}")
    if can_correct and proposal.status in {"proposed", "approved"}:
        decide(proposal)


def decide(proposal: Proposal) -> None:
    """The buttons a reviewer may press on this correction, each confirming next to itself."""
    key = proposal.id
    left, right = st.columns(2)
    with left:
        if proposal.status == "proposed":
            compared = st.checkbox(t(lang, "confirm_compared"), key=f"compared-{key}")
            if st.button(t(lang, "approve_correction"), key=f"approve-proposal-{key}", disabled=not compared):
                try:
                    store.approve(reviewer, proposal.id, version)  # type: ignore[arg-type]
                except AdvisorError as error:
                    st.error(said(error))
                else:
                    confirm(f"proposal-{key}", t(lang, "approved_note"))
        else:
            show_confirmation(f"proposal-{key}")  # the approval just given, beside the publish button
            if st.button(t(lang, "publish"), key=f"publish-{key}", type="primary"):
                try:
                    publish_correction(store, knowledge, advisor.settings.knowledge_dir, reviewer, proposal.id)  # type: ignore[arg-type]
                except AdvisorError as error:
                    st.error(said(error))
                else:
                    start_rebuild_if_changed()  # returns at once: answers keep the old index until it is done
                    st.session_state[f"notice-proposal-{key}"] = t(lang, "published")
                    st.rerun()  # the whole page: the rebuild's progress appears at the top
    with right:
        if st.button(t(lang, "reject"), key=f"reject-{key}"):
            try:
                store.reject(reviewer, proposal.id, version)  # type: ignore[arg-type]
            except AdvisorError as error:
                st.error(said(error))
            else:
                st.rerun(scope="fragment")  # the status line says it is rejected


draw_corrections()

with st.expander(t(lang, "history_heading")):
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
            for a in store.history(country)
        ]
        or [{"when": "", "who": "", "item": "", "action": "", "text": "", "version": ""}]
    )

data = report(knowledge, store, country)
left, right = st.columns(2)
left.download_button(
    t(lang, "report_download", format="MD"),
    report_markdown(data),
    file_name=f"review-{country}.md",
    mime="text/markdown",
    key="report-md",
)
right.download_button(
    t(lang, "report_download", format="CSV"),
    report_csv(data),
    file_name=f"review-{country}.csv",
    mime="text/csv",
    key="report-csv",
)
