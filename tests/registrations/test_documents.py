"""Registration documents: the delegate's confirmation letter (PDF in the delegate's language,
for their eyes only) and the workshop's list of participants (grouped as UN lists are, public
and staff versions, PDF and XLSX), read back from the files themselves."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from idm_portal import pdf
from idm_portal.files import services
from idm_portal.files.selectors import generated_file_for
from idm_portal.files.services import request_file
from idm_portal.models import GeneratedFile
from idm_portal.pdf import RenderError
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.participants_lists import selectors as participants_lists_selectors
from registrations.participants_lists.services import set_participants_lists_published
from registrations.renderers import letters as letters_renderers
from registrations.renderers import participants_lists as participants_lists_renderers
from tests.idm_portal.factories import SecretariatStaffFactory, UserFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory
from workshops import dates
from workshops.models import MemberState

pytestmark = pytest.mark.django_db

Status = Registration.Status
Type = DelegateProfile.ParticipantType


def pdf_text(content: bytes) -> str:
    """The PDF's text on one line: words split at line ends (WeasyPrint hyphenates justified
    text with U+2010) are joined, and every run of white space is one space."""
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\u2010\n", "").split())


def xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)]


def url(name, *args, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"registrations:{name}", args=args, kwargs=kwargs or None)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def visit(client, django_capture_on_commit_callbacks):
    """GET a page, then run what it queued on commit (the pipeline's rendering, eager here) as
    it runs once a real request's transaction commits."""

    def visit(path):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(path)

    return visit


@pytest.fixture
def workshop_2009(db):
    return WorkshopFactory(
        programme=ProgrammeFactory(year=2009, theme="Human Rights and Migration"),
        title="Effective Respect for the Human Rights of Migrants",
        slug="human-rights-of-migrants",
        start_date=datetime.date(2009, 3, 25),
        end_date=datetime.date(2009, 3, 26),
        venue="Geneva",
    )


def state(code: str) -> MemberState:
    return MemberState.objects.get(country=code)


def confirmed(workshop, **profile) -> Registration:
    role = profile.pop("role", Registration.Role.DELEGATE)
    return RegistrationFactory(
        delegate=DelegateProfileFactory(**profile),
        workshop=workshop,
        status=Status.CONFIRMED,
        role=role,
    )


# --- Confirmation letter ---------------------------------------------------------------------


@pytest.fixture
def french_delegate():
    profile = DelegateProfileFactory(
        member_state=state("KE"),
        title=DelegateProfile.Title.DR,
        family_name="Mwangi",
        given_names="Grace Wanjiru",
        position="Director of Immigration",
        institution="Ministry of Interior",
    )
    profile.user.preferred_language = "fr"
    profile.user.save()
    return profile


def test_confirmation_letter_is_made_in_the_delegates_language(
    client, visit, french_delegate, workshop_2009
):
    registration = RegistrationFactory(
        delegate=french_delegate,
        workshop=workshop_2009,
        status=Status.CONFIRMED,
        role=Registration.Role.HEAD_OF_DELEGATION,
    )
    client.force_login(french_delegate.user)

    assert visit(url("confirmation_letter", registration.pk)).status_code == 200
    page = client.get(url("confirmation_letter", registration.pk))

    download = url("confirmation_letter_download", registration.pk, "fr")
    assert download in page.content.decode()
    assert "/media/" not in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    text = pdf_text(downloaded(response))
    assert "Grace Wanjiru MWANGI" in text
    assert "Director of Immigration" in text
    assert "Effective Respect for the Human Rights of Migrants" in text
    assert "25–26 mars 2009" in text  # the delegate's language, not the page's
    assert "Kenya" in text
    assert "IDM/2009/REG/" in text  # the letter's reference


Title = DelegateProfile.Title
Gender = DelegateProfile.Gender


@pytest.mark.parametrize(
    ("title", "gender", "language", "expected"),
    [
        (Title.MS, Gender.FEMALE, "en", "Dear Ms Diallo,"),
        (Title.MR, Gender.MALE, "en", "Dear Mr Diallo,"),
        (Title.HE, Gender.MALE, "en", "Your Excellency,"),
        ("", Gender.FEMALE, "en", "Dear Fatou Diallo,"),
        (Title.MR, Gender.MALE, "fr", "Monsieur,"),
        (Title.MRS, Gender.FEMALE, "fr", "Madame,"),
        (Title.DR, Gender.FEMALE, "fr", "Madame,"),
        (Title.DR, Gender.UNDISCLOSED, "fr", "Madame, Monsieur,"),
        (Title.PROF, Gender.MALE, "fr", "Monsieur le Professeur,"),
        (Title.HE, Gender.FEMALE, "fr", "Excellence,"),
        ("", Gender.OTHER, "fr", "Madame, Monsieur,"),
        (Title.MS, Gender.FEMALE, "es", "Estimada Sra. Diallo:"),
        (Title.MR, Gender.MALE, "es", "Estimado Sr. Diallo:"),
        (Title.DR, Gender.MALE, "es", "Estimado Dr. Diallo:"),
        (Title.DR, Gender.FEMALE, "es", "Estimada Dra. Diallo:"),
        (Title.HE, Gender.FEMALE, "es", "Excelentísima Señora:"),
        (Title.HE, Gender.OTHER, "es", "Excelencia:"),
    ],
)
def test_the_letter_greets_formally_in_each_language(title, gender, language, expected):
    profile = DelegateProfileFactory.build(
        title=title, gender=gender, given_names="Fatou", family_name="Diallo"
    )
    assert letters_renderers.salutation(profile, language) == expected


def test_the_french_letter_opens_with_madame(client, visit, french_delegate, workshop_2009):
    registration = RegistrationFactory(
        delegate=french_delegate, workshop=workshop_2009, status=Status.CONFIRMED
    )
    client.force_login(french_delegate.user)
    visit(url("confirmation_letter", registration.pk))

    download = client.get(url("confirmation_letter_download", registration.pk, "fr"))
    text = pdf_text(downloaded(download))

    assert "Madame, Au nom de" in text  # Dr Mwangi, a woman: "Madame," then the first paragraph
    assert "Bonjour" not in text


def test_letter_mentions_the_head_of_delegation(client, visit, delegate, workshop_2009):
    head = RegistrationFactory(
        delegate=delegate,
        workshop=workshop_2009,
        status=Status.CONFIRMED,
        role=Registration.Role.HEAD_OF_DELEGATION,
    )
    client.force_login(delegate.user)
    visit(url("confirmation_letter", head.pk) + "?language=en")

    text = pdf_text(downloaded(client.get(url("confirmation_letter_download", head.pk, "en"))))

    assert "Head of Delegation of Kenya" in text
    assert "Human Rights and Migration" in text  # the year's theme
    assert "25–26 March 2009" in text and "Geneva" in text


def test_letter_in_another_language_on_request(client, visit, french_delegate, workshop_2009):
    registration = RegistrationFactory(
        delegate=french_delegate, workshop=workshop_2009, status=Status.CONFIRMED
    )
    client.force_login(french_delegate.user)

    visit(url("confirmation_letter", registration.pk) + "?language=es")
    response = client.get(url("confirmation_letter_download", registration.pk, "es"))

    assert "25–26 de marzo de 2009" in pdf_text(downloaded(response))


def test_no_letter_for_a_registration_without_a_confirmed_seat(
    client, visit, delegate, workshop_2009
):
    for status in (Status.SUBMITTED, Status.WAITLISTED, Status.CANCELLED, Status.NO_SHOW):
        registration = RegistrationFactory(delegate=delegate, workshop=workshop_2009, status=status)
        client.force_login(delegate.user)

        page = visit(url("confirmation_letter", registration.pk))

        assert page.status_code == 200
        assert "available once your seat at the workshop is confirmed" in page.content.decode()
        assert (
            client.get(url("confirmation_letter_download", registration.pk, "en")).status_code
            == 404
        )
        registration.delete()
    assert not GeneratedFile.objects.filter(kind=letters_renderers.CONFIRMATION_LETTER).exists()


def test_the_renderer_refuses_a_letter_without_a_seat(delegate, workshop_2009):

    registration = RegistrationFactory(delegate=delegate, workshop=workshop_2009)
    with pytest.raises(RenderError):
        letters_renderers.render_confirmation_letter(registration, "en")


def test_another_delegate_gets_404_on_the_letter(
    client, visit, delegate, other_user, workshop_2009
):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop_2009, status=Status.CONFIRMED
    )
    client.force_login(delegate.user)
    visit(url("confirmation_letter", registration.pk))  # the letter exists
    assert generated_file_for(registration, letters_renderers.CONFIRMATION_LETTER, "en").has_file

    client.force_login(other_user)
    assert client.get(url("confirmation_letter", registration.pk)).status_code == 404
    assert client.get(url("confirmation_letter_status", registration.pk, "en")).status_code == 404
    assert client.get(url("confirmation_letter_download", registration.pk, "en")).status_code == 404

    client.logout()
    response = client.get(url("confirmation_letter_download", registration.pk, "en"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_files_route_serves_the_letter_to_its_delegate_and_registrations_staff_only(
    client, visit, delegate, other_user, workshop_2009
):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop_2009, status=Status.CONFIRMED
    )
    client.force_login(delegate.user)
    visit(url("confirmation_letter", registration.pk))
    files_url = generated_file_for(
        registration, letters_renderers.CONFIRMATION_LETTER, "en"
    ).get_download_url()

    assert client.get(files_url).status_code == 200
    client.force_login(other_user)
    assert client.get(files_url).status_code == 404
    client.force_login(UserFactory(is_staff=True))  # staff without the registrations permission
    assert client.get(files_url).status_code == 404
    client.force_login(SecretariatStaffFactory())
    assert client.get(files_url).status_code == 200
    client.logout()
    assert client.get(files_url).status_code == 404


def test_letter_page_shows_the_pending_state_and_polls(
    client, delegate, workshop_2009, monkeypatch
):

    monkeypatch.setattr(services, "enqueue", lambda file_id: False)  # broker down: stays pending
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop_2009, status=Status.CONFIRMED
    )
    client.force_login(delegate.user)

    page = client.get(url("confirmation_letter", registration.pk)).content.decode()

    status_url = url("confirmation_letter_status", registration.pk, "en")
    assert f'data-refresh-url="{status_url}"' in page
    assert "this page updates by itself" in page
    assert client.get(url("confirmation_letter_download", registration.pk, "en")).status_code == 404


