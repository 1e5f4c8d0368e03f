"""A delegate's whole journey in a real browser, in English, French and Spanish, at 1280 px and
390 px: signs up, verifies the e-mail from the link the portal sent, makes the profile with the
first registration and completes it, asks for travel sponsorship; once the focal point has
endorsed and staff confirmed (their own journeys, test_focal_point_journey.py and
test_staff_journey.py, do it through the pages; here the services stand in), downloads the
confirmation letter (a PDF the pipeline made, naming the workshop) and the calendar file."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.services import lifecycle
from tests.e2e.conftest import mail_link, path, pdf_text
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import DelegationFactory, FocalPointFactory
from tests.registrations.sponsorship_helpers import sponsorable
from tests.workshops.factories import AgendaItemFactory, MemberStateFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Migration-dialogue-2009!"
TITLES = {
    "en": "Managing Return Migration",
    "fr": "Gérer les migrations de retour",
    "es": "Gestión de la migración de retorno",
}


@pytest.fixture
def workshop():
    start = timezone.localdate() + datetime.timedelta(days=60)
    workshop = WorkshopFactory(
        title_en=TITLES["en"],
        title_fr=TITLES["fr"],
        title_es=TITLES["es"],
        description_fr="Deux jours de dialogue entre les membres.",
        description_es="Dos días de diálogo entre los miembros.",
        venue_fr="Genève",
        venue_es="Ginebra",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
    )
    AgendaItemFactory(workshop=workshop, title_fr="Ouverture", title_es="Apertura")
    return sponsorable(workshop)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_delegate_signs_up_registers_asks_for_sponsorship_and_downloads_the_letters(
    journeys, live_server, workshop, language
):
    kenya = MemberStateFactory(name="Kenya")  # a least developed country: eligible
    DelegationFactory(member_state=kenya, workshop=workshop)  # note verbale verified
    # A new address each run: allauth limits the verification e-mails one address gets (in
    # the cache, which outlives the test database when it is Redis).
    email = f"grace.{language}.{uuid.uuid4().hex[:8]}@example.org"
    me = journeys(language=language)

    # Signs up from the home page's menu.
    me.goto(path("home", language=language), step="home")
    me.goto(path("workshops:detail", workshop.slug, language=language), step="workshop page")
    assert TITLES[language] in me.page.locator("h1").inner_text()
    me.click_link(path("account_signup", language=language), step="sign-up form")
    me.page.locator("input[name=email]").fill(email)
    me.page.locator("input[name=password1]").fill(PASSWORD)
    me.page.locator("input[name=password2]").fill(PASSWORD)
    me.submit(step="verification sent")

    # Verifies the address from the e-mail's link, in the language of the sign-up.
    confirm = mail_link(email, rf"/{language}/accounts/confirm-email/[^/\s]+/")
    me.goto(confirm, step="confirm the address")
    me.submit(step="signed in")

    # Registers: the profile is made with the first registration.
    me.goto(path("workshops:detail", workshop.slug, language=language))
    me.click_link(path("registrations:register", workshop.slug, language=language), "register")
    form = me.page.locator("main form")
    form.locator("select[name=title]").select_option("dr")
    form.locator("input[name=family_name]").fill("Mwangi")
    form.locator("input[name=given_names]").fill("Grace")
    form.locator("select[name=gender]").select_option("female")
    form.locator("select[name=member_state]").select_option(str(kenya.pk))
    form.locator("input[name=position]").fill("Director of Immigration")
    form.locator("input[name=institution]").fill("Ministry of Interior")
    form.locator("select[name=based_in]").select_option("capital")
    me.submit(step="registered")
    registration = Registration.objects.get(delegate__user__email=email)
    assert registration.status == Registration.Status.SUBMITTED
    assert registration.delegate.family_name == "Mwangi"

    # Completes the profile: a phone number, the language of the portal's letters and the
    # passport details of a visa letter, its dates typed as day, month (by its name in the
    # page's language) and year. An impossible date comes back beside its field as typed.
    me.click_link(path("registrations:profile", language=language), step="profile")
    me.page.locator("input[name=work_phone]").fill("+254 20 123 4567")
    me.page.locator("select[name=preferred_language]").select_option(language)
    me.page.locator("input[name=wants_visa_letter]").check()
    me.page.locator("input[name=passport_number]").fill("AK0123456")
    me.page.locator("select[name=nationality]").select_option("KE")
    expiry = workshop.end_date + datetime.timedelta(days=800)
    me.fill_date("passport_expiry", str(expiry.day), str(expiry.month), str(expiry.year))
    me.fill_date("date_of_birth", "31", "2", "1975")
    me.submit(step="profile date refused")
    day = me.page.locator("input[name=date_of_birth_0]")
    assert day.input_value() == "31"
    with translation.override(language):
        refused, june = gettext("Enter a real date."), str(MONTHS[6])
    assert me.page.locator("#id_date_of_birth_error").inner_text() == refused
    assert "date_of_birth_error" in day.locator("xpath=ancestor::fieldset[1]").get_attribute(
        "aria-describedby"
    )
    day.fill("14")
    me.page.locator("select[name=date_of_birth_1]").select_option(label=june)
    me.submit(step="profile saved")
    registration.delegate.refresh_from_db()
    assert registration.delegate.work_phone == "+254 20 123 4567"
    assert registration.delegate.date_of_birth == datetime.date(1975, 6, 14)
    assert registration.delegate.passport_expiry == expiry

    # Asks for travel sponsorship: the estimate first, then the request.
    me.goto(path("registrations:my_registrations", language=language))
    me.click_link(
        path("registrations:request_sponsorship", registration.pk, language=language),
        step="sponsorship request",
    )
    me.page.locator("input[name=departure_city]").fill("Nairobi")
    me.page.locator("textarea[name=expertise]").fill("Head of the return migration unit")
    me.submit("main form button[type=submit]:not([name=send])", step="sponsorship estimate")
    me.submit("main form button[name=send]", step="sponsorship requested")
    sponsorship = Sponsorship.objects.get(registration=registration)
    assert sponsorship.status == Sponsorship.Status.REQUESTED

    # The focal point endorses, staff confirm (their own journeys do it through the pages).
    focal_point = FocalPointFactory(member_state=kenya).user
    lifecycle.endorse(registration=registration, by=focal_point)
    lifecycle.confirm(registration=registration, by=SecretariatStaffFactory())

    # The confirmation letter: a PDF the pipeline made, in the page's language.
    me.goto(path("registrations:my_registrations", language=language), step="confirmed")
    me.click_link(
        path("registrations:confirmation_letter", registration.pk, language=language),
        step="confirmation letter",
    )
    with me.page.expect_download() as letter:
        me.page.locator("main a[href$='/download/']").first.click()
    pdf = letter.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert TITLES[language] in text and "MWANGI" in text.upper(), text  # French: MWANGI

    # The calendar file, with the workshop's dates and title.
    me.goto(path("registrations:my_registrations", language=language))
    with me.page.expect_download() as calendar:
        me.page.locator(
            f'a[href="{path("registrations:calendar", registration.pk, language=language)}"]'
        ).click()
    assert calendar.value.suggested_filename.endswith(".ics")
    ics = calendar.value.path().read_text()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert re.search(rf"^DTSTART[^:]*:{workshop.start_date:%Y%m%d}", ics, re.MULTILINE)
    assert TITLES[language] in unfold(ics)
    me.finish()


def unfold(ics: str) -> str:
    """An iCalendar file's lines as written before folding at 75 octets."""
    return ics.replace("\r\n ", "").replace("\n ", "")
