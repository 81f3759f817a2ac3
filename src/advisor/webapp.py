"""Streamlit glue shared by the pages: loading once per process, the profile, the strings.

Only what every page needs to render lives here; the pages themselves draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from advisor.catalogue import COUNTRIES, ROLES
from advisor.config import Settings
from advisor.feedback import FeedbackStore
from advisor.i18n import INTERFACE_LANGUAGES, locale
from advisor.safe_text import escape_markdown
from advisor.views import t

DEFAULT_ROLE = "policy-maker"
DEFAULT_COUNTRY = "TH"


@dataclass(frozen=True)
class Profile:
    """Who is asking: chosen in the sidebar."""

    role: str
    country: str
    level: int | None
    lang: str


@st.cache_resource(show_spinner=False, max_entries=1)
def live_advisor(knowledge_dir: str = "", index_dir: str = "") -> Any:
    """The process's :class:`~advisor.live.LiveAdvisor` for these folders: loaded once, warmed up.

    A published correction changes the knowledge files; the next page run notices and starts a
    background rebuild, while every page keeps answering with the advisor in use.
    """
    import threading

    from advisor.language import tokenize
    from advisor.live import LiveAdvisor

    live = LiveAdvisor.from_settings(Settings.from_env())
    # The Thai segmenter takes seconds to load: load it beside the page, not in a user's first
    # Thai question.
    threading.Thread(target=tokenize, args=("ภาษาไทย",), name="thai-warm-up", daemon=True).start()
    return live


@st.cache_resource(show_spinner=False, max_entries=1)
def load_knowledge_only(fingerprint: str = "") -> Any:
    """The validated knowledge without the model (pages that only read the knowledge)."""
    from advisor.stores.published import load_current_knowledge

    return load_current_knowledge(Settings.from_env(), fallback=True)  # the files plus the published corrections


def _live() -> Any:
    settings = Settings.from_env()
    return live_advisor(str(settings.knowledge_dir), str(settings.index_dir))


def start_rebuild_if_changed() -> None:
    """After a publish through this process: read the published version and start the background rebuild now.

    Other replicas notice the publish on their next poll (``ADVISOR_VERSION_POLL_SECONDS``).
    """
    _published_version().expire()
    _live().refresh(now=True)


def rebuild_state() -> Any:
    """Where the background rebuild stands (:class:`~advisor.live.RebuildState`)."""
    return _live().state()


@st.cache_data(show_spinner=False, max_entries=48)
def cached_standard_answers(
    knowledge_version: str, country: str, languages: tuple[str, ...], _advisor: Any
) -> dict[str, dict[str, dict[str, Any]]]:
    """The review queue's answers, computed once per knowledge version, country and languages.

    The advisor is left out of the key (its knowledge version is in it), so clicks never re-answer.
    """
    from advisor.review.queue import standard_answers

    return standard_answers(_advisor, country, list(languages))


def review_languages_of(knowledge: Any, country: str) -> list[str]:
    """The languages a queue item is shown in (the country's own, then English)."""
    from advisor.review.queue import review_languages

    return review_languages(knowledge, country)


@st.cache_resource(show_spinner=False)
def _published_version() -> Any:
    """The published version, read from the database at most every ``ADVISOR_VERSION_POLL_SECONDS``."""
    from advisor.live import PolledValue
    from advisor.stores.published import published_version

    settings = Settings.from_env()
    return PolledValue(lambda: published_version(settings), settings.version_poll_seconds)


def current_fingerprint() -> str:
    """A cheap key of the knowledge, checked on every page run: the files, and the published version (polled)."""
    from advisor.knowledge import knowledge_fingerprint

    return f"{knowledge_fingerprint(Settings.from_env().knowledge_dir)}:{_published_version()()}"


@st.cache_resource(show_spinner=False)
def feedback_store() -> FeedbackStore:
    """The durable feedback store (``ADVISOR_DATABASE_URL``, else SQLite in ``ADVISOR_DATA_DIR``)."""
    return FeedbackStore.from_settings(Settings.from_env())


def save_feedback(answer: dict[str, Any], rating: int, comment: str, lang: str) -> int | None:
    """Store a thumb (and comment) now; the id for :func:`save_comment`, or None when not saved.

    While the database is down the page says "feedback could not be saved, try again" in
    ``lang`` and goes on: answers do not need the database.
    """
    from advisor.stores.database import StoreUnavailableError

    try:
        return feedback_store().record(answer, rating, comment)
    except StoreUnavailableError:
        st.error(t(lang, "feedback_unsaved"), icon=":material/cloud_off:")
        return None


def save_comment(record_id: int, comment: str, lang: str) -> bool:
    """Add a comment to a saved thumb; False (with the same message) when the database is down."""
    from advisor.stores.database import StoreUnavailableError

    try:
        feedback_store().set_comment(record_id, comment)
    except StoreUnavailableError:
        st.error(t(lang, "feedback_unsaved"), icon=":material/cloud_off:")
        return False
    return True


@st.cache_resource(show_spinner=False)
def chat_history() -> Any:
    """The durable chat history (``ADVISOR_DATABASE_URL``, else SQLite in ``ADVISOR_DATA_DIR``)."""
    from advisor.stores.chat import ChatHistory

    return ChatHistory.from_settings(Settings.from_env())


def chat_history_or_none() -> Any:
    """The chat history, or ``None`` while its database is down (answers go on, unkept)."""
    from advisor.stores.database import StoreUnavailableError

    try:
        return chat_history()
    except StoreUnavailableError:
        return None


def chat_session_id() -> str:
    """This chat's id, kept in the page URL (``?chat=...``) so that a reload finds the chat again."""
    from advisor.stores.chat import check_session_id, new_session_id

    current = st.query_params.get("chat")
    try:
        return check_session_id(current)
    except Exception:  # missing or malformed: start a new chat under a fresh id
        fresh = new_session_id()
        st.query_params["chat"] = fresh
        return fresh


@st.cache_resource(show_spinner=False)
def review_store() -> Any:
    """The durable review store (``ADVISOR_DATABASE_URL``, else SQLite in ``ADVISOR_DATA_DIR``)."""
    from advisor.review.store import ReviewStore

    return ReviewStore.from_settings(Settings.from_env())


@st.cache_resource(show_spinner=False)
def sign_in_log() -> Any:
    """Sign-in attempts, stored durably and shared by replicas (a reload changes nothing)."""
    from advisor.review.attempts import SignInLog

    return SignInLog.from_settings(Settings.from_env())


def client_address() -> str:
    """Who is asking, as far as the server can tell: the proxy's forwarded address, else the peer's."""
    # Trust the forwarded header only behind our own proxy: a client could set it to anything.
    if Settings.from_env().trust_proxy and st.context.headers:
        forwarded = st.context.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:64]  # the address our proxy saw
    return str(getattr(st.context, "ip_address", None) or "local")


