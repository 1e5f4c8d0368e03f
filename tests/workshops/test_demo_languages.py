"""The demo speaks English, French and Spanish (issue 11, items 5 and 6).

The demo's public texts (themes, summaries, workshops, agenda, venues, key dates, principles)
exist in French and Spanish, and a French or Spanish page of the demo shows none of the English
texts it has a translation for; IC/2009/1 has French and Spanish versions that link to each
other; the pages cost the same queries in every language.
"""

import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.translation import gettext, override
from modeltranslation.translator import translator

from tests.idm_portal.factories import UserFactory
from workshops import demo, demo_texts
from workshops.models import AgendaItem, Document, KeyDate, PolicyPrinciple, Programme, Workshop

pytestmark = pytest.mark.django_db

TRANSLATED_MODELS = (Programme, Workshop, AgendaItem, KeyDate, PolicyPrinciple)
SLUGS = [spec["slug"] for spec in demo.WORKSHOPS_2009 + demo.WORKSHOPS_2008]
NBSP = "\u00a0"


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    """The workshops app's demo: both programmes and the three versions of IC/2009/1."""
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_programme_and_documents()


def public_pages(language: str) -> list[str]:
    return [
        f"/{language}/",
        f"/{language}/programme/2009/",
        f"/{language}/programme/2008/",
        *[f"/{language}/workshops/{slug}/" for slug in SLUGS],
        f"/{language}/documents/IC/2009/1/{language}/",
    ]


def translated_values(language: str):
    """(row, field, English, translation in `language`) of every translated field of the
    demo's rows that has an English text."""
    for model in TRANSLATED_MODELS:
        fields = translator.get_options_for_model(model).fields
        for row in model.objects.all():
            for field in fields:
                english = getattr(row, f"{field}_en")
                if english:
                    yield row, field, english, getattr(row, f"{field}_{language}")


def english_lines_with_a_translation(language: str) -> set[str]:
    """Each line of each English text the demo has a `language` text for (a line shared by
    both, such as "Avenue de la Paix 8–14", excepted); and the English title of a document
    that exists in `language`."""
    lines = set()
    for _row, _field, english, translation in translated_values(language):
        if translation:
            lines |= set(english.splitlines()) - set(translation.splitlines())
    for version in Document.objects.filter(language=language):
        original = Document.objects.get(symbol=version.symbol, language="en")
        lines |= {original.title, original.subtitle} - {version.title, version.subtitle}
    return {line.strip() for line in lines if line.strip()}


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_public_text_of_the_demo_exists_in_french_and_spanish(loaded):
    for language in ("fr", "es"):
        missing = [
            f"{type(row).__name__} {row.pk} {field}: {english!r}"
            for row, field, english, translation in translated_values(language)
            if not translation or translation == english
        ]
        assert not missing, f"no {language} text for:\n" + "\n".join(missing)


def test_every_translation_of_the_demo_is_used():
    """No translation is left behind when an English text of the demo changes."""
    used = set()
    for spec in demo.WORKSHOPS_2009 + demo.WORKSHOPS_2008:
        used |= {spec["title"], spec["description"]}
        for *_times, title, speakers, moderator in spec.get("agenda", []):
            used |= {title, moderator, *speakers.splitlines()}
    used |= {heading for _letter, heading in demo.PRINCIPLES_2008}
    used |= {demo.THEME_2008, demo.THEME_2009}
    used |= {demo.PALAIS_DES_NATIONS, demo.PALAIS_DES_NATIONS_ADDRESS}
    used |= {demo.IOM_HEADQUARTERS, demo.IOM_HEADQUARTERS_ADDRESS}
    known = set(demo_texts.texts())
    # Summaries, key dates and the document title are written in load(); they are checked
    # by the test above. Every other entry must be a text the demo still uses.
    written_in_load = {
        text for text in known if text.startswith(("The IDM in 2009", "Two intersessional"))
    } | {
        "96th Session of the IOM Council",
        "98th Session of the IOM Council",
        "Informal Consultations on the International Dialogue on Migration",
        "International Dialogue on Migration 2009",
    }
    assert known - used - written_in_load == set()


def test_french_texts_are_set_as_french_printers_set_them_and_spanish_quotes_are_angled():
    with open(demo_texts.TEXTS_PATH, encoding="utf-8") as file:
        texts = json.load(file)
    for english, translations in texts.items():
        french, spanish = translations["fr"], translations["es"]
        assert not re.search(r"[ \u202f][:;!?»]|« ", french), french
        assert "'" not in french, f"{french!r}: the French apostrophe is ’"
        assert not re.search(r"[“”\"]", spanish), spanish
        assert "Geneva" not in french + spanish, english
    assert texts[demo.THEME_2009]["fr"] == (
        f"Les droits de l’homme et la migration{NBSP}: œuvrer de concert pour des migrations "
        "sûres, dignes et sécurisées"
    )


