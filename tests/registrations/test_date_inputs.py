"""Dates a delegate or a focal point types (the date of birth and the passport's expiry on the
profile, the date of the note verbale) are asked as Day, Month and Year in that order, whatever
the browser's locale: an `<input type="date">` showed mm/dd/yyyy in some browsers and
dd/mm/yyyy in others, and a date on a visa letter must not be read the wrong way round."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.idm_portal.date_parts import date_parts
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.registrations.focal_point_factories import pdf_upload
from tests.registrations.test_focal_point_views import url as focal_point_url
from tests.registrations.test_profile import url, with_passport, workshop_ending

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegate_client(client, delegate):
    client.force_login(delegate.user)
    return client


def date_block(html: str, name: str) -> str:
    """The fieldset of the date `name`: its legend, its three inputs and its errors."""
    assert html.count(f'name="{name}_0"') == 1, f"no day of {name}"
    before, after = html.split(f'name="{name}_0"')
    assert "<fieldset" in before, f"no fieldset of its own for {name}"
    return (
        "<fieldset"
        + before.rsplit("<fieldset", 1)[1]
        + f'name="{name}_0"'
        + after.split("</fieldset>")[0]
    )


def shown(block: str, name: str) -> tuple[str, str, str]:
    """What the date's three inputs show: the day and year as typed, the chosen month's name."""
    day = re.search(rf'<input type="text" name="{name}_0"(?: value="([^"]*)")?', block)
    month = re.search(r'<option value="\d+" selected>([^<]*)</option>', block)
    year = re.search(rf'<input type="text" name="{name}_2"(?: value="([^"]*)")?', block)
    return (day.group(1) or "", month.group(1) if month else "", year.group(1) or "")


def label_of(block: str, input_id: str) -> str:
    match = re.search(rf'<label for="{input_id}">([^<]*)</label>', block)
    assert match, f"no label for {input_id}"
    return match.group(1)


# --- what the page shows -------------------------------------------------------------------


def test_the_date_of_birth_is_a_group_of_day_month_and_year(delegate_client):
    html = delegate_client.get(url()).content.decode()

    assert 'type="date"' not in html
    block = date_block(html, "date_of_birth")
    assert re.match(r'<fieldset class="field field-group">\s*<legend>Date of birth</legend>', block)
    assert [label_of(block, f"id_date_of_birth_{part}") for part in range(3)] == [
        "Day",
        "Month",
        "Year",
    ]
    # Day before month before year, as in British English, French and Spanish.
    assert block.index('name="date_of_birth_0"') < block.index('name="date_of_birth_1"')
    assert block.index('name="date_of_birth_1"') < block.index('name="date_of_birth_2"')
    # A phone offers digits for the day and year; a browser may fill in a date of birth.
    for part, token in ((0, "bday-day"), (2, "bday-year")):
        tag = re.search(rf'<input [^>]*name="date_of_birth_{part}"[^>]*>', block).group(0)
        assert 'inputmode="numeric"' in tag and f'autocomplete="{token}"' in tag
    month = re.search(r'<select [^>]*name="date_of_birth_1"[^>]*>', block).group(0)
    assert 'autocomplete="bday-month"' in month
    assert '<option value="6">June</option>' in block
    assert "bday" not in date_block(html, "passport_expiry")  # not someone's birthday


@pytest.mark.parametrize(
    ("language", "legend", "labels", "june"),
    [
        ("fr", "Date de naissance", ["Jour", "Mois", "Année"], "juin"),
        ("es", "Fecha de nacimiento", ["Día", "Mes", "Año"], "junio"),
    ],
)
def test_the_parts_are_named_in_the_pages_language(delegate_client, language, legend, labels, june):
    block = date_block(delegate_client.get(url(language)).content.decode(), "date_of_birth")

    assert f"<legend>{legend}</legend>" in block
    assert [label_of(block, f"id_date_of_birth_{part}") for part in range(3)] == labels
    assert f'<option value="6">{june}</option>' in block


def test_a_saved_date_shows_in_its_three_parts_and_saving_again_keeps_it(client):
    delegate = DelegateProfileFactory(
        with_passport=True,
        wants_visa_letter=True,
        date_of_birth=datetime.date(1975, 6, 4),
        passport_expiry=timezone.localdate() + datetime.timedelta(days=900),
    )
    client.force_login(delegate.user)

    html = client.get(url()).content.decode()

    assert shown(date_block(html, "date_of_birth"), "date_of_birth") == ("4", "June", "1975")
    response = client.post(url(), with_passport(delegate, date_of_birth="1975-06-04"))
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.date_of_birth == datetime.date(1975, 6, 4)


def test_a_date_typed_as_day_month_and_year_is_saved(delegate_client, delegate):
    response = delegate_client.post(
        url(), with_passport(delegate, date_of_birth=(" 04 ", "6", "1975"))
    )

    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.date_of_birth == datetime.date(1975, 6, 4)


# --- what a mistake gets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message", "kept"),
    [
        (("", "6", "1975"), "The date must include a day.", ("", "June", "1975")),
        (("14", "", "1975"), "The date must include a month.", ("14", "", "1975")),
        (("14", "6", ""), "The date must include a year.", ("14", "June", "")),
        (("", "", "1975"), "The date must include a day and a month.", ("", "", "1975")),
        (("", "6", ""), "The date must include a day and a year.", ("", "June", "")),
        (("14", "", ""), "The date must include a month and a year.", ("14", "", "")),
        (("3x", "6", "1975"), "Enter a real date.", ("3x", "June", "1975")),
        (("31", "2", "1975"), "Enter a real date.", ("31", "February", "1975")),
        (("14", "13", "1975"), "Enter a real date.", ("14", "", "1975")),  # a forged month
        (("14", "6", "nineteen"), "Enter a real date.", ("14", "June", "nineteen")),
        (("14", "6", "75"), "Enter the year with four digits.", ("14", "June", "75")),
    ],
)
def test_a_wrong_date_is_named_beside_it_and_what_was_typed_stays(
    delegate_client, delegate, typed, message, kept
):
    data = with_passport(delegate, date_of_birth=typed, position="Typed position")

    response = delegate_client.post(url(), data)

    assert response.status_code == 400
    block = date_block(response.content.decode(), "date_of_birth")
    assert 'aria-describedby="id_date_of_birth_error"' in block.split(">")[0]
    error = re.search(r'<ul class="errorlist" id="id_date_of_birth_error"><li>([^<]*)</li>', block)
    assert error and error.group(1) == message
    assert shown(block, "date_of_birth") == kept
    assert 'value="Typed position"' in response.content.decode()  # nothing else lost either
    delegate.refresh_from_db()
    assert delegate.date_of_birth is None and delegate.position != "Typed position"


def test_a_wrong_date_is_named_in_the_pages_language(delegate_client, delegate):
    data = with_passport(delegate, date_of_birth=("31", "2", "1975"))

    response = delegate_client.post(url("fr"), data)

    block = date_block(response.content.decode(), "date_of_birth")
    assert "Saisissez une date qui existe." in block
    assert shown(block, "date_of_birth") == ("31", "février", "1975")


def test_typed_markup_comes_back_escaped(delegate_client, delegate):
    data = with_passport(delegate, date_of_birth=('"><script>alert(1)</script>', "6", "1975"))

    html = delegate_client.post(url(), data).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_a_visa_letter_without_a_date_of_birth_still_asks_for_it(delegate_client, delegate):
    response = delegate_client.post(url(), with_passport(delegate, date_of_birth=""))

    assert response.status_code == 400
    block = date_block(response.content.decode(), "date_of_birth")
    assert "Give your date of birth for the visa letter." in block


def test_the_passport_rules_answer_beside_the_parts_as_typed(delegate_client, delegate):
    workshop = workshop_ending(60)
    RegistrationFactory(delegate=delegate, workshop=workshop, status="confirmed")
    expiry = workshop.end_date - datetime.timedelta(days=1)
    typed = (str(expiry.day), str(expiry.month), str(expiry.year))

    response = delegate_client.post(url(), with_passport(delegate, passport_expiry=typed))

    assert response.status_code == 400
    block = date_block(response.content.decode(), "passport_expiry")
    assert "expires before your workshop ends" in block
    assert shown(block, "passport_expiry")[::2] == typed[::2]


@pytest.mark.parametrize(
    "years_from_now, message",
    [(0, "The date of birth must be in the past."), (1, "The date of birth must be in the past.")],
)
def test_a_date_of_birth_today_or_later_is_refused_beside_it(
    delegate_client, delegate, years_from_now, message
):
    today = timezone.localdate()
    typed = (str(today.day), str(today.month), str(today.year + years_from_now))

    response = delegate_client.post(url(), with_passport(delegate, date_of_birth=typed))

    assert response.status_code == 400
    block = date_block(response.content.decode(), "date_of_birth")
    assert message in block
    assert shown(block, "date_of_birth")[::2] == typed[::2]
    delegate.refresh_from_db()
    assert delegate.date_of_birth != datetime.date(int(typed[2]), int(typed[1]), int(typed[0]))


def test_a_year_of_birth_before_1900_is_a_slip_named_in_the_pages_language(
    delegate_client, delegate
):
    response = delegate_client.post(
        url(language="es"), with_passport(delegate, date_of_birth=("12", "4", "1875"))
    )

    assert response.status_code == 400
    block = date_block(response.content.decode(), "date_of_birth")
    assert "Compruebe el año de nacimiento: es anterior a 1900." in block
    assert shown(block, "date_of_birth")[::2] == ("12", "1875")


# --- the note verbale's date ----------------------------------------------------------------


@pytest.fixture
def fp_client(client, focal_point, delegate, workshop, delegation):
    RegistrationFactory(delegate=delegate, workshop=workshop)
    client.force_login(focal_point)
    return client


def note_verbale(date) -> dict:
    return {
        "note_verbale": pdf_upload(),
        "note_verbale_reference": "KMG/IOM/2099/17",
        **date_parts("note_verbale_date", date),
    }


def test_the_note_verbale_date_is_day_month_and_year(fp_client, workshop):
    html = fp_client.get(focal_point_url("delegation_note_verbale", workshop.slug))

    block = date_block(html.content.decode(), "note_verbale_date")
    assert "<legend>Date of the note verbale:</legend>" in block  # as its neighbours
    assert "bday" not in block


def test_the_note_verbale_date_typed_in_parts_is_stored(fp_client, workshop, delegation):
    response = fp_client.post(
        focal_point_url("delegation_note_verbale", workshop.slug), note_verbale(("9", "3", "2099"))
    )

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.note_verbale_date == datetime.date(2099, 3, 9)


def test_the_note_verbale_needs_its_date(fp_client, workshop, delegation):
    response = fp_client.post(
        focal_point_url("delegation_note_verbale", workshop.slug), note_verbale(None)
    )

    assert response.status_code == 400
    block = date_block(response.content.decode(), "note_verbale_date")
    assert "Enter the date of the note verbale." in block
    delegation.refresh_from_db()
    assert not delegation.note_verbale
