"""The Review page in Debian's Chromium: sign-in that holds, and four eyes from proposal to published.

The server gets its own copy of the knowledge, index and data, because publishing records the
override in its database and rebuilds the index in the background.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.review.store import ReviewStore
from advisor.stores.database import SQLITE_FILE
from advisor.stores.published import PublishedStore
from conftest import KNOWLEDGE, ROOT

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
KEYS = "somchai@TH=kheuang-mue-dee;nok@TH=dok-mai-ban;lek@TH=chang-noi;sari@ID=kopi-tubruk-pagi"
NEW_TEXT = "The DGA runs the TDGA academy for staff of every ministry (browser test 5521)."
SOURCE = "https://www.dga.or.th/en/about-us/vision/"


@pytest.fixture(scope="module")
def server(real_advisor, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """`streamlit run` on a free port with its own knowledge, index and data folders."""
    root = tmp_path_factory.mktemp("review-server")
    knowledge, index, data = root / "knowledge", root / "index", root / "data"
    shutil.copytree(KNOWLEDGE, knowledge)
    shutil.copytree(real_advisor.settings.index_dir, index, symlinks=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {
        **os.environ,
        "ADVISOR_KNOWLEDGE_DIR": str(knowledge),
        "ADVISOR_INDEX_DIR": str(index),
        "ADVISOR_DATA_DIR": str(data),
        "ADVISOR_REVIEWER_KEY": KEYS,
    }
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with (root / "streamlit.log").open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not become healthy in 90 s")
        yield url, knowledge, data
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _review_page(browser, url: str):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.goto(f"{url}/review")
    return page


def _sign_in(page, name: str, passphrase: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_label("Reviewer name")).to_be_visible(timeout=90_000)
    page.get_by_label("Reviewer name").fill(name)
    page.get_by_label("Reviewer passphrase").fill(passphrase)
    page.get_by_role("button", name="Sign in").click()
    _quiet(page)


def _quiet(page) -> None:
    """Wait for the script run a click started: a click during a run may be dropped."""
    from playwright.sync_api import expect

    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=60_000)


def _failed_sign_ins(data: Path, name: str) -> int:
    """Failed sign-ins of ``name`` in the server's attempt log (the page shows the same words each time)."""
    import sqlite3

    if not (data / SQLITE_FILE).exists():  # created on the app's first write
        return 0
    with sqlite3.connect(data / SQLITE_FILE) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM sign_in_attempts WHERE name = ? AND ok = 0", (name,)
        ).fetchone()
    return int(count)


def _fail_sign_in(page, data: Path, name: str) -> None:
    """One wrong sign-in that the server recorded: a click dropped under load is made again.

    "Wrong name or passphrase." stays on the page from the previous failure, so the page alone
    cannot tell a recorded failure from a dropped click; the attempt log can.
    """
    before = _failed_sign_ins(data, name)
    for _ in range(3):
        _sign_in(page, name, "not-it")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if _failed_sign_ins(data, name) > before:
                return
            time.sleep(0.25)
    pytest.fail(f"three sign-in clicks for {name} were never recorded")


def test_five_failures_hold_across_reloads_and_browsers_but_not_for_others(server, browser) -> None:
    from playwright.sync_api import expect

    url, _, data = server
    page = _review_page(browser, url)
    for _ in range(5):
        _fail_sign_in(page, data, "lek")
        expect(page.get_by_text("Wrong name or passphrase.")).to_be_visible(timeout=30_000)
    assert _failed_sign_ins(data, "lek") >= 5
    _sign_in(page, "lek", "chang-noi")  # the right passphrase, too late
    expect(page.get_by_text("Too many failed sign-ins for this name")).to_be_visible(timeout=30_000)
    page.reload()
    _sign_in(page, "lek", "chang-noi")
    expect(page.get_by_text("Too many failed sign-ins for this name")).to_be_visible(timeout=30_000)
    fresh = _review_page(browser, url)  # a new browser context: no cookies, no session
    _sign_in(fresh, "lek", "chang-noi")
    expect(fresh.get_by_text("Too many failed sign-ins for this name")).to_be_visible(timeout=30_000)
    _sign_in(fresh, "nok", "dok-mai-ban")  # another reviewer is not locked out
    expect(fresh.get_by_text("Signed in as nok")).to_be_visible(timeout=30_000)
    page.context.close()
    fresh.context.close()


