"""Issue #11's check: `advisor ask ... --lang L` answers are in L, outside URLs, ids and proper names.

Thai: at least 90 % of the letters are Thai script. Vietnamese, Indonesian, Malay and Filipino:
at most 10 % of the words are common English words (``advisor.evaluation.in_language``).
Three in-scope questions per language, asked through the CLI in one batch.

A language is skipped only while its glosses file (``knowledge/translations/<lang>/glosses.yaml``)
is absent: without it every country fact is English by design, marked as such.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from typing import Any

import pytest

from advisor.evaluation.in_language import english_word_share, english_words, readable_text, thai_share
from conftest import KNOWLEDGE, ROOT

pytestmark = pytest.mark.slow

MIN_THAI_SHARE = 0.9
MAX_ENGLISH_WORD_SHARE = 0.1

QUESTIONS: dict[str, list[tuple[str, str, str]]] = {
    "th": [
        ("ข้อมูลส่วนบุคคลของประชาชนรั่วไหล ต้องทำอย่างไร", "policy-maker", "TH"),
        ("จะใช้ข้อมูลในการกำหนดนโยบายได้อย่างไร", "policy-maker", "TH"),
        ("หน่วยงานจะจัดซื้อระบบแชทบอทจากบริษัทเอกชน ควรระวังอะไรบ้าง", "procurement", "TH"),
    ],
    "vi": [
        ("Làm thế nào để bảo vệ dữ liệu cá nhân của người dân?", "data-specialist", "VN"),
        ("Cán bộ cấp xã cần kỹ năng số gì để phục vụ người dân trực tuyến?", "local-government", "VN"),
        ("Làm sao để dùng dữ liệu khi xây dựng chính sách?", "policy-maker", "VN"),
    ],
    "id": [
        ("Bagaimana melindungi data pribadi warga di instansi kami?", "data-specialist", "ID"),
        ("Apa yang perlu diperhatikan saat membeli sistem AI dari vendor?", "procurement", "ID"),
        ("Bagaimana menggunakan data untuk merumuskan kebijakan?", "policy-maker", "ID"),
    ],
    "ms": [
        ("Bagaimana melindungi data peribadi rakyat di jabatan kerajaan?", "data-specialist", "MY"),
        ("Apakah kemahiran digital yang diperlukan oleh pegawai kerajaan tempatan?", "local-government", "MY"),
        ("Bagaimana menggunakan data untuk membuat dasar awam?", "policy-maker", "BN"),
    ],
    "fil": [
        ("Paano poprotektahan ang personal na datos ng mga mamamayan?", "data-specialist", "PH"),
        ("Ano ang dapat bantayan sa pagbili ng AI system mula sa vendor?", "procurement", "PH"),
        ("Paano gagamitin ang datos sa paggawa ng patakaran?", "policy-maker", "PH"),
    ],
}
CASES = [(lang, n) for lang, questions in QUESTIONS.items() for n in range(len(questions))]


@pytest.fixture(scope="module")
def answers(real_advisor) -> dict[tuple[str, int], dict[str, Any]]:
    """Every question, answered by `advisor ask --batch` (the CLI) against the session's index."""
    batch = "".join(
        json.dumps({"question": q, "role": role, "country": country, "lang": lang}, ensure_ascii=False) + "\n"
        for lang, questions in QUESTIONS.items()
        for q, role, country in questions
    )
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "--batch", "/dev/stdin"],
        input=batch,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir)},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(CASES)
    return dict(zip(CASES, rows, strict=True))


@cache
def _has_glosses(lang: str) -> bool:
    return (KNOWLEDGE / "translations" / lang / "glosses.yaml").exists()


def proper_names(answer: dict[str, Any]) -> list[str]:
    """Names the check leaves out: providers of courses and speakers are proper names; the
    learning list's language codes are ids. Titles of documents and courses are link texts,
    left out by ``readable_text``. Nothing else: descriptions such as a speaker's affiliation count.
    (One speaker field is a description, "Expert based in Senegal (not named in the article)":
    the source names no one; it is left out with the names.)"""
    names = [r["provider"] for r in answer["learning"]] + [", ".join(r["languages"]) for r in answer["learning"]]
    return names + [i["speaker"] for i in answer["insights"]]


@pytest.mark.parametrize(("lang", "n"), CASES, ids=[f"{lang}-{n + 1}" for lang, n in CASES])
def test_the_markdown_answer_is_in_the_interface_language(request: pytest.FixtureRequest, lang: str, n: int) -> None:
    if not _has_glosses(lang):
        pytest.skip(f"knowledge/translations/{lang}/glosses.yaml is not there yet: facts are English by design")
    answer = request.getfixturevalue("answers")[(lang, n)]
    assert not answer["out_of_scope"], answer["query"]["question"]
    assert answer["country_context"], "an in-scope answer about a country shows its context"
    text = readable_text(answer["answer"], proper_names(answer))
    if lang == "th":
        share = thai_share(text)
        assert share >= MIN_THAI_SHARE, f"{share:.0%} Thai letters:\n{text}"
    else:
        share = english_word_share(text)
        assert share <= MAX_ENGLISH_WORD_SHARE, f"{share:.0%} English words: {english_words(text)}\n{text}"
    for item in answer["country_context"] + answer["insights"]:
        assert item["gloss_status"] in ({"drafted", "reviewed"} if item["gloss"] else {None})


def test_the_check_fails_on_an_answer_with_english_facts() -> None:
    """The same measure on English text: the check is able to fail."""
    english = "The agency trains civil servants in data skills and publishes open data for citizens."
    assert thai_share("ข้อมูลเปิด " + english) < MIN_THAI_SHARE
    assert english_word_share("Pemerintah membuka data. " + english) > MAX_ENGLISH_WORD_SHARE