def test_my_registrations_offers_the_letter_only_with_a_confirmed_seat(client, delegate):
    confirmed_one = RegistrationFactory(delegate=delegate, status=Status.CONFIRMED)
    submitted = RegistrationFactory(delegate=delegate, status=Status.SUBMITTED)
    client.force_login(delegate.user)

    page = client.get(url("my_registrations")).content.decode()

    assert url("confirmation_letter", confirmed_one.pk) in page
    assert url("confirmation_letter", submitted.pk) not in page
    assert "Confirmation letter (PDF)" in page


def test_the_letter_is_made_again_when_what_it_shows_changes(
    client, visit, delegate, workshop_2009
):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop_2009, status=Status.CONFIRMED
    )
    client.force_login(delegate.user)
    visit(url("confirmation_letter", registration.pk))
    first = generated_file_for(registration, letters_renderers.CONFIRMATION_LETTER, "en")

    visit(url("confirmation_letter", registration.pk))  # nothing changed: no new file
    assert (
        generated_file_for(registration, letters_renderers.CONFIRMATION_LETTER, "en").file
        == first.file
    )

    delegate.position = "Deputy Permanent Representative"
    delegate.save()
    visit(url("confirmation_letter", registration.pk))
    response = client.get(url("confirmation_letter_download", registration.pk, "en"))
    assert "Deputy Permanent Representative" in pdf_text(downloaded(response))