def test_a_correction_needs_a_second_reviewer_and_publishes_without_waiting(server, browser) -> None:
    from playwright.sync_api import expect

    url, knowledge, data = server
    somchai = _review_page(browser, url)
    _sign_in(somchai, "somchai", "kheuang-mue-dee")
    expect(somchai.get_by_text("Signed in as somchai")).to_be_visible(timeout=60_000)
    expect(somchai.get_by_text("Four eyes: every correction")).to_be_visible()

    # Approve and flag a queue item: each answers beside its button, and the item stays open.
    item = somchai.get_by_test_id("stExpander").nth(1)  # the first is the stale-facts list
    item.locator("summary").click()
    _quiet(somchai)
    item.get_by_role("button", name="Approve").click()
    expect(item.get_by_text("Approved.")).to_be_visible(timeout=10_000)
    reason = item.get_by_label("Reason for the flag")
    reason.fill("names no Thai programme")
    reason.press("Enter")  # Enter in the text field submits nothing
    somchai.wait_for_timeout(1000)
    assert [a.action for a in ReviewStore.in_data_dir(data).history("TH")] == ["approve"]
    _quiet(somchai)
    item.get_by_role("button", name="Flag").click()
    expect(item.get_by_text("Flagged.")).to_be_visible(timeout=10_000)
    expect(item.get_by_role("button", name="Flag")).to_be_visible()  # still open

    # Propose: no fact is preselected.
    form = somchai.get_by_test_id("stForm").filter(has=somchai.get_by_role("button", name="Propose correction")).last
    form.get_by_role("button", name="Propose correction").click()
    expect(form.get_by_text("Choose the fact the correction replaces.")).to_be_visible(timeout=10_000)
    form.get_by_label("Fact", exact=True).click()
    somchai.get_by_role("option", name="th-dga: ").click()
    form.get_by_label("Corrected text").fill(NEW_TEXT)
    form.get_by_label("Source URL (https)").fill(SOURCE)
    form.get_by_role("button", name="Propose correction").click()
    expect(form.get_by_text("Saved.")).to_be_visible(timeout=10_000)
    proposal = ReviewStore.in_data_dir(data).proposals("TH")[0]
    assert (proposal.proposed_by, proposal.target, proposal.status) == ("somchai", "th-dga", "proposed")

    # The proposer cannot approve their own correction.
    card = somchai.locator(f".st-key-proposal-{proposal.id}")
    expect(card).to_be_visible(timeout=60_000)
    card.get_by_text("I have compared both texts").click()
    card.get_by_role("button", name="Approve correction").click()
    expect(card.get_by_text(f"You proposed correction #{proposal.id}")).to_be_visible(timeout=10_000)

    # A second Thai reviewer sees before and after with both sources, confirms, approves, publishes.
    nok = _review_page(browser, url)
    _sign_in(nok, "nok", "dok-mai-ban")
    expect(nok.get_by_text("Signed in as nok")).to_be_visible(timeout=60_000)
    card = nok.locator(f".st-key-proposal-{proposal.id}")
    expect(card).to_be_visible(timeout=60_000)
    expect(card.get_by_text(NEW_TEXT)).to_be_visible()
    expect(card.get_by_text("Digital Government Development Agency (a public organisation)")).to_be_visible()
    expect(card.get_by_text(f"Source: {SOURCE}")).to_have_count(2)  # both sources shown
    approve = card.get_by_role("button", name="Approve correction")
    expect(approve).to_be_disabled()  # until the reviewer confirms the comparison
    card.get_by_text("I have compared both texts").click()
    approve.click()
    expect(card.get_by_text("Approved. A reviewer of this country can now publish it.")).to_be_visible(timeout=10_000)
    started = time.monotonic()
    card.get_by_role("button", name="Publish").click()
    expect(nok.get_by_text("Answers are being updated in the background")).to_be_visible(timeout=30_000)
    assert time.monotonic() - started < 30  # the click returns long before a full rebuild could end
    expect(nok.get_by_text("Done: answers now use the published corrections")).to_be_visible(timeout=180_000)
    published = PublishedStore(ReviewStore.in_data_dir(data).database).changes()
    assert [c.path for c in published] == ["overrides/TH.yaml"]
    assert NEW_TEXT in str(published[0].document)
    assert not (knowledge / "overrides" / "TH.yaml").exists()  # the database holds it; export writes the file
    steps = [(a.reviewer, a.action) for a in ReviewStore.in_data_dir(data).history("TH") if "proposal" in a.item]
    assert steps == [("nok", "approve-proposal"), ("nok", "publish")]
    somchai.context.close()
    nok.context.close()


