"""Money under load: 20 rounds of 500 commitments at once, 40 at a time (see
tests/concurrent_claims.py), by commit_funds with its lock, by commit_funds without it, and by
raw SQL inserts (code that forgot the service): the budget line and the workshop's funds hold
in every round. Two controls show the tests can fail: without lock nor the database's limits,
and raw inserts checked by a line limit that counts without locking the workshop first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm_test \\
        .venv/bin/pytest tests/funding/test_overcommitting_repeated.py
"""

from __future__ import annotations

import contextlib
import time
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from funding.errors import FundingError
from funding.models.budgets import BudgetLine, Category
from funding.models.commitments import Commitment
from funding.models.pledges import Pledge
from funding.services import commitments, ledger
from tests.concurrent_claims import (
    CLAIMS,
    DATABASE_ALONE_ROUNDS,
    ROUNDS,
    claim_at_once,
    limits_counting_without_lock,
    needs_postgresql,
    triggers_disabled,
    without_row_locks,
)
from tests.funding.factories import PledgeFactory, budget
from tests.workshops.factories import WorkshopFactory
from workshops.models import Workshop

pytestmark = needs_postgresql

TRAVEL = Category.PARTICIPANT_TRAVEL
MIGRATION = "funding.migrations.0004_funds_ledger"
CLAIM = D("1000.00")
FUNDS = D("7000.00")
# Odd rounds: a line of 100 000, the funds (7 000) bind; even rounds: a line of 5 000 binds.
LINE_BY_ROUND = (D("100000.00"), D("5000.00"))


@pytest.fixture
def workshop():
    workshop = WorkshopFactory()
    budget(workshop, participant_travel=LINE_BY_ROUND[0])
    PledgeFactory(workshop=workshop, amount=FUNDS, status=Pledge.Status.COMMITTED)
    ledger.refresh(programme_ids=[workshop.programme_id])  # the ceiling raw inserts meet
    return workshop


def _committed(workshop) -> D:
    return sum(
        Commitment.objects.filter(workshop=workshop, released_at__isnull=True).values_list(
            "amount", flat=True
        ),
        D("0.00"),
    )


def _reset(workshop, line: D) -> None:
    Commitment.objects.filter(workshop=workshop, released_at__isnull=True).update(
        released_at=timezone.now()
    )
    BudgetLine.objects.filter(budget__workshop=workshop, category=TRAVEL).update(amount=line)


def _by_service(workshop):
    def claim():
        return commitments.commit_funds(
            workshop=Workshop(pk=workshop.pk), category=TRAVEL, amount=CLAIM, reference="trip"
        )

    return claim


def _raw_insert(workshop):
    """Code that forgot the service: an INSERT, then more work before its commit."""

    def claim():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO funding_commitment "
                "(workshop_id, category, amount, reference, created_at, released_at) "
                "VALUES (%s, %s, %s, 'raw', now(), NULL)",
                [workshop.pk, TRAVEL, CLAIM],
            )
            time.sleep(0.002)

    return claim


def _round(workshop, number: int, make_claim) -> tuple[D, D, int]:
    line = LINE_BY_ROUND[number % 2]
    _reset(workshop, line)
    outcome = claim_at_once(
        [make_claim(workshop) for _ in range(CLAIMS)], refusals=(FundingError, IntegrityError)
    )
    assert outcome.errors == []
    return line, _committed(workshop), len(outcome.refused)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "how", ["commit_funds", "commit_funds without its lock", "raw SQL inserts"]
)
def test_500_commitments_at_once_twenty_times_stay_within_the_line_and_the_funds(workshop, how):
    make_claim = _raw_insert if how == "raw SQL inserts" else _by_service
    unlocked = how == "commit_funds without its lock"
    rounds = ROUNDS if how == "commit_funds" else DATABASE_ALONE_ROUNDS
    with without_row_locks() if unlocked else contextlib.nullcontext():
        for number in range(rounds):
            line, committed, refused = _round(workshop, number, make_claim)
            expected = min(line, FUNDS)
            assert committed == expected, f"round {number + 1}: {committed} of {expected}"
            assert refused == CLAIMS - expected / CLAIM, f"round {number + 1}"


@pytest.mark.django_db(transaction=True)
def test_control_without_lock_nor_limits_the_same_commitments_pass_the_funds(workshop):
    seen, overcommitted = [], False
    with (
        without_row_locks(),
        triggers_disabled(
            ("funding_commitment", "commitment_within_line"),
            ("funding_commitment", "commitment_ledger"),
        ),
    ):
        for number in range(ROUNDS):
            line, committed, _ = _round(workshop, number, _by_service)
            seen.append(committed)
            if committed > min(line, FUNDS):
                overcommitted = True
                break
    assert overcommitted, f"committed per round: {seen}"


@pytest.mark.django_db(transaction=True)
def test_control_a_line_limit_that_sums_without_locking_the_workshop_passes_the_line(
    workshop,
):
    seen = []
    with limits_counting_without_lock(MIGRATION):
        for _ in range(ROUNDS):
            line, committed, _ = _round(workshop, 1, _raw_insert)  # the line of 5 000 binds
            seen.append(committed)
            if committed > line:
                break
    assert seen[-1] > LINE_BY_ROUND[1], f"committed per round: {seen}"
