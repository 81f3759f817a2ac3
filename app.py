"""Streamlit page: a thin renderer over ``advisor.Advisor`` (all logic lives in src/advisor/)."""

from __future__ import annotations

import streamlit as st

from advisor import i18n
from advisor.catalogue import COUNTRIES, ROLES
from advisor.errors import AdvisorError

st.set_page_config(page_title="Civil Servant 2.0 Competency Advisor", page_icon="🧭", layout="wide")


@st.cache_resource(show_spinner=False)
def load_advisor():
    """Load knowledge, model and index once per server process."""
    from advisor import Advisor

    return Advisor.load()


def sidebar_profile() -> tuple[str, str, str]:
    """Role, country and interface language chosen in the sidebar."""
    with st.sidebar:
        st.header("Your profile")
        language = st.selectbox(
            "Interface language", i18n.INTERFACE_LANGUAGES, format_func=lambda c: i18n.locale(c)["name"]
        )
        role = st.selectbox("Role", list(ROLES), index=1, format_func=lambda r: ROLES[r])
        country = st.selectbox("Country", list(COUNTRIES), index=8, format_func=lambda c: COUNTRIES[c])
        st.caption("Guidance for professional development, not an HR assessment.")
    return role, country, language


st.title("Civil Servant 2.0 Competency Advisor")
st.caption("Digital and AI competencies for civil servants in Southeast Asia, with sources.")
role, country, language = sidebar_profile()

with st.spinner("Loading the knowledge base and the language model (first visit only)..."):
    try:
        advisor = load_advisor()
    except AdvisorError as error:
        st.error(f"The advisor could not start: {error}")
        st.stop()

if "turns" not in st.session_state:
    st.session_state.turns = []

for turn in st.session_state.turns:
    with st.chat_message("user"):
        st.markdown(turn["question"])
    with st.chat_message("assistant"):
        st.markdown(turn["answer"])

question = st.chat_input("Ask about the competencies you need, e.g. how to use data in policy making")
if question:
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        try:
            answer = advisor.ask(question, role=role, country=country, lang=language)
            st.markdown(answer.answer)
            st.session_state.turns.append({"question": question, "answer": answer.answer})
        except AdvisorError as error:
            st.warning(str(error))
