"""The Secretariat's admin at 1280 px, in a real browser: the registration list shows role,
status and date of registration without scrolling sideways; the workshop's change page fits
the screen and every input of its agenda has a name a screen reader can say."""

import datetime
import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registrations.models.lifecycle import Registration
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import AgendaItemFactory, MemberStateFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ADMIN_SHOTS", "/tmp/staff-shots"))
LONG_TITLE = "Effective Respect for the Human Rights of Migrants: A Shared Responsibility"


@pytest.fixture
def desk(browser, live_server):
    """A 1280 × 800 browser signed in as Secretariat staff (ADMIN_REQUIRE_MFA is off in tests)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    client = Client()
    client.force_login(SecretariatStaffFactory())
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    yield page
    context.close()


def admin_url(live_server, name, *args) -> str:
    with translation.override("en"):
        return f"{live_server.url}{reverse(name, args=args)}"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def workshop():
    return WorkshopFactory(
        title=LONG_TITLE,
        start_date=datetime.date(2030, 3, 25),
        end_date=datetime.date(2030, 3, 26),
    )


def test_the_registration_list_shows_role_status_and_date_on_screen(desk, live_server, workshop):
    state = MemberStateFactory(name="Bolivia (Plurinational State of)")
    for n in range(5):
        RegistrationFactory(
            workshop=workshop,
            status=Registration.Status.CONFIRMED,
            role=Registration.Role.HEAD_OF_DELEGATION if n == 0 else Registration.Role.DELEGATE,
            delegate=DelegateProfileFactory(
                member_state=state,
                family_name="Fernández de Castro",
                given_names="María José Alejandra",
                user__email=f"maria.jose.alejandra.fernandez.{n}@ministerio.example.org",
            ),
        )

    desk.goto(admin_url(live_server, "admin:registrations_registration_changelist"))
    shoot(desk, "registration-changelist-1280")

    assert desk.evaluate("document.documentElement.scrollWidth") <= 1280
    results = desk.locator("#changelist-form .results")
    assert results.evaluate("el => el.scrollWidth - el.clientWidth") <= 0  # nothing hidden
    right_edge = results.evaluate("el => el.getBoundingClientRect().right")
    for header in ("Role", "Status", "Registered at"):
        column = desk.locator("#result_list thead th", has_text=header)
        box = column.bounding_box()
        assert box is not None and column.is_visible(), header
        assert box["x"] + box["width"] <= min(right_edge, 1280) + 1, header


def test_the_workshop_change_page_fits_and_labels_every_agenda_input(desk, live_server, workshop):
    for hour in range(9, 15):
        AgendaItemFactory(
            workshop=workshop,
            day=workshop.start_date,
            start_time=datetime.time(hour),
            end_time=datetime.time(hour, 45),
            title=f"Session {hour}: Global and regional human rights instruments relevant to "
            "migrants and the responsibilities they share",
            speakers="Representative of a member state\nRepresentative of OHCHR\n"
            "Representative of an employers' organization",
            moderator="IOM Migration Policy, Research and Communications Department",
        )

    desk.goto(admin_url(live_server, "admin:workshops_workshop_change", workshop.pk))
    shoot(desk, "workshop-change-1280")

    assert desk.evaluate("document.documentElement.scrollWidth") <= 1280
    unnamed = desk.evaluate(
        """() => Array.from(document.querySelectorAll(
                '#agenda_items-group input, #agenda_items-group select, '
                + '#agenda_items-group textarea'))
            .filter(el => el.type !== 'hidden')
            .filter(el => !(el.labels.length || el.getAttribute('aria-label')))
            .map(el => el.name)"""
    )
    inputs = desk.locator(
        "#agenda_items-group input:not([type=hidden]), #agenda_items-group textarea"
    ).count()
    assert inputs >= 6 * 6
    assert unnamed == []