def test_letter_page_query_count_does_not_grow(client, visit, delegate, workshop_2009):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop_2009, status=Status.CONFIRMED
    )
    client.force_login(delegate.user)
    page = url("confirmation_letter", registration.pk)
    visit(page)  # makes the letter once
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200

    for _ in range(10):
        confirmed(workshop_2009)
        RegistrationFactory(delegate=delegate, status=Status.CONFIRMED)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200

    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(few) <= 12


# --- List of participants ----------------------------------------------------------------------


@pytest.fixture
def participants(workshop_2009):
    """Participants of every group, registered in an order that is not the list's order."""
    kenya_head = confirmed(
        workshop_2009,
        member_state=state("KE"),
        family_name="Zulu",
        given_names="Peter",
        title=DelegateProfile.Title.HE,
        role=Registration.Role.HEAD_OF_DELEGATION,
    )
    people = {
        "kenya_head": kenya_head,
        "kenya_b": confirmed(workshop_2009, member_state=state("KE"), family_name="Otieno"),
        "kenya_a": confirmed(workshop_2009, member_state=state("KE"), family_name="Abara"),
        "spain": confirmed(workshop_2009, member_state=state("ES"), family_name="Serrano"),
        "egypt": confirmed(workshop_2009, member_state=state("EG"), family_name="Farouk"),
        "germany": confirmed(workshop_2009, member_state=state("DE"), family_name="Becker"),
        "observer": confirmed(
            workshop_2009,
            participant_type=Type.OBSERVER_STATE,
            member_state=state("QA"),
            family_name="Al-Thani",
        ),
        "iom": confirmed(
            workshop_2009,
            participant_type=Type.IOM,
            member_state=None,
            organisation="",
            family_name="Ionescu",
        ),
        "ngo": confirmed(
            workshop_2009,
            participant_type=Type.NGO,
            member_state=None,
            organisation="Caritas Internationalis",
            family_name="Novak",
        ),
        "io": confirmed(workshop_2009, organization=True, family_name="Ibarra"),
        "private": confirmed(
            workshop_2009,
            member_state=state("KE"),
            family_name="Hidden",
            consent_to_public_listing=False,
        ),
        "passport": confirmed(
            workshop_2009, member_state=state("DE"), family_name="Pass", with_passport=True
        ),
    }
    # Not confirmed: never on any list.
    RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state("KE"), family_name="Waiting"),
        workshop=workshop_2009,
        status=Status.WAITLISTED,
    )
    return people


