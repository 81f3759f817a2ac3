"""Review: reviewers check what the advisor says per country; corrections need a second reviewer.

Fast by construction: the queue's answers are computed once per knowledge version and country
(cached), and every click inside a queue item or a correction reruns only that fragment.

This file is the page: it signs the reviewer in, picks the country and the view, and lays the parts
out in order. The parts live beside it: ``review_shared`` (sign-in, confirmations), ``review_queue``,
``review_translations``, ``review_corrections``, ``review_decisions`` (approve, publish, reject, and
the rebuild) and ``review_report`` (stale facts, history, downloads).
"""

from __future__ import annotations

import uuid

import streamlit as st

from advisor import i18n
from advisor.catalogue import COUNTRIES
from advisor.safe_text import escape_markdown
from advisor.views import t
from advisor.webapp import Profile, advisor_or_stop, review_store, sidebar_profile
from app_pages.review_corrections import draw_correction_section
from app_pages.review_decisions import draw_rebuild_progress
from app_pages.review_queue import draw_queue
from app_pages.review_report import draw_history, draw_report, draw_stale_facts
from app_pages.review_shared import ReviewContext, current_reviewer
from app_pages.review_translations import draw_translations

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "nav_review"))
st.caption(t(lang, "review_intro"))
store = review_store()
st.session_state.setdefault("session_id", uuid.uuid4().hex)

reviewer = current_reviewer(lang)
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
ctx = ReviewContext(lang, store, reviewer, country)
if reviewer and not ctx.can_write:
    st.warning(t(lang, "not_your_country", countries=", ".join(sorted(reviewer.countries))))

view = st.segmented_control(
    t(lang, "review_view"), ["queue", "translations"], default="queue", format_func=lambda v: t(lang, f"view_{v}"),
    key="review-view",
) or "queue"  # fmt: skip
if view == "translations":
    # Only the knowledge: the translation view never needs the model or the queue's answers.
    translations_knowledge = advisor_or_stop(lang, knowledge_only=True)
    draw_translations(ctx, translations_knowledge)
    draw_report(ctx, translations_knowledge)
    st.stop()

advisor = advisor_or_stop(lang)
knowledge = advisor.knowledge
draw_rebuild_progress(lang)
draw_stale_facts(lang, knowledge, country)
draw_queue(ctx, advisor)
draw_correction_section(ctx, knowledge, advisor.settings.knowledge_dir)
draw_history(ctx)
draw_report(ctx, knowledge)
