"""Language detection and script-aware tokenisation."""

from __future__ import annotations

import pytest

from advisor.language import detect_language, tokenize, writes_without_spaces


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What should I learn to use data in policy making?", "en"),
        ("Bagaimana cara ASN menggunakan data untuk merumuskan kebijakan?", "id"),
        ("Bagaimanakah penjawat awam boleh menggunakan data dalam penggubalan dasar kerajaan?", "ms"),
        ("จะใช้ข้อมูลในการกำหนดนโยบายได้อย่างไร", "th"),
        ("Làm thế nào để sử dụng dữ liệu trong hoạch định chính sách?", "vi"),
        ("Paano ko magagamit ang datos sa paggawa ng patakaran?", "fil"),
        ("តើខ្ញុំគួររៀនអ្វីខ្លះ", "km"),
        ("ຂ້ອຍຄວນຮຽນຫຍັງ", "lo"),
        ("ဒစ်ဂျစ်တယ်အစိုးရ", "my"),
        ("procurement", "en"),
        ("data", "en"),
    ],
)
def test_detects_the_question_language(question: str, language: str) -> None:
    assert detect_language(question) == language


def test_short_queries_use_the_label_vocabulary() -> None:
    vocabulary = {"en": frozenset({"procurement"}), "id": frozenset({"pengadaan"})}
    assert detect_language("pengadaan", vocabulary) == "id"
    assert detect_language("procurement", vocabulary) == "en"


def test_thai_is_segmented_into_words() -> None:
    tokens = tokenize("การใช้ข้อมูลในการกำหนดนโยบาย")
    assert "ข้อมูล" in tokens
    assert "นโยบาย" in tokens
    assert len(tokens) >= 4


def test_khmer_lao_burmese_become_bigrams() -> None:
    assert tokenize("ទិន្នន័យ")[:2] == ["ទិ", "ិន"]
    assert all(len(t) == 2 for t in tokenize("ຂໍ້ມູນ"))
    assert writes_without_spaces("my")
    assert not writes_without_spaces("id")


def test_latin_text_is_lowercased_words() -> None:
    assert tokenize("Data-driven Policy, AI!") == ["data-driven", "policy", "ai"]


def test_a_loaded_index_segments_thai_aliases_without_pythainlp(real_advisor) -> None:
    """Loading needs no PyThaiNLP (seconds of import): the aliases' Thai tokens come with the index."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    script = (
        "import sys\n"
        "from advisor.config import Settings\n"
        "from advisor.knowledge import load_knowledge\n"
        "from advisor.retrieval.aliases import AliasMatcher\n"
        "from advisor.retrieval.store import load_index\n"
        "s = Settings.from_env()\n"
        "load_index(s.index_dir)\n"
        "AliasMatcher(load_knowledge(s.knowledge_dir))\n"
        "print('pythainlp' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_the_thai_token_table_gives_the_same_tokens_as_pythainlp() -> None:
    from advisor.language import remember_thai_tokens, thai_token_table, tokenize

    text = "การวิเคราะห์ข้อมูลภาครัฐ"
    expected = tokenize(text)
    remember_thai_tokens(thai_token_table([text]))
    assert tokenize(text) == expected