def positions(text: str, *needles: str) -> list[int]:
    found = [text.find(needle) for needle in needles]
    assert -1 not in found, dict(zip(needles, found, strict=True))
    return found


def test_list_of_participants_groups_states_then_observers_ios_ngos_and_iom(
    participants, workshop_2009
):
    text = pdf_text(
        participants_lists_renderers._render_participants_pdf(False)(workshop_2009, "en").content
    )

    order = positions(
        text,
        "MEMBER STATES",
        "EGYPT",
        "GERMANY",
        "KENYA",
        "SPAIN",
        "OBSERVER STATES",
        "QATAR",
        "INTERNATIONAL ORGANIZATIONS",
        "INTERNATIONAL LABOUR ORGANIZATION",
        "NON-GOVERNMENTAL ORGANIZATIONS",
        "CARITAS INTERNATIONALIS",
        "INTERNATIONAL ORGANIZATION FOR MIGRATION (IOM)",
        "IONESCU",
    )
    assert order == sorted(order)
    # Within Kenya: the head first and marked, then the others by family name.
    kenya = positions(text, "H.E. Peter ZULU (Head of Delegation)", "ABARA", "OTIENO")
    assert kenya == sorted(kenya)
    assert text.count("(Head of Delegation)") == 1
    assert "WAITING" not in text


def test_french_list_orders_states_by_their_french_names(participants, workshop_2009):
    text = pdf_text(
        participants_lists_renderers._render_participants_pdf(False)(workshop_2009, "fr").content
    )

    order = positions(text, "ALLEMAGNE", "ÉGYPTE", "ESPAGNE", "KENYA")
    assert order == sorted(order)


