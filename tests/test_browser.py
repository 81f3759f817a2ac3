"""Drive the real app in Debian's Chromium: start `streamlit run`, ask, read the answer."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.evaluation.in_language import readable_text, thai_share
from advisor.feedback import FeedbackStore
from advisor.i18n import locale
from advisor.knowledge import load_knowledge
from conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
DATA_DIR = Path(tempfile.mkdtemp(prefix="advisor-browser-data-"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(real_advisor, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by a real `streamlit run` on a free localhost port."""
    port = _free_port()
    env = {
        **os.environ,
        "ADVISOR_INDEX_DIR": str(real_advisor.settings.index_dir),
        "ADVISOR_DATA_DIR": str(DATA_DIR),
    }
    log = (tmp_path_factory.mktemp("logs") / "streamlit.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
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
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def page(app_url: str):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(app_url)
        yield tab
        browser.close()


def _snapshot(page, name: str) -> None:
    """Save the whole conversation: Streamlit scrolls inside the page, so make the window tall."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 5200})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / name))
    page.set_viewport_size({"width": 1280, "height": 900})


def _ask(page, question: str) -> None:
    """Type a question; the question must show at once, before its answer is composed."""
    from playwright.sync_api import expect

    messages = page.get_by_test_id("stChatMessage")
    before = messages.count()
    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_visible(timeout=90_000)
    box.fill(question)
    box.press("Enter")
    expect(messages.nth(before)).to_contain_text(question, timeout=3_000)  # echoed at once
    expect(messages).to_have_count(before + 2, timeout=60_000)
    expect(messages.nth(before + 1)).to_contain_text("What you can do now", timeout=60_000)


def _quiet(page) -> None:
    """Wait until no script run is going (Streamlit's running indicator is gone)."""
    from playwright.sync_api import expect

    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=60_000)


def _reply_is_in_view(page) -> None:
    """The whole reply of the last answer is on screen, and every citation in it opens an https source."""
    from playwright.sync_api import expect

    answer = page.get_by_test_id("stChatMessage").last
    reply = answer.get_by_test_id("stMarkdown").filter(has_text="What you can do now").first
    expect(reply).to_be_visible()
    height = page.viewport_size["height"]
    # The page scrolls to the start of the new answer, again while it still grows: allow it 4 s.
    for _ in range(16):
        page.wait_for_timeout(250)
        box = reply.bounding_box()
        if box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height:
            break
    assert box is not None
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= height, (box, height)
    links = reply.locator("a")
    assert links.count() >= 5
    for n in range(links.count()):
        assert links.nth(n).get_attribute("href").startswith("https://")


def test_the_reply_shows_whole_on_a_laptop_and_a_phone(page, app_url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    _ask(page, "What should I learn to use data in policy making?")
    _reply_is_in_view(page)
    _snapshot(page, "ask.png")
    page.set_viewport_size({"width": 390, "height": 844})
    _ask(page, "every form needs three stamps and people queue all day")
    _reply_is_in_view(page)
    page.screenshot(path=str(ARTIFACTS / "ask-phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_one_thumb_click_saves_one_row_and_a_reload_keeps_the_chat(page) -> None:
    from playwright.sync_api import expect

    thumb = page.locator(".st-key-rating-0").get_by_role("radio", name="Thumbs up")
    saved = page.get_by_text("Rating saved.").first
    _quiet(page)  # a click while a script run is still going may be dropped
    thumb.click()
    try:
        expect(saved).to_be_visible(timeout=15_000)
    except AssertionError:  # dropped after all (a loaded machine): once more; a saved thumb is disabled
        if FeedbackStore.in_data_dir(DATA_DIR).all():
            raise
        _quiet(page)
        thumb.click()
        expect(saved).to_be_visible(timeout=30_000)
    records = FeedbackStore.in_data_dir(DATA_DIR).all()
    assert [(r.rating, r.comment) for r in records] == [(1, "")]
    page.get_by_label("Comment (optional)").first.fill("clear and sourced")
    page.get_by_label("Comment (optional)").first.press("Enter")  # Enter does not submit
    page.get_by_role("button", name="Add comment").first.click()
    expect(page.get_by_text("Thank you, your feedback was saved.")).to_be_visible(timeout=30_000)
    records = FeedbackStore.in_data_dir(DATA_DIR).all()
    assert [(r.rating, r.comment) for r in records] == [(1, "clear and sourced")]
    assert "chat=" in page.url
    page.reload()
    messages = page.get_by_test_id("stChatMessage")
    expect(messages.first).to_contain_text("What should I learn to use data in policy making?", timeout=60_000)
    expect(messages).to_have_count(4, timeout=30_000)


def test_a_user_switches_the_interface_to_thai(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("combobox", name="Interface language").click()
    page.get_by_role("option", name="ภาษาไทย").click()
    expect(page.get_by_role("heading", name="ผู้ให้คำแนะนำด้านสมรรถนะข้าราชการ 2.0")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("combobox", name="ภาษาของหน้าจอ")).to_be_visible()
    expect(page.get_by_text("แหล่งที่มา (").first).to_be_visible(timeout=30_000)
    messages = page.get_by_test_id("stChatMessage")
    before = messages.count()
    # While the page reruns the English input may linger for a moment: take the Thai one.
    box = page.get_by_role("textbox", name=locale("th")["ui"]["chat_placeholder"])
    box.fill("จะใช้ข้อมูลในการกำหนดนโยบายได้อย่างไร")
    box.press("Enter")
    expect(messages).to_have_count(before + 2, timeout=60_000)  # the new question and its answer
    answer = messages.nth(before + 1)
    expect(answer).to_contain_text("สำหรับผู้กำหนดนโยบายในประเทศไทย", timeout=60_000)
    expect(answer).to_contain_text("สิ่งที่ท่านทำได้ตอนนี้")
    _snapshot(page, "thai.png")
    _cards_read_in_thai(answer)


def _cards_read_in_thai(answer) -> None:
    """Issue #11: the answer as seen, its competency, learning, context and voices cards opened,
    is at least 90 % Thai script outside URLs, ids and proper names (course titles, providers,
    speakers, event titles), the English originals staying closed behind their toggles.
    Checked once the Thai glosses are shipped."""
    if not (ROOT / "knowledge" / "translations" / "th" / "glosses.yaml").exists():
        return
    knowledge = load_knowledge(ROOT / "knowledge")
    names = [i.speaker for i in knowledge.insights.values()] + [e.title for e in knowledge.events.values()]
    for resource in knowledge.resources.values():
        names += [resource.title, resource.provider, ", ".join(resource.languages)]  # codes are ids
    ui = locale("th")["ui"]
    for label in (ui["competencies"], ui["learning"], ui["context"].split("{")[0], ui["voices"]):
        summaries = answer.locator("summary").filter(has_text=label)
        if summaries.count():  # an answer without voices has no voices card
            summaries.first.click()
    seen = re.sub(r"keyboard_arrow_\w+", " ", answer.inner_text())  # the expanders' icons, drawn from ligatures
    share = thai_share(readable_text(seen, names))
    assert share >= 0.9, f"{share:.0%} Thai letters:\n{seen}"
