"""Curriculum: trainers draft a curriculum for a cohort, see the gaps, the schedule, and download it."""

from __future__ import annotations

import streamlit as st

from advisor import i18n
from advisor.catalogue import COMPETENCY_IDS, LANGUAGES, ROLES
from advisor.curriculum import DEFAULT_SESSION_HOURS, MAX_SESSION_HOURS, build_curriculum, validate_request
from advisor.curriculum.chart import gap_chart
from advisor.curriculum.downloads import kept_exports
from advisor.curriculum.exports import FORMATS, MIME_TYPES
from advisor.curriculum.exports.common import fallback_text
from advisor.curriculum.wording import Wording, fact_text
from advisor.errors import BadInputError
from advisor.safe_text import escape_markdown, markdown_link
from advisor.views import t
from advisor.webapp import Profile, advisor_or_stop, sidebar_profile

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "nav_curriculum"))
st.caption(t(lang, "curriculum_intro"))

knowledge = advisor_or_stop(lang, knowledge_only=True)

roles = st.multiselect(
    t(lang, "cohort_roles"), list(ROLES), default=[profile.role], format_func=lambda r: i18n.role_name(lang, r)
)
left, middle, right, far = st.columns(4)
with left:
    hours = st.number_input(t(lang, "hours"), min_value=1.0, max_value=1000.0, value=40.0, step=1.0)
with middle:
    session_hours = st.number_input(
        t(lang, "session_hours"), min_value=0.5, max_value=MAX_SESSION_HOURS, value=DEFAULT_SESSION_HOURS, step=0.5
    )
with right:
    languages = list(LANGUAGES)
    delivery = st.selectbox(
        t(lang, "delivery_language"), languages, index=languages.index(lang), format_func=lambda c: LANGUAGES[c]
    )
with far:
    override = st.selectbox(
        t(lang, "target_override"),
        [None, 1, 2, 3, 4],
        format_func=lambda v: t(lang, "use_role_targets") if v is None else f"{v} — {i18n.level_name(lang, v)}",
    )
with st.expander(t(lang, "self_assessment")):
    st.caption(t(lang, "self_assessment_help"))
    columns = st.columns(3)
    current = {
        cid: columns[n % 3].slider(f"{cid} {knowledge.title(cid, lang)}", 0, 4, 0, key=f"current-{cid}")
        for n, cid in enumerate(COMPETENCY_IDS)
    }

try:
    request = validate_request(
        roles, profile.country, hours, delivery, override, {c: v for c, v in current.items() if v}, session_hours
    )
    # Built once per input: the same bytes serve every rerun, so downloads work one after another.
    curriculum, files = kept_exports(
        st.session_state,
        "curriculum-kept",
        request.key(),
        lambda: build_curriculum(knowledge, request),
        knowledge,
        FORMATS,
    )
except BadInputError as error:
    st.warning(escape_markdown(error))
    st.stop()

st.subheader(t(lang, "gap_chart"))
st.altair_chart(gap_chart(curriculum, knowledge, lang), width="stretch")
if curriculum.fallback:  # the downloads mark these too; say so before anyone hands them out
    st.caption(
        escape_markdown(t(lang, "curriculum_in_english", parts=fallback_text(curriculum, Wording(knowledge, lang))))
    )
if curriculum.left_out:
    names = ", ".join(f"{knowledge.title(g.competency, lang)} ({g.competency})" for g in curriculum.left_out)
    st.warning(
        t(
            lang,
            "left_out_intro",
            count=len(curriculum.left_out),
            hours=f"{curriculum.hours:g}",
            all=f"{curriculum.hours_to_cover_all:g}",
        )
        + f" {names}"
    )

download_columns = st.columns(len(FORMATS))
for column, fmt in zip(download_columns, FORMATS, strict=True):
    column.download_button(
        t(lang, "download", format=fmt.upper()),
        files[fmt],
        file_name=f"curriculum-{'-'.join(curriculum.roles)}-{curriculum.country}.{fmt}",
        mime=MIME_TYPES[fmt],
        key=f"download-{fmt}",
        on_click="ignore",  # a download needs no rerun
    )

st.subheader(t(lang, "schedule"))
st.dataframe(
    [
        {
            t(lang, "day"): s.day,
            t(lang, "session"): s.session,
            t(lang, "hours"): s.hours,
            t(lang, "nav_curriculum"): "; ".join(f"{p['module']}. {p['title']} ({p['hours']:g} h)" for p in s.parts),
        }
        for s in curriculum.schedule
    ],
    hide_index=True,
)

country = i18n.country_name(lang, curriculum.country)
words = Wording(knowledge, lang)
for n, module in enumerate(curriculum.modules, start=1):
    with st.container(border=True):
        st.subheader(t(lang, "module_heading", n=n, title=module.title, hours=f"{module.hours:g}"))
        st.caption(", ".join(f"{knowledge.title(c, lang)} ({c})" for c in module.competencies))
        for key, items in (
            ("objectives", module.objectives),
            ("activities", module.activities),
            ("assessment", module.assessment),
        ):
            st.markdown(f"**{t(lang, key)}**")
            st.markdown("\n".join(f"- {escape_markdown(item)}" for item in items))
        st.markdown(f"**{t(lang, 'resources')}**")
        lines = [
            f"- {markdown_link(r.title, r.url)} — {escape_markdown(r.provider)} · {', '.join(r.languages)}"
            f" · {escape_markdown(words.term('costs', r.cost))}"
            + (f" · _{t(lang, 'news_link')}_" if r.link_kind != "provider" else "")
            for r in module.resources
        ]
        if module.missing:
            names = ", ".join(f"{knowledge.title(c, lang)} ({c})" for c in module.missing)
            lines.append(f"- {t(lang, 'no_resources', competencies=names, country=country)}")
        st.markdown("\n".join(lines))
        st.markdown(f"**{t(lang, 'context', country=country)}**")
        # Country facts include reviewers' published corrections: their text is shown as text.
        facts = [
            f"- {escape_markdown(fact_text(f, lang))} ({i18n.text(lang, 'answer.as_of', date=f['as_of'])})"
            for f in module.country_context
        ]
        st.markdown("\n".join(facts) or t(lang, "no_module_context"))
