"""About: what the assistant is and is not, the knowledge version, provenance, sources, feedback export."""

from __future__ import annotations

import streamlit as st

from advisor import i18n
from advisor.stores.database import StoreUnavailableError
from advisor.views import t
from advisor.webapp import Profile, advisor_or_stop, feedback_store, sidebar_profile

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "about_heading"))
st.markdown(t(lang, "about_what"))
st.info(t(lang, "about_not"))

advisor = advisor_or_stop(lang)

manifest = advisor.retriever.index.manifest
st.markdown(t(lang, "about_version", version=advisor.knowledge_version, built=manifest.get("built_at", "?")))

st.subheader(t(lang, "about_provenance"))
labels = ["framework", "consultation", "synthesis", "secondary source", "guidance"]
st.table(
    {
        i18n.text(lang, "provenance.label"): labels,
        i18n.text(lang, "provenance.meaning"): [i18n.text(lang, f"provenance.{label}") for label in labels],
    }
)

st.subheader(t(lang, "about_sources"))
framework = advisor.knowledge.framework.framework
st.markdown(f"*{framework.title}* ({framework.year}), {', '.join(framework.publishers)}")
for source in framework.sources:
    st.markdown(f"- [{source.title}]({source.url})")
sea = advisor.knowledge.events.get("sea-2022")
if sea:
    st.markdown(f"- [{sea.title}]({sea.source_url}) ({sea.date})")

# Users' questions and comments are personal: only a signed-in reviewer may export them.
if st.session_state.get("reviewer"):
    store = feedback_store()
    try:
        st.caption(t(lang, "feedback_count", count=len(store.all())))
        st.download_button(
            t(lang, "feedback_export"), store.export_csv(), file_name="feedback.csv", mime="text/csv", key="export"
        )
    except StoreUnavailableError:
        st.error(t(lang, "feedback_unsaved"), icon=":material/cloud_off:")
else:
    st.caption(t(lang, "feedback_export_signin"))
