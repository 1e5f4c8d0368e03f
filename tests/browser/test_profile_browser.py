"""The delegate's profile and account pages on a 390 px phone, as a delegate uses them: the
visa-letter box opens the passport details (registrations/profile.js, allowed by the
Content-Security-Policy), and the Save button keeps its distance from the footer. Screenshots
go to /tmp/profile-shots/ for a person to look at."""

from pathlib import Path

import pytest

from tests.browser.test_registration_browser import en, sideways_overflow, sign_in
from tests.registrations.factories import DelegateProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/profile-shots")


@pytest.fixture
def phone390(browser):
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.console_errors = errors
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_visa_letter_box_opens_the_passport_details(phone390, live_server):
    delegate = DelegateProfileFactory()
    sign_in(phone390, live_server, delegate.user)
    phone390.goto(f"{live_server.url}{en('registrations:profile')}")
    passport = phone390.get_by_label("Passport number")
    assert not passport.is_visible()

    phone390.get_by_label("I need a visa invitation letter").check()

    assert passport.is_visible()
    passport.fill("XK0042917")
    shot(phone390, "profile-visa-asked")
    phone390.get_by_label("I need a visa invitation letter").uncheck()
    assert not passport.is_visible()
    assert phone390.console_errors == []  # no script refused by the Content-Security-Policy
    assert sideways_overflow(phone390) <= 0


def test_save_keeps_its_distance_from_the_footer(phone390, live_server):
    delegate = DelegateProfileFactory()
    sign_in(phone390, live_server, delegate.user)
    phone390.goto(f"{live_server.url}{en('registrations:profile')}")

    save = phone390.get_by_role("button", name="Save my profile").bounding_box()
    footer = phone390.locator("footer.site-footer").bounding_box()

    shot(phone390, "profile")
    assert footer["y"] - (save["y"] + save["height"]) >= 16
