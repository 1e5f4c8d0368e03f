"""The database's own money limits (funding/migrations/0004): a commitment written past
commit_funds (raw SQL, or a service that miscounts) cannot pass its budget line nor the
workshop's funds, a line cannot be lowered under what is committed, and the funds ceiling
follows the pledges; commit_funds turns the refusal into its usual message."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, connection, transaction

from funding.errors import InsufficientFunds, OverBudgetLine
from funding.models.budgets import BudgetLine, Category
from funding.models.commitments import Commitment
from funding.models.ledger import FundsLedger
from funding.models.pledges import Pledge
from funding.selectors import commitments as commitments_selectors
from funding.services import commitments, pledges
from idm_portal.db_limits import violated_limit
from tests.concurrent_claims import needs_postgresql
from tests.funding.factories import PledgeFactory, budget
from tests.workshops.factories import WorkshopFactory

pytestmark = needs_postgresql

TRAVEL = Category.PARTICIPANT_TRAVEL
INSERT = (
    "INSERT INTO funding_commitment "
    "(workshop_id, category, amount, reference, created_at, released_at) "
    "VALUES (%s, %s, %s, 'raw', now(), NULL)"
)


def _refused_by(sql: str, params: list) -> str | None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as error:
        return violated_limit(error)
    return None


def funded_workshop(*, line="10000", funds="6000"):
    workshop = WorkshopFactory()
    budget(workshop, participant_travel=line, venue_interpretation="4000")
    pledge = PledgeFactory(workshop=workshop, amount=D(funds), status=Pledge.Status.COMMITTED)
    return workshop, pledge


@pytest.mark.django_db
def test_raw_sql_cannot_commit_past_the_budget_line_nor_lower_it_under_the_commitments():
    workshop, _ = funded_workshop(line="3000", funds="50000")
    commitments.commit_funds(workshop=workshop, category=TRAVEL, amount=D("2000"), reference="a")

    assert _refused_by(INSERT, [workshop.pk, TRAVEL, "1000.01"]) == "commitment_within_budget_line"
    assert _refused_by(INSERT, [workshop.pk, Category.OVERHEAD, "1"]) == (
        "commitment_within_budget_line"  # a line the budget does not have
    )
    lower = "UPDATE funding_budgetline SET amount = %s WHERE id = %s"
    line = BudgetLine.objects.get(budget__workshop=workshop, category=TRAVEL)
    assert _refused_by(lower, ["1999.99", line.pk]) == "budget_line_above_commitments"
    assert _refused_by("DELETE FROM funding_budgetline WHERE id = %s", [line.pk]) == (
        "budget_line_above_commitments"
    )
    assert _refused_by(INSERT, [workshop.pk, TRAVEL, "1000.00"]) is None  # exactly the line
    assert commitments_selectors.committed_total(workshop) == D("3000.00")


@pytest.mark.django_db
def test_raw_sql_cannot_commit_past_the_funds_and_the_ceiling_follows_the_pledges():
    workshop, pledge = funded_workshop(line="100000", funds="6000")
    assert _refused_by(INSERT, [workshop.pk, TRAVEL, "1"]) == (
        "funds_ledger_committed_within_funds"  # no funds computed yet: no room
    )
    commitments.commit_funds(workshop=workshop, category=TRAVEL, amount=D("2500"), reference="a")

    assert _refused_by(INSERT, [workshop.pk, TRAVEL, "3500.01"]) == (
        "funds_ledger_committed_within_funds"
    )
    more = PledgeFactory(workshop=workshop, amount=D("1000"), status=Pledge.Status.PLEDGED)
    pledges.commit_pledge(pledge=more)  # 7 000 of funds now
    assert _refused_by(INSERT, [workshop.pk, TRAVEL, "4500.00"]) is None
    pledges.cancel_pledge(pledge=more)  # back to 6 000, of which 7 000 committed: no room
    assert _refused_by(INSERT, [workshop.pk, TRAVEL, "0.01"]) == (
        "funds_ledger_committed_within_funds"
    )
    ledger = FundsLedger.objects.get(workshop=workshop)
    assert (ledger.committed, ledger.funds) == (D("7000.00"), D("7000.00"))
    assert pledge.pk  # the first pledge still counts


@pytest.mark.django_db
def test_the_ledger_follows_releases_and_deletes():
    workshop, _ = funded_workshop(line="10000", funds="6000")
    first = commitments.commit_funds(
        workshop=workshop, category=TRAVEL, amount=D("2500"), reference="a"
    )
    second = commitments.commit_funds(
        workshop=workshop, category=TRAVEL, amount=D("1000"), reference="b"
    )
    commitments.release_funds(commitment=first)
    Commitment.objects.filter(pk=second.pk).delete()

    assert FundsLedger.objects.get(workshop=workshop).committed == D("0.00")
    assert _refused_by(INSERT, [workshop.pk, TRAVEL, "6000.00"]) is None


@pytest.mark.django_db
def test_commit_funds_that_miscounts_what_is_committed_is_refused_in_its_words(monkeypatch):
    workshop, _ = funded_workshop(line="3000", funds="5000")
    commitments.commit_funds(workshop=workshop, category=TRAVEL, amount=D("2500"), reference="a")
    monkeypatch.setattr(commitments_selectors, "committed_by_category", lambda workshop: {})

    with pytest.raises(OverBudgetLine) as over_line:
        commitments.commit_funds(
            workshop=workshop, category=TRAVEL, amount=D("1000"), reference="b"
        )
    with pytest.raises(InsufficientFunds) as over_funds:
        commitments.commit_funds(
            workshop=workshop, category=Category.VENUE, amount=D("3000"), reference="c"
        )

    assert "does not fit" in str(over_line.value)
    assert str(over_funds.value) == (
        "This workshop has 5,000.00 USD of funds, of which 0.00 USD is already committed: "
        "3,000.00 USD does not fit."
    )
    assert Commitment.objects.filter(released_at__isnull=True).count() == 1
