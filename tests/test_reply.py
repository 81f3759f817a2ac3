"""The direct reply that opens each answer: relevant, cited, short, deterministic (issue #10)."""

from __future__ import annotations

import itertools
import statistics

import pytest

from advisor.answers.reply import MAX_ACTIONS, MIN_ACTIONS, SAME_IDEA, WORD_BUDGET, count_words, working_level

pytestmark = pytest.mark.slow

QUESTIONS = [
    ("How can I use data to design better policies?", "policy-maker", "TH"),
    ("every form needs three stamps and people queue all day", "service-delivery", "ID"),
    ("a staff member emailed a spreadsheet of citizens' ID numbers to the wrong person", "data-specialist", "PH"),
    ("We are buying a chatbot from a vendor, what should I watch out for?", "procurement", "MY"),
    ("our new app for farmers is not used by anyone", "local-government", "VN"),
    ("How do I convince my director to try something new?", "digital-unit", "SG"),
]


def _reply(real_advisor, question: str, role: str, country: str, lang: str = "en"):
    return real_advisor.ask(question, role=role, country=country, lang=lang)


@pytest.mark.parametrize(("question", "role", "country"), QUESTIONS)
def test_reply_is_short_cited_and_drawn_from_the_top_competencies(real_advisor, question, role, country) -> None:
    answer = _reply(real_advisor, question, role, country)
    assert not answer.out_of_scope
    assert answer.answer.startswith(answer.summary)
    assert count_words(answer.summary) <= WORD_BUDGET
    assert MIN_ACTIONS <= len(answer.guidance) <= MAX_ACTIONS
    actions = {a.id: a for acts in real_advisor.knowledge.actions.values() for a in acts}
    top = {c.id for c in answer.competencies[:3]}
    for item in answer.guidance:
        assert item.action_id in actions, item  # every item cites an action that exists
        assert item.text == actions[item.action_id].text
        assert item.competency in top
        assert item.source_url.startswith("https://")
        assert f"[\\[{item.cite}\\]]({item.source_url})" in answer.summary  # a clickable citation
    # Each line of the reply ends with a citation link.
    for line in filter(None, answer.summary.splitlines()):
        if line.endswith(":"):
            continue  # the heading of the list of actions
        assert "](https://" in line, line


def test_no_two_actions_say_the_same_thing(real_advisor) -> None:
    for question, role, country in QUESTIONS:
        answer = _reply(real_advisor, question, role, country)
        texts = [g.text for g in answer.guidance]
        assert len(set(texts)) == len(texts)
        retriever = real_advisor.retriever
        vectors = [
            retriever.index.vectors.reconstruct(retriever.positions[("action", g.action_id)]) for g in answer.guidance
        ]
        for a, b in itertools.combinations(vectors, 2):
            assert float(a @ b) < SAME_IDEA
        per_competency = [g.competency for g in answer.guidance]
        assert max(per_competency.count(c) for c in per_competency) <= 2


def test_actions_follow_the_level_the_role_works_toward(real_advisor) -> None:
    question = "How should we govern the use of AI in our ministry?"
    for role in ("executive", "service-delivery"):
        answer = _reply(real_advisor, question, role, "TH")
        targets = real_advisor.knowledge.roles[role].targets
        for item in answer.guidance:
            level = working_level(targets[item.competency].level, None)
            assert item.level in (level, level - 1), (role, item)
    # The user's own level moves the actions to the next step up.
    answer = real_advisor.ask(question, role="executive", country="TH", level=1)
    assert {g.level for g in answer.guidance} <= {1, 2}


def test_reply_points_to_the_countrys_own_programme_with_its_date(real_advisor) -> None:
    answer = _reply(real_advisor, "What should I learn to use data in policy?", "policy-maker", "TH")
    pointer = answer.summary.splitlines()[-1]
    own = [f for f in answer.country_context if f.country == "TH"]
    assert own
    assert any(f.as_of in pointer and f.source_url in pointer for f in own), pointer
    assert "Thailand" in pointer


def test_reply_is_the_same_every_time(real_advisor) -> None:
    first = _reply(real_advisor, *QUESTIONS[1])
    second = _reply(real_advisor, *QUESTIONS[1])
    assert first.summary == second.summary
    assert first.guidance == second.guidance


def test_reply_frames_follow_the_interface_language(real_advisor) -> None:
    answer = _reply(real_advisor, "ทุกแบบฟอร์มต้องมีตราประทับสามอัน ประชาชนต่อคิวทั้งวัน", "service-delivery", "TH", "th")
    assert "สำหรับ" in answer.summary
    assert "สิ่งที่ท่านทำได้ตอนนี้" in answer.summary
    assert count_words(answer.summary) <= WORD_BUDGET


def test_median_reply_stays_within_the_budget(real_advisor) -> None:
    counts = [count_words(_reply(real_advisor, *q).summary) for q in QUESTIONS]
    assert statistics.median(counts) <= WORD_BUDGET


def test_out_of_scope_has_no_reply(real_advisor) -> None:
    answer = _reply(real_advisor, "write me a poem about the sea", "policy-maker", "TH")
    assert answer.out_of_scope
    assert not answer.summary
    assert not answer.guidance


def test_count_words_ignores_link_targets_and_counts_unspaced_scripts() -> None:
    assert count_words("Do this [\\[A1\\]](https://example.org/a/long/path)") == 3
    assert count_words("ภาษาไทยไม่มีช่องว่าง") >= 4