def test_an_approve_click_redraws_only_its_own_buttons_and_the_answer_switches_language(server, browser) -> None:
    """What the server sends for a click is checked, not how long it takes: no timing on a loaded machine.

    Every element Streamlit draws reaches the browser as a ``Delta`` carrying the id of the
    fragment that drew it ("" outside fragments). A whole-page run, or a redrawn answer, would
    send elements of other fragments or of none.
    """
    from playwright.sync_api import expect
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url, _, _ = server
    received: list[bytes] = []
    recording = False

    def keep(payload: bytes | str) -> None:
        if recording and isinstance(payload, bytes):
            received.append(payload)

    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.on("websocket", lambda socket: socket.on("framereceived", keep))
    page.goto(f"{url}/review")
    _sign_in(page, "somchai", "kheuang-mue-dee")
    expect(page.get_by_text("Signed in as somchai")).to_be_visible(timeout=300_000)  # may answer the queue anew
    item = page.get_by_test_id("stExpander").nth(2)  # the second queue item
    expect(item).to_be_visible(timeout=300_000)  # after a publish, the queue is answered anew
    item.locator("summary").click()
    _quiet(page)

    # One answer at a time: Thai for Thailand by default, English one click away.
    answer = item.locator("[class*='st-key-answer-text-']")
    expect(item.get_by_role("radio", name="ภาษาไทย")).to_have_attribute("aria-checked", "true", timeout=30_000)
    expect(answer).to_contain_text(re.compile("[\u0e00-\u0e7f]{5}"), timeout=30_000)  # Thai script
    item.get_by_role("radio", name="English").click()
    expect(answer).not_to_contain_text(re.compile("[\u0e00-\u0e7f]{5}"), timeout=30_000)
    expect(answer).to_contain_text("[C1]")
    _quiet(page)

    recording = True
    item.get_by_role("button", name="Approve").click()
    expect(item.get_by_text("Approved.")).to_be_visible(timeout=30_000)
    _quiet(page)
    recording = False
    messages = [ForwardMsg.FromString(payload) for payload in received]
    deltas = [m.delta for m in messages if m.WhichOneof("type") == "delta"]
    assert any(d.new_element.alert.body == "Approved." for d in deltas)
    fragments = {d.fragment_id for d in deltas}
    assert len(fragments) == 1, fragments  # one fragment's elements only: no page run, no other item
    assert "" not in fragments
    assert not any("[C1]" in d.new_element.markdown.body for d in deltas)  # the answer was not sent again
    expect(answer).not_to_contain_text(re.compile("[\u0e00-\u0e7f]{5}"))  # still the language chosen

    # Side by side: the Thai and the English answer next to each other, to compare them.
    item.get_by_role("radio", name="Side by side").click()
    expect(item.locator("[class*='st-key-answer-text-1-th']")).to_contain_text(re.compile("[\u0e00-\u0e7f]{5}"))
    expect(item.locator("[class*='st-key-answer-text-1-en']")).to_contain_text("[C1]")
    page.context.close()
