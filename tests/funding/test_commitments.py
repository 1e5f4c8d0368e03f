"""commit_funds and release_funds: money promised away stays within the budget line and the
workshop's funds, also under concurrency (PostgreSQL)."""

import threading
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import connection

from funding.errors import InsufficientFunds, InvalidTransition, OverBudgetLine
from funding.models.budgets import Category
from funding.models.commitments import Commitment
from funding.models.pledges import Pledge
from funding.selectors import commitments as commitments_selectors
from funding.services import commitments
from tests.funding.factories import PledgeFactory, budget
from tests.workshops.factories import WorkshopFactory

TRAVEL = Category.PARTICIPANT_TRAVEL


def funded_workshop(*, line="10000", funds="6000"):
    workshop = WorkshopFactory()
    budget(workshop, participant_travel=line, venue_interpretation="4000")
    PledgeFactory(workshop=workshop, amount=D(funds), status=Pledge.Status.COMMITTED)
    return workshop


@pytest.mark.django_db
def test_commit_within_the_line_and_the_funds_then_release():
    workshop = funded_workshop()
    commitment = commitments.commit_funds(
        workshop=workshop, category=TRAVEL, amount=D("2500"), reference="Sponsorship 1"
    )
    assert commitments_selectors.committed_by_category(workshop) == {TRAVEL: D("2500.00")}
    commitments.release_funds(commitment=commitment)
    assert commitments_selectors.committed_total(workshop) == D("0")
    with pytest.raises(InvalidTransition):
        commitments.release_funds(commitment=commitment)


@pytest.mark.django_db
def test_commitment_past_the_budget_line_is_refused():
    workshop = funded_workshop(line="1000", funds="50000")
    commitments.commit_funds(workshop=workshop, category=TRAVEL, amount=D("800"), reference="a")
    with pytest.raises(OverBudgetLine) as refused:
        commitments.commit_funds(
            workshop=workshop, category=TRAVEL, amount=D("200.01"), reference="b"
        )
    assert refused.value.field == "amount"
    with pytest.raises(OverBudgetLine):  # a line the budget does not have
        commitments.commit_funds(
            workshop=workshop, category=Category.OVERHEAD, amount=D("1"), reference="c"
        )


@pytest.mark.django_db
def test_commitment_past_the_workshops_funds_is_refused():
    workshop = funded_workshop(line="10000", funds="3000")
    PledgeFactory(workshop=workshop, amount=D("5000"), status=Pledge.Status.PLEDGED)  # not funds
    commitments.commit_funds(workshop=workshop, category=TRAVEL, amount=D("3000"), reference="a")
    with pytest.raises(InsufficientFunds):
        commitments.commit_funds(
            workshop=workshop, category=TRAVEL, amount=D("0.01"), reference="b"
        )
    assert Commitment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL row locks: set DATABASE_URL=postgres://... to run it",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_committing_more_than_the_free_funds_never_exceed_them():
    workshop = funded_workshop(line="100000", funds="7000")
    barrier = threading.Barrier(20)
    refused: list[BaseException] = []
    errors: list[BaseException] = []

    def worker(n):
        try:
            barrier.wait(timeout=30)
            commitments.commit_funds(
                workshop=workshop, category=TRAVEL, amount=D("1000"), reference=f"Trip {n}"
            )
        except InsufficientFunds as error:
            refused.append(error)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert commitments_selectors.committed_total(workshop) == D("7000.00")
    assert Commitment.objects.filter(workshop=workshop).count() == 7
    assert len(refused) == 13
