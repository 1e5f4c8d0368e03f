"""Under the real Content-Security-Policy, chromium reports no violation on public and admin
pages, and the admin's scripts still work (the export page's "Select all", select2)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.idm_portal.factories import UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.workshops.document_factories import DocumentFactory
from workshops import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script; CSP does not apply to it. Chromium fires this event for every
# blocked script, handler, style or image.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from its events and its console."""
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def violations() -> list[str]:
        return page.evaluate("window.cspViolations") + console

    page.violations = violations
    return page


@pytest.fixture
def staff_page(watched, live_server):
    staff = UserFactory(is_staff=True, is_superuser=True, verified=True)
    client = Client()
    client.force_login(staff)
    watched.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return watched


def test_public_pages_report_no_policy_violation(watched, live_server):
    programme = demo.load()["2009"]
    workshop = programme.workshops.order_by("start_date").first()
    document = DocumentFactory(programme=programme)
    with translation.override("en"):
        paths = ["/en/", workshop.get_absolute_url(), document.get_absolute_url()]
    for path in paths:
        response = watched.goto(f"{live_server.url}{path}")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        watched.wait_for_load_state("load")
        assert watched.violations() == [], path


def test_admin_pages_report_no_policy_violation_and_their_scripts_work(staff_page, live_server):
    registration = RegistrationFactory()
    changelist = reverse("admin:registrations_registration_changelist")
    staff_page.goto(f"{live_server.url}{changelist}")
    staff_page.wait_for_load_state("load")
    # The admin's own script ran: ticking "select all" ticks every row.
    staff_page.locator("#action-toggle").check()
    assert staff_page.locator("input.action-select").first.is_checked()
    assert staff_page.violations() == [], changelist

    # select2 on an autocomplete field, which loads its options from the admin's JSON.
    profile = reverse("admin:registrations_delegateprofile_change", args=[registration.delegate.pk])
    staff_page.goto(f"{live_server.url}{profile}")
    staff_page.locator(".field-member_state .select2-selection").click()
    staff_page.locator(".select2-search__field").fill(registration.delegate.member_state.name[:6])
    staff_page.locator(".select2-results__option").first.wait_for()
    assert staff_page.violations() == [], profile

    history = reverse("admin:registrations_registration_history", args=[registration.pk])
    staff_page.goto(f"{live_server.url}{history}")
    staff_page.wait_for_load_state("load")
    assert staff_page.violations() == [], history

    # The export page's "Select all" box, whose handler moved from an onchange attribute to
    # a static script: clearing it clears every field.
    export = reverse("admin:registrations_registration_export")
    staff_page.goto(f"{live_server.url}{export}")
    staff_page.wait_for_load_state("load")
    fields = staff_page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 1
    staff_page.locator("input.select-toggle").first.uncheck()
    assert not any(fields.nth(n).is_checked() for n in range(fields.count()))
    assert staff_page.violations() == [], export
