"""Pages name the stored venue "Geneva" in the reader's language: Genève in French, Ginebra in
Spanish, Geneva in English, alone or at the end of a venue (issue 11, item 4)."""

import pytest

from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

EXPECTED = {"en": "Geneva", "fr": "Genève", "es": "Ginebra"}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_workshop_page_names_geneva_in_the_pages_language(client, language):
    programme = ProgrammeFactory()
    workshop = WorkshopFactory(programme=programme, venue="Palais des Nations, Geneva")
    WorkshopFactory(programme=programme, venue="Geneva")
    html = client.get(f"/{language}/workshops/{workshop.slug}/").content.decode()
    assert f"Palais des Nations, {EXPECTED[language]}" in html
    if language != "en":
        assert "Palais des Nations, Geneva" not in html


def test_place_name_leaves_other_places_as_typed():
    from workshops.names import place_name

    assert place_name("Geneva", "fr") == "Genève"
    assert place_name("Palais des Nations, Geneva", "es") == "Palais des Nations, Ginebra"
    assert place_name("Bangkok", "fr") == "Bangkok"
    assert place_name("Geneva Hall, Bangkok", "fr") == "Geneva Hall, Bangkok"
    assert place_name("", "fr") == ""


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_programme_cards_name_geneva_in_the_pages_language(client, language):
    programme = ProgrammeFactory()
    WorkshopFactory(programme=programme, venue="Geneva")
    html = client.get(f"/{language}/programme/{programme.year}/").content.decode()
    assert f"· {EXPECTED[language]}</p>" in html


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_list_of_participants_and_calendar_name_geneva_in_their_language(language):
    from registrations.models.lifecycle import Registration
    from registrations.renderers.calendars import calendar_ics
    from registrations.renderers.participants_lists import participants_data
    from tests.registrations.factories import RegistrationFactory

    registration = RegistrationFactory(
        status=Registration.Status.CONFIRMED, workshop__venue="Palais des Nations, Geneva"
    )
    data = participants_data(registration.workshop, language, staff=True)
    assert data["workshop"]["venue"] == f"Palais des Nations, {EXPECTED[language]}"
    ics = calendar_ics(registration, language).decode()
    assert f"LOCATION:Palais des Nations\\, {EXPECTED[language]}" in ics.replace("\r\n ", "")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_document_page_names_its_place_in_the_pages_language(client, language):
    from tests.workshops.document_factories import DocumentFactory

    document = DocumentFactory(place="Geneva", language="en")
    html = client.get(f"/{language}/documents/{document.symbol}/en/").content.decode()
    assert f"<dd>{EXPECTED[language]}</dd>" in html
    assert "<dd>Geneva</dd>" not in html
