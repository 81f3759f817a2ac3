"""My path: a civil servant rates themselves, sees their gaps and gets a personal learning plan.

Ratings live in this session only (or in a file the user downloads and loads again); nothing
here writes to the feedback store.
"""

from __future__ import annotations

import streamlit as st

from advisor import i18n
from advisor.catalogue import DOMAINS
from advisor.curriculum import build_curriculum, ratings_from_bytes
from advisor.curriculum.chart import gap_chart
from advisor.curriculum.downloads import kept_exports
from advisor.curriculum.exports import MIME_TYPES
from advisor.curriculum.exports.common import fallback_text
from advisor.curriculum.personal import (
    DEFAULT_PERSONAL_HOURS,
    QUICK_ANSWERS,
    domain_competencies,
    needs_detail,
    personal_request,
    quick_ratings,
)
from advisor.curriculum.request import ratings_to_yaml
from advisor.curriculum.wording import Wording
from advisor.errors import BadInputError
from advisor.safe_text import escape_markdown, markdown_link
from advisor.views import t
from advisor.webapp import Profile, advisor_or_stop, sidebar_profile

PLAN_FORMATS = ("md", "docx")

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "nav_my_path"))
st.caption(t(lang, "my_path_intro"))
st.info(t(lang, "my_path_private"))

knowledge = advisor_or_stop(lang, knowledge_only=True)
targets = knowledge.roles[profile.role].targets

uploaded = st.file_uploader(t(lang, "ratings_upload"), type=["yaml", "yml"], key="mp-upload")
if uploaded is not None and st.session_state.get("mp-loaded-file") != uploaded.file_id:
    try:
        loaded = ratings_from_bytes(uploaded.getvalue(), "ratings file")
    except BadInputError as error:
        st.warning(escape_markdown(error))
    else:
        # Widgets below read these keys: set them before they are drawn.
        st.session_state["mp-loaded-file"] = uploaded.file_id
        for domain in DOMAINS:
            st.session_state[f"mp-quick-{domain}"] = "partly"
            for cid in domain_competencies(domain):
                st.session_state[f"mp-{cid}"] = loaded.get(cid, 0)
        st.success(t(lang, "ratings_loaded"))

st.subheader(t(lang, "quick_heading"))
answers: dict[str, str | None] = {}
detail: dict[str, int] = {}
for domain in DOMAINS:
    answers[domain] = st.radio(
        t(lang, f"quick_{domain}"),
        QUICK_ANSWERS,
        index=None,
        format_func=lambda a: t(lang, f"quick_{a}"),
        horizontal=True,
        key=f"mp-quick-{domain}",
    )
    if needs_detail(answers[domain]):
        with st.expander(t(lang, "rate_domain"), expanded=True):
            for cid in domain_competencies(domain):
                detail[cid] = st.slider(
                    f"{cid} {knowledge.title(cid, lang)}",
                    0,
                    4,
                    key=f"mp-{cid}",
                    help=t(lang, "your_target", level=targets[cid].level),
                )

ratings = quick_ratings(knowledge, profile.role, answers, detail)
hours = st.number_input(t(lang, "my_hours"), min_value=1.0, max_value=1000.0, value=DEFAULT_PERSONAL_HOURS, step=1.0)
st.download_button(
    t(lang, "ratings_download"),
    ratings_to_yaml(ratings, profile.role).encode("utf-8"),
    file_name="my-ratings.yaml",
    mime="application/x-yaml",
    key="mp-ratings-download",
    on_click="ignore",
)

try:
    request = personal_request(profile.role, profile.country, lang, hours, ratings)
    plan, files = kept_exports(
        st.session_state,
        "my-path-kept",
        request.key(),
        lambda: build_curriculum(knowledge, request),
        knowledge,
        PLAN_FORMATS,
    )
except BadInputError as error:
    # "Nothing to teach" is good news for a civil servant; other refusals are warnings.
    if "nothing to teach" in str(error):
        st.success(escape_markdown(error))
    else:
        st.warning(escape_markdown(error))
    st.stop()

st.subheader(t(lang, "gap_chart"))
st.altair_chart(gap_chart(plan, knowledge, lang), width="stretch")
if plan.fallback:
    st.caption(escape_markdown(t(lang, "curriculum_in_english", parts=fallback_text(plan, Wording(knowledge, lang)))))
if plan.left_out:
    names = ", ".join(f"{knowledge.title(g.competency, lang)} ({g.competency})" for g in plan.left_out)
    st.warning(
        t(lang, "left_out_intro", count=len(plan.left_out), hours=f"{plan.hours:g}", all=f"{plan.hours_to_cover_all:g}")
        + f" {names}"
    )

st.subheader(t(lang, "my_plan"))
columns = st.columns(len(PLAN_FORMATS))
for column, fmt in zip(columns, PLAN_FORMATS, strict=True):
    column.download_button(
        t(lang, "download", format=fmt.upper()),
        files[fmt],
        file_name=f"my-learning-plan-{profile.role}-{profile.country}.{fmt}",
        mime=MIME_TYPES[fmt],
        key=f"mp-download-{fmt}",
        on_click="ignore",
    )
for n, module in enumerate(plan.modules, start=1):
    with st.container(border=True):
        st.markdown(f"**{t(lang, 'plan_step', n=n, title=module.title, hours=f'{module.hours:g}')}**")
        st.markdown("\n".join(f"- {escape_markdown(o)}" for o in module.objectives))
        st.markdown(f"**{t(lang, 'resources')}**")
        st.markdown(
            "\n".join(
                f"- {markdown_link(r.title, r.url)} — {escape_markdown(r.provider)} · {', '.join(r.languages)}"
                + (f" · _{t(lang, 'news_link')}_" if r.link_kind != "provider" else "")
                for r in module.resources
            )
            or t(
                lang,
                "no_resources",
                competencies=", ".join(module.competencies),
                country=i18n.country_name(lang, profile.country),
            )
        )
