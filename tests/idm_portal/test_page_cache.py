"""Public pages kept whole for anonymous visitors (idm_portal.page_cache): served without a
query, made stale the moment staff change what they show, one day's and one language's, and
never one visitor's page to another (user, messages, CSRF token)."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.test import Client

from funding.models.budgets import Category
from funding.services import pledges as pledges_services
from idm_portal import page_cache
from registrations.services import lifecycle
from tests.funding.factories import DonorFactory, budget
from tests.idm_portal.dead_services import closed_port
from tests.idm_portal.factories import DelegateFactory, SecretariatStaffFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import AgendaItemFactory, ProgrammeFactory, WorkshopFactory
from workshops import dates
from workshops.models import Document

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today().year + 1
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def workshop():
    programme = ProgrammeFactory(year=NEXT_YEAR)
    workshop = WorkshopFactory(
        programme=programme,
        title="Migration and Health",
        slug="migration-and-health",
        capacity=1,
        sponsored_seats=0,
        registration_deadline=datetime.date(NEXT_YEAR, 3, 1),
    )
    AgendaItemFactory(workshop=workshop)
    return workshop


@pytest.fixture
def document(workshop):
    return DocumentFactory(
        symbol="IC/TEST/KEPT", title="The kept discussion note", programme=workshop.programme
    )


def public_urls(workshop, document) -> list[str]:
    return [
        "/en/",
        f"/en/programme/{NEXT_YEAR}/",
        workshop.get_absolute_url(),
        f"/en/documents/{document.symbol}/en/",
        f"/en/funding/{NEXT_YEAR}/",
    ]


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def without_tokens(page: str) -> str:
    return TOKEN.sub("token", page)


# --- kept and served without a query -----------------------------------------------------------


def test_every_public_page_is_served_kept_without_a_query(
    client, workshop, document, django_assert_num_queries
):
    for url in public_urls(workshop, document):
        rendered = html(client, url)
        with django_assert_num_queries(0):
            kept = html(Client(), url)
        assert without_tokens(kept) == without_tokens(rendered), url


def test_kept_pages_tell_shared_caches_not_to_store_them(client, workshop, document):
    staff = Client()
    staff.force_login(SecretariatStaffFactory())
    for url in public_urls(workshop, document):
        client.get(url)
        for response in (client.get(url), staff.get(url)):  # kept, and a signed-in reader's
            cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
            assert {"private", "max-age=0"} <= cache_control, url
            vary = {part.strip() for part in response["Vary"].split(",")}
            assert {"Cookie", "Accept-Language"} <= vary, url


# --- never one visitor's page to another -------------------------------------------------------


def test_two_visitors_get_their_own_csrf_token_and_the_language_switcher_works(workshop):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    url = workshop.get_absolute_url()
    pages = [html(first, url), html(second, url)]  # rendered, then kept
    tokens = [TOKEN.findall(page) for page in pages]
    assert all(tokens) and page_cache.CSRF_PLACEHOLDER not in "".join(pages)
    assert set(tokens[0]).isdisjoint(tokens[1])
    assert first.cookies[settings.CSRF_COOKIE_NAME].value
    assert second.cookies[settings.CSRF_COOKIE_NAME].value
    # Each visitor's own token is accepted with its own cookie: the switcher changes language.
    response = second.post("/i18n/setlang/", {"language": "fr", "next": url, **_token(tokens[1])})
    assert response.status_code == 302 and response["Location"].startswith("/fr/")
    # Another visitor's token with this visitor's cookie is refused.
    third = Client(enforce_csrf_checks=True)
    third.get(url)
    assert third.post("/i18n/setlang/", {"language": "fr", **_token(tokens[0])}).status_code == 403


def _token(tokens: list[str]) -> dict:
    return {"csrfmiddlewaretoken": tokens[0]}


def test_a_signed_in_reader_never_gets_the_anonymous_page_nor_gives_it_theirs(workshop):
    visitor, member = Client(), Client()
    member.force_login(DelegateFactory(email="kept.delegate@example.org"))
    url = workshop.get_absolute_url()
    assert "Sign in" in html(visitor, url)  # now kept
    mine = html(member, url)
    assert "Sign out" in mine and "Sign in" not in mine
    assert "Sign out" not in html(Client(), url)
    assert "Sign out" in html(member, "/en/")  # a signed-in reader first: nothing kept of it
    assert "Sign out" not in html(visitor, "/en/")


@pytest.mark.parametrize(
    "storage",
    [
        "django.contrib.messages.storage.fallback.FallbackStorage",  # the portal's: a cookie
        "django.contrib.messages.storage.session.SessionStorage",
    ],
    ids=["cookie", "session"],
)
def test_a_message_left_for_a_visitor_is_shown_to_that_visitor_only(settings, workshop, storage):
    settings.MESSAGE_STORAGE = storage
    member = Client()
    member.force_login(DelegateFactory())
    member.post("/en/accounts/logout/")
    # Signed out, the visitor is told so on the next page: "You have signed out.".
    assert "You have signed out." in html(member, "/en/")
    assert "You have signed out." not in html(Client(), "/en/")
    assert "You have signed out." not in html(Client(), "/en/")


def test_each_language_gets_its_own_page(workshop):
    visitor = Client()
    assert '<html lang="en">' in html(visitor, "/en/")
    assert '<html lang="fr">' in html(visitor, "/fr/")
    assert '<html lang="es">' in html(Client(), "/es/")
    assert '<html lang="en">' in html(Client(), "/en/")
    # The switcher's cookie does not change a page whose address names its language.
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="en">' in html(visitor, "/en/")


# --- stale the moment staff change what a page shows ------------------------------------------


def test_a_title_changed_in_the_admin_shows_at_once(workshop):
    visitor, staff = Client(), Client()
    staff.force_login(SecretariatStaffFactory())
    url, programme_url = workshop.get_absolute_url(), f"/en/programme/{NEXT_YEAR}/"
    for page in (url, programme_url, "/en/"):
        assert "Migration and Health" in html(visitor, page)
    item = workshop.agenda_items.get()
    data = {
        "programme": workshop.programme.pk,
        "title_en": "Migration, Health and Care",
        "slug": workshop.slug,
        "description_en": workshop.description,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
        "venue_en": "Geneva",
        "capacity": "1",
        "sponsored_seats": "0",
        "registration_status": "open",
        "registration_deadline": workshop.registration_deadline.isoformat(),
        "translation_waiver_reason": "English first.",
        "agenda_items-TOTAL_FORMS": "1",
        "agenda_items-INITIAL_FORMS": "1",
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
        "agenda_items-0-id": item.pk,
        "agenda_items-0-workshop": workshop.pk,
        "agenda_items-0-day": item.day.isoformat(),
        "agenda_items-0-start_time": "10:00",
        "agenda_items-0-title_en": item.title,
    }
    response = staff.post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    for page in (url, programme_url, "/en/"):
        assert "Migration, Health and Care" in html(Client(), page), page


def test_the_registration_that_fills_the_last_seat_shows_at_once(workshop):
    url = workshop.get_absolute_url()
    assert "1 seat of 1 left." in html(Client(), url)
    assert "1 seat of 1 left." in html(Client(), url)  # kept
    registration = RegistrationFactory(
        workshop=workshop, delegate=DelegateProfileFactory(organization=True)
    )
    lifecycle.confirm(registration=registration)
    page = html(Client(), url)
    assert "Every seat is taken: new registrations go on the waiting list." in page
    assert "seat of 1 left" not in page


def test_a_document_made_public_appears_at_once(workshop):
    document = DocumentFactory(
        symbol="IC/TEST/LATE",
        title="The late background paper",
        programme=workshop.programme,
        workshop=workshop,
        visibility=Document.Visibility.STAFF,
    )
    urls = [workshop.get_absolute_url(), f"/en/programme/{NEXT_YEAR}/"]
    for url in urls:
        assert "IC/TEST/LATE" not in html(Client(), url)
    assert Client().get("/en/documents/IC/TEST/LATE/en/").status_code == 404
    document.visibility = Document.Visibility.PUBLIC
    document.save()
    for url in urls:
        assert "IC/TEST/LATE" in html(Client(), url), url
    assert "The late background paper" in html(Client(), "/en/documents/IC/TEST/LATE/en/")


def test_a_payment_changes_the_badge_and_the_coverage_at_once(workshop):
    budget(workshop, **{Category.PARTICIPANT_TRAVEL: "10000"})
    url, summary = workshop.get_absolute_url(), f"/en/funding/{NEXT_YEAR}/"
    assert "Subject to funding" in html(Client(), url)
    assert "0.0\xa0%" in html(Client(), summary)
    pledge = pledges_services.record_pledge(
        donor=DonorFactory(),
        programme=workshop.programme,
        workshop=workshop,
        amount=D("10000.00"),
        currency="USD",
        rate_to_usd=D("1"),
        pledge_date=datetime.date(NEXT_YEAR, 1, 5),
    )
    assert "Subject to funding" in html(Client(), url)  # a bare pledge is no funding
    pledges_services.commit_pledge(pledge=pledge)
    pledges_services.record_payment(
        pledge=pledge, date=datetime.date(NEXT_YEAR, 1, 20), amount=D("10000.00")
    )
    page = html(Client(), url)
    assert "Subject to funding" not in page and "Funded" in page
    assert "100.0\xa0%" in html(Client(), summary)


def test_a_page_is_one_days_registration_closes_the_day_after_the_deadline(workshop):
    url = workshop.get_absolute_url()
    with dates.as_of(workshop.registration_deadline):
        assert "Register by" in html(Client(), url)
        assert "Register by" in html(Client(), url)  # kept for that day
    with dates.as_of(workshop.registration_deadline + datetime.timedelta(days=1)):
        page = html(Client(), url)
    assert "Register by" not in page and "closed on" in page


# --- Redis down: nothing kept in one process's stand-in ---------------------------------------


def test_while_redis_is_down_pages_are_rendered_and_nothing_is_kept(settings, workshop):
    from idm_portal import settings as portal_settings
    from idm_portal.cache import outages

    settings.CACHES = portal_settings.redis_caches(f"redis://127.0.0.1:{closed_port()}/13")
    outages.reset()
    try:
        url = workshop.get_absolute_url()
        assert "Migration and Health" in html(Client(), url)
        assert page_cache.store().is_down()
        workshop.title = "Renamed while Redis is down"
        workshop.save()  # its bump reaches this process's stand-in only
        assert "Renamed while Redis is down" in html(Client(), url)
        assert page_cache.store().get(page_cache.VERSION_KEY) is not None  # the stand-in's
        assert page_cache._missed_bump  # made again once Redis answers
    finally:
        outages.reset()
        page_cache._missed_bump = False
