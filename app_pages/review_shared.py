"""What every part of the Review page uses: who reviews which country, sign-in, confirmations, refusals."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.errors import StreamlitAPIException

from advisor import i18n
from advisor.config import Settings
from advisor.errors import AdvisorError
from advisor.review.access import MAX_PASSPHRASE, Reviewer, countries_for_email, parse_reviewer_keys, sign_in
from advisor.review.refusals import message_in
from advisor.safe_text import escape_markdown
from advisor.views import t
from advisor.webapp import client_address, oidc_configured, sign_in_log

if TYPE_CHECKING:
    from advisor.review.store import ReviewStore


@dataclass(frozen=True)
class ReviewContext:
    """One run of the Review page: the interface language, the store, who is signed in, the chosen country.

    The parts of the page take it as an argument; a fragment's rerun calls the fragment with the
    same arguments, so it sees what the page run that drew it saw.
    """

    lang: str
    store: ReviewStore
    reviewer: Reviewer | None
    country: str

    @property
    def can_write(self) -> bool:
        """Whether the signed-in reviewer may approve, flag and correct for the chosen country."""
        return self.reviewer is not None and self.reviewer.may_review(self.country)


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


def said(lang: str, error: Exception) -> str:
    """A refusal in the interface language, escaped: it may quote what was typed."""
    return escape_markdown(message_in(lang, error))


def language_name(code: str) -> str:
    """A language's name for itself, from its locale file (English's for a language without one)."""
    return str(i18n.locale(code)["name"])


def current_reviewer(lang: str) -> Reviewer | None:
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
                st.error(said(lang, error))
    return None
