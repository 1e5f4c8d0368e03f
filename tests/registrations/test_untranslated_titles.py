"""Issue 11, item 2 on the delegate's pages, e-mails and letters: a workshop title with no
French translation is shown in English inside lang="en" with "English only" (in the page's
language), never as English text under lang="fr"; plain-text places (<title>, e-mail subject,
calendar) say "(English only)"; the letter marks it lang="en"."""

import re

import pytest
from django.utils import translation

from registrations.models.lifecycle import Registration
from registrations.renderers import common
from tests.registrations.factories import RegistrationFactory
from tests.workshops.factories import WorkshopFactory
from workshops import text as content_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    workshop = WorkshopFactory(
        title_en="Trafficking and Exploitation of Migrants", title_fr=None, title_es="Trata"
    )
    return RegistrationFactory(workshop=workshop, status=Registration.Status.CONFIRMED)


def english_only_spans(html: str, text: str) -> int:
    return len(re.findall(rf'<span lang="en">{re.escape(text)}</span>', html))


def test_french_pages_mark_an_untranslated_title_english(client, registration):
    client.force_login(registration.delegate.user)
    title = "Trafficking and Exploitation of Migrants"
    with translation.override("fr"):
        note = translation.gettext("English only")
    for url in ("/fr/my-registrations/", f"/fr/workshops/{registration.workshop.slug}/register/"):
        html = client.get(url).content.decode()
        assert english_only_spans(html, title) >= 1, url
        assert note in html, url
        # Outside <title> and the lang="en" spans, the English title never appears.
        body = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
        assert body.count(title) == english_only_spans(html, title), url


def test_a_translated_title_is_not_marked(client, registration):
    client.force_login(registration.delegate.user)
    html = client.get("/es/my-registrations/").content.decode()
    assert "Trata" in html
    assert 'lang="en"' not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_plain_text_places_say_english_only(registration):
    workshop = registration.workshop
    with translation.override("fr"):
        marked = translation.gettext("%(text)s (English only)") % {"text": workshop.title_en}
        assert content_text.plain(workshop, "title") == marked
        assert marked.startswith(workshop.title_en + " (") and marked != workshop.title_en
    with translation.override("es"):
        assert content_text.plain(workshop, "title") == "Trata"
    with translation.override("en"):
        assert content_text.plain(workshop, "title") == workshop.title_en


def test_letters_mark_the_english_title(registration):
    french = common.workshop_facts(registration.workshop, "fr")
    spanish = common.workshop_facts(registration.workshop, "es")
    assert (french["title"], french["title_lang"]) == (registration.workshop.title_en, "en")
    assert (spanish["title"], spanish["title_lang"]) == ("Trata", "")
