"""Staff's French and Spanish text of workshops and programmes (django-modeltranslation), and
the English fallback that says so: marked lang="en" with a visible "English only" note."""

import pytest
from django.utils.html import escape
from django.utils.translation import gettext, override

from tests.workshops.factories import AgendaItemFactory, ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def english_only(language: str) -> str:
    with override(language):
        return f'<small class="english-only">{gettext("English only")}</small>'


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_french_page_shows_the_french_title_and_not_the_english(client):
    workshop = WorkshopFactory(
        title_en="Migration and climate",
        title_fr="Migration et climat",
        venue_fr="Genève",
        description_fr="À propos.",
    )

    html = page(client, f"/fr/workshops/{workshop.slug}/")

    assert "<h1>Migration et climat</h1>" in html
    assert "Migration and climate" not in html
    assert "· Genève</p>" in html
    assert "english-only" not in html


@pytest.mark.parametrize("language", ["fr", "es"])
def test_untranslated_title_is_english_marked_lang_en_with_a_note(client, language):
    workshop = WorkshopFactory(title_en="Migration and climate")

    html = page(client, f"/{language}/workshops/{workshop.slug}/")

    expected = f'<h1><span lang="en">Migration and climate</span> {english_only(language)}</h1>'
    assert expected in html


def test_english_page_carries_no_english_only_note(client):
    workshop = WorkshopFactory(title_en="Migration and climate", description_en="About it.")
    AgendaItemFactory(workshop=workshop, speakers="Ms A\nMr B")

    html = page(client, f"/en/workshops/{workshop.slug}/")

    assert "<h1>Migration and climate</h1>" in html
    assert "english-only" not in html
    assert 'lang="en"><' not in html.split("<body", 1)[1]


def test_html_in_a_translated_or_fallback_text_is_escaped(client):
    workshop = WorkshopFactory(
        title_en="<b>Bold</b> workshop", description_en='<script>alert("x")</script>'
    )
    AgendaItemFactory(workshop=workshop, title_en="<i>Opening</i>", title_fr="<i>Ouverture</i>")

    html = page(client, f"/fr/workshops/{workshop.slug}/")

    assert f'<span lang="en">{escape("<b>Bold</b> workshop")}</span>' in html
    assert f'<div lang="en"><p>{escape(chr(60) + "script>")}' in html
    assert "<script>alert" not in html
    assert f"<strong>{escape('<i>Ouverture</i>')}</strong>" in html


def test_untranslated_description_agenda_and_speakers_are_marked_on_the_workshop_page(client):
    workshop = WorkshopFactory(
        title_fr="Atelier", description_en="First paragraph.\n\nSecond.", venue_fr="Genève"
    )
    AgendaItemFactory(
        workshop=workshop, title_en="Opening", moderator_en="Chair", speakers_en="Ms A\nMr B"
    )

    html = page(client, f"/fr/workshops/{workshop.slug}/")

    note = english_only("fr")
    assert f'<div lang="en"><p>First paragraph.</p>\n\n<p>Second.</p></div>{note}' in html
    assert f'<strong><span lang="en">Opening</span> {note}</strong>' in html
    assert f'<span lang="en">Chair</span> {note}</p>' in html
    assert '<ul class="speakers" lang="en"><li>Ms A</li><li>Mr B</li></ul>' in html


@pytest.mark.parametrize("url", ["/es/", "/es/programme/2100/"])
def test_home_and_programme_mark_untranslated_theme_and_workshop_cards(client, url):
    programme = ProgrammeFactory(year=2100, theme_en="Human mobility", theme_es="Movilidad humana")
    WorkshopFactory(programme=programme, title_en="Climate", title_es="Clima")
    WorkshopFactory(programme=programme, title_en="Health")

    html = page(client, url)

    assert "Movilidad humana</h1>" in html
    assert "Human mobility" not in html
    assert ">Clima</a></h3>" in html
    assert f'<span lang="en">Health</span> {english_only("es")}</a></h3>' in html
