"""Review: reviewers check what the advisor says per country; corrections need a second reviewer.

Fast by construction: the queue's answers are computed once per knowledge version and country
(cached), and every click inside a queue item or a correction reruns only that fragment.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from advisor import i18n
from advisor.catalogue import COUNTRIES, REGION
from advisor.config import Settings
from advisor.errors import AdvisorError
from advisor.review.access import MAX_PASSPHRASE, Reviewer, countries_for_email, parse_reviewer_keys, sign_in
from advisor.review.checks import MAX_TEXT, TRANSLATION_REVIEW_LANGUAGES, languages_of
from advisor.review.corrections import correctable_facts, fact_before, propose_correction, publish_correction
from advisor.review.queue import QueueItem, build_queue, report, report_csv, report_markdown, stale_facts
from advisor.review.refusals import message_in
from advisor.review.store import Proposal
from advisor.review.translations import (
    ENTRY_KINDS,
    SINGLE_TEXT_KINDS,
    TranslationTarget,
    english_entry,
    english_text,
    entry_ids,
    field_text,
    parse_target,
    propose_translation,
    publish_translation,
    text_fields,
    translated_entry,
)
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


def confirm(key: str, message: str) -> None:
    """Rerun this fragment (its status and buttons change), then show ``message`` beside the button."""
    st.session_state[f"notice-{key}"] = message
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # a full run rather than a fragment's (AppTest runs whole scripts)
        st.rerun()


def show_confirmation(key: str) -> None:
    """The confirmation of the button just pressed, if any, drawn right where it is."""
    if message := st.session_state.pop(f"notice-{key}", None):
        st.success(message, icon=":material/check:")


def said(error: Exception) -> str:
    """A refusal in the interface language, escaped: it may quote what was typed."""
    return escape_markdown(message_in(lang, error))


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
        passphrase = st.text_input(t(lang, "passphrase"), type="password", max_chars=MAX_PASSPHRASE)
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


def language_name(code: str) -> str:
    return str(i18n.locale(code)["name"])


def draw_report(knowledge: object) -> None:
    """The review report downloads (coverage, translation coverage, corrections, stale facts)."""
    data = report(knowledge, store, country)  # type: ignore[arg-type]
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


def publish_any(proposal: Proposal, knowledge: object, knowledge_dir: object) -> None:
    """Publish a fact correction or a translation: the same validated, atomic step."""
    publish = publish_translation if proposal.kind == "translation" else publish_correction
    publish(store, knowledge, knowledge_dir, reviewer, proposal.id)  # type: ignore[arg-type]


@st.fragment
def draw_translations(knowledge: object) -> None:
    """The translations of the country's languages: English and translation side by side, approve or correct."""
    st.subheader(t(lang, "translations_heading"))
    st.caption(t(lang, "translations_intro"))
    languages = [code for code in TRANSLATION_REVIEW_LANGUAGES.get(country, ()) if code != "en"]
    if not languages:
        st.info(t(lang, "no_translation_languages"))
        return
    language = st.selectbox(t(lang, "translation_language"), languages, format_func=language_name, key="tr-lang")
    may = reviewer is not None and reviewer.may_review(country) and language in languages_of(reviewer)
    if reviewer and not may:
        st.warning(t(lang, "not_your_language", allowed=", ".join(languages_of(reviewer)) or "-"))
    kind = st.selectbox(
        t(lang, "translation_kind"), list(ENTRY_KINDS), format_func=lambda k: t(lang, f"kind_{k}"), key="tr-kind"
    )
    ids = entry_ids(knowledge, kind)

    def label(entry_id: str) -> str:
        found = translated_entry(knowledge, TranslationTarget(language, kind, entry_id))
        status = t(lang, f"status_{found.status}") if found else "-"
        english = english_entry(knowledge, kind, entry_id)
        title = getattr(english, "title", None) or getattr(english, "text", "")
        return f"{entry_id} · {status} · {title[:70]}"

    entry_id = st.selectbox(  # never preselected: the reviewer picks what they read
        t(lang, "translation_entry"), ids, index=None, placeholder=t(lang, "choose_entry"), format_func=label,
        key=f"tr-entry-{language}-{kind}",
    )  # fmt: skip
    if entry_id:
        draw_translation_entry(knowledge, TranslationTarget(language, kind, entry_id), may)
    st.markdown(f"**{t(lang, 'translation_proposals')}** ({language_name(language)})")
    proposals = store.translation_proposals(language)
    if not proposals:
        st.caption(t(lang, "no_translation_proposals"))
    for proposal in reversed(proposals):  # newest first
        with st.container(border=True, key=f"tr-proposal-{proposal.id}"):
            draw_translation_proposal(knowledge, proposal, may)


