import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registrations.models.focal_points import FocalPoint
from registrations.models.lifecycle import Registration
from registrations.resources import RegistrationResource
from registrations.services import delegations, focal_points
from tests.idm_portal.factories import DelegateFactory, FinanceStaffFactory, SecretariatStaffFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.registrations.pdf_files import TINY_PDF
from tests.workshops.factories import MemberStateFactory

Status = Registration.Status
PASSPORT = "P9876543"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def passport_holder(workshop):
    delegate = DelegateProfileFactory(passport_number=PASSPORT, nationality="KE")
    RegistrationFactory(delegate=delegate, workshop=workshop)
    return delegate


def test_export_has_no_passport_data_in_csv_or_xlsx(passport_holder):
    dataset = RegistrationResource().export()
    csv_text = dataset.export("csv")
    assert passport_holder.family_name in csv_text
    assert PASSPORT not in csv_text
    assert not any("passport" in header.lower() for header in dataset.headers)
    book = openpyxl.load_workbook(io.BytesIO(dataset.export("xlsx")))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row]
    assert passport_holder.family_name in cells
    assert PASSPORT not in " ".join(cells)


def test_admin_csv_export_has_no_passport_data(staff_client, staff, passport_holder):
    staff.user_permissions.add(Permission.objects.get(codename="view_passport_details"))
    url = reverse("admin:registrations_registration_export")
    form = staff_client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    choosable = [name for name in form.fields if name.startswith("registrationresource_")]
    assert not any("passport" in name or "birth" in name for name in choosable)
    data.update(dict.fromkeys(choosable, "on"))
    response = staff_client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert passport_holder.family_name in body
    assert PASSPORT not in body
    assert len(rows) == 2


def test_passport_fields_shown_only_with_the_permission(staff_client, staff, passport_holder):
    url = reverse("admin:registrations_delegateprofile_change", args=[passport_holder.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert PASSPORT not in response.content.decode()
    assert "passport_number" not in response.context["adminform"].form.fields

    staff.user_permissions.add(Permission.objects.get(codename="view_passport_details"))
    response = staff_client.get(url)
    assert PASSPORT in response.content.decode()


def test_history_never_holds_passport_data(staff_client, passport_holder):
    passport_holder.passport_number = "NEW12345"
    passport_holder.position = "Ambassador"
    passport_holder.save()
    history = passport_holder.history.all()
    assert not any(hasattr(record, "passport_number") for record in history)
    url = reverse("admin:registrations_delegateprofile_history", args=[passport_holder.pk])
    body = staff_client.get(url).content.decode()
    assert "NEW12345" not in body and PASSPORT not in body
    record = history.first()
    url = reverse(
        "admin:registrations_delegateprofile_simple_history",
        args=[passport_holder.pk, record.history_id],
    )
    response = staff_client.get(url)
    assert response.status_code == 200
    assert "NEW12345" not in response.content.decode()


def test_changelist_query_count_does_not_grow(staff_client, workshop):
    url = reverse("admin:registrations_registration_changelist")
    RegistrationFactory.create_batch(3, workshop=workshop)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url).status_code == 200
    RegistrationFactory.create_batch(20, workshop=workshop)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)
    assert response.status_code == 200
    assert len(many) <= len(few) + 2  # the member-state filter lists new states: one query
    assert response.context["cl"].result_count == 23


def test_changelist_filters_and_search(staff_client, workshop, state):
    mine = RegistrationFactory(workshop=workshop, delegate__member_state=state)
    other = RegistrationFactory(workshop=workshop)
    url = reverse("admin:registrations_registration_changelist")
    response = staff_client.get(url, {"q": "Kenya"})
    assert list(response.context["cl"].result_list) == [mine]
    response = staff_client.get(url, {"delegate__member_state__region": state.region})
    assert set(response.context["cl"].result_list) == {mine, other}


def test_bulk_confirm_applies_capacity(staff_client, workshop):
    workshop.capacity = 2
    workshop.sponsored_seats = 0
    workshop.save()
    registrations = RegistrationFactory.create_batch(3, workshop=workshop, status=Status.ENDORSED)
    response = staff_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "confirm_selected", "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    texts = [str(m) for m in response.context["messages"]]
    assert "2 registrations confirmed." in texts
    assert "1 registration waitlisted." in texts