def test_non_consenting_delegate_appears_only_in_the_staff_versions(participants, workshop_2009):
    public_pdf = pdf_text(
        participants_lists_renderers._render_participants_pdf(False)(workshop_2009, "en").content
    )
    staff_pdf = pdf_text(
        participants_lists_renderers._render_participants_pdf(True)(workshop_2009, "en").content
    )
    public_xlsx = xlsx_rows(participants_lists_renderers.participants_xlsx(workshop_2009, "en"))
    staff_xlsx = xlsx_rows(
        participants_lists_renderers.participants_xlsx(workshop_2009, "en", staff=True)
    )

    assert "HIDDEN" not in public_pdf
    assert "HIDDEN" in staff_pdf
    assert "[not in the public list]" in staff_pdf
    assert not any("HIDDEN" in row for row in public_xlsx)
    assert any("HIDDEN" in row for row in staff_xlsx)
    # The header, the consenting participants, then an empty row and how many are not listed.
    assert len(public_xlsx) == 1 + 11 + 2
    assert public_xlsx[-1][0].startswith("1 participant is not listed")
    assert len(staff_xlsx) == 1 + 12


def test_no_passport_detail_in_any_version_of_the_list(participants, workshop_2009):
    profile = participants["passport"].delegate
    assert profile.passport_number == "P1234567"
    outputs = [
        pdf_text(
            participants_lists_renderers._render_participants_pdf(staff)(
                workshop_2009, "en"
            ).content
        )
        for staff in (False, True)
    ] + [
        "\n".join(
            str(cell)
            for row in xlsx_rows(
                participants_lists_renderers.participants_xlsx(workshop_2009, "en", staff=staff)
            )
            for cell in row
        )
        for staff in (False, True)
    ]
    for text in outputs:
        assert "PASS" in text  # the delegate is listed …
        assert "P1234567" not in text  # … without passport number,
        assert "1970" not in text  # date of birth
        assert "Passport" not in text and "Nationality" not in text


def test_xlsx_has_one_sheet_with_a_bold_frozen_header_and_the_list_order(
    participants, workshop_2009
):
    workbook = load_workbook(
        io.BytesIO(participants_lists_renderers.participants_xlsx(workshop_2009, "en"))
    )

    assert len(workbook.worksheets) == 1
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == [
        "Group",
        "State or organization",
        "Title",
        "Family name",
        "Given names",
        "Position",
        "Ministry or institution",
        "Head of delegation",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 20
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[3]) for row in rows[:3]] == [
        ("Egypt", "FAROUK"),
        ("Germany", "BECKER"),
        ("Germany", "PASS"),
    ]
    kenya = [row for row in rows if row[1] == "Kenya"]
    assert [row[3] for row in kenya] == ["ZULU", "ABARA", "OTIENO"]
    assert kenya[0][7] == "Yes"
    listed, (empty, note) = rows[:-2], rows[-2:]  # then how many are not listed
    assert [row[0] for row in listed][-1] == "International Organization for Migration (IOM)"
    assert set(empty) == {None} and note[0].startswith("1 participant is not listed")


LONG_POSITION = (
    "Deputy Director-General for Immigration, Border Management, Labour Migration and "
    "Diaspora Engagement"
)


def person(family: str, *, position: str = "Counsellor", is_head: bool = False):
    return participants_lists_selectors.Participant(
        title="Ms",
        given_names="Amina",
        family_name=family,
        position=position,
        institution="Ministry of the Interior",
        is_head=is_head,
        is_listed_publicly=True,
        role="Delegate",
        status="Confirmed",
        email=f"{family.lower()}@example.org",
    )


def test_one_line_entries_share_a_block_and_a_long_entry_has_its_own():
    people = [
        person("Abara", is_head=True),
        person("Becker"),
        person("Castillo", position=LONG_POSITION),
        person("Diallo"),
    ]

    blocks = participants_lists_renderers.print_blocks(people, staff=False)

    assert [block.css_class for block in blocks] == [
        "participant-lines",
        "participant",
        "participant-lines",
    ]
    assert blocks[0].text.split("\n") == [
        "Ms Amina ABARA (Head of Delegation), Counsellor, Ministry of the Interior",
        "Ms Amina BECKER, Counsellor, Ministry of the Interior",
    ]
    assert blocks[1].text == f"Ms Amina CASTILLO, {LONG_POSITION}, Ministry of the Interior"
    assert blocks[2].text == "Ms Amina DIALLO, Counsellor, Ministry of the Interior"


