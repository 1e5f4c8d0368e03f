"""The confirmation letter as a ministry or a consulate reads it: the details table's values
line up when they wrap, the whole letter fits one page, it carries the date the seat was
confirmed, its words agree with the delegate and it names Geneva in the reader's language.
Read back from the PDF itself: its text, and where each line of text starts (pypdf)."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.renderers import letters as letters_renderers
from registrations.services import lifecycle
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.registrations.test_documents import pdf_text
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory
from tests.workshops.test_pdf_languages import text_of
from workshops.demo import WORKSHOPS_2008, WORKSHOPS_2009
from workshops.models import MemberState

pytestmark = pytest.mark.django_db

Status = Registration.Status
Role = Registration.Role
Gender = DelegateProfile.Gender
LANGUAGES = ["en", "fr", "es"]
LONGEST_DEMO_TITLE = max((w["title"] for w in WORKSHOPS_2009 + WORKSHOPS_2008), key=len)
GENEVA = datetime.timezone(datetime.timedelta(hours=1))


def text_lines(content: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """Each run of text on the page with where it starts: (x, y, text), in points from the
    bottom left, as pypdf's visitor sees it (the text matrix times the current matrix)."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((round(x, 1), round(y, 1), text.strip()))

    PdfReader(io.BytesIO(content)).pages[page].extract_text(visitor_text=visit)
    return runs


def letter_pdf(registration, language: str) -> bytes:
    return letters_renderers.render_confirmation_letter(registration, language).content


@pytest.fixture
def programme_2009():
    return ProgrammeFactory(year=2009, theme="Human Rights and Migration")


def longest_state_name() -> MemberState:
    members = MemberState.objects.filter(status=MemberState.Status.MEMBER)
    return max(members, key=lambda member: len(member.name))


def head_of_delegation(workshop, *, gender=Gender.FEMALE, **profile) -> Registration:
    """The longest letter: a head of delegation (one more paragraph), with a long position,
    institution and state."""
    return RegistrationFactory(
        delegate=DelegateProfileFactory(
            title=DelegateProfile.Title.MS if gender == Gender.FEMALE else DelegateProfile.Title.MR,
            gender=gender,
            given_names="María Fernanda" if gender == Gender.FEMALE else "Juan Carlos",
            family_name="Rodríguez Castellanos",
            position="Director General of Immigration, Citizenship and Consular Services",
            institution="Ministry of Foreign Affairs, International Trade and Worship",
            member_state=longest_state_name(),
            **profile,
        ),
        workshop=workshop,
        status=Status.CONFIRMED,
        role=Role.HEAD_OF_DELEGATION,
    )


# --- layout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrapped_workshop_title_goes_on_under_the_value_not_the_label(language, programme_2009):
    workshop = WorkshopFactory(programme=programme_2009, title=LONGEST_DEMO_TITLE)
    registration = head_of_delegation(workshop)
    with translation.override(language):
        workshop_label, dates_label = gettext("Workshop"), gettext("Dates")

    runs = text_lines(letter_pdf(registration, language))

    (label_x, label_y) = next((x, y) for x, y, text in runs if text == workshop_label)
    dates_y = next(y for x, y, text in runs if text == dates_label)
    value_x = next(x for x, y, text in runs if y == label_y and x > label_x)
    second_lines = [(x, text) for x, y, text in runs if dates_y < y < label_y]
    assert second_lines, "the title fits one line: the test needs a title that wraps"
    assert value_x > label_x + 50
    assert all(abs(x - value_x) < 1 for x, _text in second_lines), second_lines


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_letter_fits_one_page_with_the_longest_demo_title(language, programme_2009):
    workshop = WorkshopFactory(programme=programme_2009, title=LONGEST_DEMO_TITLE)
    registration = head_of_delegation(workshop)

    content = letter_pdf(registration, language)

    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    with translation.override(language):
        closing = gettext("IDM Secretariat")
    assert closing in pdf_text(content)


