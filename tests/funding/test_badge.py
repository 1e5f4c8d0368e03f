"""The badge "Funded" / "Subject to funding" on the home, programme and workshop pages is
computed from the coverage figures, with a query count that does not grow with pledges."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models.pledges import Pledge
from idm_portal import page_cache as portal_pages
from tests.funding.factories import PaymentFactory, PledgeFactory, budget
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory(year=2009)
    covered = WorkshopFactory(
        programme=programme, title="Covered workshop", start_date=datetime.date(2009, 3, 25)
    )
    short = WorkshopFactory(
        programme=programme, title="Short workshop", start_date=datetime.date(2009, 7, 9)
    )
    budget(covered, participant_travel="1000")
    budget(short, participant_travel="5000")
    PledgeFactory(workshop=covered, amount=D("1000"), status=Pledge.Status.PAID)
    PledgeFactory(workshop=short, amount=D("4000"))
    # A bare pledge would cover the gap, but a bare pledge does not count.
    PledgeFactory(programme=programme, amount=D("9000"), status=Pledge.Status.PLEDGED)
    return programme


def badges(html: str) -> list[str]:
    return re.findall(r'<li class="badge badge-(?:warning|ok)">([^<]+)</li>', html)


def pages(programme):
    covered, short = programme.workshops.order_by("start_date")
    return {
        "home": ("/en/", ["Funded", "Subject to funding"]),
        "programme": ("/en/programme/2009/", ["Funded", "Subject to funding"]),
        "covered": (covered.get_absolute_url(), ["Funded"]),
        "short": (short.get_absolute_url(), ["Subject to funding"]),
    }


def test_badges_follow_the_money(client, programme):
    for url, expected in pages(programme).values():
        response = client.get(url)
        assert response.status_code == 200
        assert badges(response.content.decode()) == expected, url


def test_the_badge_changes_when_the_gap_is_filled(client, programme):
    PledgeFactory(programme=programme, amount=D("1000"), status=Pledge.Status.COMMITTED)
    html = client.get("/en/programme/2009/").content.decode()
    assert badges(html) == ["Funded", "Funded"]


def count(client, url: str) -> int:
    """The queries of `url` rendered (not served whole from idm_portal.page_cache)."""
    portal_pages.bump()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_pages_query_counts_do_not_grow_with_pledges(client, programme):
    urls = [url for url, _expected in pages(programme).values()]

    def counts() -> tuple[list[int], list[int]]:
        """Each page's queries just after money changed (the badge's figures computed again),
        then while nothing changes (kept on funding's stamp: funding.page_cache)."""
        PledgeFactory(programme=programme, status=Pledge.Status.CANCELLED)
        changed = [count(client, url) for url in urls[:1]]
        kept = [client.get(url) and count(client, url) for url in urls]
        for url in urls[1:]:
            PledgeFactory(programme=programme, status=Pledge.Status.CANCELLED)
            changed.append(count(client, url))
        return changed, kept

    for url in urls:
        client.get(url)  # warm: sessions, content types
    before = counts()
    covered, short = programme.workshops.order_by("start_date")
    for n in range(40):
        pledge = PledgeFactory(workshop=short if n % 2 else None, programme=programme)
        PaymentFactory(pledge=pledge, amount=D("1"))
        PledgeFactory(workshop=covered, status=Pledge.Status.CANCELLED)
    after = counts()
    assert after == before
    changed, kept = after
    # Kept: each page's own reads and the stamp; changed: the coverage (3), the budgets'
    # travel lines (1) and the sponsored trips' costs (1) as well.
    assert [c - k for c, k in zip(changed, kept, strict=True)] == [5, 5, 5, 5]
