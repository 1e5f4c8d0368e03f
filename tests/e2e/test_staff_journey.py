"""The Secretariat's day in the admin, in a real browser at 1280 px and 390 px: signs in (the
second factor is off in tests, as ADMIN_REQUIRE_MFA is; tests/idm_portal/test_admin_login.py
covers it), verifies a delegation's note verbale, confirms the endorsed delegate, approves the
travel sponsorship (which commits the funds) and publishes the workshop's list of
participants, which the public page then shows."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from funding.models.commitments import Commitment
from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.participants_lists import selectors as participants_lists_selectors
from tests.e2e.conftest import path, pdf_text
from tests.idm_portal.factories import PASSWORD, SecretariatStaffFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    RegistrationFactory,
    SponsorshipFactory,
)
from tests.registrations.pdf_files import note_verbale_pdf
from tests.registrations.sponsorship_helpers import sponsorable
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_action(journey, changelist: str, pk: int, action: str, step: str) -> None:
    """Tick one row of an admin list, choose the action and press Go, as staff do."""
    journey.goto(changelist)
    journey.page.locator(f"#result_list input[name=_selected_action][value='{pk}']").check()
    journey.page.locator("select[name=action]").select_option(action)
    with journey.page.expect_navigation():
        journey.page.locator("#changelist-form button[name=index]").click()
    journey.step(step)


def test_staff_verify_confirm_approve_the_sponsorship_and_publish_the_list(journeys, live_server):
    start = timezone.localdate() + datetime.timedelta(days=30)
    workshop = sponsorable(
        WorkshopFactory(
            title="Migration and Development",
            start_date=start,
            end_date=start + datetime.timedelta(days=1),
        )
    )
    kenya = MemberStateFactory(name="Kenya")
    delegation = DelegationFactory(
        member_state=kenya,
        workshop=workshop,
        note_verbale_status=Delegation.NoteVerbaleStatus.UPLOADED,
        note_verbale_reference="KE/GVA/2026/117",
        note_verbale_date=timezone.localdate(),
    )
    delegation.note_verbale.save("note-verbale.pdf", ContentFile(note_verbale_pdf(1)))
    registration = RegistrationFactory(
        workshop=workshop,
        delegation=delegation,
        status=Registration.Status.ENDORSED,
        delegate=DelegateProfileFactory(member_state=kenya, family_name="Mwangi"),
    )
    sponsorship = SponsorshipFactory(registration=registration)
    staff = SecretariatStaffFactory()
    me = journeys()

    me.log_in(staff.email, PASSWORD)
    me.goto("/admin/", step="admin index")

    run_action(
        me,
        "/admin/registrations/delegation/",
        delegation.pk,
        "verify_selected",
        "note verbale verified",
    )
    delegation.refresh_from_db()
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.VERIFIED

    run_action(
        me,
        "/admin/registrations/registration/",
        registration.pk,
        "confirm_selected",
        "registration confirmed",
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    me.goto(f"/admin/registrations/registration/{registration.pk}/change/", "registration")

    run_action(
        me,
        "/admin/registrations/sponsorship/",
        sponsorship.pk,
        "approve_selected",
        "sponsorship approved",
    )
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.APPROVED
    assert Commitment.objects.filter(workshop=workshop, released_at__isnull=True).exists()
    me.goto(f"/admin/registrations/sponsorship/{sponsorship.pk}/change/", "sponsorship")

    run_action(
        me,
        "/admin/workshops/workshop/",
        workshop.pk,
        "publish_participants_list",
        "list of participants published",
    )
    assert participants_lists_selectors.is_published(workshop)
    me.goto(f"/admin/workshops/workshop/{workshop.pk}/change/", "workshop")

    # The public page offers the list; its PDF (made by the pipeline) names the delegate.
    me.goto(path("workshops:detail", workshop.slug), step="public workshop page")
    with me.page.expect_download() as download:
        me.page.locator(
            f'a[href="{path("registrations:participants_list", workshop.slug, "pdf")}"]'
        ).click()
    text = pdf_text(download.value.path().read_bytes())
    assert "MWANGI" in text.upper() and "KENYA" in text.upper(), text
    me.finish()