def test_the_staff_version_gives_everyone_a_block_with_a_second_line():
    hidden = person("Hidden")
    hidden = participants_lists_selectors.Participant(
        **{**hidden.__dict__, "is_listed_publicly": False}
    )

    blocks = participants_lists_renderers.print_blocks([person("Abara"), hidden], staff=True)

    assert [block.css_class for block in blocks] == ["participant", "participant"]
    assert blocks[0].text.split("\n")[1] == "Delegate · Confirmed · abara@example.org"
    assert blocks[1].text.split("\n")[1] == (
        "Delegate · Confirmed · hidden@example.org · [not in the public list]"
    )


def test_without_a_readable_font_every_entry_is_a_block_of_its_own(monkeypatch):
    monkeypatch.setattr(pdf.measure, "_advance_widths", lambda font: None)

    blocks = participants_lists_renderers.print_blocks(
        [person("Abara"), person("Becker")], staff=False
    )

    assert [block.css_class for block in blocks] == ["participant", "participant"]


def test_the_width_measure_follows_the_font():
    assert pdf.text_width("WWWWWWWWWW", 9.5) > 2 * pdf.text_width("iiiiiiiiii", 9.5)
    assert pdf.text_width("Ministry", 19) == pytest.approx(2 * pdf.text_width("Ministry", 9.5))


def test_entries_measured_to_fit_are_one_line_each_in_the_pdf(workshop_2009):
    """Entries just under the measured line width: in the PDF each is exactly one line (a
    wrong width constant or a changed font size in pdf.css would wrap them into the next)."""
    positions = []
    for length in range(10, 80):
        position = ("Counsellor for Migration Policy and Human Rights " * 3)[:length].strip()
        text = f"Ms Amina SERRANO{length}, {position}, Ministry of the Interior"
        width = pdf.text_width(text, participants_lists_renderers.LIST_FONT_SIZE_PT)
        if (
            0.9 * participants_lists_renderers.LIST_LINE_WIDTH_PT
            < width
            <= 0.98 * participants_lists_renderers.LIST_LINE_WIDTH_PT
        ):
            positions.append((length, position))
    assert len(positions) >= 3
    for length, position in positions:
        confirmed(
            workshop_2009,
            member_state=state("ES"),
            family_name=f"Serrano{length}",
            given_names="Amina",
            title=DelegateProfile.Title.MS,
            position=position,
            institution="Ministry of the Interior",
        )

    html = participants_lists_renderers.participants_html(workshop_2009, "en")
    content = participants_lists_renderers._render_participants_pdf(False)(
        workshop_2009, "en"
    ).content

    assert html.count('class="participant-lines"') == 1
    assert 'class="participant"' not in html
    lines = PdfReader(io.BytesIO(content)).pages[0].extract_text().splitlines()
    for length, position in positions:
        expected = f"Ms Amina SERRANO{length}, {position}, Ministry of the Interior"
        assert expected in lines


def test_the_list_is_laid_out_as_blocks_not_a_table(participants, workshop_2009):
    html = participants_lists_renderers.participants_html(workshop_2009, "en")
    text = pdf_text(
        participants_lists_renderers._render_participants_pdf(False)(workshop_2009, "en").content
    )

    assert "<table" not in html
    # Kenya's three short entries share one block, one line each.
    assert html.count('class="participant-lines"') < 11
    assert "H.E. Peter ZULU (Head of Delegation), " in text
    for name in ("ZULU", "ABARA", "OTIENO", "SERRANO", "FAROUK", "IONESCU"):
        assert text.count(name) == 1


# --- Publishing and downloading the list --------------------------------------------------------


