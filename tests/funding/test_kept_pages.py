"""Funding's pages kept on the stamp of its data (funding.page_cache): the public summary whole
for anonymous visitors, the dashboard's figures, the badge and the workshop's coverage bar.
While no money changes they read no pledge; a pledge recorded, paid, revised or cancelled shows
at once; and a kept page never carries another visitor's language, token or menu."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.test import Client

from funding.models.budgets import Category
from funding.models.pledges import Pledge
from funding.services import pledges as pledges_services
from idm_portal import page_cache as portal_pages
from tests.funding.factories import DonorFactory, budget
from tests.funding.pages import bulk_pledges, donor_with_contact
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

SUMMARY = "/en/funding/2009/"
DASHBOARD = "/en/donor/"
PROGRAMME = "/en/programme/2009/"


@pytest.fixture
def programme():
    programme = ProgrammeFactory(year=2009)
    first = WorkshopFactory(
        programme=programme, slug="first", start_date=datetime.date(2009, 3, 23)
    )
    WorkshopFactory(programme=programme, slug="second", start_date=datetime.date(2009, 7, 9))
    budget(first, **{Category.PARTICIPANT_TRAVEL: "10000"})
    budget(programme.workshops.get(slug="second"), **{Category.PARTICIPANT_TRAVEL: "5000"})
    return programme


def badges(html: str) -> list[str]:
    return re.findall(r'<li class="badge badge-(?:warning|ok)">([^<]+)</li>', html)


def record(donor, programme, amount: str, *, workshop=None) -> Pledge:
    return pledges_services.record_pledge(
        donor=donor,
        programme=programme,
        workshop=workshop,
        amount=D(amount),
        currency="USD",
        rate_to_usd=D("1"),
        pledge_date=datetime.date(2009, 1, 5),
    )


# --- query counts while the stamp does not change ---------------------------------------------


@pytest.mark.parametrize("pledges", [10, 1000])
def test_kept_pages_read_only_the_stamp_whatever_the_number_of_pledges(
    client, programme, django_assert_num_queries, pledges
):
    bulk_pledges(programme, pledges, workshops=list(programme.workshops.all()))
    # Anonymous summary, whole page kept (idm_portal.page_cache): no query at all (was 1: the
    # stamp; 2 before that: the programme too).
    client.get(SUMMARY)
    with django_assert_num_queries(0):
        assert client.get(SUMMARY).status_code == 200
    # Rendered again (the whole page made stale), its figures' fragment is still kept on the
    # stamp: the programme and the stamp.
    portal_pages.bump()
    with django_assert_num_queries(2):
        assert client.get(SUMMARY).status_code == 200
    # Programme page rendered (not the whole page kept): its own reads and the stamp; the
    # badge's coverage is kept (was 9).
    client.get(PROGRAMME)
    portal_pages.bump()
    with django_assert_num_queries(PROGRAMME_QUERIES_KEPT):
        assert client.get(PROGRAMME).status_code == 200
    # Workshop page rendered: its own reads and the stamp; the badge's and the bar's figures
    # are kept (was 10: the coverage read twice, and the travel line).
    url = programme.workshops.get(slug="first").get_absolute_url()
    client.get(url)
    portal_pages.bump()
    with django_assert_num_queries(WORKSHOP_QUERIES_KEPT):
        assert client.get(url).status_code == 200


PROGRAMME_QUERIES_KEPT = 6  # was 7: the archive read with the programme
WORKSHOP_QUERIES_KEPT = 4


@pytest.mark.parametrize("pledges", [10, 1000])
def test_kept_dashboard_query_count(client, programme, django_assert_num_queries, pledges):
    donor, contact = donor_with_contact()
    bulk_pledges(programme, pledges, donors=[donor, DonorFactory()])
    client.force_login(contact)
    client.get(DASHBOARD)
    # The session (from the cache: sessions are cached_db), the user, the donor, the stamp,
    # the report's row (was 5: the session from the database).
    with django_assert_num_queries(4):
        assert client.get(DASHBOARD).status_code == 200


# --- a change shows at once ---------------------------------------------------------------------


def test_every_change_of_a_pledge_shows_at_once_on_summary_dashboard_and_badge(programme):
    first = programme.workshops.get(slug="first")
    donor, contact = donor_with_contact(name="Ruritania")
    visitor, member = Client(), Client()
    member.force_login(contact)

    def look() -> tuple[str, str, list[str]]:
        summary = visitor.get(SUMMARY).content.decode()
        dashboard = member.get(DASHBOARD).content.decode()
        return summary, dashboard, badges(visitor.get(PROGRAMME).content.decode())

    summary, dashboard, badge = look()  # every page now kept
    assert badge == ["Subject to funding", "Subject to funding"]
    assert "No pledge has been recorded for you yet." in dashboard

    pledge = record(donor, programme, "10000.00", workshop=first)  # recorded (bare pledge)
    summary, dashboard, badge = look()
    assert "10,000.00\xa0USD" in dashboard and "Pledged" in dashboard
    assert badge == ["Subject to funding", "Subject to funding"]  # a bare pledge is no funding

    pledges_services.commit_pledge(pledge=pledge)
    pledges_services.record_payment(
        pledge=pledge, date=datetime.date(2009, 2, 1), amount=D("10000.00")
    )  # paid
    summary, dashboard, badge = look()
    assert "Paid" in dashboard
    assert badge == ["Funded", "Subject to funding"]
    assert "100.0\xa0%" in summary

    pledge = record(donor, programme, "4000.00", workshop=programme.workshops.get(slug="second"))
    pledges_services.commit_pledge(pledge=pledge)
    pledges_services.revise_pledge(pledge=pledge, amount=D("5000.00"))  # revised: 4,000 → 5,000
    summary, dashboard, badge = look()
    assert "5,000.00\xa0USD" in dashboard and "4,000.00\xa0USD" not in dashboard
    assert badge == ["Funded", "Funded"]

    pledges_services.cancel_pledge(pledge=pledge)  # cancelled
    summary, dashboard, badge = look()
    assert "Cancelled" in dashboard
    assert badge == ["Funded", "Subject to funding"]


def test_a_newly_named_donor_shows_at_once_on_the_kept_anonymous_summary(client, programme):
    client.get(SUMMARY)
    record(DonorFactory(public_name="Newly Named"), programme, "700.00")
    page = client.get(SUMMARY).content.decode()
    assert "Newly Named" in page and "700.00\xa0USD" in page


# --- a kept page is everyone's: nothing of one visitor in it -------------------------------------


def csrf_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_kept_summary_carries_each_visitors_own_token_and_cookie(programme):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = first.get(SUMMARY)
    two = second.get(SUMMARY)  # served from what the first visitor's request kept
    assert csrf_in(one.content.decode()) != csrf_in(two.content.decode())
    assert "kept-page" not in two.content.decode()
    assert settings.CSRF_COOKIE_NAME in two.cookies
    # The kept page's language switcher works for the second visitor.
    response = second.post(
        "/i18n/setlang/",
        {"language": "fr", "next": SUMMARY, "csrfmiddlewaretoken": csrf_in(two.content.decode())},
    )
    assert response.status_code == 302


def test_the_kept_summary_keeps_each_language_and_its_headers(client, programme):
    english = client.get(SUMMARY)
    french = client.get("/fr/funding/2009/")
    spanish = client.get("/es/funding/2009/")
    kept = {lang: client.get(f"/{lang}/funding/2009/") for lang in ("en", "fr", "es")}
    for lang, fresh in (("en", english), ("fr", french), ("es", spanish)):
        assert f'<html lang="{lang}">' in kept[lang].content.decode()
        assert kept[lang]["Content-Language"] == fresh["Content-Language"] == lang
        assert kept[lang].get("Vary") == fresh.get("Vary")
        assert kept[lang]["Content-Type"] == fresh["Content-Type"]
    assert "Financement du programme" in kept["fr"].content.decode()


def test_a_users_menu_never_reaches_the_kept_summary_nor_the_other_way(client, programme):
    donor, contact = donor_with_contact()
    member = Client()
    member.force_login(contact)
    page = member.get(SUMMARY).content.decode()  # a signed-in user's page: not kept
    assert "Donor dashboard" in page and "Sign out" in page
    anonymous = client.get(SUMMARY).content.decode()
    assert "Donor dashboard" not in anonymous and "Sign out" not in anonymous
    assert "Sign in" in anonymous
    # And the signed-in user is never served the anonymous page.
    page = member.get(SUMMARY).content.decode()
    assert "Sign out" in page and "Sign in" not in page


def test_a_visitor_with_a_message_or_a_query_gets_a_page_of_its_own(client, programme):
    client.get(SUMMARY)  # kept
    page_with_query = client.get(SUMMARY + "?utm=1").content.decode()
    assert 'value="/en/funding/2009/?utm=1"' in page_with_query  # the switcher's next
    assert 'value="/en/funding/2009/?utm=1"' not in client.get(SUMMARY).content.decode()


def test_the_kept_dashboard_is_each_users_with_its_own_token_and_report_state(programme):
    from funding.renderers import DONOR_REPORT
    from idm_portal.models import GeneratedFile

    donor, contact = donor_with_contact()
    other = donor_with_contact()[1]
    donor.contacts.add(other)
    first, second = Client(), Client()
    first.force_login(contact)
    second.force_login(other)
    one = first.get(DASHBOARD).content.decode()
    two = second.get(DASHBOARD).content.decode()
    again = first.get(DASHBOARD).content.decode()  # kept
    from django.middleware.csrf import _unmask_cipher_token

    # The same secret (the user's CSRF cookie) for the same user, another for the other one.
    assert _unmask_cipher_token(csrf_in(one)) == _unmask_cipher_token(csrf_in(again))
    assert _unmask_cipher_token(csrf_in(again)) != _unmask_cipher_token(csrf_in(two))
    assert "kept-page" not in again
    assert "Your report is being made" not in again
    GeneratedFile.objects.create(content_object=donor, kind=DONOR_REPORT, language="en")
    assert "Your report is being made" in first.get(DASHBOARD).content.decode()


def test_a_message_for_the_user_is_shown_once_not_kept(client, programme):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    donor, contact = donor_with_contact()
    client.force_login(contact)
    client.get(DASHBOARD)  # kept
    storage = CookieStorage(None)
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Hello, donor")])
    assert "Hello, donor" in client.get(DASHBOARD).content.decode()
    assert "Hello, donor" not in client.get(DASHBOARD).content.decode()
