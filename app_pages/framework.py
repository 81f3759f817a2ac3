"""Framework: domains, competencies, level descriptors, and role target levels as charts."""

from __future__ import annotations

import streamlit as st

from advisor import i18n
from advisor.catalogue import DOMAINS
from advisor.knowledge import localized
from advisor.safe_text import escape_markdown, markdown_link
from advisor.views import actions_by_level, t, targets_by_role, targets_of_role
from advisor.webapp import Profile, advisor_or_stop, sidebar_profile

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "nav_framework"))
st.caption(t(lang, "framework_intro"))

knowledge = advisor_or_stop(lang).knowledge

domain = st.selectbox(
    t(lang, "choose_domain"), list(DOMAINS), format_func=lambda d: f"{d} — {localized.domain_title(knowledge, d, lang)}"
)
domain_terms = knowledge.translations.terms.get(lang)
domain_text = domain_terms.domains.get(domain) if domain_terms else None  # type: ignore[call-overload]
st.markdown(
    domain_text.description
    if domain_text
    else next(d.description for d in knowledge.framework.domains if d.id == domain)
)
ids = [cid for cid in knowledge.competencies if cid.startswith(domain)]
competency_id = st.selectbox(
    t(lang, "choose_competency"), ids, format_func=lambda c: f"{c} — {knowledge.title(c, lang)}"
)
competency = knowledge.competencies[competency_id]
texts = localized.competency_text(knowledge, competency_id, lang)

st.subheader(f"{knowledge.title(competency_id, lang)} ({competency_id})")
if lang != "en" and texts.fell_back:
    st.caption(i18n.text(lang, "reply.in_english"))
elif texts.status == "drafted":
    st.caption(t(lang, "translation_drafted"))
st.markdown(escape_markdown(texts.description))
columns = st.columns(3)
for column, key, bullets in zip(
    columns,
    ("ksa_knowledge", "ksa_skills", "ksa_attitudes"),
    (texts.knowledge, texts.skills, texts.attitudes),
    strict=True,
):
    with column:
        st.markdown(f"**{t(lang, key)}**")
        st.markdown("\n".join(f"- {escape_markdown(b)}" for b in bullets))

st.subheader(t(lang, "levels_heading"))
for level, descriptor in sorted(texts.levels.items()):
    with st.container(border=True):
        st.markdown(f"**{level} — {i18n.level_name(lang, level)}**")
        st.markdown(escape_markdown(descriptor))
st.subheader(i18n.text(lang, "provenance.actions_heading"))
for level, actions in actions_by_level(knowledge, competency_id, lang).items():
    with st.expander(f"{level} — {i18n.level_name(lang, level)} ({len(actions)})"):
        if not actions:
            st.caption(i18n.text(lang, "provenance.no_actions"))
        for action in actions:
            st.markdown(f"- {escape_markdown(action.text)} {markdown_link(f'[{action.cite}]', action.url)}")
# Provenance in plain words for users; the research notes behind it stay in the knowledge files.
st.caption(f"{i18n.text(lang, 'provenance.label')}: {i18n.text(lang, f'provenance.{competency.provenance}')}")
for source in competency.sources:
    st.markdown(f"- {markdown_link(source.title, source.url)}")

st.subheader(t(lang, "chart_heading", competency=competency_id))
bars = targets_by_role(knowledge, competency_id, lang)
st.bar_chart(
    {"role": [b.label for b in bars], "level": [b.level for b in bars]},
    x="role",
    y="level",
    horizontal=True,
    y_label="",
    x_label="1–4",
)

role_name = i18n.role_name(lang, profile.role)
st.subheader(t(lang, "chart_role_heading", role=role_name))
bars = targets_of_role(knowledge, profile.role, lang)
st.bar_chart(
    {"competency": [b.label for b in bars], "level": [b.level for b in bars]},
    x="competency",
    y="level",
    horizontal=True,
    y_label="",
    x_label="1–4",
    height=620,
)