def public_url(workshop, fmt, language="en"):
    with translation.override(language):
        return reverse(
            "registrations:participants_list", kwargs={"slug": workshop.slug, "fmt": fmt}
        )


def test_public_list_is_404_until_published_then_served(client, visit, participants, workshop_2009):
    for fmt in ("pdf", "xlsx"):
        assert client.get(public_url(workshop_2009, fmt)).status_code == 404
    page = client.get(workshop_2009.get_absolute_url()).content.decode()
    assert public_url(workshop_2009, "pdf") not in page

    set_participants_lists_published(workshops=[workshop_2009], is_published=True)

    page = client.get(workshop_2009.get_absolute_url()).content.decode()
    assert public_url(workshop_2009, "pdf") in page
    assert public_url(workshop_2009, "xlsx") in page
    visit(public_url(workshop_2009, "pdf", "fr"))  # asks for the file, which is then made
    response = client.get(public_url(workshop_2009, "pdf", "fr"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(downloaded(response))
    assert "ALLEMAGNE" in text and "HIDDEN" not in text
    visit(public_url(workshop_2009, "xlsx"))
    response = client.get(public_url(workshop_2009, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not any("HIDDEN" in row for row in xlsx_rows(downloaded(response)))

    set_participants_lists_published(workshops=[workshop_2009], is_published=False)
    assert client.get(public_url(workshop_2009, "pdf")).status_code == 404


def test_the_staff_version_is_never_public(client, participants, workshop_2009):
    set_participants_lists_published(workshops=[workshop_2009], is_published=True)
    for fmt in ("staff-pdf", "participants_staff_pdf", "staff_pdf", "csv"):
        assert client.get(public_url(workshop_2009, fmt)).status_code == 404


def test_the_public_file_follows_a_withdrawn_consent(client, visit, participants, workshop_2009):
    set_participants_lists_published(workshops=[workshop_2009], is_published=True)
    visit(public_url(workshop_2009, "pdf"))
    assert "OTIENO" in pdf_text(downloaded(client.get(public_url(workshop_2009, "pdf"))))

    profile = participants["kenya_b"].delegate
    profile.consent_to_public_listing = False
    profile.save()

    pending = visit(public_url(workshop_2009, "pdf"))  # the stale file is not served
    assert "being prepared" in pending.content.decode()
    assert "OTIENO" not in pdf_text(downloaded(client.get(public_url(workshop_2009, "pdf"))))


def test_files_route_serves_no_list_of_participants_to_the_public(
    client, participants, workshop_2009, django_capture_on_commit_callbacks
):
    set_participants_lists_published(workshops=[workshop_2009], is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        request_file(workshop_2009, "participants_pdf", "en")
        request_file(workshop_2009, "participants_staff_pdf", "en")
    urls = [
        generated_file_for(workshop_2009, kind, "en").get_download_url()
        for kind in ("participants_pdf", "participants_staff_pdf")
    ]

    for files_url in urls:
        assert client.get(files_url).status_code == 404
    client.force_login(SecretariatStaffFactory())
    for files_url in urls:
        assert client.get(files_url).status_code == 200


@pytest.mark.parametrize(
    ("days_after_start", "next_step"),
    [
        (-1, "Add the workshop to your calendar and plan your travel."),
        (0, "Your seat is confirmed and the workshop is under way."),
        (30, "The workshop is over."),
    ],
)
def test_my_registrations_next_step_follows_the_workshops_dates(
    client, delegate, days_after_start, next_step
):
    """A confirmed seat's next step is to plan the travel only while the workshop is ahead
    (the demo's 2009 seats said so 17 years later)."""
    registration = RegistrationFactory(delegate=delegate, status=Status.CONFIRMED)
    start = registration.workshop.start_date
    client.force_login(delegate.user)

    with dates.as_of(start + datetime.timedelta(days=days_after_start)):
        page = " ".join(client.get(url("my_registrations")).content.decode().split())

    assert next_step in page
    for other in {
        "Add the workshop to your calendar and plan your travel.",
        "Your seat is confirmed and the workshop is under way.",
        "The workshop is over.",
    } - {next_step}:
        assert other not in page
