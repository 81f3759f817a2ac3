"""Near-domain requests are refused in one line; near-miss questions about digital work are answered.

Also the pieces that make a cold start fast without changing an answer: the parse cache of the
knowledge files and the BM25 arrays read without bm25s.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from advisor.evaluation import NEAR_DOMAIN_SEED, held_out, load_gold, near_domain_path, split_of
from advisor.evaluation.run import _suites
from advisor.knowledge import load_knowledge
from advisor.knowledge.parse_cache import CACHE_NAME, ParseCache
from advisor.retrieval.lexical import LexicalIndex, SavedBM25
from advisor.retrieval.unrelated import unrelated_request, work_purpose

# --- the request patterns ---------------------------------------------------------------------

NEAR_DOMAIN_REQUESTS = [
    ("How many days of annual leave do I get after five years?", "leave days"),
    ("Berapa gaji PNS golongan III/a tahun ini?", "pay and allowances"),
    ("เกษียณแล้วได้บำนาญเท่าไหร่ คำนวณยังไง", "pensions and retirement"),
    ("Khi nào thi nâng ngạch chuyên viên chính?", "exams and promotions"),
    ("Macam mana nak mohon jawatan kosong di SPA?", "jobs and applying"),
    ("Paano mag-file ng income tax return online sa BIR?", "personal tax"),
    ("Saya hilang MyKad, di mana nak buat yang baru?", "passports and identity papers"),
    ("Ai sẽ thắng cuộc bầu cử tổng thống Mỹ?", "elections and politics"),
    ("Menteri itu katanya selingkuh ya?", "a minister's private life"),
    ("Printer kantor macet terus, gimana benerinnya", "office equipment fixes"),
    ("Write a wedding invitation for my colleague's wedding", "creative writing"),
    ("ຊ່ວຍແປຈົດໝາຍນີ້ເປັນພາສາອັງກິດແດ່", "translating a text"),
    ("Rekomendasi HP bagus harga 3 jutaan", "buying advice"),
    ("ဒီနေ့ သတင်း ဘာတွေရှိလဲ", "news of the day"),
    ("អត្រាប្តូរប្រាក់ដុល្លារទៅរៀលថ្ងៃនេះ", "prices and exchange rates"),
    # Kinds and wordings added from a second pool of near-domain requests (December 2026).
    ("Can you polish my resume before I apply to a bank?", "a personal document"),
    ("Tolong bikinin surat lamaran kerja buat BUMN", "a personal document"),
    ("Xin chuyển công tác về quê thì cần làm những gì?", "jobs and applying"),
    ("Gimana caranya mutasi ke kabupaten lain?", "jobs and applying"),
    ("Where can I pay my speeding ticket online?", "traffic fines"),
    ("Tra cứu phạt nguội ở đâu?", "traffic fines"),
    ("xem tu vi nam nay giup toi", "fortune telling"),
    ("What's your name, and who made you?", "about the assistant"),
    ("คุณคือ ChatGPT หรือเปล่า", "about the assistant"),
    ("Lãi suất vay mua nhà cho công chức bao nhiêu?", "prices and exchange rates"),
    ("Kailan ang release ng mid-year bonus?", "pay and allowances"),
    ("May tsismis ka ba tungkol sa artista?", "celebrity gossip"),
    ("Saya terlupa kata laluan emel jabatan", "a personal account"),
    ("Ada kisi-kisi soal SKD CPNS gak? butuh latihan soal", "exams and promotions"),
    ("Do government employees need a visa to visit Vietnam on holiday?", "passports and identity papers"),
    # Kinds added from a third pool, of 83 kinds of request (December 2026, session 6).
    ("Let's play twenty questions, I'm thinking of an animal", "games and riddles"),
    ("kết quả xổ số miền Bắc hôm nay", "lottery results"),
    ("Paano ko ligawan yung crush ko sa kabilang opisina?", "love and dating"),
    ("Kawan digigit ular masa kerja lapangan, pertolongan pertama gimana?", "first aid and medicine"),
    ("ເຈົ້າແມ່ນໃຜ?", "about the assistant"),
]

NEAR_MISSES = [
    "How do I plan training for staff who fear the new payroll system?",
    "Our passport office wants online booking, where do we start?",
    "The election commission wants to publish open data on results; what do we need to get right?",
    "The exchange rate tables we publish are hard to reuse; how do we make them open and machine-readable?",
    "Kantor imigrasi mau bikin antrian paspor online, mulainya dari mana?",
    "Phòng xuất nhập cảnh muốn cho dân đặt lịch làm hộ chiếu online, bắt đầu từ đâu?",
    "SPR mahu menerbitkan data keputusan pilihan raya sebagai data terbuka, apa perlu disediakan?",
    "Gusto ng COMELEC na i-publish ang election results bilang open data, ano ang kailangan?",
    "Staff keep reusing weak passwords; how do we build a security culture in the ministry?",
    "My staff resist the new e-filing system; how do I bring them along?",
    "We are rolling out a new HR app to 30 district offices; how should we phase it?",
    "Người dân hay quên mật khẩu tài khoản dịch vụ công, làm sao thiết kế lại bước đăng nhập cho dễ?",
    "Which interest rate series should the central bank publish as open data?",
    # Situations from our own knowledge that a request pattern used to refuse.
    "คนตาบอดแจ้งมาว่าเว็บยื่นภาษีของเราใช้กับโปรแกรมอ่านหน้าจอไม่ได้ ต้องแก้ตรงไหนบ้าง",
    "Nhiều người bắt đầu nộp hồ sơ online rồi bỏ giữa chừng, không ai theo dõi tại sao.",
    "အထက်လူကြီးတွေက digital အကြောင်း မိန့်ခွန်းတိုင်းမှာ ပြောပေမယ့် ဘတ်ဂျက်တောင်းရင် ခွင့်မပြုဘူး",
    "The lottery office wants to publish lottery results as open data; what format should we use?",
    "Can we play with the open data tools before we pick a vendor?",
]


@pytest.mark.parametrize(("question", "kind"), NEAR_DOMAIN_REQUESTS)
def test_near_domain_requests_are_named_by_kind(question: str, kind: str) -> None:
    assert unrelated_request(question) == kind


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_near_misses_about_digital_work_match_no_pattern(question: str) -> None:
    assert unrelated_request(question) is None


def test_no_situation_of_ours_is_taken_for_a_request(shipped_knowledge) -> None:
    # Our own situations are genuine questions in users' words, in nine languages.
    taken = [
        (kind, line)
        for by_language in shipped_knowledge.situations.values()
        for lines in by_language.values()
        for line in lines
        if (kind := unrelated_request(line))
    ]
    assert taken == []


def test_no_genuine_question_of_the_tuning_sets_is_taken_for_a_request() -> None:
    # The patterns were written from these sets: none of their genuine questions may match one.
    # (The untuned probes are left out: they measure how the patterns carry to new writers.)
    from advisor.evaluation.cases import default_gold_path, project_root, situational_path
    from advisor.evaluation.scope_training import TUNING_FILES

    cases = held_out(load_gold(situational_path()), "tuning") + load_gold(default_gold_path())
    cases += [case for name in TUNING_FILES for case in load_gold(project_root() / "tests" / "gold" / name)]
    taken = [(case.id, kind) for case in cases if case.relevant and (kind := unrelated_request(case.question))]
    assert len(cases) > 2500
    assert taken == []


def test_asking_for_a_text_is_refused_whatever_work_it_mentions() -> None:
    # A speech about digital work is still a speech: the work guard never lifts creative writing.
    assert work_purpose("Draft a speech for the minister on digital transformation for our staff")
    assert unrelated_request("Draft a speech for the minister on digital transformation for our staff") == (
        "creative writing"
    )


def test_the_work_guard_is_organisational_not_personal() -> None:
    # Renewing one's own passport in an app is personal; an office wanting online booking is work.
    assert work_purpose("cara perpanjang paspor lewat aplikasi M-Paspor gimana?") is None
    assert unrelated_request("cara perpanjang paspor lewat aplikasi M-Paspor gimana?") == (
        "passports and identity papers"
    )
    assert work_purpose("Kantor imigrasi mau bikin antrian paspor online") is not None
    # Thai "ID card" is literally "citizens' card": it must not read as a question about citizens.
    assert work_purpose("บัตรประชาชนหาย ต้องไปทำใหม่ที่ไหน") is None
    assert work_purpose("ข้อมูลของประชาชนรั่วไหล") is not None


# --- the near-domain evaluation set -----------------------------------------------------------


def test_the_near_domain_set_is_large_multilingual_and_split_by_its_own_seed() -> None:
    import yaml

    header = yaml.safe_load(near_domain_path().read_text(encoding="utf-8"))
    assert header["written_by"]
    assert header["purpose"]
    cases = load_gold(near_domain_path())
    unrelated = [c for c in cases if not c.relevant]
    genuine = [c for c in cases if c.relevant]
    assert len(unrelated) >= 120
    assert len(genuine) >= 60
    assert {c.language for c in unrelated} == {"en", "th", "vi", "id", "ms", "fil", "km", "lo", "my"}
    tuning, held = held_out(cases, "tuning", NEAR_DOMAIN_SEED), held_out(cases, "held-out", NEAR_DOMAIN_SEED)
    assert len(tuning) + len(held) == len(cases)
    assert tuning
    assert held
    assert all(split_of(c.id, NEAR_DOMAIN_SEED) == "tuning" for c in tuning)
    # ``--set near-domain --half all`` evaluates both halves, with the refusal targets.
    suites = _suites(None, "near-domain", "all")
    assert [(title, len(c), kind) for title, c, kind in suites] == [
        ("near-domain, tuning half", len(tuning), "near-domain"),
        ("near-domain, held-out half", len(held), "near-domain"),
    ]


# --- answers on the real model ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "Can I carry over my unused leave days to next year?",
        "Kailan ang susunod na civil service exam at paano mag-apply?",
        "ใครจะชนะเลือกตั้งนายกครั้งหน้า",
        "Dịch giúp tôi lá thư này sang tiếng Anh",
        "ເງິນເດືອນລັດຖະກອນປີນີ້ເທົ່າໃດ?",
        "ရုံးက ပရင်တာ ပျက်နေတယ် ဘယ်လိုပြင်ရမလဲ",
    ],
)
def test_near_domain_requests_get_the_one_line_refusal(real_advisor, question: str) -> None:
    answer = real_advisor.ask(question, "policy-maker", "TH")
    assert answer.out_of_scope
    assert not answer.competencies
    assert "\n" not in answer.answer.strip()
    assert answer.answer.startswith("I can only help with the digital and AI competencies")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How do I plan training for staff who fear the new payroll system?", {"ME3", "AT3"}),
        ("Our pension records are spread over three agencies; how do we share them safely?", {"DG3", "DG4", "ME5"}),
        ("จะวางแผนอบรมเจ้าหน้าที่ที่กลัวระบบเงินเดือนใหม่ยังไงดี", {"ME3", "AT3"}),
        ("Data KTP warga bocor, apa yang harus dilakukan dinas?", {"DG4"}),
        ("Gusto ng COMELEC na i-publish ang election results bilang open data, ano ang kailangan?", {"DG5", "DG3"}),
    ],
)
def test_near_miss_questions_are_answered(real_advisor, question: str, expected: set[str]) -> None:
    answer = real_advisor.ask(question, "policy-maker", "PH")
    assert not answer.out_of_scope
    assert expected & {c.id for c in answer.competencies[:5]}


# --- a fast cold start that changes nothing -----------------------------------------------------


def test_a_cached_parse_builds_the_same_knowledge_and_notices_a_change(knowledge_copy: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "index"
    fresh = load_knowledge(knowledge_copy)
    first = load_knowledge(knowledge_copy, cache_dir=cache_dir)
    assert (cache_dir / CACHE_NAME).is_file()
    cached = load_knowledge(knowledge_copy, cache_dir=cache_dir)
    assert cached.version == first.version == fresh.version
    assert cached.competencies == fresh.competencies
    assert cached.situations == fresh.situations
    # One file edited: it is parsed again, the rest still comes from the cache.
    path = knowledge_copy / "competencies" / "DG.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Open data and transparency"' in text
    path.write_text(text.replace('title: "Open data and transparency"', 'title: "Open data, published well"'), "utf-8")
    edited = load_knowledge(knowledge_copy, cache_dir=cache_dir)
    assert edited.competencies["DG5"].title == "Open data, published well"
    assert edited.version != fresh.version


def test_a_broken_file_is_reported_even_when_its_old_parse_is_cached(knowledge_copy: Path, tmp_path: Path) -> None:
    from advisor.errors import KnowledgeError

    load_knowledge(knowledge_copy, cache_dir=tmp_path)
    (knowledge_copy / "roles.yaml").write_text("roles: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"roles\.yaml"):
        load_knowledge(knowledge_copy, cache_dir=tmp_path)


def test_a_corrupt_or_tampered_cache_is_ignored_never_executed(tmp_path: Path) -> None:
    calls: list[str] = []

    def parse(path: Path, shown: str) -> tuple[object, str | None]:
        calls.append(shown)
        return {"parsed": path.read_text(encoding="utf-8")}, None

    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n", encoding="utf-8")
    cache_file = tmp_path / CACHE_NAME
    cache_file.write_bytes(b"not a pickle")
    cache = ParseCache(cache_file)
    assert cache.read(source, "a.yaml", "knowledge/a.yaml", parse) == ({"parsed": "x: 1\n"}, None)
    cache.save()
    again = ParseCache(cache_file)
    assert again.read(source, "a.yaml", "knowledge/a.yaml", parse)[0] == {"parsed": "x: 1\n"}
    assert calls == ["knowledge/a.yaml"]  # the second read came from the cache

    marker = tmp_path / "executed"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return (open, (str(marker), "w"))  # unpickling would create the file

    cache_file.write_bytes(pickle.dumps({"format": "x", "files": Payload()}))
    tampered = ParseCache(cache_file)
    tampered.read(source, "a.yaml", "knowledge/a.yaml", parse)
    assert calls == ["knowledge/a.yaml", "knowledge/a.yaml"]  # parsed afresh
    assert not marker.exists()  # and nothing in the file ran


def test_bm25_read_from_its_arrays_scores_as_bm25s_does(tmp_path: Path) -> None:
    import bm25s

    texts = [
        "open data portal for election results",
        "train staff who fear the payroll system",
        "data protection and privacy of citizens",
        "",
        "data data sharing between agencies",
    ]
    LexicalIndex.build(texts).save(tmp_path)
    direct = LexicalIndex.load(tmp_path)
    assert isinstance(direct._retriever, SavedBM25)
    reference = LexicalIndex(bm25s.BM25.load(str(tmp_path), show_progress=False))
    for query in ("open data", "data data staff", "privacy of citizens", "nothing matches here"):
        assert np.allclose(direct.scores(query), reference.scores(query))
    assert direct.size == reference.size == len(texts)
    assert direct.scores("open data").argmax() == 0