def oidc_configured() -> bool:
    """Whether ``st.login`` has an OIDC provider in ``.streamlit/secrets.toml``."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def advisor_or_stop(lang: str, knowledge_only: bool = False) -> Any:
    """The loaded advisor (or only its knowledge), or a friendly error that ends the page."""
    from advisor.errors import AdvisorError

    try:
        with st.spinner(t(lang, "loading")):
            if knowledge_only:
                return load_knowledge_only(current_fingerprint())
            live = _live()
            live.refresh()  # starts a background rebuild if a correction was published: never waits for it
            return live.current()
    except AdvisorError as error:
        st.error(t(lang, "load_error", error=escape_markdown(error)))  # problems may quote file contents
        st.stop()


def current_lang() -> str:
    """The interface language chosen in the sidebar (English before the first choice)."""
    lang = st.session_state.get("lang", "en")
    return lang if lang in INTERFACE_LANGUAGES else "en"


def sidebar_profile() -> Profile:
    """Draw the profile controls in the sidebar and return the profile."""
    lang = current_lang()
    with st.sidebar:
        st.header(t(lang, "profile"))
        st.selectbox(t(lang, "language"), INTERFACE_LANGUAGES, key="lang", format_func=lambda c: locale(c)["name"])
        lang = current_lang()
        # Keys carry the language so that option labels are redrawn in it; the choice itself
        # is kept in session state and survives a change of language.
        role = _remembered_select(
            t(lang, "role"), list(ROLES), "role", lang, DEFAULT_ROLE, lambda r: _first_upper(locale(lang)["roles"][r])
        )
        country = _remembered_select(
            t(lang, "country"),
            list(COUNTRIES),
            "country",
            lang,
            DEFAULT_COUNTRY,
            lambda c: locale(lang)["countries"][c],
        )
        level = _remembered_select(
            t(lang, "level"),
            [None, 1, 2, 3, 4],
            "level",
            lang,
            None,
            lambda v: t(lang, "level_none") if v is None else f"{v} — {locale(lang)['levels'][v]}",
        )
        st.caption(t(lang, "disclaimer"))
    return Profile(role, country, level, lang)


def _remembered_select(
    label: str, options: list[Any], name: str, lang: str, default: Any, format_func: Callable[[Any], str]
) -> Any:
    chosen = st.session_state.get(f"chosen-{name}", default)
    value = st.selectbox(label, options, index=options.index(chosen), key=f"{name}-{lang}", format_func=format_func)
    st.session_state[f"chosen-{name}"] = value
    return value


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
