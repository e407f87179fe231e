"""Headless Chromium for tests: the system browser driven by Playwright, fully offline.

Shared by every browser test (mark them ``@pytest.mark.browser``). It uses Debian's
``/usr/bin/chromium`` (never Playwright's browser download) and records what a page did
wrong: failed requests, console errors, uncaught exceptions, and any request that left
the machine (those are aborted, so a test can never pass by fetching from a CDN).

pytest's importlib mode keeps ``tests/`` off ``sys.path``, so a test module loads this file
by path (see ``_sibling`` in ``test_viz.py``) and uses ``launch``, ``open_file`` and the
``requires_chromium`` skip marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMIUM", "LAUNCH_ARGS", "PageLog", "launch", "open_file", "requires_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (Debian: apt-get install chromium fonts-noto-cjk)"
)


@dataclass
class PageLog:
    """What went wrong while a page ran; ``problems()`` is empty for a clean page."""

    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"request failed: {u}" for u in self.failed]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"remote request: {u}" for u in self.remote]
        )


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium browser (Playwright ``Browser``), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_file(
    browser: Any,
    path: Path,
    *,
    viewport: tuple[int, int] = (1400, 900),
    ready: str | None = "() => window.policykg && window.policykg.stabilized === true",
    timeout_ms: int = 30_000,
    bypass_csp: bool = False,
) -> tuple[Any, PageLog]:
    """Open a local file in a fresh offline context; wait until ``ready`` (a JS function
    source: the page's Content-Security-Policy forbids evaluating strings) is true.

    ``bypass_csp`` switches the page's CSP off, to test what the page does on its own
    (e.g. that it escapes text) without the policy's second line of defence.
    Returns the page and its :class:`PageLog`; close ``page.context`` when done.
    """
    log = PageLog()
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=bypass_csp
    )

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            log.remote.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("requestfailed", lambda req: log.failed.append(f"{req.url} ({req.failure})"))
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
    if ready:
        page.wait_for_function(ready, timeout=timeout_ms)
    return page, log
