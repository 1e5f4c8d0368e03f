"""A page shows one state and only the actions that state allows (issue 10, "Contradictions"
and "Bad input"): a workshop that has started or whose registration deadline passed says so
and offers no registering or endorsing; a waived note verbale offers no upload; an action's
address opened when the state no longer allows it shows the reason and changes nothing, by
GET or POST."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape

from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from tests.idm_portal.date_parts import date_parts
from tests.idm_portal.factories import UserFactory
from tests.registrations.factories import DelegationFactory, RegistrationFactory
from tests.registrations.focal_point_factories import pdf_upload
from tests.workshops.factories import WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status
TODAY = timezone.localdate


def url(name: str, *args) -> str:
    return reverse(f"registrations:{name}", args=args)


def started_workshop(**fields) -> Workshop:
    """A workshop that started yesterday; staff left its registration open."""
    return WorkshopFactory(
        start_date=TODAY() - datetime.timedelta(days=1),
        end_date=TODAY() + datetime.timedelta(days=1),
        registration_status=Workshop.RegistrationStatus.OPEN,
        **fields,
    )


def started_on(workshop: Workshop) -> str:
    return f"“{workshop.title}” started on {formats.date_format(workshop.start_date)}"


@pytest.fixture
def fp_client(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.fixture
def delegate_client(client, delegate):
    client.force_login(delegate.user)
    return client


# --- the workshop page ----------------------------------------------------------------------


def test_a_workshop_that_has_started_does_not_say_registration_open(client):
    workshop = started_workshop()

    page = client.get(workshop.get_absolute_url()).content.decode()

    assert "Registration open" not in page
    assert "Registration closed" in page
    assert escape(started_on(workshop)) in page
    assert url("register", workshop.slug) not in page


def test_registration_closes_after_its_deadline_with_the_date_shown(client, delegate_client):
    start = TODAY() + datetime.timedelta(days=20)
    workshop = WorkshopFactory(
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        registration_deadline=TODAY() - datetime.timedelta(days=1),
    )
    closed_on = f"closed on {formats.date_format(workshop.registration_deadline)}"

    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Registration open" not in page
    assert closed_on in page
    assert url("register", workshop.slug) not in page

    form = delegate_client.get(url("register", workshop.slug)).content.decode()
    assert closed_on in form
    response = delegate_client.post(
        url("register", workshop.slug), {"role": "delegate", "submission": "late"}
    )
    assert response.status_code == 400
    assert closed_on in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_is_open_on_the_deadline_itself(delegate_client):
    start = TODAY() + datetime.timedelta(days=20)
    workshop = WorkshopFactory(
        start_date=start, end_date=start + datetime.timedelta(days=1), registration_deadline=TODAY()
    )

    response = delegate_client.post(
        url("register", workshop.slug), {"role": "delegate", "submission": "on-time"}
    )

    assert response.status_code == 302
    assert Registration.objects.filter(workshop=workshop).exists()


def test_the_workshop_page_shows_the_registration_deadline_and_the_venue_address(client):
    start = TODAY() + datetime.timedelta(days=30)
    workshop = WorkshopFactory(
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        registration_deadline=start - datetime.timedelta(days=14),
        venue="IOM headquarters, Geneva",
        venue_address="17, route des Morillons\n1211 Geneva 19\nSwitzerland",
    )

    page = client.get(workshop.get_absolute_url()).content.decode()

    deadline = formats.date_format(workshop.registration_deadline)
    assert f"Register by {deadline}." in page
    assert "Registration deadline" in page
    assert "17, route des Morillons<br>1211 Geneva 19<br>Switzerland" in page
    # The call to register comes before the agenda in the page (first on a phone).
    assert page.index(url("register", workshop.slug)) < page.index('id="agenda-heading"')


def test_staff_set_the_deadline_and_the_address_in_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True, verified=True)
    client.force_login(staff)
    workshop = WorkshopFactory()

    page = client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))

    assert page.status_code == 200
    assert 'name="registration_deadline"' in page.content.decode()
    assert 'name="venue_address_en"' in page.content.decode()  # and _fr, _es: translated
    # A deadline on or after the first day is refused at the field (the form calls clean()).
    workshop.registration_deadline = workshop.start_date
    with pytest.raises(ValidationError) as error:
        workshop.full_clean()
    assert error.value.message_dict["registration_deadline"] == [
        "The registration deadline must come before the workshop starts."
    ]


# --- the focal point's board ----------------------------------------------------------------


def test_the_board_of_a_started_workshop_offers_no_register_or_endorse(fp_client, delegate):
    workshop = started_workshop()
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)

    page = fp_client.get(url("delegation_board", workshop.slug)).content.decode()

    assert escape(started_on(workshop)) in page
    assert url("delegation_register", workshop.slug) not in page
    assert url("delegation_endorse", workshop.slug, registration.pk) not in page
    assert ">Endorse<" not in page


def test_a_waived_note_verbale_is_not_offered_for_upload(fp_client, state, workshop, delegate):
    DelegationFactory(
        member_state=state, workshop=workshop, is_waived=True, note_verbale_status="none"
    )
    RegistrationFactory(delegate=delegate, workshop=workshop)

    page = fp_client.get(url("delegation_board", workshop.slug)).content.decode()

    assert "Note verbale waived" in page
    assert url("delegation_note_verbale", workshop.slug) not in page
    assert "Upload the note verbale" not in page


def test_uploading_a_waived_note_verbale_shows_why_and_stores_nothing(
    fp_client, state, workshop, delegate
):
    delegation = DelegationFactory(
        member_state=state, workshop=workshop, is_waived=True, note_verbale_status="none"
    )
    RegistrationFactory(delegate=delegate, workshop=workshop)
    reason = "The secretariat waived the note verbale for this delegation"

    page = fp_client.get(url("delegation_note_verbale", workshop.slug))
    assert page.status_code == 200
    assert reason in page.content.decode()
    assert 'name="note_verbale"' not in page.content.decode()

    response = fp_client.post(
        url("delegation_note_verbale", workshop.slug),
        {
            "note_verbale": pdf_upload(),
            "note_verbale_reference": "KMG/IOM/2099/17",
            **date_parts("note_verbale_date", "2099-02-10"),
        },
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    delegation.refresh_from_db()
    assert not delegation.note_verbale
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.NONE


def test_endorsing_a_withdrawn_registration_shows_why_and_changes_nothing(
    fp_client, delegate, workshop
):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop, status=Status.CANCELLED
    )

    for method in (fp_client.get, fp_client.post):  # the address opened, or its form sent
        response = method(url("delegation_endorse", workshop.slug, registration.pk))
        assert response.status_code in (200, 400)
        assert "A registration that is cancelled cannot be endorsed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


# --- the delegate's cancel page -------------------------------------------------------------


def test_the_cancel_address_after_the_start_shows_the_reason_and_no_form(delegate_client, delegate):
    registration = RegistrationFactory(
        delegate=delegate, workshop=started_workshop(), status=Status.CONFIRMED
    )
    reason = escape(started_on(registration.workshop))

    page = delegate_client.get(url("cancel", registration.pk))
    assert page.status_code == 200
    assert reason in page.content.decode()
    assert 'name="reason"' not in page.content.decode()
    assert "Cancel my registration" not in page.content.decode()

    response = delegate_client.post(url("cancel", registration.pk), {"reason": "Too late"})
    assert response.status_code == 400
    assert reason in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_the_cancel_address_of_a_cancelled_registration_shows_the_reason_and_no_form(
    delegate_client, delegate, workshop
):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop, status=Status.CANCELLED
    )

    page = delegate_client.get(url("cancel", registration.pk)).content.decode()

    assert "A registration that is cancelled cannot be cancelled." in page
    assert 'name="reason"' not in page
