"""Localisation review: access control, the action history, published corrections, queue and report."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from advisor.errors import AccessDeniedError, BadInputError
from advisor.feedback import FeedbackStore
from advisor.knowledge import load_knowledge, validate_knowledge
from advisor.review.access import Reviewer, hash_passphrase, parse_reviewer_keys, sign_in
from advisor.review.attempts import SignInLog, back_off
from advisor.review.corrections import propose_correction, publish_correction, publish_overrides
from advisor.review.queue import build_queue, report, report_csv, report_markdown, reviewed_for, stale_facts
from advisor.review.store import ReviewStore
from advisor.stores.published import PublishedStore
from conftest import ROOT

THAI = Reviewer("somchai", frozenset({"TH"}))
SECOND_THAI = Reviewer("nok", frozenset({"TH"}))
INDONESIAN = Reviewer("sari", frozenset({"ID"}))
SECOND_INDONESIAN = Reviewer("budi", frozenset({"ID"}))


def approve_and_publish(store: ReviewStore, knowledge, knowledge_dir: Path, proposal: int, approver: Reviewer) -> int:
    """The second reviewer approves, then publishes."""
    store.approve(approver, proposal, knowledge.version)
    return publish_correction(store, knowledge, knowledge_dir, approver, proposal)


KEYS = "somchai@TH=kheuang-mue-dee;sari@ID=kopi-tubruk-pagi"


# --- access -------------------------------------------------------------------------------


@pytest.fixture
def log(tmp_path: Path) -> SignInLog:
    return SignInLog.in_data_dir(tmp_path)


class Clock:
    """A hand-turned clock for the durable sign-in log."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_passphrases_identify_reviewers_and_their_countries(log: SignInLog) -> None:
    keys = parse_reviewer_keys(KEYS)
    reviewer = sign_in("sari", "kopi-tubruk-pagi", keys, log, "client")
    assert reviewer == Reviewer("sari", frozenset({"ID"}))
    shared = parse_reviewer_keys(None, shared="one-shared-passphrase")[0]
    assert shared.name == "reviewer"
    assert shared.countries == frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"})


def test_without_configuration_the_review_is_read_only(log: SignInLog) -> None:
    with pytest.raises(AccessDeniedError, match="read-only"):
        sign_in("anyone", "anything", parse_reviewer_keys(None), log, "client")


@pytest.mark.parametrize("secret", ["Tr0ub4dor=3", "c2VjcmV0cGFzcw=="])
def test_a_fragment_of_a_passphrase_never_signs_in(secret: str, log: SignInLog) -> None:
    # Regression: 'Tr0ub4dor=3' was read as name 'Tr0ub4dor' with passphrase '3'.
    with pytest.raises(BadInputError, match="entry 1 is malformed") as error:
        parse_reviewer_keys(secret)
    assert secret.split("=")[0] not in str(error.value)  # no part of the secret is echoed
    keys = parse_reviewer_keys(None, shared=secret)
    for fragment in ("3", "=", secret.split("=")[0], secret.split("=")[-1]):
        with pytest.raises(AccessDeniedError):
            sign_in("reviewer", fragment, keys, log, "client")
    assert sign_in("reviewer", secret, keys, log, "client").name == "reviewer"


def test_passphrases_may_contain_equals_signs_and_escaped_semicolons(log: SignInLog) -> None:
    keys = parse_reviewer_keys(r"ana@PH=a=b\;c==;tom@TH,VN=plain")
    assert sign_in("ana", "a=b;c==", keys, log, "c").countries == frozenset({"PH"})
    assert sign_in("tom", "plain", keys, log, "c").countries == frozenset({"TH", "VN"})
    with pytest.raises(AccessDeniedError):
        sign_in("ana", "a=b", keys, log, "c")


def test_passphrases_may_be_given_as_scrypt_hashes(log: SignInLog) -> None:
    keys = parse_reviewer_keys(f"ana@PH={hash_passphrase('sampaguita')}")
    assert sign_in("ana", "sampaguita", keys, log, "c").name == "ana"
    with pytest.raises(AccessDeniedError):
        sign_in("ana", keys[0].secret, keys, log, "c")  # the hash itself is not the passphrase


