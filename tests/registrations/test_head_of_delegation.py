"""The head of a delegation is one fact, named through one service with one rule: the focal
point's board and index, the confirmation letter, the lists of participants (page, PDF, XLSX),
the registrations export and the admin's list all say the same, and the admin cannot name or
drop a head around the service."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registrations.errors import RegistrationError
from registrations.models.lifecycle import Registration
from registrations.participants_lists import selectors as participants_lists_selectors
from registrations.renderers import letters as letters_renderers
from registrations.renderers import participants_lists as participants_lists_renderers
from registrations.resources import RegistrationResource
from registrations.services import delegations, lifecycle
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.registrations.focal_point_factories import programme_with_workshops

pytestmark = pytest.mark.django_db

Status = Registration.Status
HEAD = Registration.Role.HEAD_OF_DELEGATION
NAMES = ("Abara", "Baraka", "Chege")


def url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def workshop(db):
    _programme, (workshop,) = programme_with_workshops(1)
    return workshop


@pytest.fixture
def kenya(state, workshop):
    """Kenya's delegation: two confirmed delegates and one already marked as attended."""
    statuses = (Status.CONFIRMED, Status.CONFIRMED, Status.ATTENDED)
    return {
        name: RegistrationFactory(
            delegate=DelegateProfileFactory(member_state=state, family_name=name),
            workshop=workshop,
            status=status,
        )
        for name, status in zip(NAMES, statuses, strict=True)
    }


@pytest.fixture
def fp_client(focal_point):
    client = Client()
    client.force_login(focal_point)
    return client


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def board_page(fp_client, workshop) -> str:
    return fp_client.get(url("registrations:delegation_board", workshop.slug)).content.decode()


def board_rows(page: str) -> dict[str, str]:
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    return {name: row for row in rows for name in NAMES if name.upper() in row}


def heads_everywhere(*, fp_client, staff_client, workshop, kenya) -> dict[str, set[str]]:
    """Whom each output names as head of Kenya's delegation (by family name)."""
    board = board_rows(board_page(fp_client, workshop))
    index = fp_client.get(url("registrations:delegation_index")).content.decode()
    index_head = index.split("Head of delegation:")[1].split("</p>")[0]
    letters = {name: letters_renderers.letter_data(r, "en") for name, r in kenya.items()}
    letter_pages = {name: letters_renderers.letter_html(r, "en") for name, r in kenya.items()}
    listed = [
        person
        for group in participants_lists_selectors.participants_list(
            workshop, language="en", staff=True
        )
        for entity in group.entities
        for person in entity.participants
    ]
    printed = participants_lists_renderers.participants_html(workshop, "en", staff=True)
    sheet = openpyxl.load_workbook(
        io.BytesIO(participants_lists_renderers.participants_xlsx(workshop, "en", staff=True))
    ).active
    xlsx = list(sheet.iter_rows(values_only=True))
    exported = RegistrationResource().export().dict
    changelist = staff_client.get(
        url("admin:registrations_registration_changelist") + f"?role__exact={HEAD}"
    ).content.decode()
    return {
        "board": {name for name, row in board.items() if 'class="is-head' in row},
        "index": {name for name in NAMES if name.upper() in index_head},
        "letter": {name for name, letter in letters.items() if letter["is_head"]},
        "letter page": {
            name for name, page in letter_pages.items() if "registered as the Head of" in page
        },
        "list": {person.family_name for person in listed if person.is_head},
        "list first": {listed[0].family_name} & {p.family_name for p in listed if p.is_head},
        "PDF": {name for name in NAMES if f"{name.upper()} (Head of Delegation)" in printed},
        "XLSX": {row[3].title() for row in xlsx[1:] if row[7] == "Yes"},
        "export": {row["family name"] for row in exported if row["role"] == "Head of delegation"},
        "admin": {name for name in NAMES if name.upper() in changelist},
    }


def test_every_page_list_letter_and_export_names_the_head_the_service_named(
    fp_client, staff_client, staff, focal_point, workshop, kenya
):
    def heads():
        for registration in kenya.values():
            registration.refresh_from_db()
        return heads_everywhere(
            fp_client=fp_client, staff_client=staff_client, workshop=workshop, kenya=kenya
        )

    abara, baraka, chege = (kenya[name] for name in NAMES)
    assert set(map(frozenset, heads().values())) == {frozenset()}

    delegations.set_head_of_delegation(delegation=abara.delegation, registration=abara, by=staff)
    assert heads() == dict.fromkeys(heads(), {"Abara"})

    # The focal point names another head on the board: the first one steps down everywhere.
    fp_client.post(url("registrations:delegation_set_head", workshop.slug, baraka.pk))
    assert heads() == dict.fromkeys(heads(), {"Baraka"})

    # The board offers what the service accepts: an attended delegate may head the delegation.
    set_chege = url("registrations:delegation_set_head", workshop.slug, chege.pk)
    assert set_chege in board_rows(board_page(fp_client, workshop))["Chege"]
    assert fp_client.post(set_chege).status_code == 302
    assert heads() == dict.fromkeys(heads(), {"Chege"})

    # A head whose registration ends stops being the head, in every output at once.
    delegations.set_head_of_delegation(delegation=baraka.delegation, registration=baraka, by=staff)
    lifecycle.cancel(registration=baraka, by=staff, reason="Mission cancelled")
    assert heads() == dict.fromkeys(heads(), set())
    rows = board_rows(board_page(fp_client, workshop))
    offered = {name for name, row in rows.items() if "/head/" in row}
    assert offered == {"Abara", "Chege"}


