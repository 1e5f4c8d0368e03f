"""The delegate's sponsorship pages, the workshop page's block, and the admin: happy paths,
permission boundaries and flat query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models.commitments import Commitment
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.services import sponsorships
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory
from tests.registrations.factories import RegistrationFactory, SponsorshipFactory
from tests.registrations.sponsorship_helpers import TRIP, sponsorable

Status = Sponsorship.Status


@pytest.fixture
def funded(workshop):
    return sponsorable(workshop)


@pytest.fixture
def registration(funded):
    return RegistrationFactory(workshop=funded, status=Registration.Status.ENDORSED)


def _form(**extra):
    return {
        "departure_city": "Nairobi",
        "expertise": "Head of the migration policy unit",
        "needs": "",
        **extra,
    }


# --- the delegate's request -----------------------------------------------------------------


def test_request_page_shows_eligibility_then_the_estimate_then_sends(client, registration):
    client.force_login(registration.delegate.user)
    url = reverse("registrations:request_sponsorship", args=[registration.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "you meet every rule" in page.content.decode()

    preview = client.post(url, _form(preview="1"))
    assert preview.status_code == 200
    assert "2,500.00 USD" in preview.content.decode()
    assert not Sponsorship.objects.exists()

    sent = client.post(url, _form(send="1"))
    sponsorship = Sponsorship.objects.get()
    assert sent.status_code == 302
    assert sent.url == reverse("registrations:sponsorship", args=[sponsorship.pk])
    assert sponsorship.estimated_cost == TRIP


def test_request_page_says_why_not_and_offers_no_form(client, funded):
    registration = RegistrationFactory(
        workshop=funded, delegate__based_in="mission", status=Registration.Status.ENDORSED
    )
    client.force_login(registration.delegate.user)
    url = reverse("registrations:request_sponsorship", args=[registration.pk])
    page = client.get(url).content.decode()
    assert "Permanent Mission" in page
    assert 'name="send"' not in page
    assert client.post(url, _form(send="1")).status_code == 400
    assert not Sponsorship.objects.exists()


def test_bad_input_is_shown_at_the_field_and_kept(client, registration):
    client.force_login(registration.delegate.user)
    url = reverse("registrations:request_sponsorship", args=[registration.pk])
    response = client.post(url, _form(departure_city="", send="1", needs="Kosher meals"))
    assert response.status_code == 400
    assert "departure_city" in response.context["form"].errors
    assert "Kosher meals" in response.content.decode()


def test_missing_dsa_rate_is_said_not_a_500(client, registration):
    settings = registration.workshop.sponsorship_settings
    settings.dsa_rate = None
    settings.save()
    client.force_login(registration.delegate.user)
    url = reverse("registrations:request_sponsorship", args=[registration.pk])
    response = client.post(url, _form(send="1"))
    assert response.status_code == 400
    assert "No DSA rate" in response.content.decode()


def test_a_delegate_never_sees_anothers_request(client, funded, other_user):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    client.force_login(other_user)
    assert (
        client.get(reverse("registrations:sponsorship", args=[sponsorship.pk])).status_code == 404
    )
    url = reverse("registrations:request_sponsorship", args=[sponsorship.registration_id])
    assert client.get(url).status_code == 404
    cancel = reverse("registrations:cancel_sponsorship", args=[sponsorship.pk])
    assert client.post(cancel).status_code == 404
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.REQUESTED


def test_anonymous_goes_to_sign_in(client, funded):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    response = client.get(reverse("registrations:sponsorship", args=[sponsorship.pk]))
    assert response.status_code == 302
    assert "login" in response.url


def test_the_delegate_follows_and_cancels(client, funded):
    sponsorship = SponsorshipFactory(registration__workshop=funded, decision_reason="")
    client.force_login(sponsorship.registration.delegate.user)
    page = client.get(reverse("registrations:sponsorship", args=[sponsorship.pk]))
    assert "reviews your request" in page.content.decode()
    client.post(reverse("registrations:cancel_sponsorship", args=[sponsorship.pk]))
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.CANCELLED


def test_my_registrations_shows_the_state_and_next_step(client, funded, django_assert_num_queries):
    sponsorship = SponsorshipFactory(registration__workshop=funded, status=Status.WAITLISTED)
    user = sponsorship.registration.delegate.user
    client.force_login(user)
    url = reverse("registrations:my_registrations")
    page = client.get(url).content.decode()
    assert "Travel sponsorship:" in page and "on the waitlist" in page

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(
            url
        )  # the first signed-in page asks who is a donor's contact; later ones find it kept
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    for _ in range(3):
        SponsorshipFactory(
            registration__delegate=sponsorship.registration.delegate,
            registration__workshop=sponsorable(
                RegistrationFactory().workshop  # another workshop
            ),
        )
    assert count() == before


# --- the workshop page ----------------------------------------------------------------------


def _page_queries(client, workshop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(workshop.get_absolute_url())
    assert response.status_code == 200
    return response, len(captured)


def test_workshop_page_says_who_may_ask_and_seats_left(client, funded, registration):
    SponsorshipFactory(registration__workshop=funded, status=Status.APPROVED)
    response, _ = _page_queries(client, funded)
    page = response.content.decode()
    assert "OECD DAC list" in page
    assert f"{funded.sponsored_seats - 1} sponsored seats of {funded.sponsored_seats} left" in page

    client.force_login(registration.delegate.user)
    page = client.get(funded.get_absolute_url()).content.decode()
    assert reverse("registrations:request_sponsorship", args=[registration.pk]) in page


def test_workshop_block_queries_stay_flat(client, funded, registration):
    client.force_login(registration.delegate.user)
    client.get(funded.get_absolute_url())  # warm: funding's figures kept on its stamp
    _, before = _page_queries(client, funded)
    for status in (Status.APPROVED, Status.REQUESTED, Status.WAITLISTED, Status.DECLINED):
        SponsorshipFactory(registration__workshop=funded, status=status)
    client.get(funded.get_absolute_url())  # the money changed: figures read again once
    _, after = _page_queries(client, funded)
    assert after == before


def test_no_block_without_sponsored_seats(client, funded):
    funded.sponsored_seats = 0
    funded.save()
    assert "OECD DAC list" not in client.get(funded.get_absolute_url()).content.decode()


# --- the admin ------------------------------------------------------------------------------


def test_bulk_approval_says_which_rule_stopped_which_request(client, funded):
    staff = SecretariatStaffFactory()
    client.force_login(staff)
    good = SponsorshipFactory(registration__workshop=funded)
    cancelled = SponsorshipFactory(registration__workshop=funded)
    Registration.objects.filter(pk=cancelled.registration_id).update(
        status=Registration.Status.CANCELLED
    )
    response = client.post(
        reverse("admin:registrations_sponsorship_changelist"),
        {"action": "approve_selected", "_selected_action": [good.pk, cancelled.pk]},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "1 sponsorship approved." in texts
    assert any(str(cancelled.registration.delegate) in t and "was cancelled" in t for t in texts)
    good.refresh_from_db()
    cancelled.refresh_from_db()
    assert (good.status, cancelled.status) == (Status.APPROVED, Status.REQUESTED)
    assert Commitment.objects.count() == 1


def test_bulk_decline_asks_the_reason_first(client, funded):
    client.force_login(SecretariatStaffFactory())
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    url = reverse("admin:registrations_sponsorship_changelist")
    data = {"action": "decline_selected", "_selected_action": [sponsorship.pk]}
    asked = client.post(url, data)
    assert asked.status_code == 200 and "reason" in asked.content.decode()
    client.post(url, {**data, "reason": "Not on the workshop's subject"})
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.DECLINED
    assert sponsorship.decision_reason == "Not on the workshop's subject"


def test_admin_ticket_fare_of_zero_refused_at_the_field(client, funded):
    client.force_login(SecretariatStaffFactory())
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.approve(sponsorship=sponsorship, by=SecretariatStaffFactory())
    url = reverse("admin:registrations_sponsorship_change", args=[sponsorship.pk])
    response = client.post(url, {"nights": 4, "actual_fare": "0", "actual_cost": ""})
    assert response.status_code == 200
    assert "actual_fare" in response.context["adminform"].form.errors
    response = client.post(url, {"nights": 9, "actual_fare": "", "actual_cost": ""})
    assert "nights" in response.context["adminform"].form.errors


def test_admin_ticket_through_the_service(client, funded):
    client.force_login(SecretariatStaffFactory())
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.approve(sponsorship=sponsorship, by=SecretariatStaffFactory())
    url = reverse("admin:registrations_sponsorship_change", args=[sponsorship.pk])
    client.post(url, {"nights": 4, "actual_fare": "1300.00", "actual_cost": ""})
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.TICKET_ISSUED
    assert sponsorship.commitment.amount == Decimal("2600.00")


def test_finance_sees_names_and_costs_not_profiles(client, funded):
    sponsorship = SponsorshipFactory(
        registration__workshop=funded, registration__delegate__family_name="Otieno"
    )
    client.force_login(FinanceStaffFactory())
    page = client.get(reverse("admin:registrations_sponsorship_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "OTIENO" in text
    assert "2,500.00" in text or "2500.00" in text
    assert sponsorship.registration.delegate.user.email not in text
    change = client.get(reverse("admin:registrations_sponsorship_change", args=[sponsorship.pk]))
    assert change.status_code == 200
    assert "delegateprofile" not in change.content.decode()
    profile_url = reverse(
        "admin:registrations_delegateprofile_change", args=[sponsorship.registration.delegate_id]
    )
    assert client.get(profile_url).status_code in (302, 403, 404)
    # Finance may not decide.
    client.post(
        reverse("admin:registrations_sponsorship_changelist"),
        {"action": "approve_selected", "_selected_action": [sponsorship.pk]},
    )
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.REQUESTED


def test_request_page_queries_stay_flat(client, registration):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(registration.delegate.user)
    url = reverse("registrations:request_sponsorship", args=[registration.pk])

    def count():
        client.get(
            url
        )  # the first signed-in page asks who is a donor's contact; later ones find it kept
        with CaptureQueriesContext(connection) as captured:
            assert client.post(url, _form(preview="1")).status_code == 200
        return len(captured)

    before = count()
    for status in (Status.APPROVED, Status.REQUESTED, Status.WAITLISTED, Status.DECLINED):
        SponsorshipFactory(registration__workshop=registration.workshop, status=status)
    assert count() == before
