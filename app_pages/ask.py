"""Ask: the chat. A short cited reply first, details in closed expanders; the library composes."""

from __future__ import annotations

from contextlib import suppress

import streamlit as st

from advisor import i18n
from advisor.answer import Answer
from advisor.answers.export import ChatTurn, answer_text, chat_markdown
from advisor.answers.glosses import Shown, shown_fact, shown_voice, speaker
from advisor.api import MAX_QUESTION_CHARS
from advisor.chat import ChatItem, ask_in_chat, load_chat
from advisor.errors import BadInputError
from advisor.feedback import MAX_COMMENT_CHARS
from advisor.knowledge import localized
from advisor.review.queue import reviewed_for
from advisor.safe_text import escape_markdown, markdown_link
from advisor.stores.database import StoreUnavailableError
from advisor.views import confidence_label, starter_questions, t
from advisor.webapp import (
    Profile,
    advisor_or_stop,
    chat_history_or_none,
    chat_session_id,
    review_store,
    save_comment,
    save_feedback,
    sidebar_profile,
)

SCROLL_TO_NEW_ANSWER = """<script>
if (!window.advisorScrollInstalled) {
  window.advisorScrollInstalled = true;
  const messages = () => document.querySelectorAll('[data-testid="stChatMessage"]');
  const drawn = (m) => !!m && m.querySelector('[data-testid="stExpander"]') !== null;  // an answer, not the status line
  const go = () => {
    const all = messages(); const last = all[all.length - 1]; if (!last) return;
    let box = last.parentElement;
    while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
    if (!box) return;
    // An upward wheel tells the chat's stick-to-bottom behaviour that the reader moved away.
    box.dispatchEvent(new WheelEvent('wheel', {deltaY: -120, bubbles: true}));
    box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 56;  // below the app's header
  };
  // The answer may still grow for a while on a slow machine or phone: land on it again a few
  // times, but never once the reader has scrolled or typed (only their own events count).
  let readerMoved = false;
  ['wheel', 'touchmove', 'keydown'].forEach((name) => document.addEventListener(
    name, (e) => { if (e.isTrusted) readerMoved = true; }, {capture: true, passive: true}));
  let seen = null;
  const check = () => {
    const all = messages(); const key = all.length + ':' + drawn(all[all.length - 1]);
    if (seen !== null && key !== seen && all.length > 1 && drawn(all[all.length - 1])) {
      readerMoved = false;
      [60, 400, 900, 1600, 2500].forEach((ms) => setTimeout(() => { if (!readerMoved) go(); }, ms));
    }
    seen = key;
  };
  new MutationObserver(check).observe(document.body, {childList: true, subtree: true});
  check();
}
</script>"""

profile: Profile = sidebar_profile()
lang = profile.lang
st.title(t(lang, "app_title"))
st.caption(t(lang, "tagline"))

advisor = advisor_or_stop(lang)
session = chat_session_id()
if "chat" not in st.session_state:
    # A reload starts a new browser session: the chat comes back from the durable store.
    st.session_state.chat = load_chat(chat_history_or_none(), session)
chat: list[ChatItem] = st.session_state.chat


def ask(text: str, followup: bool = True) -> None:
    """Answer ``text`` for the current profile and keep the turn (in the session and the store)."""
    previous = chat[-1] if chat and followup else None
    try:
        item = ask_in_chat(
            advisor, chat_history_or_none(), session, text, profile.role, profile.country, profile.level, lang, previous
        )
    except BadInputError as error:
        st.session_state.notice = str(error)
        return
    except Exception:  # never show a traceback to a user
        st.session_state.notice = t(lang, "error_generic")
        return
    chat.append(item)
    st.session_state["answered_this_run"] = True  # read by app.py for the timing log


def draw_competencies(answer: Answer) -> None:
    for c in answer.competencies:
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(c.title)}** · `{c.id}`")
            provenance = localized.term(advisor.knowledge, "provenance", c.provenance, lang)
            st.caption(f"{t(lang, 'domain')}: {c.domain_title} · {t(lang, 'provenance')}: {provenance}")
            if c.target_level:
                name = i18n.level_name(lang, c.target_level)
                st.progress(c.target_level / 4, text=t(lang, "target_level", level=c.target_level, name=name))
            st.markdown(c.why)