def test_passphrases_may_be_given_as_argon2id_hashes(log: SignInLog) -> None:
    from argon2 import PasswordHasher

    ours = hash_passphrase("sampaguita", scheme="argon2id")
    assert ours.startswith("$argon2id$v=19$")
    theirs = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1).hash("dok-mai")  # made elsewhere
    keys = parse_reviewer_keys(f"ana@PH={ours};nok@TH={theirs};tom@VN={hash_passphrase('phở')}")
    assert sign_in("ana", "sampaguita", keys, log, "c").countries == frozenset({"PH"})
    assert sign_in("nok", "dok-mai", keys, log, "c").name == "nok"
    assert sign_in("tom", "phở", keys, log, "c").name == "tom"  # scrypt beside argon2
    for name, wrong in (("ana", "Sampaguita"), ("ana", ours), ("nok", "dok-mai ")):
        with pytest.raises(AccessDeniedError, match="wrong name or passphrase"):
            sign_in(name, wrong, keys, log, "c")  # nor is the hash itself the passphrase


def test_the_shared_key_is_taken_verbatim_even_when_it_looks_like_a_hash(log: SignInLog) -> None:
    looks_hashed = hash_passphrase("inner", scheme="argon2id")
    keys = parse_reviewer_keys(None, looks_hashed)
    assert sign_in("reviewer", looks_hashed, keys, log, "c").name == "reviewer"
    with pytest.raises(AccessDeniedError):
        sign_in("reviewer", "inner", keys, log, "c")


