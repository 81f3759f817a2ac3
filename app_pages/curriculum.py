"""Curriculum: trainers draft a curriculum for a cohort, see the gaps, and download it."""

from __future__ import annotations

import streamlit as st

from advisor import i18n
from advisor.catalogue import COMPETENCY_IDS, LANGUAGES, ROLES
from advisor.curriculum import build_curriculum, validate_request
from advisor.curriculum_export import FORMATS, export
from advisor.errors import BadInputError
from advisor.safe_text import escape_markdown
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
left, middle, right = st.columns(3)
with left:
    hours = st.number_input(t(lang, "hours"), min_value=1.0, max_value=1000.0, value=40.0, step=1.0)
with middle:
    languages = list(LANGUAGES)
    delivery = st.selectbox(
        t(lang, "delivery_language"), languages, index=languages.index(lang), format_func=lambda c: LANGUAGES[c]
    )
with right:
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
        roles, profile.country, hours, delivery, override, {c: v for c, v in current.items() if v}
    )
    curriculum = build_curriculum(knowledge, request)
except BadInputError as error:
    st.warning(escape_markdown(error))
    st.stop()

st.subheader(t(lang, "gap_chart"))
st.bar_chart(
    {
        "competency": [g["competency"] for g in curriculum.gaps] * 2,
        "level": [g["current"] for g in curriculum.gaps] + [g["target"] for g in curriculum.gaps],
        "series": [t(lang, "current")] * len(curriculum.gaps) + [t(lang, "target")] * len(curriculum.gaps),
    },
    x="competency",
    y="level",
    color="series",
    stack=False,
    y_label="0–4",
)

download_columns = st.columns(len(FORMATS))
mime = {
    "md": "text/markdown",
    "csv": "text/csv",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
for column, fmt in zip(download_columns, FORMATS, strict=True):
    column.download_button(
        t(lang, "download", format=fmt.upper()),
        export(curriculum, knowledge, fmt),
        file_name=f"curriculum-{'-'.join(curriculum.roles)}-{curriculum.country}.{fmt}",
        mime=mime[fmt],
        key=f"download-{fmt}",
    )

country = i18n.country_name(lang, curriculum.country)
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
            st.markdown("\n".join(f"- {item}" for item in items))
        st.markdown(f"**{t(lang, 'resources')}**")
        lines = [
            f"- [{r.title}]({r.url}) — {r.provider} · {', '.join(r.languages)} · {r.cost}" for r in module.resources
        ]
        if module.missing:
            names = ", ".join(f"{knowledge.title(c, lang)} ({c})" for c in module.missing)
            lines.append(f"- {t(lang, 'no_resources', competencies=names, country=country)}")
        st.markdown("\n".join(lines))
        st.markdown(f"**{t(lang, 'context', country=country)}**")
        # Country facts include reviewers' published corrections: their text is shown as text.
        facts = [
            f"- {escape_markdown(f['text'])} ({i18n.text(lang, 'answer.as_of', date=f['as_of'])})"
            for f in module.country_context
        ]
        st.markdown("\n".join(facts) or t(lang, "no_module_context"))
