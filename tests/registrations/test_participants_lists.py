"""Staff generate and publish a workshop's list of participants from the Workshop admin; the
public workshop page links it once published, at a query count that does not grow."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from idm_portal import page_cache
from idm_portal.files.services import request_file
from idm_portal.models import GeneratedFile
from registrations.models.lifecycle import Registration
from registrations.participants_lists.models import ParticipantsList
from registrations.participants_lists.services import set_participants_lists_published
from tests.idm_portal.factories import (
    DelegateFactory,
    FinanceStaffFactory,
    SecretariatStaffFactory,
    UserFactory,
)
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import AgendaItemFactory, MemberStateFactory, WorkshopFactory


def is_published(workshop) -> bool:
    return ParticipantsList.objects.filter(workshop=workshop, is_published=True).exists()


pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/workshops/workshop/"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every participant is a user: PBKDF2 would make the tenfold data slow to build.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def add_participants(workshop, count: int, **profile) -> None:
    for _ in range(count):
        RegistrationFactory(
            delegate=DelegateProfileFactory(**profile),
            workshop=workshop,
            status=Registration.Status.CONFIRMED,
        )


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(title="Managing Return Migration")
    AgendaItemFactory.create_batch(2, workshop=workshop)
    state = MemberStateFactory(name="Republic of Listland")
    add_participants(workshop, 2, member_state=state)
    add_participants(
        workshop, 1, member_state=state, family_name="Private", consent_to_public_listing=False
    )
    return workshop


@pytest.fixture
def secretariat(client):
    client.force_login(SecretariatStaffFactory())
    return client


def run_action(client, action, workshops, capture):
    with capture(execute=True):
        return client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [w.pk for w in workshops]},
            follow=True,
        )


def staff_file_url(workshop, kind, language):
    """The admin's download link of a generated list: /files/<id>/<name>, checked per kind."""
    row = GeneratedFile.objects.get(object_id=workshop.pk, kind=kind, language=language)
    return row.get_download_url()


def make(workshop, kind, capture, language="en"):
    with capture(execute=True):
        request_file(workshop, kind, language)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_generate_action_makes_every_version_in_every_language(
    secretariat, workshop, django_capture_on_commit_callbacks
):
    response = run_action(
        secretariat, "generate_participants_lists", [workshop], django_capture_on_commit_callbacks
    )

    assert (
        "The lists of participants of 1 workshop are being made (12 files)."
        in response.content.decode()
    )
    rows = GeneratedFile.objects.filter(object_id=workshop.pk, kind__startswith="participants")
    assert sorted({(row.kind, row.language) for row in rows}) == sorted(
        (kind, language)
        for kind in (
            "participants_pdf",
            "participants_xlsx",
            "participants_staff_pdf",
            "participants_staff_xlsx",
        )
        for language in ("en", "fr", "es")
    )
    assert {row.state for row in rows} == {GeneratedFile.State.DONE}

    page = secretariat.get(f"{CHANGELIST}{workshop.pk}/change/").content.decode()
    assert page.count(">Download</a>") == 12
    assert "Staff list of participants (PDF) – English: <strong>Ready</strong>" in page
    assert "/media/" not in page


def test_staff_download_the_staff_version_from_the_admin(
    secretariat, workshop, django_capture_on_commit_callbacks
):
    make(workshop, "participants_staff_pdf", django_capture_on_commit_callbacks)
    make(workshop, "participants_pdf", django_capture_on_commit_callbacks)

    response = secretariat.get(staff_file_url(workshop, "participants_staff_pdf", "en"))

    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "PRIVATE" in text and "Staff version" in text
    public = secretariat.get(staff_file_url(workshop, "participants_pdf", "en"))
    assert "PRIVATE" not in pdf_text(b"".join(public.streaming_content))


def test_the_staff_version_is_refused_to_anyone_without_the_permission(
    client, workshop, django_capture_on_commit_callbacks
):
    make(workshop, "participants_staff_xlsx", django_capture_on_commit_callbacks)
    url = staff_file_url(workshop, "participants_staff_xlsx", "en")

    assert client.get(url).status_code == 404  # anonymous: nothing to learn
    client.force_login(DelegateFactory())
    assert client.get(url).status_code == 404

    # Staff who may see workshops but not registrations.
    programme_only = UserFactory(is_staff=True)
    programme_only.user_permissions.add(Permission.objects.get(codename="view_workshop"))
    client.force_login(programme_only)
    assert client.get(url).status_code == 404

    client.force_login(FinanceStaffFactory())  # reads registrations, not people's files
    assert client.get(url).status_code == 404

    client.force_login(SecretariatStaffFactory())
    assert client.get(url).status_code == 200


def test_publish_and_unpublish_actions(secretariat, workshop, django_capture_on_commit_callbacks):
    visitor = Client()
    public_pdf = reverse("registrations:participants_list", args=[workshop.slug, "pdf"])
    assert visitor.get(public_pdf).status_code == 404

    response = run_action(
        secretariat, "publish_participants_list", [workshop], django_capture_on_commit_callbacks
    )

    assert "is public" in response.content.decode()
    assert is_published(workshop)
    # The public files are made at once, for the first visitor not to wait.
    made = GeneratedFile.objects.filter(object_id=workshop.pk, state=GeneratedFile.State.DONE)
    assert {row.kind for row in made} == {"participants_pdf", "participants_xlsx"}
    response = visitor.get(public_pdf)
    assert response.status_code == 200
    assert "PRIVATE" not in pdf_text(b"".join(response.streaming_content))

    run_action(
        secretariat, "unpublish_participants_list", [workshop], django_capture_on_commit_callbacks
    )
    assert not is_published(workshop)
    assert visitor.get(public_pdf).status_code == 404


def test_workshop_page_query_count_does_not_grow_with_the_participants(client, workshop):
    set_participants_lists_published(workshops=[workshop], is_published=True)
    page = workshop.get_absolute_url()
    client.get(page)
    page_cache.bump()  # the page rendered, not served whole (idm_portal.page_cache)
    with CaptureQueriesContext(connection) as few:
        response = client.get(page)
    assert "List of participants" in response.content.decode()

    add_participants(workshop, 30, member_state=MemberStateFactory())
    page_cache.bump()
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200

    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_unpublished_workshop_page_does_not_link_the_list(client, workshop):
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "participants-list" not in page
    assert reverse("registrations:participants_list", args=[workshop.slug, "pdf"]) not in page