def draw_learning(answer: Answer, country: str) -> None:
    if not answer.learning:
        st.info(i18n.text(lang, "answer.no_learning", country=country))
    for r in answer.learning:
        st.markdown(f"{markdown_link(r.title, r.url)} — {escape_markdown(r.provider)}")
        meta = [
            f"{t(lang, 'languages')}: {', '.join(r.languages)}",
            f"{t(lang, 'cost')}: {r.cost_label or r.cost}",
            f"{t(lang, 'level_short')}: {r.level}",
            f"{t(lang, 'format')}: {r.format_label or r.format}",
        ]
        st.caption(" · ".join(meta + ([escape_markdown(r.duration)] if r.duration else [])))


def draw_context(answer: Answer) -> None:
    if not answer.country_context:
        st.info(i18n.text(lang, "answer.no_context"))
    for f in answer.country_context:
        badge = f" · ✅ {t(lang, 'reviewed')}" if f.reviewed else ""
        where = i18n.country_name(lang, f.country)
        # Reviewers' published corrections are among these facts: their text is shown as text.
        when = i18n.text(lang, "answer.as_of", date=f.as_of)
        shown = shown_fact(f, lang)  # the gloss in the interface language, or the English marked as such
        marker = f" _{shown.marker}_" if shown.marker else ""
        cite = markdown_link(f"[{f.cite}]", f.source_url)
        st.markdown(f"- {shown.text}{marker} ({where}, {when}{badge}) {cite}")
        draw_original(shown)


def draw_original(shown: Shown) -> None:
    """The English original of a glossed text, one click away (closed: the gloss is what is read)."""
    if shown.original is not None:
        with st.expander(t(lang, "original_english")):
            st.markdown(shown.original)


def draw_voices(answer: Answer) -> None:
    for v in answer.insights:
        shown = shown_voice(v, lang)
        # With a gloss the speaker's English affiliation moves behind the toggle with the original.
        who = escape_markdown(v.speaker if shown.original is not None else speaker(v))
        marker = f"\n>\n> _{shown.marker}_" if shown.marker else ""
        st.markdown(f"> {shown.text}{marker}\n>\n> — {who}, {escape_markdown(v.event)}")
        draw_original(shown)


def draw_details(n: int, answer: Answer) -> None:
    """Everything behind the reply, closed until asked for."""
    country = i18n.country_name(lang, answer.query.country)
    with st.expander(t(lang, "competencies") + f" ({len(answer.competencies)})"):
        draw_competencies(answer)
    with st.expander(t(lang, "learning") + f" ({len(answer.learning)})"):
        draw_learning(answer, country)
    with st.expander(t(lang, "context", country=country) + f" ({len(answer.country_context)})"):
        draw_context(answer)
    if answer.insights:
        with st.expander(t(lang, "voices") + f" ({len(answer.insights)})"):
            draw_voices(answer)
    citations = answer.citations()
    with st.expander(t(lang, "sources", count=len(citations))):
        for key, title, url in citations:
            st.markdown(f"- \\[{key}\\] {markdown_link(title, url)}")
    with st.expander(t(lang, "copy_answer"), icon=":material/content_copy:"):
        # st.code draws its own copy button: one click copies the reply and its sources.
        st.code(answer_text(answer, lang), language=None, wrap_lines=True)


@st.fragment
def draw_feedback(n: int, item: ChatItem) -> None:
    """One click on a thumb saves the rating; a comment can be added afterwards."""
    rating = st.feedback("thumbs", key=f"rating-{n}", disabled=item.feedback_id is not None)
    if rating is not None and item.feedback_id is None:
        item.feedback_id = save_feedback(item.answer.to_dict(), 1 if rating == 1 else -1, "", lang)
    if item.feedback_id is None:
        return
    if item.commented:
        st.caption(t(lang, "thanks"))
        return
    st.caption(t(lang, "rating_saved"))
    with st.form(f"comment-{n}", border=False, enter_to_submit=False):
        comment = st.text_input(t(lang, "comment"), key=f"comment-text-{n}", max_chars=MAX_COMMENT_CHARS)
        submitted = st.form_submit_button(t(lang, "add_comment"))
        if submitted and comment.strip() and save_comment(item.feedback_id, comment, lang):
            item.commented = True
            st.rerun(scope="fragment")


