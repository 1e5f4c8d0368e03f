"""The workshop page and the focal point's board as a person sees them, on a 390 px phone and
a 1280 px screen: the call to register comes before the agenda; each delegate on the board is
a card whose actions are on screen; "Make head of delegation" does not wrap on a desktop.
Screenshots go to /tmp/pages-shots/ for a person to look at."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.test_registration_browser import en, sideways_overflow, sign_in
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.workshops.factories import AgendaItemFactory, MemberStateFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/pages-shots")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def screen(browser):
    """A page of the given size: screen(PHONE) or screen(DESKTOP)."""
    contexts = []

    def make(viewport: dict):
        mobile = viewport["width"] < 600
        context = browser.new_context(
            locale="en-GB", viewport=viewport, is_mobile=mobile, has_touch=mobile
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def workshop():
    start = timezone.localdate() + datetime.timedelta(days=40)
    workshop = WorkshopFactory(
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        registration_deadline=start - datetime.timedelta(days=14),
        venue="Palais des Nations",
        venue_address="Avenue de la Paix 8–14\n1211 Geneva 10\nSwitzerland",
    )
    for day in range(2):
        for _ in range(6):
            AgendaItemFactory(workshop=workshop, day=start + datetime.timedelta(days=day))
    return workshop


def test_the_call_to_register_comes_before_the_agenda_on_a_phone(screen, live_server, workshop):
    phone = screen(PHONE)
    phone.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    shoot(phone, "workshop-phone")
    register = phone.get_by_role("link", name="Register", exact=True)
    agenda = phone.get_by_role("heading", name="Agenda", exact=True)
    assert register.bounding_box()["y"] < agenda.bounding_box()["y"]
    # The deadline and the address are with it, before the agenda too.
    deadline = phone.get_by_text("Register by", exact=False).first
    assert deadline.bounding_box()["y"] < agenda.bounding_box()["y"]
    assert sideways_overflow(phone) <= 0


def test_the_call_to_register_is_on_the_first_screen_at_1280_px(screen, live_server, workshop):
    page = screen(DESKTOP)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    shoot(page, "workshop-desktop")
    register = page.get_by_role("link", name="Register", exact=True)
    assert register.is_visible()
    box = register.bounding_box()
    assert box["y"] + box["height"] <= DESKTOP["height"]


@pytest.fixture
def board(workshop):
    state = MemberStateFactory(name="Kenya")
    DelegationFactory(member_state=state, workshop=workshop)
    focal_point = FocalPointFactory(member_state=state).user
    RegistrationFactory(
        delegate=DelegateProfileFactory(
            member_state=state,
            given_names="Wanjiru",
            family_name="Kamau",
            position="Principal Immigration Officer",
            institution="Ministry of Interior and National Administration",
        ),
        workshop=workshop,
    )
    for _ in range(3):
        RegistrationFactory(delegate__member_state=state, workshop=workshop, status="confirmed")
    return focal_point


def test_each_delegate_is_a_card_with_its_actions_on_screen_on_a_phone(
    screen, live_server, workshop, board
):
    phone = screen(PHONE)
    sign_in(phone, live_server, board)
    phone.goto(f"{live_server.url}{en('registrations:delegation_board', workshop.slug)}")
    shoot(phone, "board-phone")
    assert sideways_overflow(phone) <= 0
    # Nothing on the board scrolls sideways inside its own box either (visually hidden
    # headers, one pixel wide, aside).
    hidden = phone.evaluate(
        """() => [...document.querySelectorAll('main *')]
              .filter(el => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
                            && getComputedStyle(el).overflowX !== 'visible')
              .map(el => el.className || el.tagName)"""
    )
    assert hidden == []
    for name in ("Endorse", "Make head of delegation", "Withdraw"):
        for action in (
            phone.get_by_role("button", name=name).all()
            or phone.get_by_role("link", name=name).all()
        ):
            box = action.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
    # Each delegate is a card of its own: the name, then its actions below it.
    name = phone.get_by_text("Wanjiru Kamau").first.bounding_box()
    endorse = phone.get_by_role("button", name="Endorse").bounding_box()
    assert endorse["y"] > name["y"]
    assert endorse["x"] < PHONE["width"] / 2  # not pushed to a far column


def test_make_head_of_delegation_stays_on_one_line_at_1280_px(screen, live_server, workshop, board):
    page = screen(DESKTOP)
    sign_in(page, live_server, board)
    page.goto(f"{live_server.url}{en('registrations:delegation_board', workshop.slug)}")
    shoot(page, "board-desktop")
    one_line = page.get_by_role("button", name="Endorse").bounding_box()["height"]
    for head in page.get_by_role("button", name="Make head of delegation").all():
        assert head.bounding_box()["height"] <= 1.5 * one_line
    assert sideways_overflow(page) <= 0