def draw_translation_entry(knowledge: object, target: TranslationTarget, may: bool) -> None:
    """English and the translation side by side, field by field, then approve as is or correct."""
    english = english_entry(knowledge, target.kind, target.entry_id)
    translated = translated_entry(knowledge, target)
    if translated is None:
        st.caption(t(lang, "refused_no_translation", target=str(target)))
        return
    status = t(lang, "translation_status", status=t(lang, f"status_{translated.status}"))
    if translated.status == "reviewed":
        status += " · " + t(lang, "reviewed_by_on", name=escape_markdown(translated.reviewed_by or ""),
                            on=translated.reviewed_on)  # fmt: skip
    st.markdown(f"**{status}**")
    fields = text_fields(translated)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t(lang, 'english_original')}**")
        with st.container(height=360):
            for field in fields:
                st.caption(field)
                st.markdown(escape_markdown(english_text(english, field)))
    with right:
        st.markdown(f"**{language_name(target.language)}**")
        with st.container(height=360):
            for field in fields:
                st.caption(field)
                st.markdown(escape_markdown(field_text(translated, field) or ""))
    if not may:
        return
    key = target.entry.replace(":", "-")
    read = st.checkbox(t(lang, "confirm_read_translation"), key=f"tr-read-{key}")
    if st.button(t(lang, "propose_as_is"), key=f"tr-asis-{key}", disabled=not read, icon=":material/check:"):
        try:
            propose_translation(store, knowledge, reviewer, country, target.entry)  # type: ignore[arg-type]
        except AdvisorError as error:
            st.error(said(error))
        else:
            st.success(t(lang, "saved"), icon=":material/check:")  # beside the button
    with st.form(f"tr-correct-{key}", clear_on_submit=True, enter_to_submit=False):
        field = st.selectbox(
            t(lang, "translation_field"), fields, index=None, placeholder=t(lang, "choose_field"),
            key=f"tr-field-{key}",
        )  # fmt: skip
        text = st.text_area(t(lang, "translation_text"), max_chars=MAX_TEXT, key=f"tr-text-{key}")
        factual = st.checkbox(t(lang, "factual_change"), key=f"tr-factual-{key}")
        source = st.text_input(t(lang, "correction_source"), max_chars=500, key=f"tr-source-{key}")
        if st.form_submit_button(t(lang, "propose_translation")):
            wanted = f"{target.entry}:{field}" if field else target.entry
            if not field and target.kind not in SINGLE_TEXT_KINDS:  # one text: no part to choose
                st.error(t(lang, "refused_choose_field"))
            else:
                try:
                    propose_translation(store, knowledge, reviewer, country, wanted, text, source, factual)  # type: ignore[arg-type]
                except AdvisorError as error:
                    st.error(said(error))
                else:
                    st.success(t(lang, "saved"), icon=":material/check:")


def draw_proposal_trail(proposal: Proposal, may: bool, knowledge: object, knowledge_dir: Path) -> None:
    """Who proposed and approved a proposal, its publish confirmation, then the decision buttons."""
    st.caption(t(lang, "proposed_by", name=escape_markdown(proposal.proposed_by), at=proposal.proposed_at))
    if proposal.approved_by:
        st.caption(t(lang, "approved_by", name=escape_markdown(proposal.approved_by), at=proposal.approved_at))
    if proposal.status == "published":
        show_confirmation(f"proposal-{proposal.id}")
    if may and proposal.status in {"proposed", "approved"}:
        decide(proposal, knowledge, knowledge_dir)


def draw_translation_proposal(knowledge: object, proposal: Proposal, may: bool) -> None:
    """One translation proposal: the translation now beside the proposed text, then its buttons."""
    st.markdown(f"**#{proposal.id}** `{escape_markdown(proposal.target)}` · {t(lang, f'status_{proposal.status}')}")
    target = parse_target(proposal.target)
    now, proposed = st.columns(2)
    with now:
        st.markdown(f"**{t(lang, 'diff_now')}**")
        entry = translated_entry(knowledge, target)
        st.markdown(escape_markdown(field_text(entry, target.field) or "") if entry and target.field else "")
    with proposed:
        st.markdown(f"**{t(lang, 'diff_proposed')}**")
        st.markdown(escape_markdown(proposal.text) if proposal.text else f"*{t(lang, 'as_is')}*")
        if proposal.source_url:
            st.caption(f"{t(lang, 'diff_source')}: {escape_markdown(proposal.source_url)}")
    draw_proposal_trail(proposal, may, knowledge, Settings.from_env().knowledge_dir)  # no advisor in this view