# --- the date --------------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """Sets what timezone.now() answers everywhere (the services, the audit history, the
    renderer): confirm on one day, render on another."""

    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def test_the_letter_carries_the_day_the_seat_was_confirmed_and_keeps_it(
    clock, staff, programme_2009, monkeypatch
):
    workshop = WorkshopFactory(programme=programme_2009, start_date=datetime.date(2009, 3, 25))
    clock(datetime.datetime(2009, 2, 2, 9, 0, tzinfo=GENEVA))
    registration = RegistrationFactory(workshop=workshop)
    clock(datetime.datetime(2009, 2, 10, 16, 30, tzinfo=GENEVA))
    lifecycle.confirm(registration=registration, by=staff)
    clock(datetime.datetime(2009, 2, 20, 11, 0, tzinfo=GENEVA))
    lifecycle.change_registration(
        registration=registration,
        by=staff,
        role=Role.SPEAKER,
        status_reason="",
        waitlist_priority=0,
    )
    clock(datetime.datetime(2009, 3, 1, 8, 0, tzinfo=GENEVA))

    first = pdf_text(letter_pdf(registration, "en"))
    # The layout changes and the letter is made again a week later: same date.
    monkeypatch.setattr(letters_renderers, "LETTER_LAYOUT_VERSION", "test-next")
    clock(datetime.datetime(2009, 3, 8, 8, 0, tzinfo=GENEVA))
    registration.refresh_from_db()
    again = pdf_text(letter_pdf(registration, "en"))

    for text in (first, again):
        assert "Geneva, 10 February 2009" in text
        assert "1 March 2009" not in text and "8 March 2009" not in text


def test_confirming_and_taking_an_offered_seat_record_when(clock, staff, workshop):
    confirmed = RegistrationFactory(workshop=workshop)
    offered = RegistrationFactory(
        workshop=workshop,
        status=Status.WAITLISTED,
        offer_expires_at=timezone.now() + datetime.timedelta(days=2),
    )
    moment = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    clock(moment)

    lifecycle.confirm(registration=confirmed, by=staff)
    lifecycle.accept_offer(registration=offered, by=offered.delegate.user)

    clock(moment + datetime.timedelta(days=1))
    confirmed.refresh_from_db()
    offered.refresh_from_db()
    assert confirmed.confirmed_at == moment
    assert offered.confirmed_at == moment


def test_the_data_migration_dates_existing_seats_from_their_history(clock, staff, workshop):
    clock(datetime.datetime(2009, 2, 10, 16, 30, tzinfo=GENEVA))
    confirmed = RegistrationFactory(workshop=workshop)
    lifecycle.confirm(registration=confirmed, by=staff)
    clock(datetime.datetime(2009, 2, 20, 9, 0, tzinfo=GENEVA))
    submitted = RegistrationFactory(workshop=workshop)
    Registration.objects.update(confirmed_at=None)  # as before the field existed
    migration = importlib.import_module("registrations.migrations.0010_confirmed_at_from_history")

    migration.date_seats_from_history(apps, None)

    confirmed.refresh_from_db()
    submitted.refresh_from_db()
    assert confirmed.confirmed_at == datetime.datetime(2009, 2, 10, 16, 30, tzinfo=GENEVA)
    assert submitted.confirmed_at is None


# --- words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gender", "expected", "not_expected"),
    [
        (Gender.FEMALE, ["Jefa de delegación", "inscrita"], ["Jefe de delegación", "inscrito"]),
        (Gender.MALE, ["Jefe de delegación", "inscrito"], ["Jefa de delegación", "inscrita"]),
    ],
)
def test_the_spanish_letter_agrees_with_the_delegate(
    gender, expected, not_expected, programme_2009
):
    workshop = WorkshopFactory(programme=programme_2009)
    registration = head_of_delegation(workshop, gender=gender)

    text = pdf_text(letter_pdf(registration, "es"))

    for words in expected:
        assert words in text
    for words in not_expected:
        assert words not in text


def test_the_french_letter_agrees_with_a_woman_who_heads_the_delegation(programme_2009):
    registration = head_of_delegation(WorkshopFactory(programme=programme_2009))

    text = pdf_text(letter_pdf(registration, "fr"))

    assert "Cheffe de délégation" in text
    assert "Chef de délégation" not in text


@pytest.mark.parametrize(("language", "name"), [("fr", "Genève"), ("es", "Ginebra")])
def test_french_and_spanish_letters_name_geneva_in_their_language(language, name, programme_2009):
    workshop = WorkshopFactory(programme=programme_2009, venue="Geneva")
    registration = head_of_delegation(workshop)

    text = pdf_text(letter_pdf(registration, language))

    assert name in text
    assert "Geneva" not in text


def test_the_french_letter_follows_french_typography(programme_2009):
    """Every PDF in French, not only documents: the texts staff typed (the theme, the title)
    get a no-break space before the colon and inside « », as French printers set them (read
    back from the PDF)."""
    programme_2009.theme_fr = "Droits de l’homme et migration : œuvrer de concert"
    programme_2009.save()
    workshop = WorkshopFactory(programme=programme_2009, title_fr="Atelier « essai » : la suite")
    registration = head_of_delegation(workshop)

    text = text_of(letter_pdf(registration, "fr")).replace("\n", " ")

    assert "migration\u00a0: œuvrer" in text
    assert "Atelier «\u00a0essai\u00a0»\u00a0: la suite" in text
    assert "Objet\u00a0:" in text


# How each language's letter names the demo's venue, and the wording it must not have: the
# venue is a proper name that takes an article ("au Palais des Nations", "en el Palais").
VENUE_IN_THE_SENTENCE = [
    ("en", "(Palais des Nations, Geneva,", "held in Palais"),
    ("fr", "(Palais des Nations, Genève,", "à Palais"),
    ("es", "(Palais des Nations, Ginebra,", "en Palais"),
]


@pytest.mark.parametrize(("language", "named", "ungrammatical"), VENUE_IN_THE_SENTENCE)
def test_the_letter_names_the_venue_without_a_preposition_it_would_need_an_article_for(
    language, named, ungrammatical, programme_2009
):
    """A venue is a proper name that takes an article in each language ("au Palais des
    Nations", "en el Palais"): the sentence names it beside the dates, in brackets."""
    workshop = WorkshopFactory(programme=programme_2009, venue="Palais des Nations, Geneva")
    registration = head_of_delegation(workshop)

    text = " ".join(pdf_text(letter_pdf(registration, language)).split())

    assert named in text
    assert ungrammatical not in text
