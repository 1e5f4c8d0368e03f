"""A donor contact's journey in a real browser, at 1280 px and 390 px: signs in with the login
form and lands on the donor dashboard, reads the programme's coverage and the donor's own
pledges, opens one pledge; and the public funding summary a visitor reads."""

from __future__ import annotations

import datetime

import pytest

from funding.models.budgets import Category
from tests.e2e.conftest import path
from tests.funding.factories import DonorFactory, PledgeFactory, budget
from tests.funding.pages import swiss_donor
from tests.idm_portal.factories import PASSWORD
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_donor_signs_in_and_reads_the_dashboard(journeys, live_server):
    programme = ProgrammeFactory(year=datetime.date.today().year + 1, theme="Migration for All")
    return_migration = WorkshopFactory(programme=programme, title="Managing Return Migration")
    rights = WorkshopFactory(programme=programme, title="Human Rights of Migrants")
    for workshop in (return_migration, rights):
        budget(
            workshop,
            **{Category.PARTICIPANT_TRAVEL: "60000.00", Category.VENUE: "20000.00"},
        )
    donor, contact, earmarked = swiss_donor(return_migration)
    PledgeFactory(donor=DonorFactory(name="Another donor"), programme=programme)
    me = journeys()

    me.log_in(contact.email, PASSWORD, step="dashboard")
    assert me.page.url.endswith(path("funding:dashboard"))
    main = me.page.locator("main").inner_text()
    assert "Government of Switzerland" in main
    assert "Managing Return Migration" in main

    me.click_link(path("funding:pledge", earmarked.pk), step="a pledge")
    assert "50,000.00" in me.page.locator("main").inner_text()

    me.goto(path("funding:summary_current"), step="public funding summary")
    me.finish()