def draw_answer(n: int, item: ChatItem) -> None:
    answer = item.answer
    if answer.understood_as:
        st.caption(i18n.text(lang, "answer.followup_understood", question=escape_markdown(answer.understood_as)))
    if answer.out_of_scope:
        st.info(answer.answer)
        draw_suggestions(n, answer, "answer.out_of_scope_suggestions")
        return
    country = i18n.country_name(lang, answer.query.country)
    if reviewed_for(advisor.knowledge, review_store(), answer.query.country, answer.query.question):
        st.success(t(lang, "reviewed_badge", country=country), icon=":material/verified:")
    if answer.comparison:
        st.markdown(answer.comparison)
        with st.expander(t(lang, "full_reply")):
            st.markdown(answer.summary)
    else:
        st.markdown(answer.summary)
    st.caption(confidence_label(lang, answer.confidence))
    draw_suggestions(n, answer)
    draw_details(n, answer)
    draw_feedback(n, item)


def draw_suggestions(n: int, answer: Answer, prompt: str = "answer.low_confidence") -> None:
    """With a weak match, or a refusal that may be a work question: situations to pick in one tap."""
    if not answer.suggestions:
        return
    st.info(i18n.text(lang, prompt), icon=":material/help:")
    for k, suggestion in enumerate(answer.suggestions):
        if st.button(escape_markdown(suggestion), key=f"suggest-{n}-{k}", icon=":material/chat:"):
            ask(suggestion, followup=False)
            st.rerun()


def draw_chat_tools() -> None:
    """Export the whole chat as Markdown, or clear it (here and in the store)."""
    turns = [ChatTurn(item.text, item.answer) for item in chat]
    left, right = st.columns(2)
    left.download_button(
        t(lang, "export_chat"),
        chat_markdown(turns, lang, t(lang, "app_title")),
        file_name="chat.md",
        mime="text/markdown",
        icon=":material/download:",
        key="export-chat",
    )
    if right.button(t(lang, "clear_chat"), icon=":material/delete:", key="clear-chat"):
        history = chat_history_or_none()
        with suppress(StoreUnavailableError):  # cleared here; the store clears when it is back
            if history is not None:
                history.clear(session)
        chat.clear()
        st.rerun()


for n, item in enumerate(chat):
    with st.chat_message("user"):
        st.text(item.text)
    with st.chat_message("assistant"):
        draw_answer(n, item)

if notice := st.session_state.pop("notice", None):
    st.warning(escape_markdown(notice))

if not chat:
    st.markdown(t(lang, "starters_heading"))
    for n, starter in enumerate(starter_questions(advisor.knowledge, profile.role, profile.country, lang)):
        if st.button(starter, key=f"starter-{n}"):
            ask(starter)
            st.rerun()
else:
    last = chat[-1]
    changed = (last.answer.query.role, last.answer.query.country) != (profile.role, profile.country)
    if changed and st.button(t(lang, "reask", question=escape_markdown(last.answer.query.question)), key="reask"):
        ask(last.answer.query.question, followup=False)
        st.rerun()
    draw_chat_tools()

if question := st.chat_input(t(lang, "chat_placeholder"), max_chars=MAX_QUESTION_CHARS):
    # Show the question at once, with a status line while the answer is composed.
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"), st.spinner(t(lang, "composing")):
        ask(question)
    st.rerun()

# Land on the start of each new answer, not on its end. A fixed script of ours (no user text in
# it), installed once per page: when a new answer is drawn, it scrolls that answer to the top.
# The chat keeps its scroll container stuck to the bottom and undoes scrollIntoView, so the
# script sets the container's scrollTop instead.
st.html(SCROLL_TO_NEW_ANSWER, unsafe_allow_javascript=True)
