"""What the Secretariat reads in the admin: messages in real plurals and words a person would
say (one note verbale, one workshop and its files), change lists that show what their job
needs, and generated files under their kind's label and their object's name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from idm_portal.files.services import request_file
from registrations.admin.delegations import verified_message, waived_message
from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from registrations.participants_lists import PARTICIPANTS_STAFF_XLSX
from registrations.participants_lists.admin import generating_message
from registrations.renderers.letters import CONFIRMATION_LETTER
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import DelegationFactory, RegistrationFactory
from tests.workshops.factories import WorkshopFactory


@pytest.fixture
def secretariat(client, db):
    client.force_login(SecretariatStaffFactory())
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- plurals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 note verbale verified."),
        ("en", 2, "2 notes verbales verified."),
        ("fr", 1, "1 note verbale vérifiée."),
        ("fr", 2, "2 notes verbales vérifiées."),
    ],
)
def test_verified_notes_verbales_are_counted_in_real_plurals(language, count, expected):
    with translation.override(language):
        assert verified_message(count) == expected


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "Note verbale waived for 1 delegation."),
        ("en", 2, "Note verbale waived for 2 delegations."),
        ("fr", 1, "Note verbale non exigée pour 1 délégation."),
        ("fr", 2, "Note verbale non exigée pour 2 délégations."),
    ],
)
def test_waived_notes_verbales_are_counted_in_real_plurals(language, count, expected):
    with translation.override(language):
        assert waived_message(count) == expected


@pytest.mark.parametrize(
    ("language", "workshops", "files", "expected"),
    [
        ("en", 1, 1, "The lists of participants of 1 workshop are being made (1 file)."),
        ("en", 2, 24, "The lists of participants of 2 workshops are being made (24 files)."),
        (
            "fr",
            1,
            1,
            "Les listes des participants de 1 atelier sont en cours de création (1 fichier).",
        ),
        (
            "fr",
            2,
            24,
            "Les listes des participants de 2 ateliers sont en cours de création (24 fichiers).",
        ),
    ],
)
def test_lists_being_made_are_counted_by_workshop_then_files(language, workshops, files, expected):
    with translation.override(language):
        assert generating_message(workshops, files) == expected


def test_verifying_one_note_verbale_says_one_note_verbale(secretariat):
    delegation = DelegationFactory(note_verbale_status=Delegation.NoteVerbaleStatus.UPLOADED)

    response = secretariat.post(
        reverse("admin:registrations_delegation_changelist"),
        {"action": "verify_selected", "_selected_action": [delegation.pk]},
        follow=True,
    )

    assert "1 note verbale verified." in messages_of(response)


def test_ticking_one_workshop_says_one_workshop_and_its_files(
    secretariat, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    with django_capture_on_commit_callbacks(execute=False):  # the files are not made here
        response = secretariat.post(
            reverse("admin:workshops_workshop_changelist"),
            {"action": "generate_participants_lists", "_selected_action": [workshop.pk]},
            follow=True,
        )

    # Four kinds (public and staff, PDF and XLSX) in three languages.
    assert "The lists of participants of 1 workshop are being made (12 files)." in messages_of(
        response
    )


# --- change lists -----------------------------------------------------------------------------


def test_the_delegation_list_shows_the_note_verbales_state_and_the_count(secretariat):
    delegation = DelegationFactory(note_verbale_status=Delegation.NoteVerbaleStatus.UPLOADED)
    for _ in range(3):
        RegistrationFactory(
            workshop=delegation.workshop,
            delegation=delegation,
            delegate__member_state=delegation.member_state,
        )
    waived = DelegationFactory(
        is_waived=True,
        note_verbale_status=Delegation.NoteVerbaleStatus.NONE,
        workshop=delegation.workshop,
    )

    page = secretariat.get(reverse("admin:registrations_delegation_changelist")).content.decode()

    row = page[page.index(f"{delegation.member_state.name}</a>") :]
    row = row[: row.index("</tr>")]
    assert '<td class="field-note_verbale_state">To verify</td>' in row
    assert '<td class="field-active_count">3</td>' in row
    waived_row = page[page.index(f"{waived.member_state.name}</a>") :]
    assert (
        '<td class="field-note_verbale_state">Waived</td>'
        in waived_row[: waived_row.index("</tr>")]
    )


def test_the_registration_list_names_the_workshop_short_with_the_whole_title_at_hand(secretariat):
    workshop = WorkshopFactory(
        title="Effective Respect for the Human Rights of Migrants: A Shared Responsibility"
    )
    RegistrationFactory(workshop=workshop, status=Registration.Status.CONFIRMED)

    page = secretariat.get(reverse("admin:registrations_registration_changelist")).content.decode()

    assert ">Effective Respect for the Human…</span>" in page
    assert (
        'title="Effective Respect for the Human Rights of Migrants: A Shared Responsibility' in page
    )


# --- generated files --------------------------------------------------------------------------


def test_generated_files_show_their_kinds_label_and_their_objects_name(
    secretariat, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(title="Managing Return Migration")
    with django_capture_on_commit_callbacks(execute=False):
        request_file(workshop, PARTICIPANTS_STAFF_XLSX, "en")

    page = secretariat.get(reverse("admin:idm_portal_generatedfile_changelist")).content.decode()

    assert "Staff list of participants (XLSX)" in page
    assert "Managing Return Migration" in page
    assert "participants_staff_xlsx</" not in page
    assert f"workshop #{workshop.pk}" not in page


def test_the_generated_files_list_costs_the_same_queries_for_more_files(
    secretariat, django_capture_on_commit_callbacks
):
    url = reverse("admin:idm_portal_generatedfile_changelist")

    def add_letters(count):
        with django_capture_on_commit_callbacks(execute=False):
            for _ in range(count):
                registration = RegistrationFactory(status=Registration.Status.CONFIRMED)
                request_file(registration, CONFIRMATION_LETTER, "en")

    add_letters(2)
    with CaptureQueriesContext(connection) as few:
        assert secretariat.get(url).status_code == 200
    add_letters(5)
    with CaptureQueriesContext(connection) as many:
        page = secretariat.get(url).content.decode()

    assert len(many) == len(few)
    assert "Confirmation letter (PDF)" in page
