"""Playwright driving Debian's chromium (its own browser download does not work here)."""

import pytest

# The session's one chromium (`browser`) is in tests/chromium.py, registered by tests/conftest.py:
# the journeys in tests/e2e share it (Playwright's sync API allows one per thread).


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
