"""The Review page's translations view: English and a translation side by side, approve as is or correct."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from advisor.config import Settings
from advisor.errors import AdvisorError
from advisor.review.checks import MAX_TEXT, TRANSLATION_REVIEW_LANGUAGES, languages_of
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
    text_fields,
    translated_entry,
)
from advisor.safe_text import escape_markdown
from advisor.views import t
from app_pages.review_decisions import draw_proposal_trail
from app_pages.review_shared import ReviewContext, language_name, said

if TYPE_CHECKING:
    from advisor.knowledge import Knowledge
    from advisor.review.store import Proposal


@st.fragment
def draw_translations(ctx: ReviewContext, knowledge: Knowledge) -> None:
    """The translations of the country's languages: English and translation side by side, approve or correct."""
    lang, reviewer = ctx.lang, ctx.reviewer
    st.subheader(t(lang, "translations_heading"))
    st.caption(t(lang, "translations_intro"))
    languages = [code for code in TRANSLATION_REVIEW_LANGUAGES.get(ctx.country, ()) if code != "en"]
    if not languages:
        st.info(t(lang, "no_translation_languages"))
        return
    language = st.selectbox(t(lang, "translation_language"), languages, format_func=language_name, key="tr-lang")
    may = reviewer is not None and reviewer.may_review(ctx.country) and language in languages_of(reviewer)
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
        draw_translation_entry(ctx, knowledge, TranslationTarget(language, kind, entry_id), may)
    st.markdown(f"**{t(lang, 'translation_proposals')}** ({language_name(language)})")
    proposals = ctx.store.translation_proposals(language)
    if not proposals:
        st.caption(t(lang, "no_translation_proposals"))
    for proposal in reversed(proposals):  # newest first
        with st.container(border=True, key=f"tr-proposal-{proposal.id}"):
            draw_translation_proposal(ctx, knowledge, proposal, may)


def draw_translation_entry(ctx: ReviewContext, knowledge: Knowledge, target: TranslationTarget, may: bool) -> None:
    """English and the translation side by side, field by field, then approve as is or correct."""
    lang = ctx.lang
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
    draw_side_by_side(lang, target.language, english, translated, fields)
    if may:
        draw_translation_actions(ctx, knowledge, target, fields)


def draw_side_by_side(lang: str, language: str, english: Any, translated: Any, fields: list[str]) -> None:
    """The English original and the translation in two columns, one text per field."""
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t(lang, 'english_original')}**")
        with st.container(height=360):
            for field in fields:
                st.caption(field)
                st.markdown(escape_markdown(english_text(english, field)))
    with right:
        st.markdown(f"**{language_name(language)}**")
        with st.container(height=360):
            for field in fields:
                st.caption(field)
                st.markdown(escape_markdown(field_text(translated, field) or ""))


def draw_translation_actions(
    ctx: ReviewContext, knowledge: Knowledge, target: TranslationTarget, fields: list[str]
) -> None:
    """Propose the translation as it is (once read in full), or a corrected text of one of its fields."""
    lang, store, reviewer, country = ctx.lang, ctx.store, ctx.reviewer, ctx.country
    key = target.entry.replace(":", "-")
    read = st.checkbox(t(lang, "confirm_read_translation"), key=f"tr-read-{key}")
    if st.button(t(lang, "propose_as_is"), key=f"tr-asis-{key}", disabled=not read, icon=":material/check:"):
        try:
            propose_translation(store, knowledge, reviewer, country, target.entry)  # type: ignore[arg-type]
        except AdvisorError as error:
            st.error(said(lang, error))
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
                    st.error(said(lang, error))
                else:
                    st.success(t(lang, "saved"), icon=":material/check:")


def draw_translation_proposal(ctx: ReviewContext, knowledge: Knowledge, proposal: Proposal, may: bool) -> None:
    """One translation proposal: the translation now beside the proposed text, then its buttons."""
    lang = ctx.lang
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
    draw_proposal_trail(ctx, proposal, may, knowledge, Settings.from_env().knowledge_dir)  # no advisor in this view
