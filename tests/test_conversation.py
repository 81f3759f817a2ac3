"""Follow-up questions reuse the previous question for a new role or country."""

from __future__ import annotations

import pytest

from advisor.conversation import Turn, resolve_followup

PREVIOUS = Turn("How do we use data in policy making?", "policy-maker", "TH")


@pytest.mark.parametrize(
    ("text", "lang", "role", "country"),
    [
        ("and for executives?", "en", "executive", "TH"),
        ("What about Thailand?", "en", "policy-maker", "TH"),
        ("what about Viet Nam?", "en", "policy-maker", "VN"),
        ("and for procurement officers in Indonesia?", "en", "procurement", "ID"),
        ("bagaimana dengan Malaysia?", "id", "policy-maker", "MY"),
        ("แล้วสำหรับผู้บริหารระดับสูงล่ะ", "th", "executive", "TH"),
    ],
)
def test_followups_are_resolved(text: str, lang: str, role: str, country: str) -> None:
    resolved = resolve_followup(text, "policy-maker", "TH", PREVIOUS, lang)
    assert resolved.question == PREVIOUS.question
    assert (resolved.role, resolved.country) == (role, country)
    assert resolved.understood_as
    assert PREVIOUS.question in resolved.understood_as


@pytest.mark.parametrize(
    "text",
    [
        "procurement",
        "How should executives in Thailand lead a digital transformation programme across many ministries?",
        "What is data governance?",
    ],
)
def test_new_questions_pass_through(text: str) -> None:
    resolved = resolve_followup(text, "policy-maker", "TH", PREVIOUS)
    assert resolved.question == text
    assert resolved.understood_as is None
    assert (resolved.role, resolved.country) == ("policy-maker", "TH")


def test_no_previous_question_means_no_followup() -> None:
    assert resolve_followup("and for executives?", "regulator", "SG", None).role == "regulator"
