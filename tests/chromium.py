"""The test session's one chromium: Debian's, driven by Playwright (its own browser download
does not work here). Registered as the `browser` fixture by tests/conftest.py, so that
tests/browser and tests/e2e share it: Playwright's sync API runs one event loop per thread, and
a second `sync_playwright()` in the same session fails ("using Playwright Sync API inside the
asyncio loop")."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        )
    # live_server runs Django in a thread while Playwright's sync API holds an event loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
