"""Drive the real app in Debian's Chromium: start `streamlit run`, ask, read the answer."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


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
        "ADVISOR_DATA_DIR": str(tmp_path_factory.mktemp("data")),
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


def test_a_user_asks_and_sees_competencies_and_sources(page) -> None:
    from playwright.sync_api import expect

    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_visible(timeout=90_000)
    box.fill("What should I learn to use data in policy making?")
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").last
    expect(answer).to_contain_text("DG1", timeout=60_000)
    expect(answer).to_contain_text("Sources")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ask.png"), full_page=True)