@pytest.mark.parametrize("language", ["fr", "es"])
def test_public_pages_of_the_demo_show_no_english_text_they_have_a_translation_for(
    client, loaded, language
):
    english = english_lines_with_a_translation(language)
    assert demo.THEME_2009 in english and "Opening remarks" in english

    for url in public_pages(language):
        html = get(client, url)
        shown = [line for line in english if line in html or escape(line) in html]
        assert not shown, f"{url} shows English: {shown}"
        assert "english-only" not in html, url
        # The only English in the page's content is the link to a document's English version
        # (the layout names IOM in its three languages and offers English by its own name).
        content = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert content.count(' lang="en"') == content.count(' hreflang="en" lang="en"'), url


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_missing_translation_of_the_demo_is_english_marked_lang_en_with_the_note(
    client, loaded, language
):
    item = AgendaItem.objects.get(title_en="Closing remarks")
    setattr(item, f"title_{language}", None)
    item.save()
    principle = PolicyPrinciple.objects.get(letter="e")
    setattr(principle, f"heading_{language}", "")
    principle.save()
    with override(language):
        note = f'<small class="english-only">{gettext("English only")}</small>'

    workshop_page = get(client, f"/{language}/workshops/{item.workshop.slug}/")
    programme_page = get(client, f"/{language}/programme/2008/")

    assert f'<strong><span lang="en">Closing remarks</span> {note}</strong>' in workshop_page
    assert (
        f'<span lang="en">Voluntary return is preferable over forced return</span> {note}'
        in programme_page
    )


def test_load_demo_over_the_english_only_demo_fills_french_and_spanish(loaded):
    """A database loaded by the older demo (English only) gets the new languages."""
    for model in TRANSLATED_MODELS:
        fields = translator.get_options_for_model(model).fields
        model.objects.update(
            **{f"{field}_{language}": None for field in fields for language in ("fr", "es")}
        )
    Document.objects.exclude(language="en").delete()

    demo.load_programme_and_documents()

    assert Programme.objects.get(year=2009).theme_es == (
        "Derechos humanos y migración: Trabajar conjuntamente en aras de una migración segura, "
        "digna y ordenada"
    )
    assert all(translation for *_rest, translation in translated_values("fr"))
    assert all(translation for *_rest, translation in translated_values("es"))
    assert set(Document.objects.values_list("language", flat=True)) == {"en", "fr", "es"}


def test_french_version_of_ic_2009_1_answers_after_load_demo_and_links_its_versions(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    french = get(client, "/fr/documents/IC/2009/1/fr/")
    english = get(client, "/en/documents/IC/2009/1/en/")

    document = Document.objects.get(symbol="IC/2009/1", language="fr")
    assert (document.original_language, document.title) == (
        "en",
        "Dialogue international sur la migration 2009",
    )
    assert '<article class="document" lang="fr">' in french
    assert "<h1>Dialogue international sur la migration 2009</h1>" in french
    assert 'id="para-3"' in french and 'id="para-4"' not in french
    assert '<a href="/fr/documents/IC/2009/1/en/" hreflang="en" lang="en">English</a>' in french
    assert '<a href="/fr/documents/IC/2009/1/es/" hreflang="es" lang="es">Español</a>' in french
    assert "Also in:" in english
    assert (
        '<a href="/en/documents/IC/2009/1/fr/" hreflang="fr" lang="fr">Français</a>, '
        '<a href="/en/documents/IC/2009/1/es/" hreflang="es" lang="es">Español</a>'
    ) in english


def test_programme_page_lists_a_symbol_once_with_its_versions_and_offers_no_missing_one(
    client, loaded
):
    html = get(client, "/fr/programme/2009/")
    assert html.count('<span class="symbol">IC/2009/1</span>') == 1
    assert 'href="/fr/documents/IC/2009/1/fr/" hreflang="fr">Dialogue international' in html
    assert 'href="/fr/documents/IC/2009/1/en/" hreflang="en" lang="en">English</a>' in html
    assert 'href="/fr/documents/IC/2009/1/es/" hreflang="es" lang="es">Español</a>' in html

    Document.objects.filter(language="es").update(visibility=Document.Visibility.STAFF)
    Document.objects.filter(language="fr").delete()
    html = get(client, "/fr/programme/2009/")
    # No French version: the original is listed, marked English; no Spanish one for visitors.
    assert 'href="/fr/documents/IC/2009/1/en/" hreflang="en" lang="en">' in html
    assert "/documents/IC/2009/1/fr/" not in html
    assert "/documents/IC/2009/1/es/" not in html
    assert "Also in" not in html
    assert get(client, "/fr/documents/IC/2009/1/en/").count("/documents/IC/2009/1/es/") == 0

    client.force_login(UserFactory(is_staff=True))
    staff_view = get(client, "/fr/documents/IC/2009/1/en/")
    assert 'href="/fr/documents/IC/2009/1/es/" hreflang="es" lang="es">Español</a>' in staff_view


def count_queries(client, url: str) -> int:
    """The queries of `url` as most visitors get it: funding's badge figures kept on its stamp
    (funding.page_cache; what a change costs is counted in tests/funding/test_badge.py)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries)


def test_public_pages_cost_the_same_queries_in_french_and_spanish_as_in_english(client, loaded):
    for url in public_pages("en"):
        get(client, url)  # warm the content-type and site caches
    english = [count_queries(client, url) for url in public_pages("en")]
    french = [count_queries(client, url) for url in public_pages("fr")]
    spanish = [count_queries(client, url) for url in public_pages("es")]

    assert french == english
    assert spanish == english
