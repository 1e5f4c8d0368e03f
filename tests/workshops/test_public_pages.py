"""Every public page renders for an anonymous visitor in English, French and Spanish.

Strings that Django and allauth ship translated are asserted literally. For the portal's own
strings the expected text is read from our compiled catalogue: the test fails when a string
is missing from locale/ (the catalogue then gives back the English) or when the page does not
show it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.translation import gettext, override

from funding import demo as funding_demo
from idm_portal import page_cache
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import (
    AgendaItemFactory,
    KeyDateFactory,
    MemberStateFactory,
    ProgrammeFactory,
    WorkshopFactory,
)
from workshops import demo, demo_texts
from workshops.models import MemberState, Workshop

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr", "es")

# Headings of allauth's own pages and Django's month names, as they ship translated.
SHIPPED = {
    "password_reset": {
        "en": "Password Reset",
        "fr": "Réinitialisation du mot de passe",
        "es": "Restablecimiento de la contraseña",  # ours: the page is overridden
    },
    # The first 2009 workshop, 25-26 March, and the second, 9-10 July.
    "march_2009": {
        "en": "25–26 March 2009",
        "fr": "25–26 mars 2009",
        "es": "25–26 de marzo de 2009",
    },
    "july_2009": {"en": "9–10 July 2009", "fr": "9–10 juillet 2009", "es": "9–10 de julio de 2009"},
}

# The header carries IOM's three names whatever the language.
IOM_NAMES = (
    "International Organization for Migration",
    "Organisation internationale pour les migrations",
    "Organización Internacional para las Migraciones",
)


def ours(language: str, english: str) -> str:
    """Our translation of `english`, which must exist for French and Spanish."""
    with override(language):
        text = gettext(english)
    if language != "en":
        assert text != english, f"{english!r} has no {language} translation in locale/"
    return text


def shown(english: str, language: str) -> str:
    """A demo text as a page in `language` shows it: the demo's own translation."""
    return english if language == "en" else demo_texts.translation(english, language)


def assert_shows(html: str, text: str) -> None:
    assert escape(text) in html or text in html, f"{text!r} is not on the page"


@pytest.fixture
def programmes():
    # The badge "Funded" / "Subject to funding" is computed from the budgets and pledges.
    loaded = demo.load()
    funding_demo.load()
    return loaded