def test_the_admin_cannot_name_or_drop_a_head_around_the_service(
    staff_client, staff, workshop, kenya
):
    abara, baraka, _chege = (kenya[name] for name in NAMES)
    delegations.set_head_of_delegation(delegation=abara.delegation, registration=abara, by=staff)

    def change(registration, **data):
        form = {"role": registration.role, "status_reason": "", "waitlist_priority": "0"}
        return staff_client.post(
            url("admin:registrations_registration_change", registration.pk), {**form, **data}
        )

    # Making a second head by its role: refused next to the field, nothing changes.
    response = change(baraka, role=HEAD)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    # Dropping the head by its role: the role of a head is not a field of the form.
    change(abara, role="delegate", status_reason="Checked by phone")
    abara.refresh_from_db()
    baraka.refresh_from_db()
    assert (abara.role, abara.status_reason) == (HEAD, "Checked by phone")
    assert baraka.role == Registration.Role.DELEGATE
    # Other roles still change from the admin, through the service (audited).
    change(baraka, role="speaker")
    baraka.refresh_from_db()
    assert baraka.role == "speaker"
    assert baraka.history.first().history_user == staff

    # The admin names a head with an action that calls the service.
    staff_client.post(
        url("admin:registrations_registration_changelist"),
        {"action": "make_head", "_selected_action": [baraka.pk]},
    )
    abara.refresh_from_db()
    baraka.refresh_from_db()
    assert (abara.role, baraka.role) == (Registration.Role.DELEGATE, HEAD)


def test_changing_a_registration_never_makes_or_drops_a_head(staff, kenya):
    abara, baraka, _chege = (kenya[name] for name in NAMES)
    delegations.set_head_of_delegation(delegation=abara.delegation, registration=abara, by=staff)
    unchanged = {"status_reason": "", "waitlist_priority": 0, "by": staff}

    for registration, role in ((baraka, HEAD), (abara, Registration.Role.DELEGATE)):
        with pytest.raises(RegistrationError) as refused:
            lifecycle.change_registration(registration=registration, role=role, **unchanged)
        assert refused.value.field == "role"
    abara.refresh_from_db()
    baraka.refresh_from_db()
    assert (abara.role, baraka.role) == (HEAD, Registration.Role.DELEGATE)


# --- the data migration ----------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="migrates inside the test's transaction (PostgreSQL has transactional DDL; SQLite "
    "would need a transactional test, whose flush empties the migrations' data for the rest)",
)
def test_migration_keeps_the_named_head_and_makes_every_other_head_a_delegate():
    # Inside the test's transaction: the rollback puts the latest schema back.
    before = [("registrations", "0006_registration_email_links_the_outbox")]
    after = [("registrations", "0007_head_of_delegation_is_a_role")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    User = apps.get_model("idm_portal", "User")
    MemberState = apps.get_model("workshops", "MemberState")
    Programme = apps.get_model("workshops", "Programme")
    Workshop = apps.get_model("workshops", "Workshop")
    Profile = apps.get_model("registrations", "DelegateProfile")
    Delegation = apps.get_model("registrations", "Delegation")
    Registration_ = apps.get_model("registrations", "Registration")
    programme = Programme.objects.create(year=2999, theme="Theme")
    workshop = Workshop.objects.create(
        programme=programme, title="W", slug="w", start_date="2999-03-01", end_date="2999-03-02"
    )

    def registration(state, number, role, status="confirmed"):
        user = User.objects.create(email=f"d{state.pk}-{number}@example.org")
        profile = Profile.objects.create(user=user, member_state=state, family_name=f"F{number}")
        delegation, _ = Delegation.objects.get_or_create(member_state=state, workshop=workshop)
        return Registration_.objects.create(
            delegate=profile, workshop=workshop, delegation=delegation, role=role, status=status
        )

    kenya, peru, chad = (
        MemberState.objects.get_or_create(country=code, defaults={"name": code})[0]
        for code in ("KE", "PE", "TD")
    )
    # Kenya: named head (role delegate, edited in the admin) and a second "head" by role.
    named = registration(kenya, 1, "delegate")
    by_role = registration(kenya, 2, "head")
    Delegation.objects.filter(member_state=kenya).update(head_of_delegation=named)
    # Peru: two heads by role, nobody named: the earlier one stays.
    first, second = registration(peru, 1, "head"), registration(peru, 2, "head")
    # Chad: the named head was declined: no head any more.
    declined = registration(chad, 1, "head", status="declined")
    Delegation.objects.filter(member_state=chad).update(head_of_delegation=declined)

    with connection.cursor() as cursor:  # no ALTER TABLE while foreign keys wait to be checked
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(after)

    roles = dict(
        Registration.objects.filter(
            pk__in=[named.pk, by_role.pk, first.pk, second.pk, declined.pk]
        ).values_list("pk", "role")
    )
    assert roles == {
        named.pk: HEAD,
        by_role.pk: "delegate",
        first.pk: HEAD,
        second.pk: "delegate",
        declined.pk: "delegate",
    }
