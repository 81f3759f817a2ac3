"""Ask: the chat. Draws answers as cards; the library composes them."""

from __future__ import annotations

import streamlit as st

from advisor import i18n
from advisor.answer import Answer
from advisor.api import MAX_QUESTION_CHARS
from advisor.conversation import Turn, resolve_followup
from advisor.errors import BadInputError
from advisor.feedback import MAX_COMMENT_CHARS
from advisor.review.queue import reviewed_for
from advisor.safe_text import escape_markdown, markdown_link
from advisor.views import confidence_label, starter_questions, t
from advisor.webapp import Profile, advisor_or_stop, feedback_store, review_store, sidebar_profile

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "app_title"))
st.caption(t(lang, "tagline"))

advisor = advisor_or_stop(lang)

turns: list[dict] = st.session_state.setdefault("turns", [])


def ask(text: str, followup: bool = True) -> None:
    """Answer ``text`` for the current profile (resolving follow-ups) and keep the turn."""
    previous = turns[-1]["turn"] if turns and followup else None
    resolved = resolve_followup(text, profile.role, profile.country, previous, lang)
    try:
        answer = advisor.ask(resolved.question, resolved.role, resolved.country, profile.level, lang)
    except BadInputError as error:
        st.session_state.notice = str(error)
        return
    except Exception:  # never show a traceback to a user
        st.session_state.notice = t(lang, "error_generic")
        return
    answer.understood_as = resolved.understood_as
    turn = Turn(resolved.question, resolved.role, resolved.country)
    turns.append({"text": text, "answer": answer, "turn": turn, "profile": profile, "saved": False})
    st.session_state["answered_this_run"] = True  # read by app.py for the timing log


def draw_competencies(answer: Answer) -> None:
    st.subheader(t(lang, "competencies"))
    for c in answer.competencies:
        with st.container(border=True):
            st.markdown(f"**{c.title}** · `{c.id}`")
            st.caption(f"{t(lang, 'domain')}: {c.domain_title} · {t(lang, 'provenance')}: {c.provenance}")
            if c.target_level:
                name = i18n.level_name(lang, c.target_level)
                st.progress(c.target_level / 4, text=t(lang, "target_level", level=c.target_level, name=name))
            st.markdown(c.why)


def draw_learning(answer: Answer, country: str) -> None:
    st.subheader(t(lang, "learning"))
    if not answer.learning:
        st.info(i18n.text(lang, "answer.no_learning", country=country))
    for r in answer.learning:
        st.markdown(f"{markdown_link(r.title, r.url)} — {escape_markdown(r.provider)}")
        meta = [
            f"{t(lang, 'languages')}: {', '.join(r.languages)}",
            f"{t(lang, 'cost')}: {r.cost}",
            f"{t(lang, 'level_short')}: {r.level}",
            f"{t(lang, 'format')}: {r.format}",
        ]
        st.caption(" · ".join(meta + ([r.duration] if r.duration else [])))


def draw_context(answer: Answer, country: str) -> None:
    st.subheader(t(lang, "context", country=country))
    for f in answer.country_context:
        badge = f" · ✅ {t(lang, 'reviewed')}" if f.reviewed else ""
        where = i18n.country_name(lang, f.country)
        # Reviewers' published corrections are among these facts: their text is shown as text.
        when = i18n.text(lang, "answer.as_of", date=f.as_of)
        st.markdown(f"- {escape_markdown(f.text)} ({where}, {when}{badge}) \\[{f.cite}\\]")


def draw_voices(answer: Answer) -> None:
    if not answer.insights:
        return
    st.subheader(t(lang, "voices"))
    for v in answer.insights:
        who = f"{v.speaker} ({v.affiliation})" if v.affiliation else v.speaker
        st.markdown(f"> {v.text}\n>\n> — {who}, {v.event}")


def draw_feedback(n: int, item: dict) -> None:
    if item["saved"]:
        st.success(t(lang, "thanks"))
        return
    rating = st.feedback("thumbs", key=f"rating-{n}")
    comment = st.text_input(t(lang, "comment"), key=f"comment-{n}", max_chars=MAX_COMMENT_CHARS)
    if st.button(t(lang, "send"), key=f"send-{n}", disabled=rating is None):
        feedback_store().record(item["answer"].to_dict(), 1 if rating == 1 else -1, comment)
        item["saved"] = True
        st.rerun()


def draw_answer(n: int, item: dict) -> None:
    answer: Answer = item["answer"]
    if answer.understood_as:
        st.caption(i18n.text(lang, "answer.followup_understood", question=escape_markdown(answer.understood_as)))
    if answer.out_of_scope:
        st.info(answer.answer)
        return
    country = i18n.country_name(lang, answer.query.country)
    if reviewed_for(advisor.knowledge, review_store(), answer.query.country, answer.query.question):
        st.success(t(lang, "reviewed_badge", country=country), icon=":material/verified:")
    st.markdown(i18n.text(lang, "answer.intro", role=i18n.role_name(lang, answer.query.role), country=country))
    draw_competencies(answer)
    left, right = st.columns(2)
    with left:
        draw_learning(answer, country)
    with right:
        draw_context(answer, country)
    draw_voices(answer)
    citations = answer.citations()
    with st.expander(t(lang, "sources", count=len(citations))):
        for key, title, url in citations:
            st.markdown(f"- \\[{key}\\] {markdown_link(title, url)}")
    st.caption(f"{confidence_label(lang, answer.confidence)} · {answer.knowledge_version}")
    draw_suggestions(n, answer)
    draw_feedback(n, item)


def draw_suggestions(n: int, answer: Answer) -> None:
    """With a weak match: ask the user to say more, with situations to pick in one tap."""
    if not answer.suggestions:
        return
    st.info(i18n.text(lang, "answer.low_confidence"), icon=":material/help:")
    for k, suggestion in enumerate(answer.suggestions):
        if st.button(escape_markdown(suggestion), key=f"suggest-{n}-{k}", icon=":material/chat:"):
            ask(suggestion, followup=False)
            st.rerun()


for n, item in enumerate(turns):
    with st.chat_message("user"):
        st.text(item["text"])
    with st.chat_message("assistant"):
        draw_answer(n, item)

if notice := st.session_state.pop("notice", None):
    st.warning(escape_markdown(notice))

if not turns:
    st.markdown(t(lang, "starters_heading"))
    for n, starter in enumerate(starter_questions(advisor.knowledge, profile.role, profile.country, lang)):
        if st.button(starter, key=f"starter-{n}"):
            ask(starter)
            st.rerun()
else:
    last = turns[-1]
    changed = (last["profile"].role, last["profile"].country) != (profile.role, profile.country)
    if changed and st.button(t(lang, "reask", question=escape_markdown(last["turn"].question)), key="reask"):
        ask(last["turn"].question, followup=False)
        st.rerun()

if question := st.chat_input(t(lang, "chat_placeholder"), max_chars=MAX_QUESTION_CHARS):
    ask(question)
    st.rerun()
