"""End-to-end answers with the real model and a real index (shared/spec/interfaces.md)."""

from __future__ import annotations

import json

import pytest

from advisor.catalogue import COUNTRIES
from advisor.errors import BadInputError

pytestmark = pytest.mark.slow


def test_answer_object_has_the_contract_keys(real_advisor) -> None:
    answer = real_advisor.ask("What should I learn to use data in policy?", role="policy-maker", country="TH")
    data = json.loads(json.dumps(answer.to_dict()))
    assert set(data) >= {
        "query",
        "competencies",
        "learning",
        "country_context",
        "insights",
        "answer",
        "confidence",
        "out_of_scope",
        "knowledge_version",
    }
    assert data["query"]["role"] == "policy-maker"
    assert data["query"]["language"] == "en"
    first = data["competencies"][0]
    assert set(first) >= {"id", "title", "domain", "score", "target_level", "why", "provenance", "sources"}
    assert data["knowledge_version"] == real_advisor.knowledge_version
    assert data["confidence"] in {"high", "medium", "low"}


def test_data_in_policy_finds_data_driven_policy_making(real_advisor) -> None:
    answer = real_advisor.ask("What should I learn to use data in policy?", role="policy-maker", country="TH")
    ids = [c.id for c in answer.competencies]
    assert ids[0] == "DG1"
    assert answer.competencies[0].target_level == real_advisor.knowledge.roles["policy-maker"].targets["DG1"].level
    assert "policy maker" in answer.competencies[0].why


def test_answer_cites_every_item(real_advisor) -> None:
    answer = real_advisor.ask("How do we buy an AI system without vendor lock-in?", role="procurement", country="PH")
    for item in [*answer.competencies, *answer.learning, *answer.country_context, *answer.insights]:
        assert f"[{item.cite}]" in answer.answer
    for _, _, url in answer.citations():
        assert url in answer.answer


@pytest.mark.parametrize("country", sorted(COUNTRIES))
def test_country_context_and_learning_belong_to_the_country(real_advisor, country: str) -> None:
    answer = real_advisor.ask("Which digital skills do civil servants need?", role="executive", country=country)
    assert answer.country_context, country
    assert {c.country for c in answer.country_context} <= {country, "ASEAN"}
    assert any(c.country == country for c in answer.country_context)
    for resource in answer.learning:
        assert country in resource.countries or "*" in resource.countries


@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        ("จะใช้ข้อมูลในการกำหนดนโยบายได้อย่างไร", "th", "DG1"),
        ("Bagaimana ASN dapat menggunakan data dalam perumusan kebijakan?", "id", "DG1"),
        ("Apakah kemahiran yang diperlukan untuk perolehan sistem AI?", "ms", "ME2"),
        ("Làm sao để bảo vệ dữ liệu cá nhân của người dân?", "vi", "DG4"),
        ("Paano pamahalaan ang pagbabago sa kultura ng aming ahensya?", "fil", "ME3"),
    ],
)
def test_questions_in_the_regions_languages(real_advisor, question: str, lang: str, expected: str) -> None:
    answer = real_advisor.ask(question, role="policy-maker", country="ID", lang=lang)
    assert answer.query.language == lang
    assert not answer.out_of_scope
    assert expected in [c.id for c in answer.competencies[:3]]


def test_framing_sentences_follow_the_interface_language(real_advisor) -> None:
    answer = real_advisor.ask("data governance", role="data-specialist", country="TH", lang="th")
    assert answer.answer.startswith("สำหรับ")
    assert "ประเทศไทย" in answer.answer


@pytest.mark.parametrize(
    "question",
    ["How do I cook pad thai?", "Who won the 2022 World Cup?", "Write a poem about the ocean", "สูตรต้มยำกุ้ง"],
)
def test_unrelated_questions_are_out_of_scope(real_advisor, question: str) -> None:
    answer = real_advisor.ask(question, role="policy-maker", country="TH")
    assert answer.out_of_scope
    assert answer.confidence == "low"
    assert answer.competencies == []


@pytest.mark.parametrize(("keyword", "expected"), [("procurement", "ME2"), ("open data", "DG5")])
def test_short_keyword_queries_still_get_answers(real_advisor, keyword: str, expected: str) -> None:
    answer = real_advisor.ask(keyword, role="digital-unit", country="MY")
    assert not answer.out_of_scope
    assert expected in [c.id for c in answer.competencies[:3]]


def test_a_bare_data_gets_the_data_competencies_first(real_advisor) -> None:
    # A bare "data" names no need: any data competency is a fair first answer, data literacy
    # among the first five, and nothing else before them.
    ranked = [c.id for c in real_advisor.ask("data", role="digital-unit", country="MY").competencies]
    assert all(cid.startswith("DG") for cid in ranked[:3])
    assert "DG2" in ranked[:5]


def test_consultation_questions_return_the_matching_insights(real_advisor) -> None:
    answer = real_advisor.ask(
        "What did the Southeast Asia experts say about risk aversion?", role="hr-learning", country="VN"
    )
    assert len(answer.insights) >= 3
    assert any("risk" in i.text.lower() for i in answer.insights[:3])


def test_role_changes_the_target_levels_shown(real_advisor) -> None:
    ask = real_advisor.ask
    it = {
        c.id: c.target_level
        for c in ask("cybersecurity incident response", role="it-specialist", country="SG").competencies
    }
    frontline = {
        c.id: c.target_level
        for c in ask("cybersecurity incident response", role="service-delivery", country="SG").competencies
    }
    assert it["DG4"] > frontline["DG4"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"question": "  "}, "the question is empty"),
        ({"question": "x" * 2001}, "at most 2000"),
        ({"role": "astronaut"}, "unknown role 'astronaut'; accepted: executive"),
        ({"country": "FR"}, "unknown country 'FR'; accepted: BN"),
        ({"level": 5}, "level 5 is not accepted"),
        ({"lang": "xx"}, "unknown language 'xx'"),
        ({"top_k": 0}, "top_k 0 is not accepted"),
    ],
)
def test_bad_input_is_refused_with_one_clear_line(real_advisor, kwargs: dict, message: str) -> None:
    params = {"question": "data", "role": "executive", "country": "TH"} | kwargs
    with pytest.raises(BadInputError, match=message) as raised:
        real_advisor.ask(**params)
    assert "\n" not in str(raised.value)