def decide(proposal: Proposal, knowledge: object, knowledge_dir: object) -> None:
    """The buttons a reviewer may press on this proposal, each confirming next to itself."""
    key = proposal.id
    left, right = st.columns(2)
    with left:
        if proposal.status == "proposed":
            compared = st.checkbox(t(lang, "confirm_compared"), key=f"compared-{key}")
            if st.button(t(lang, "approve_correction"), key=f"approve-proposal-{key}", disabled=not compared):
                try:
                    store.approve(reviewer, proposal.id, knowledge.version)  # type: ignore[arg-type,attr-defined]
                except AdvisorError as error:
                    st.error(said(error))
                else:
                    confirm(f"proposal-{key}", t(lang, "approved_note"))
        else:
            show_confirmation(f"proposal-{key}")  # the approval just given, beside the publish button
            if st.button(t(lang, "publish"), key=f"publish-{key}", type="primary"):
                try:
                    publish_any(proposal, knowledge, knowledge_dir)
                except AdvisorError as error:
                    st.error(said(error))
                else:
                    start_rebuild_if_changed()  # returns at once: answers keep the old index until it is done
                    st.session_state[f"notice-proposal-{key}"] = t(lang, "published")
                    st.rerun()  # the whole page: the rebuild's progress appears at the top
    with right:
        if st.button(t(lang, "reject"), key=f"reject-{key}"):
            try:
                store.reject(reviewer, proposal.id, knowledge.version)  # type: ignore[arg-type,attr-defined]
            except AdvisorError as error:
                st.error(said(error))
            else:
                st.rerun(scope="fragment")  # the status line says it is rejected


view = st.segmented_control(
    t(lang, "review_view"), ["queue", "translations"], default="queue", format_func=lambda v: t(lang, f"view_{v}"),
    key="review-view",
) or "queue"  # fmt: skip
if view == "translations":
    # Only the knowledge: the translation view never needs the model or the queue's answers.
    translations_knowledge = advisor_or_stop(lang, knowledge_only=True)
    draw_translations(translations_knowledge)
    draw_report(translations_knowledge)
    st.stop()

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
own_fact_ids = {f.id for f in correctable_facts(knowledge, country)}  # once per page run, not per click


def draw_item(n: int, item: QueueItem) -> None:
    """One queue item: the answer, its evidence and facts, then the reviewer's actions.

    The answer and the actions are two fragments of their own: switching the answer's language
    redraws only the answer, and an approve, flag or correction redraws only the buttons and the
    status, never the answer, the evidence or any other item.
    """
    st.caption(escape_markdown(f"{item.id} · {item.source} · {item.role} · {item.answer.get('knowledge_version', '')}"))
    draw_answer(n, item)
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
    draw_actions(n, item)


SIDE_BY_SIDE = "side-by-side"  # the answer switch's choice that shows every language at once


@st.fragment
def draw_answer(n: int, item: QueueItem) -> None:
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
def draw_actions(n: int, item: QueueItem) -> None:
    """Approve, flag and correct, with the item's status: a click reruns only this, and answers beside itself."""
    status_line = st.empty()  # filled last, so it shows the effect of a click in this same run
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
    status, _ = store.status(country, item.id)  # this item's events only, not the whole country's
    status_line.markdown(f"**{t(lang, 'status')}:** {t(lang, f'status_{status}')}")


def act(item_id: str, action: str, text: str) -> None:
    """Record an approve or flag and confirm it right here, beside the pressed button."""
    try:
        store.record(reviewer, country, item_id, action, version, text)  # type: ignore[arg-type]
    except AdvisorError as error:
        st.error(said(error))
        return
    # Each action names itself, so a reviewer (and a test) never mistakes the last one's note for this one's.
    st.success(t(lang, f"saved_{action}"), icon=":material/check:")


def draw_item_correction(n: int, item: QueueItem) -> None:
    """Propose a correction of one of the country's facts this answer used."""
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
    proposals = store.proposals(scope, "fact")  # translations have their own view
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
    draw_proposal_trail(proposal, can_correct, knowledge, advisor.settings.knowledge_dir)


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

draw_report(knowledge)
