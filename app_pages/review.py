"""Review: localisation reviewers check, approve, flag and correct what the advisor says per country."""

from __future__ import annotations

import os
import uuid

import streamlit as st

from advisor import i18n
from advisor.catalogue import COUNTRIES, REGION
from advisor.config import Settings
from advisor.errors import AdvisorError, BadInputError
from advisor.review.access import Reviewer, countries_for_email, parse_reviewer_keys, sign_in
from advisor.review.queue import build_queue, report, report_csv, report_markdown, stale_facts
from advisor.review.store import MAX_TEXT, approve_and_publish, correctable_facts, propose_correction
from advisor.safe_text import escape_markdown
from advisor.views import fact_markdown, t
from advisor.webapp import (
    Profile,
    advisor_or_stop,
    client_address,
    feedback_store,
    oidc_configured,
    review_store,
    sidebar_profile,
    sign_in_log,
)

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "nav_review"))
st.caption(t(lang, "review_intro"))
store = review_store()
session_id = st.session_state.setdefault("session_id", uuid.uuid4().hex)


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
                st.error(escape_markdown(error))
    return None


reviewer = current_reviewer()
if reviewer:
    countries_text = ", ".join(sorted(reviewer.countries))
    st.success(t(lang, "signed_in_as", name=escape_markdown(reviewer.name), countries=countries_text))

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


def act(item: str, action: str, text: str = "", source_url: str = "") -> None:
    """Record one action; errors become a message, never a traceback."""
    try:
        store.record(reviewer, country, item, action, version, text, source_url)  # type: ignore[arg-type]
        st.session_state.review_notice = ("success", t(lang, "saved"))
    except AdvisorError as error:
        st.session_state.review_notice = ("error", str(error))


if notice := st.session_state.pop("review_notice", None):
    getattr(st, notice[0])(escape_markdown(notice[1]))  # errors quote what was typed

stale = stale_facts(knowledge, country)
with st.expander(t(lang, "stale_heading", count=len(stale))):
    for fact in stale:
        st.markdown(fact_markdown(fact))

queue = build_queue(advisor, store, feedback_store(), country)  # the data folder of now, not of the cached advisor
st.subheader(t(lang, "queue_heading", count=len(queue)))
for n, item in enumerate(queue):
    with st.expander(escape_markdown(f"[{item.status}] {item.question}")):  # users' questions are text
        answer = item.answer
        st.caption(escape_markdown(f"{item.id} · {item.source} · {item.role} · {answer.get('knowledge_version', '')}"))
        st.markdown(f"**{t(lang, 'evidence')}**")
        st.table(
            {
                "id": [c["id"] for c in answer.get("competencies", [])],
                "title": [c["title"] for c in answer.get("competencies", [])],
                "score": [f"{c['score']:.3f}" for c in answer.get("competencies", [])],
                "target": [c["target_level"] for c in answer.get("competencies", [])],
            }
        )
        st.markdown(f"**{t(lang, 'facts_used')}**")
        for fact in answer.get("country_context", []):
            st.markdown(fact_markdown(fact))
        if can_write:
            left, right = st.columns(2)
            if left.button(t(lang, "approve"), key=f"approve-{n}"):
                act(item.id, "approve")
                st.rerun()
            reason = right.text_input(t(lang, "flag_reason"), key=f"reason-{n}", max_chars=MAX_TEXT)
            if right.button(t(lang, "flag"), key=f"flag-{n}"):
                act(item.id, "flag", reason)
                st.rerun()

st.subheader(t(lang, "correct_heading"))
# Region-wide facts change answers in every country: they need the ASEAN permission of their own.
scope = country
if reviewer and reviewer.may_review(REGION) and st.toggle(t(lang, "region_scope"), key="region-scope"):
    scope = REGION
facts = correctable_facts(knowledge, scope)
can_correct = reviewer is not None and reviewer.may_review(scope)
if can_correct:
    with st.form("correction", clear_on_submit=True, enter_to_submit=False):
        fact_id = st.selectbox(
            t(lang, "fact_to_correct"),
            [f.id for f in facts],
            index=None,  # never preselect: a correction must name the fact it replaces
            placeholder=t(lang, "choose_fact"),
            format_func=lambda i: f"{i}: {knowledge.facts_by_id[i].text[:90]}",
        )
        text = st.text_area(t(lang, "correction_text"), max_chars=4000)
        source = st.text_input(t(lang, "correction_source"), max_chars=500)
        if st.form_submit_button(t(lang, "propose")):
            try:
                if fact_id is None:
                    raise BadInputError(t(lang, "choose_fact"))
                propose_correction(store, knowledge, reviewer, scope, fact_id, text, source)  # type: ignore[arg-type]
                st.session_state.review_notice = ("success", t(lang, "saved"))
            except AdvisorError as error:
                st.session_state.review_notice = ("error", str(error))
            st.rerun()

st.subheader(t(lang, "corrections_heading"))
for correction in store.corrections(scope):
    action = correction.action
    st.text(
        f"#{action.id} {action.item} [{correction.status}] — {action.text} "
        f"({action.source_url or '—'}; {action.reviewer}, {action.created_at})"
    )
    if can_correct and correction.status == "proposed":
        left, right = st.columns(2)
        if left.button(t(lang, "approve_publish"), key=f"publish-{action.id}"):
            try:
                approve_and_publish(store, knowledge, advisor.settings.knowledge_dir, reviewer, scope, action.id)  # type: ignore[arg-type]
                st.session_state.review_notice = ("success", t(lang, "published"))
            except AdvisorError as error:
                st.session_state.review_notice = ("error", str(error))
            st.rerun()
        if right.button(t(lang, "reject"), key=f"reject-{action.id}"):
            store.decide_correction(reviewer, scope, action.id, False, version)  # type: ignore[arg-type]
            st.rerun()

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