def test_workshop_summary_counts_by_region_and_gender(staff_client, workshop, state):
    RegistrationFactory(workshop=workshop, delegate__member_state=state, status=Status.CONFIRMED)
    RegistrationFactory(
        workshop=workshop,
        delegate__member_state=state,
        delegate__gender="male",
        status=Status.WAITLISTED,
    )
    RegistrationFactory(workshop=workshop, status=Status.CANCELLED)
    url = reverse("admin:registrations_registration_summary", args=[workshop.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["totals"] == {"registered": 2, "endorsed": 0, "confirmed": 1, "waitlisted": 1}
    genders = {row["label"]: row for row in summary["by_gender"]}
    assert genders["Male"]["waitlisted"] == 1
    assert genders["Female"]["confirmed"] == 1


def test_delegate_cannot_open_the_admin(client, delegate):
    client.force_login(delegate.user)
    response = client.get(reverse("admin:registrations_registration_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Staff register a participant through the services ---------------------------------------


def test_staff_register_a_participant_from_the_admin(staff_client, staff, workshop, delegate):
    add_url = reverse("admin:registrations_registration_add")
    page = staff_client.get(add_url)
    assert page.status_code == 200
    assert "Register a participant" in page.content.decode()

    response = staff_client.post(
        add_url, {"delegate": delegate.pk, "workshop": workshop.pk, "role": "speaker"}
    )

    registration = Registration.objects.get(delegate=delegate, workshop=workshop)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:registrations_registration_change", args=[registration.pk]
    )
    assert registration.role == "speaker"
    assert registration.status == Status.SUBMITTED
    assert registration.registered_by == staff
    assert registration.delegation.member_state == delegate.member_state
    assert registration.history.first().history_user == staff


def test_admin_registration_keeps_the_one_registration_rule(staff_client, workshop, delegate):
    RegistrationFactory(delegate=delegate, workshop=workshop)
    response = staff_client.post(
        reverse("admin:registrations_registration_add"),
        {"delegate": delegate.pk, "workshop": workshop.pk, "role": "delegate"},
    )
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.filter(delegate=delegate, workshop=workshop).count() == 1


def test_admin_registration_refuses_a_closed_workshop_with_the_reason(
    staff_client, workshop, delegate
):
    workshop.registration_status = "closed"
    workshop.save()
    response = staff_client.post(
        reverse("admin:registrations_registration_add"),
        {"delegate": delegate.pk, "workshop": workshop.pk, "role": "delegate"},
    )
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert not Registration.objects.filter(delegate=delegate).exists()


def test_finance_staff_cannot_register_participants(client, workshop, delegate):

    client.force_login(FinanceStaffFactory())
    response = client.post(
        reverse("admin:registrations_registration_add"),
        {"delegate": delegate.pk, "workshop": workshop.pk, "role": "delegate"},
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


# --- The note verbale reaches staff through the admin, never through MEDIA_URL ----------------


def test_staff_open_the_note_verbale_from_the_delegation_page(
    staff_client, focal_point, delegation
):

    delegations.upload_note_verbale(
        delegation=delegation,
        file=SimpleUploadedFile("note.pdf", TINY_PDF, content_type="application/pdf"),
        reference="KEN/2009/7",
        date=datetime.date(2009, 2, 1),
        by=focal_point,
    )
    change = staff_client.get(
        reverse("admin:registrations_delegation_change", args=[delegation.pk])
    ).content.decode()
    link = reverse("registrations:staff_note_verbale_file", args=[delegation.pk])
    assert link in change
    assert "/media/" not in change

    response = staff_client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF


@pytest.mark.parametrize("params", [{"format": "1"}, {"no_such_field": "x"}, {"status__nope": "x"}])
def test_registration_export_with_an_unknown_parameter_is_a_bad_request(client, staff, params):
    client.force_login(staff)
    response = client.get(reverse("admin:registrations_registration_export"), params)
    assert response.status_code == 400


# --- focal points ------------------------------------------------------------------------------


def test_name_focal_point_names_a_user_for_one_state_and_moves_them(staff, state):

    user = DelegateFactory()
    named = focal_points.name_focal_point(user=user, member_state=state, by=staff)
    assert (named.member_state, named.named_by) == (state, staff)

    other_state, other_staff = MemberStateFactory(name="Peru"), SecretariatStaffFactory()
    moved = focal_points.name_focal_point(user=user, member_state=other_state, by=other_staff)

    assert moved.pk == named.pk  # one focal point per user: the state is replaced
    assert FocalPoint.objects.get(user=user).member_state == other_state
    assert moved.named_by == other_staff


def test_staff_name_and_move_a_focal_point_in_the_admin_through_the_service(
    staff_client, staff, state
):

    user = DelegateFactory()
    response = staff_client.post(
        reverse("admin:registrations_focalpoint_add"), {"user": user.pk, "member_state": state.pk}
    )
    assert response.status_code == 302
    focal_point = FocalPoint.objects.get(user=user)
    assert (focal_point.member_state, focal_point.named_by) == (state, staff)

    # Another member of staff moves them to another state: who named them is who did it last.
    other_staff, peru = SecretariatStaffFactory(), MemberStateFactory(name="Peru")
    staff_client.force_login(other_staff)
    change_url = reverse("admin:registrations_focalpoint_change", args=[focal_point.pk])
    someone_else = DelegateFactory()
    response = staff_client.post(change_url, {"user": someone_else.pk, "member_state": peru.pk})

    assert response.status_code == 302
    focal_point.refresh_from_db()
    assert (focal_point.user, focal_point.member_state, focal_point.named_by) == (
        user,  # the user is not changed on the focal point's page
        peru,
        other_staff,
    )
    assert not FocalPoint.objects.filter(user=someone_else).exists()