def page(client, url: str, language: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for name in IOM_NAMES:
        assert name in html
    assert_shows(html, ours(language, "Home"))
    assert_shows(html, ours(language, "Skip to main content"))
    return html


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_shows_this_years_theme_workshops_and_key_dates(client, programmes, language):
    html = page(client, f"/{language}/", language)
    assert_shows(html, shown(demo.THEME_2009, language))
    for title in (w["title"] for w in demo.WORKSHOPS_2009):
        assert_shows(html, shown(title, language))
    assert SHIPPED["march_2009"][language] in html
    assert SHIPPED["july_2009"][language] in html
    assert_shows(html, ours(language, "Intersessional workshops"))
    assert_shows(html, ours(language, "Key dates"))
    # Registration and funding status of each workshop: the 2009 workshops are over, so
    # their registration is closed, whatever staff left it at (issue 10).
    assert_shows(html, str(Workshop.RegistrationStatus.CLOSED.label))
    with override(language):
        assert_shows(html, str(Workshop.FundingStatus.SUBJECT_TO_FUNDING.label))
        assert_shows(html, str(Workshop.RegistrationStatus.CLOSED.label))
        assert str(Workshop.RegistrationStatus.OPEN.label) not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_2009_lists_its_workshops_and_links_the_archive(client, programmes, language):
    html = page(client, f"/{language}/programme/2009/", language)
    assert_shows(html, shown(demo.THEME_2009, language))
    assert_shows(html, ours(language, "Intersessional workshops"))
    assert_shows(html, ours(language, "Archive"))
    assert f'href="/{language}/programme/2008/"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_2008_archive_shows_the_key_policy_principles(client, programmes, language):
    html = page(client, f"/{language}/programme/2008/", language)
    assert_shows(html, shown(demo.THEME_2008, language))
    assert_shows(html, ours(language, "Key policy principles"))
    assert html.count('class="principle-letter"') == 11
    assert "(k)" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_workshop_page_shows_description_agenda_documents_and_funding(client, programmes, language):
    workshop = programmes["2009"].workshops.get(slug="trafficking-and-exploitation-of-migrants")
    html = page(client, f"/{language}/workshops/{workshop.slug}/", language)
    assert_shows(html, shown(workshop.title_en, language))
    assert SHIPPED["july_2009"][language] in html
    assert_shows(
        html,
        shown("Session I: The anti-trafficking framework and its operational challenges", language),
    )
    assert_shows(html, ours(language, "Agenda"))
    first = workshop.agenda_items.order_by("day", "start_time").first()
    times = first.start_time.strftime("%H:%M")
    if first.end_time:
        times += "–" + first.end_time.strftime("%H:%M")
    assert f'<span class="agenda-time">{times}</span>' in html
    start = workshop.start_date.isoformat()
    assert f'<time datetime="{start}">' in html
    # "Documents" is the same word in French, so the section is checked by its heading id.
    assert 'id="documents-heading"' in html
    assert_shows(html, ours(language, "This workshop is planned subject to available funding."))
    assert_shows(html, ours(language, "Sponsored seats"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_funded_workshop_is_not_marked_subject_to_funding(client, programmes, language):
    workshop = programmes["2009"].workshops.get(
        slug="human-rights-of-migrants-shared-responsibility"
    )
    html = page(client, f"/{language}/workshops/{workshop.slug}/", language)
    assert SHIPPED["march_2009"][language] in html
    assert (
        escape(ours(language, "This workshop is planned subject to available funding.")) not in html
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["login", "signup", "password_reset"])
def test_account_pages_are_translated_inside_the_portal_layout(client, language, name):
    path = {"login": "login", "signup": "signup", "password_reset": "password/reset"}[name]
    html = page(client, f"/{language}/accounts/{path}/", language)
    # Sign-in and sign-up pages are in the portal's own words ("Sign in", as in the menu).
    heading = {
        "login": ours(language, "Sign in"),
        "signup": ours(language, "Create an account"),
        "password_reset": SHIPPED["password_reset"][language],
    }[name]
    assert escape(heading) in html
    assert "Sign In" not in html and "Sign Up" not in html
    # Styled like the rest of the portal, not allauth's bare default.
    assert "css/portal.css" in html
    assert 'class="site-header"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_workshop_is_a_styled_404_in_the_chosen_language(client, programmes, language):
    html = page(client, f"/{language}/workshops/nope/", language, status=404)
    assert_shows(html, ours(language, "Page not found"))
    assert_shows(
        html,
        ours(
            language,
            "We could not find the page you asked for. It may have moved, "
            "or the address may be mistyped.",
        ),
    )
    assert 'class="site-header"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_address_is_a_styled_404(client, language):
    html = page(client, f"/{language}/no-such-page/", language, status=404)
    assert_shows(html, ours(language, "Page not found"))


def test_unpublished_programme_is_not_public(client, programmes):
    programmes["2008"].is_published = False
    programmes["2008"].save()
    page(client, "/en/programme/2008/", "en", status=404)
    page(client, "/en/workshops/managing-return-migration/", "en", status=404)


def test_programme_without_year_redirects_to_the_current_one(client, programmes):
    response = client.get("/fr/programme/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/programme/2009/"


def test_pages_load_no_asset_from_another_site(client, programmes):
    html = page(client, "/en/", "en")
    assert 'src="http' not in html
    assert '<link rel="stylesheet" href="http' not in html


# --- Query counts: flat as the programme and the membership grow ------------------------------


def count_queries(client, url: str, *, kept: bool = False) -> int:
    """The queries of `url` rendered for an anonymous visitor after a change (the whole page
    stale in idm_portal.page_cache), funding's badge figures still kept on its stamp
    (funding.page_cache; what a change of money costs is counted in
    tests/funding/test_badge.py); or, `kept`, served whole from the page cache."""
    client.get(url)
    if not kept:
        page_cache.bump()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(programme, workshop, times: int) -> None:
    """Add `times` workshops (2 agenda items each), 3 x `times` agenda items to `workshop`,
    `times` key dates, `times` documents of the programme and of `workshop` and 30 x `times`
    member states."""
    for _ in range(times):
        AgendaItemFactory.create_batch(2, workshop=WorkshopFactory(programme=programme))
    AgendaItemFactory.create_batch(3 * times, workshop=workshop)
    KeyDateFactory.create_batch(times, programme=programme)
    DocumentFactory.create_batch(times, programme=programme)
    DocumentFactory.create_batch(times, programme=programme, workshop=workshop)
    MemberStateFactory.create_batch(15 * times, status=MemberState.Status.MEMBER)
    MemberStateFactory.create_batch(15 * times, status=MemberState.Status.OBSERVER)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_query_count_stays_flat_as_data_grows_tenfold(client, language):
    # A small programme and membership first (the migration's states make way for factories'),
    # then every part of it tenfold.
    MemberState.objects.all().delete()
    programme = ProgrammeFactory(year=2009)
    workshop = WorkshopFactory(programme=programme)
    grow(programme, workshop, 1)
    DocumentFactory(programme=programme, workshop=workshop, symbol="IC/2009/FLAT")
    pages = [
        f"/{language}/",
        f"/{language}/workshops/{workshop.slug}/",
        f"/{language}/programme/2009/",
        f"/{language}/documents/IC/2009/FLAT/en/",
        f"/{language}/funding/2009/",
    ]
    before = [count_queries(client, url) for url in pages]

    grow(programme, workshop, 9)
    assert programme.workshops.count() == 11
    assert workshop.agenda_items.count() == 30
    assert MemberState.objects.count() == 300

    after = [count_queries(client, url) for url in pages]
    assert after == before
    # Kept whole, every page is served without a query, whatever the data.
    assert [count_queries(client, url, kept=True) for url in pages] == [0] * len(pages)
    # Absolute ceilings: home and programme read the programme, its workshops and key dates
    # (home the membership counts too; the programme page every programme, for the archive, in
    # the same query); the workshop page the workshop and its agenda. Each
    # adds funding's badge: the programme's budgets, pledges and payments (three queries).
    home, workshop_page, programme_page, document_page, summary = before
    assert home <= 4 + 3
    assert workshop_page <= 3 + 3
    assert programme_page <= 5 + 3
    # The document with its other language versions, and its PDF's row; the summary: the
    # programme and funding's stamp (its figures kept on the stamp; counted when money
    # changes in tests/funding/).
    assert document_page <= 2
    assert summary <= 2
