"""One simulated user in Chromium: open the app, ask questions in its chat, wait for each answer.

Shared by the load benchmarks (:mod:`advisor.load_bench`, :mod:`advisor.cluster_load`);
Playwright is imported only when a session runs.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DrawnAnswer:
    """One answer drawn in a session's chat, as :func:`ask_in_chat` hands it on (Playwright objects)."""

    page: Any
    message: Any  # the answer's chat message
    rating: Any  # the thumbs of this turn; absent from an out-of-scope answer
    seconds: float  # submit to answer drawn


async def ask_in_chat(
    browser: Any,
    url: str,
    questions: list[str],
    timeout_s: float,
    on_answer: Callable[[DrawnAnswer], Awaitable[None]] | None = None,
) -> None:
    """One user: open the app in a browser context of its own, ask each question, wait until its answer is drawn.

    Args:
        browser: a Playwright browser.
        url: the app, or the proxy in front of its replicas.
        questions: asked one after the other, each once the previous answer is drawn.
        timeout_s: the limit of each step (the page load, each answer).
        on_answer: awaited with each drawn answer before the next question is asked.
    """
    from playwright.async_api import expect

    timeout_ms = timeout_s * 1000
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await context.new_page()
        await page.goto(url, timeout=timeout_ms)
        box = page.get_by_test_id("stChatInputTextArea")
        await expect(box).to_be_editable(timeout=timeout_ms)
        messages = page.get_by_test_id("stChatMessage")
        for n, question in enumerate(questions):
            start = time.monotonic()
            await box.fill(question, timeout=timeout_ms)
            await box.press("Enter", timeout=timeout_ms)
            await expect(messages).to_have_count(2 * n + 2, timeout=timeout_ms)
            # Drawn to the end: the thumbs of this turn, or the lone notice of an out-of-scope answer.
            answer = messages.nth(2 * n + 1)
            rating = answer.locator(f".st-key-rating-{n}")
            out_of_scope = answer.filter(has_not=page.get_by_test_id("stHeading")).get_by_test_id("stAlert")
            await expect(rating.or_(out_of_scope).first).to_be_visible(timeout=timeout_ms)
            if on_answer is not None:
                await on_answer(DrawnAnswer(page, answer, rating, time.monotonic() - start))
    finally:
        await context.close()
