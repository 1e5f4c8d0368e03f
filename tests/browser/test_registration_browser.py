"""The delegate's and the focal point's pages in a real browser, on a phone: registering with
a mistake and correcting it, endorsing from the board with the keyboard, no page wider than
the screen."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from registrations.models.lifecycle import Registration
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    """Give the browser the session of `user` (the login form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def en(name: str, *args) -> str:
    """The English URL, whatever language an earlier test left active."""
    with translation.override("en"):
        return reverse(name, args=args)


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture
def workshop():
    start = timezone.localdate() + datetime.timedelta(days=40)
    return WorkshopFactory(start_date=start, end_date=start + datetime.timedelta(days=1))


def test_a_new_delegate_registers_on_a_phone_after_correcting_a_mistake(
    phone, live_server, workshop
):
    from tests.idm_portal.factories import DelegateFactory

    kenya = MemberStateFactory(name="Kenya")
    user = DelegateFactory(first_name="Grace", last_name="")
    sign_in(phone, live_server, user)
    phone.goto(f"{live_server.url}{en('registrations:register', workshop.slug)}")
    assert sideways_overflow(phone) <= 0

    phone.get_by_label("Title").select_option("dr")
    phone.get_by_label("Member state represented").select_option(str(kenya.pk))
    phone.get_by_label("Position").fill("Director of Immigration")
    phone.get_by_label("Ministry or institution").fill("Ministry of Interior")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Register").click()  # family name left empty

    error = phone.locator("#id_family_name_error")
    assert error.is_visible()
    assert phone.get_by_label("Position").input_value() == "Director of Immigration"
    assert not Registration.objects.exists()

    phone.get_by_label("Family name").fill("Mwangi")
    phone.get_by_role("button", name="Register").click()
    phone.wait_for_url("**/my-registrations/")
    assert "has been received" in phone.locator("main").inner_text()
    assert sideways_overflow(phone) <= 0
    assert Registration.objects.get().delegate.family_name == "Mwangi"


def test_a_focal_point_endorses_from_the_board_with_the_keyboard(phone, live_server, workshop):
    state = MemberStateFactory(name="Kenya")
    DelegationFactory(member_state=state, workshop=workshop)
    focal_point = FocalPointFactory(member_state=state).user
    waiting = RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state, family_name="Kamau"),
        workshop=workshop,
    )
    for _ in range(4):
        RegistrationFactory(delegate__member_state=state, workshop=workshop, status="confirmed")
    sign_in(phone, live_server, focal_point)
    phone.goto(f"{live_server.url}{en('registrations:delegation_board', workshop.slug)}")
    # The wide table scrolls inside its own region; the page itself never scrolls sideways.
    assert sideways_overflow(phone) <= 0

    endorse = phone.get_by_role("button", name="Endorse")
    endorse.focus()
    assert endorse.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    with phone.expect_navigation():  # the form posts and the board comes back
        phone.keyboard.press("Enter")

    assert "You endorsed" in phone.locator("main").inner_text()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.ENDORSED


def test_the_profile_page_fits_a_phone(phone, live_server):
    delegate = DelegateProfileFactory()
    sign_in(phone, live_server, delegate.user)
    phone.goto(f"{live_server.url}{en('registrations:profile')}")
    assert sideways_overflow(phone) <= 0
    assert phone.get_by_label("I need a visa invitation letter").is_visible()
