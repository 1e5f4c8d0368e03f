"""The demo funding: one 2009 workshop covered, the other subject to funding; every state,
several currencies, named and unnamed donors; loading twice changes nothing."""

import pytest

from funding import demo
from funding.models.donors import Donor
from funding.models.pledges import Payment, Pledge
from funding.selectors import coverage
from workshops import demo as workshops_demo
from workshops.models import Programme, Workshop

pytestmark = pytest.mark.django_db


def test_demo_funding_covers_one_2009_workshop_and_not_the_other():
    workshops_demo.load()
    demo.load()
    demo.load()  # idempotent

    covered = Workshop.objects.get(slug=demo.HUMAN_RIGHTS)
    short = Workshop.objects.get(slug=demo.TRAFFICKING)
    figures = coverage.workshops_coverage([covered, short])
    assert not figures[covered.pk].is_subject_to_funding
    assert figures[short.pk].is_subject_to_funding
    assert 0 < figures[short.pk].coverage_percent < 100

    pledges_2009 = Pledge.objects.filter(programme__year=2009)
    assert set(pledges_2009.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert {"USD", "CHF", "EUR"} <= set(pledges_2009.values_list("currency", flat=True))
    assert pledges_2009.filter(workshop__isnull=True).exists()
    assert pledges_2009.filter(workshop__isnull=False).exists()
    assert Donor.objects.filter(is_publicly_named=False).exists()
    assert Donor.objects.filter(kind=Donor.Kind.FOUNDATION).exists()
    assert Pledge.objects.count() == len(demo.PLEDGES)
    assert Payment.objects.count() == 7

    for workshop in Programme.objects.get(year=2008).workshops.all():
        assert not workshop.is_subject_to_funding


def test_demo_fills_the_empty_budget_an_upgraded_database_has():
    """funding's migration gives workshops staff had marked funded an empty budget: the demo
    loaded on such a database fills its lines, so the workshop is not 'covered' by a zero."""
    from funding.models.budgets import Budget
    from funding.services import budgets

    workshops_demo.load()
    covered = Workshop.objects.get(slug=demo.HUMAN_RIGHTS)
    budgets.save_budget(workshop=covered, notes="Made by the migration.")
    assert not Budget.objects.get(workshop=covered).lines.exists()

    demo.load()

    figures = coverage.workshop_coverage(covered)
    assert figures.budget > 0
