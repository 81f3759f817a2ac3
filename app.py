"""Streamlit entry point: navigation between the pages. All logic lives in src/advisor/."""

from __future__ import annotations

import streamlit as st

from advisor.timing import record_run
from advisor.views import t
from advisor.webapp import current_lang

st.set_page_config(page_title="Civil Servant 2.0 Competency Advisor", page_icon="🧭", layout="wide")

lang = current_lang()
navigation = st.navigation(
    [
        st.Page("app_pages/ask.py", title=t(lang, "nav_ask"), icon=":material/forum:", default=True),
        st.Page("app_pages/curriculum.py", title=t(lang, "nav_curriculum"), icon=":material/school:"),
        st.Page("app_pages/my_path.py", title=t(lang, "nav_my_path"), icon=":material/route:"),
        st.Page("app_pages/review.py", title=t(lang, "nav_review"), icon=":material/fact_check:"),
        st.Page("app_pages/framework.py", title=t(lang, "nav_framework"), icon=":material/account_tree:"),
        st.Page("app_pages/about.py", title=t(lang, "nav_about"), icon=":material/info:"),
    ]
)
# The Ask page sets "answered_this_run" when a run composes an answer; read and clear it here.
with record_run(navigation.url_path or "ask", lambda: st.session_state.pop("answered_this_run", False)):
    navigation.run()
