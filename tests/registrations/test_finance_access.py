"""Finance sees money, and of people only what money needs (issue 8, item 8).

Finance may list registrations — names, states, roles, statuses — for the sponsorship and
funding work, but not delegates' profiles, e-mails, phones or needs, notes verbales, the
registration e-mails, the registrations export, letters or the staff lists of participants.
The Secretariat keeps all of it.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from idm_portal.files.services import request_file
from idm_portal.roles import FINANCE, SECRETARIAT, sync_staff_groups
from registrations.models.lifecycle import Registration
from registrations.renderers import letters as letters_renderers
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    RegistrationFactory,
)
from tests.workshops.factories import MemberStateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    delegate = DelegateProfileFactory(
        family_name="Otieno",
        member_state=MemberStateFactory(name="Kenya"),
        work_phone="+254 20 123 456",
        accessibility_needs="Wheelchair access",
    )
    return RegistrationFactory(delegate=delegate, status=Registration.Status.CONFIRMED)


@pytest.fixture
def finance_client(client):
    client.force_login(FinanceStaffFactory())
    return client


def test_finance_lists_registrations_with_names_and_states_but_no_e_mail(
    finance_client, registration
):
    response = finance_client.get(reverse("admin:registrations_registration_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "OTIENO" in page and "Kenya" in page
    assert registration.delegate.user.email not in page
    assert "email" not in response.context["cl"].list_display


def test_finance_cannot_search_or_filter_registrations_by_e_mail(finance_client, registration):
    url = reverse("admin:registrations_registration_changelist")
    email = registration.delegate.user.email
    assert finance_client.get(url, {"q": email}).context["cl"].result_count == 0
    assert finance_client.get(url, {"delegate__user__email": email}).status_code == 400
    assert finance_client.get(url, {"delegate__work_phone__startswith": "+254"}).status_code == 400


@pytest.mark.parametrize(
    "page",
    [
        "admin:registrations_delegateprofile_changelist",
        "admin:registrations_delegation_changelist",
        "admin:registrations_registrationemail_changelist",
        "admin:registrations_registration_export",
    ],
)
def test_finance_gets_no_people_s_files_in_the_admin(finance_client, registration, page):
    assert finance_client.get(reverse(page)).status_code == 403


def test_finance_cannot_open_a_delegate_profile(finance_client, registration):
    url = reverse("admin:registrations_delegateprofile_change", args=[registration.delegate.pk])
    assert finance_client.get(url).status_code == 403


def test_finance_cannot_download_a_note_verbale(finance_client, registration):
    delegation = DelegationFactory(
        member_state=registration.delegate.member_state, workshop=registration.workshop
    )
    delegation.note_verbale.save("note.pdf", ContentFile(b"%PDF-1.4 note"), save=True)
    url = reverse("registrations:staff_note_verbale_file", args=[delegation.pk])
    assert finance_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        (letters_renderers.CONFIRMATION_LETTER, "registration"),
        ("participants_staff_xlsx", "workshop"),
    ],
)
def test_finance_cannot_download_letters_or_the_staff_list(
    client, django_capture_on_commit_callbacks, registration, kind, target
):
    obj = registration if target == "registration" else registration.workshop
    with django_capture_on_commit_callbacks(execute=True):
        row = request_file(obj, kind, "en")
    row.refresh_from_db()
    assert row.file, row.error
    client.force_login(FinanceStaffFactory())
    assert client.get(row.get_download_url()).status_code == 404
    client.force_login(SecretariatStaffFactory())
    assert client.get(row.get_download_url()).status_code == 200


def test_the_secretariat_keeps_profiles_exports_and_e_mails(client, registration):
    client.force_login(SecretariatStaffFactory())
    changelist = client.get(reverse("admin:registrations_registration_changelist"))
    assert registration.delegate.user.email in changelist.content.decode()
    assert client.get(reverse("admin:registrations_delegateprofile_changelist")).status_code == 200
    assert client.get(reverse("admin:registrations_registration_export")).status_code == 200


def test_migrate_takes_away_what_the_table_no_longer_grants_but_keeps_hand_grants():
    finance = Group.objects.get(name=FINANCE)
    secretariat = Group.objects.get(name=SECRETARIAT)
    finance.permissions.add(Permission.objects.get(codename="view_delegateprofile"))
    secretariat.permissions.add(Permission.objects.get(codename="view_passport_details"))

    sync_staff_groups()

    assert not finance.permissions.filter(codename="view_delegateprofile").exists()
    assert finance.permissions.filter(codename="view_registration").exists()
    assert secretariat.permissions.filter(codename="view_passport_details").exists()
