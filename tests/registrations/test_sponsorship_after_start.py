"""Travel sponsorship closes when the workshop starts: no request, no approval, and the pages
no longer offer one (the 2009 demo let a delegate ask for a trip to a workshop 17 years over)."""

import datetime

import pytest
from django.urls import reverse

from registrations.errors import RegistrationError
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.selectors import sponsorships as sponsorship_selectors
from registrations.services import sponsorships
from tests.registrations.factories import RegistrationFactory
from tests.registrations.sponsorship_helpers import sponsorable
from workshops import dates

Status = Registration.Status


@pytest.fixture
def endorsed(db, workshop):
    sponsorable(workshop)
    return RegistrationFactory(
        workshop=workshop,
        status=Status.ENDORSED,
        delegate__member_state__dac_category="ldc",
        delegate__based_in="capital",
    )


def ask(registration):
    return sponsorships.request_sponsorship(
        registration=registration,
        by=registration.delegate.user,
        departure_city="Nairobi",
        expertise="Migration policy",
    )


def the_day(workshop, days_after_start: int):
    return dates.as_of(workshop.start_date + datetime.timedelta(days=days_after_start))


def test_eligible_the_day_before_and_not_on_the_first_day(endorsed):
    workshop = endorsed.workshop
    with the_day(workshop, -1):
        assert sponsorship_selectors.eligibility(endorsed).is_eligible
    with the_day(workshop, 0):
        verdict = sponsorship_selectors.eligibility(endorsed)
        assert verdict.codes == ["workshop_started"]
        assert not verdict.may_request
        with pytest.raises(RegistrationError, match="started on"):
            ask(endorsed)
    assert not Sponsorship.objects.exists()


def test_a_request_made_before_the_start_is_not_approved_after_it(endorsed, django_user_model):
    workshop = endorsed.workshop
    with the_day(workshop, -3):
        asked = ask(endorsed)
    staff = django_user_model.objects.create_user(
        email="staff@example.org", password="x", is_staff=True, is_superuser=True
    )
    with the_day(workshop, 1), pytest.raises(RegistrationError, match="started on"):
        sponsorships.approve(sponsorship=asked, by=staff)
    asked.refresh_from_db()
    assert asked.status == Sponsorship.Status.REQUESTED


def test_the_request_page_shows_why_and_no_form_once_started(client, endorsed):
    client.force_login(endorsed.delegate.user)
    url = reverse("registrations:request_sponsorship", args=[endorsed.pk])
    with the_day(endorsed.workshop, -1):
        assert 'name="departure_city"' in client.get(url).content.decode()
    with the_day(endorsed.workshop, 0):
        page = client.get(url).content.decode()
        assert "travel sponsorship can no longer be asked for" in page
        assert 'name="departure_city"' not in page
        sent = client.post(url, {"departure_city": "Nairobi", "expertise": "x", "send": "1"})
        assert sent.status_code == 400
    assert not Sponsorship.objects.exists()


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_workshop_page_stops_offering_sponsorship_at_the_start(client, endorsed, signed_in):
    if signed_in:
        client.force_login(endorsed.delegate.user)
    workshop = endorsed.workshop
    ask = reverse("registrations:request_sponsorship", args=[endorsed.pk])
    with the_day(workshop, -1):
        page = client.get(workshop.get_absolute_url()).content.decode()
        assert "sponsored seats of" in page or "sponsored seat of" in page
        assert (ask in page) is signed_in
    with the_day(workshop, 0):
        page = client.get(workshop.get_absolute_url()).content.decode()
        assert "travel sponsorship can no longer be asked for" in page
        assert ask not in page
        assert "sponsored seats of" not in page and "sponsored seat of" not in page


def test_a_delegate_still_follows_a_request_made_before_the_start(client, endorsed):
    workshop = endorsed.workshop
    with the_day(workshop, -2):
        asked = ask(endorsed)
    client.force_login(endorsed.delegate.user)
    with the_day(workshop, 1):
        page = client.get(workshop.get_absolute_url()).content.decode()
    assert reverse("registrations:sponsorship", args=[asked.pk]) in page


def test_the_delegate_cancels_until_the_start_and_then_only_staff_can(
    client, endorsed, django_user_model
):
    """Once the workshop has started the trip is under way: a delegate who cancelled then
    would give back money already spent on a ticket."""
    workshop = endorsed.workshop
    with the_day(workshop, -2):
        asked = ask(endorsed)
    client.force_login(endorsed.delegate.user)
    page_url = reverse("registrations:sponsorship", args=[asked.pk])
    cancel_url = reverse("registrations:cancel_sponsorship", args=[asked.pk])
    with the_day(workshop, -1):
        assert cancel_url in client.get(page_url).content.decode()
    with the_day(workshop, 0):
        page = client.get(page_url).content.decode()
        assert cancel_url not in page
        assert "only the Secretariat can change your travel sponsorship" in page
        answer = client.post(cancel_url, follow=True)
        assert "only the Secretariat can change your travel sponsorship" in (
            answer.content.decode()
        )
        asked.refresh_from_db()
        assert asked.status == Sponsorship.Status.REQUESTED
        staff = django_user_model.objects.create_user(
            email="staff@example.org", password="x", is_staff=True, is_superuser=True
        )
        sponsorships.cancel(sponsorship=asked, by=staff)
    asked.refresh_from_db()
    assert asked.status == Sponsorship.Status.CANCELLED