def test_an_unknown_name_is_checked_against_a_hash_so_timing_tells_nothing(
    log: SignInLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.review.access import ReviewerKey

    keys = parse_reviewer_keys(f"ana@PH=clear;nok@TH={hash_passphrase('x', scheme='argon2id')}")
    checked: list[str] = []
    original = ReviewerKey.matches
    monkeypatch.setattr(ReviewerKey, "matches", lambda self, p: checked.append(self.secret) or original(self, p))
    with pytest.raises(AccessDeniedError, match="wrong name or passphrase"):
        sign_in("nobody", "x", keys, log, "c")  # "x" is nok's passphrase: it must not let "nobody" in
    assert checked == [keys[1].secret]  # as slow as a known name with an argon2 hash


@pytest.mark.parametrize(
    "secret",
    [
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ",  # no hash part
        "$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",  # not argon2id
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",  # salt too short
        "$argon2id$v=19$m=9999999,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",  # 9.5 GiB
        "=19=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",  # what a shell left of "$argon2id$v=19$m=..."
    ],
)
def test_a_malformed_argon2_hash_gets_one_clear_line_without_the_secret(secret: str) -> None:
    with pytest.raises(BadInputError) as refused:
        parse_reviewer_keys(f"ana@PH=fine;bo@TH={secret}")
    message = str(refused.value)
    assert message.startswith("ADVISOR_REVIEWER_KEY: entry 2")
    assert "\n" not in message
    assert "argon2" in message or "single quotes" in message
    assert "c2Fsd" not in message  # no part of the secret (salt or hash) is repeated
    assert "aGFza" not in message


def test_advisor_review_hash_prints_a_hash_that_signs_in(log: SignInLog) -> None:
    for scheme, prefix in (("argon2id", "$argon2id$"), ("scrypt", "scrypt$")):
        made = subprocess.run(
            [sys.executable, "-m", "advisor", "review", "hash", "--scheme", scheme],
            input="kheuang mue=dee;\n",  # read from standard input, never an argument; the line's end is not in it
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        hashed = made.stdout.strip()
        assert hashed.startswith(prefix)
        assert "kheuang" not in hashed
        keys = parse_reviewer_keys(f"somchai@TH={hashed}")
        assert sign_in("somchai", "kheuang mue=dee;", keys, log, "c").name == "somchai"
    empty = subprocess.run(
        [sys.executable, "-m", "advisor", "review", "hash"], input="", capture_output=True, text=True, cwd=ROOT,
        check=False, timeout=120,
    )  # fmt: skip
    assert empty.returncode == 2
    assert empty.stderr.strip() == (
        "advisor: error: the passphrase is empty; type it at the prompt or give it as one line on standard input"
    )


def test_region_wide_facts_need_their_own_permission() -> None:
    everywhere = parse_reviewer_keys("ana@*=x;bo@ID,ASEAN=y")
    assert "ASEAN" not in everywhere[0].countries
    assert everywhere[1].countries == frozenset({"ID", "ASEAN"})


def test_failed_sign_ins_back_off_per_name_durably(tmp_path: Path) -> None:
    clock = Clock()
    keys = parse_reviewer_keys(KEYS)
    for _ in range(5):
        with pytest.raises(AccessDeniedError, match="wrong name or passphrase"):
            sign_in("somchai", "guess", keys, SignInLog(tmp_path / "s.db", clock), "attacker")
    # A reload, a new browser (another client) or a restart: the name is still delayed.
    reopened = SignInLog(tmp_path / "s.db", clock)
    for client in ("attacker", "new-browser"):
        with pytest.raises(AccessDeniedError, match="too many failed sign-ins"):
            sign_in("somchai", "kheuang-mue-dee", keys, reopened, client)
    # Another reviewer is never locked out by failures on somchai.
    assert sign_in("sari", "kopi-tubruk-pagi", keys, reopened, "attacker").name == "sari"
    clock.now += 31
    with pytest.raises(AccessDeniedError, match="wrong"):
        sign_in("somchai", "guess", keys, reopened, "attacker")
    clock.now += 31  # the delay doubled: 60 s after the sixth failure
    with pytest.raises(AccessDeniedError, match="too many"):
        sign_in("somchai", "kheuang-mue-dee", keys, reopened, "attacker")
    clock.now += 30
    assert sign_in("somchai", "kheuang-mue-dee", keys, reopened, "attacker").name == "somchai"


def test_a_flood_of_guesses_does_not_lock_out_the_real_reviewer(tmp_path: Path) -> None:
    # Regression: 200 wrong guesses used to hit a global limit and lock out every reviewer.
    clock = Clock()
    log, keys = SignInLog(tmp_path / "s.db", clock), parse_reviewer_keys(KEYS)
    for n in range(200):
        with contextlib.suppress(AccessDeniedError):
            sign_in(f"guess-{n % 40}", "wrong", keys, log, f"bot-{n % 7}")
    assert sign_in("sari", "kopi-tubruk-pagi", keys, log, "office").name == "sari"
    assert back_off(4, 5) == 0
    assert back_off(5, 5) == 30
    assert back_off(50, 5) == 900


def test_the_sign_in_log_never_holds_a_passphrase(tmp_path: Path) -> None:
    log, keys = SignInLog(tmp_path / "s.db"), parse_reviewer_keys(KEYS)
    with contextlib.suppress(AccessDeniedError):
        sign_in("somchai", "not-the-passphrase-xyz", keys, log, "c")
    sign_in("somchai", "kheuang-mue-dee", keys, log, "c")
    raw = (tmp_path / "s.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("s.db-*"))
    assert b"not-the-passphrase-xyz" not in raw
    assert b"kheuang-mue-dee" not in raw


def test_malformed_reviewer_keys_are_explained() -> None:
    with pytest.raises(BadInputError, match="unknown XX"):
        parse_reviewer_keys("a@XX=secret")


# --- the action history -------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore.in_data_dir(tmp_path)


def test_status_follows_the_latest_action_and_nothing_is_overwritten(store: ReviewStore, tmp_path: Path) -> None:
    assert store.status("TH", "question:rq-data-policy")[0] == "pending"
    store.record(THAI, "TH", "question:rq-data-policy", "approve", "v1")
    store.record(THAI, "TH", "question:rq-data-policy", "flag", "v1", text="names the wrong agency")
    status, latest = store.status("TH", "question:rq-data-policy")
    assert status == "flagged"
    assert latest.text == "names the wrong agency"
    restarted = ReviewStore.in_data_dir(tmp_path)  # a restart keeps the whole history
    assert [a.action for a in restarted.history("TH", "question:rq-data-policy")] == ["approve", "flag"]
    assert restarted.history("TH")[0].reviewer == "somchai"


def test_approval_counts_only_on_the_same_knowledge_version(store: ReviewStore) -> None:
    store.record(THAI, "TH", "question:rq-trust", "approve", "v1")
    assert store.is_approved("TH", "question:rq-trust", "v1")
    assert not store.is_approved("TH", "question:rq-trust", "v2")


def test_a_reviewer_for_another_country_cannot_write(store: ReviewStore) -> None:
    with pytest.raises(AccessDeniedError, match="sari may review ID, not TH"):
        store.record(INDONESIAN, "TH", "question:rq-trust", "approve", "v1")
    assert store.history("TH") == []


@pytest.mark.parametrize(
    ("action", "text", "url", "message"),
    [
        ("flag", "", "", "a flag needs a reason"),
        ("correct", "", "", "a correction needs its text"),
        ("correct", "new text", "http://insecure.example.org", "must be a well-formed https"),
        ("delete", "", "", "unknown review action"),
    ],
)
def test_incomplete_actions_are_refused(store: ReviewStore, action: str, text: str, url: str, message: str) -> None:
    if action == "correct":
        with pytest.raises(BadInputError, match=message):
            store.propose(THAI, "TH", "fact", "th-dga", text, url or "https://www.dga.or.th/en/", "v1")
    else:
        with pytest.raises(BadInputError, match=message):
            store.record(THAI, "TH", "question:rq-trust", action, "v1", text=text)
    assert store.history("TH") == []


def test_a_correction_needs_a_source_and_is_decided_once(store: ReviewStore) -> None:
    with pytest.raises(BadInputError, match="needs a source URL"):
        store.propose(THAI, "TH", "fact", "th-dga", "better wording", "", "v1")
    proposal = store.propose(THAI, "TH", "fact", "th-dga", "better wording", "https://www.dga.or.th/en/", "v1")
    store.reject(SECOND_THAI, proposal, "v1")
    with pytest.raises(BadInputError, match="already rejected"):
        store.approve(SECOND_THAI, proposal, "v1")


# --- corrections reach users --------------------------------------------------------------


def test_a_reviewer_may_correct_only_their_own_countrys_facts(store: ReviewStore, shipped_knowledge) -> None:
    # Regression: an Indonesian reviewer was offered ASEAN facts, and a Thai fact id went through the API.
    asean = shipped_knowledge.countries["ASEAN"].facts[0].id
    thai = shipped_knowledge.countries["TH"].facts[0].id
    for fact_id in (asean, thai):
        with pytest.raises(BadInputError, match="not one of ID's own facts"):
            propose_correction(store, shipped_knowledge, INDONESIAN, "ID", fact_id, "x", "https://example.org/a")
    with pytest.raises(AccessDeniedError):
        propose_correction(store, shipped_knowledge, INDONESIAN, "ASEAN", asean, "x", "https://example.org/a")
    assert store.history("ID") == []
    assert store.history("ASEAN") == []


def test_a_bad_correction_is_never_published_and_can_still_be_rejected(knowledge_copy: Path, tmp_path: Path) -> None:
    # Regression: an approved ASEAN correction under ID broke loading for every country, for good.
    knowledge = load_knowledge(knowledge_copy)
    store = ReviewStore.in_data_dir(tmp_path)
    asean = knowledge.countries["ASEAN"].facts[0]
    bad = store.propose(INDONESIAN, "ID", "fact", asean.id, "x", asean.source_url, "v")  # past the scope check
    with pytest.raises(BadInputError, match="cannot be published"):
        approve_and_publish(store, knowledge, knowledge_copy, bad, SECOND_INDONESIAN)
    assert PublishedStore(store.database).changes() == []  # nothing reached the database
    store.reject(SECOND_INDONESIAN, bad, "v")  # it was never published, so it can still be stopped
    # Even a publication written straight into the store (as old versions could) never reaches the file.
    legacy = store.propose(INDONESIAN, "ID", "fact", asean.id, "y", asean.source_url, "v")
    store.approve(SECOND_INDONESIAN, legacy, "v")
    store.mark_published(SECOND_INDONESIAN, legacy, "v")
    own = knowledge.countries["ID"].facts[0]
    good = propose_correction(store, knowledge, INDONESIAN, "ID", own.id, "Reviewed text.", own.source_url)
    approve_and_publish(store, knowledge, knowledge_copy, good, SECOND_INDONESIAN)
    assert "ID" not in load_knowledge(knowledge_copy).overrides  # the files alone: the database holds it
    published = load_knowledge(knowledge_copy, PublishedStore(store.database).changes())
    assert [f.replaces for f in published.overrides["ID"]] == [own.id]


def test_a_broken_overrides_file_never_stops_the_app(knowledge_copy: Path) -> None:
    (knowledge_copy / "overrides").mkdir(exist_ok=True)
    (knowledge_copy / "overrides" / "ID.yaml").write_text(
        "country: ID\nfacts:\n- {id: id-review-1, kind: context, text: x, source_url: 'https://example.org',"
        " as_of: 2026-01, reviewed_by: sari, reviewed_at: 2026-01-02, replaces: asean-nothing}\n",
        encoding="utf-8",
    )
    assert any("overrides/ID.yaml" in p for p in validate_knowledge(knowledge_copy))
    knowledge = load_knowledge(knowledge_copy)  # loads, without the broken file
    assert "ID" not in knowledge.overrides


def test_region_wide_corrections_need_the_asean_permission(knowledge_copy: Path, tmp_path: Path) -> None:
    knowledge = load_knowledge(knowledge_copy)
    store = ReviewStore.in_data_dir(tmp_path)
    regional = Reviewer("lin", frozenset({"ID", "ASEAN"}))
    fact = knowledge.countries["ASEAN"].facts[0]
    correction = propose_correction(store, knowledge, regional, "ASEAN", fact.id, "Reviewed.", fact.source_url)
    approve_and_publish(store, knowledge, knowledge_copy, correction, Reviewer("mai", frozenset({"VN", "ASEAN"})))
    published = load_knowledge(knowledge_copy, PublishedStore(store.database).changes())
    for country in ("ID", "VN"):
        facts = published.country_facts(country)
        assert fact.id not in {f.id for f in facts}
        assert any(f.text == "Reviewed." for f in facts)


def test_a_killed_publish_leaves_no_temporary_files(store: ReviewStore, knowledge_copy: Path) -> None:
    folder = knowledge_copy / "overrides"
    folder.mkdir(exist_ok=True)
    leftover = folder / ".publish-abc.tmp"
    leftover.write_text("half", encoding="utf-8")
    os.utime(leftover, (0, 0))
    publish_overrides(store, load_knowledge(knowledge_copy), knowledge_copy, "TH")
    assert not leftover.exists()


def test_an_approved_standard_question_shows_the_badge(store: ReviewStore, shipped_knowledge) -> None:
    question = "What should a policy maker in Thailand learn to use data in policy making?"
    assert not reviewed_for(shipped_knowledge, store, "TH", question)
    store.record(THAI, "TH", "question:rq-data-policy", "approve", shipped_knowledge.version)
    assert reviewed_for(shipped_knowledge, store, "TH", question)
    assert not reviewed_for(shipped_knowledge, store, "ID", question)


# --- queue, freshness, report -------------------------------------------------------------


@pytest.mark.slow
def test_queue_holds_standard_questions_and_thumbs_down_answers(real_advisor, tmp_path: Path) -> None:
    feedback = FeedbackStore.in_data_dir(tmp_path)
    down = real_advisor.ask("open data portal", "digital-unit", "TH").to_dict()
    feedback.record(down, -1, "misses the national portal")
    feedback.record(real_advisor.ask("open data", "digital-unit", "ID").to_dict(), -1)
    store = ReviewStore.in_data_dir(tmp_path)
    queue = build_queue(real_advisor, store, feedback, "TH")
    standard = [i for i in queue if i.source == "standard"]
    assert len(standard) >= 12
    domains = {real_advisor.knowledge.competencies[i.answer["competencies"][0]["id"]].id[:2] for i in standard}
    assert {"PD", "DG", "ME"} <= domains
    assert [i.question for i in queue if i.source == "thumbs-down"] == ["open data portal"]
    assert all(f["country"] in {"TH", "ASEAN"} for i in queue for f in i.answer["country_context"])


def test_stale_facts_are_older_than_24_months(shipped_knowledge) -> None:
    stale = stale_facts(shipped_knowledge, "TH", today=date(2026, 11, 27))
    assert stale
    assert all(f["as_of"] < "2024-11" for f in stale)
    assert stale_facts(shipped_knowledge, "TH", today=date(2000, 1, 1)) == []


def test_report_lists_coverage_corrections_and_stale_facts(store: ReviewStore, shipped_knowledge) -> None:
    version = shipped_knowledge.version
    store.record(THAI, "TH", "question:rq-data-policy", "approve", version)
    store.record(THAI, "TH", "question:rq-trust", "flag", version, text="too generic for Thailand")
    store.propose(THAI, "TH", "fact", "th-dga", "new wording", "https://www.dga.or.th/en/", version)
    data = report(shipped_knowledge, store, "TH", today=date(2026, 11, 27))
    assert (data["reviewed"], data["approved"], data["flagged"]) == (2, 1, 1)
    assert data["open_corrections"][0]["item"] == "fact:th-dga"
    markdown = report_markdown(data)
    assert "too generic for Thailand" in markdown
    assert "new wording" in markdown
    rows = list(csv.reader(io.StringIO(report_csv(data))))
    assert ["coverage", "approved", "1", "", "", ""] in rows
    assert any(r[0] == "stale_fact" for r in rows)


# --- command line -------------------------------------------------------------------------


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=300,
    )


@pytest.mark.slow
def test_cli_review_queue_lists_at_least_twelve_items(real_advisor, tmp_path: Path) -> None:
    env = {"ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir), "ADVISOR_DATA_DIR": str(tmp_path)}
    result = _run(["review", "queue", "--country", "TH", "--json"], env)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) >= 12
    assert set(items[0]) >= {"id", "question", "role", "status", "answer", "stale_facts"}


def test_cli_review_export_and_bad_country(tmp_path: Path) -> None:
    result = _run(["review", "export", "--country", "TH", "--format", "csv"], {"ADVISOR_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("section,item,detail")
    bad = _run(["review", "export", "--country", "FR"])
    assert bad.returncode == 2
    assert "unknown country 'FR'" in bad.stderr


def test_validate_warns_about_stale_facts() -> None:
    result = _run(["validate", "--warn-stale"])
    assert result.returncode == 0
    assert "more than 24 months old" in result.stdout


def test_a_running_app_sees_a_published_correction(store: ReviewStore, knowledge_copy: Path) -> None:
    # Regression: the app kept its cached advisor until a restart. Every app polls the published
    # version (the newest row id: one query), so a publish through any replica changes its key.
    knowledge = load_knowledge(knowledge_copy)
    published = PublishedStore(store.database)
    before = published.version()
    assert published.version() == before  # stable while nothing changes
    fact = knowledge.countries["TH"].facts[0]
    correction = propose_correction(store, knowledge, THAI, "TH", fact.id, "Reviewed wording.", fact.source_url)
    assert approve_and_publish(store, knowledge, knowledge_copy, correction, SECOND_THAI) == published.version()
    assert published.version() != before
    assert load_knowledge(knowledge_copy, published.changes()).version != knowledge.version
