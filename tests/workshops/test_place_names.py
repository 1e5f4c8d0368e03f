"""Pages name the stored venue "Geneva" in the reader's language: Genève in French, Ginebra in
Spanish, Geneva in English, alone or at the end of a venue (issue 11, item 4)."""

import pytest

from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

EXPECTED = {"en": "Geneva", "fr": "Genève", "es": "Ginebra"}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_workshop_page_and_card_name_geneva_in_the_pages_language(client, language):
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
