"""A change of pledges or budgets and a commitment at the same moment, on PostgreSQL: they run
one after the other. A commitment never counts a pledge that was cancelled before it was
recorded, the funds ceiling the database checks is never left at a stale figure, and a budget
change beside a pledge change never deadlocks (every writer takes the programme's workshops in
the same order).

Each test pauses one transaction at the moment the race needs and lets the other run: with
the locks, the other waits; without them it went through."""

from __future__ import annotations

import threading
import time
from decimal import Decimal as D

import pytest
from django.db import connection

from funding.errors import FundingError
from funding.models.budgets import Category
from funding.models.ledger import FundsLedger
from funding.models.pledges import Pledge
from funding.selectors import commitments as commitments_selectors
from funding.selectors import coverage
from funding.services import budgets, commitments, ledger, pledges
from tests.concurrent_claims import needs_postgresql
from tests.funding.factories import PledgeFactory, budget
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = [*needs_postgresql, pytest.mark.django_db(transaction=True)]

TRAVEL = Category.PARTICIPANT_TRAVEL
# How long the paused transaction waits for the other one to finish before going on: with
# the locks, the other one cannot finish meanwhile.
PAUSE = 2.0


class Paused:
    """Wraps `function` of `module` so that, in the thread named `thread`, it calls through,
    then says so (`reached`) and waits for `go_on` (at most PAUSE seconds)."""

    def __init__(self, module, name: str, thread: str) -> None:
        self.module, self.name, self.thread = module, name, thread
        self.original = getattr(module, name)
        self.reached, self.go_on = threading.Event(), threading.Event()

    def __enter__(self):
        def paused(*args, **kwargs):
            result = self.original(*args, **kwargs)
            if threading.current_thread().name == self.thread:
                self.reached.set()
                self.go_on.wait(PAUSE)
            return result

        setattr(self.module, self.name, paused)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)


def race(module, name: str, first: tuple, second: tuple) -> tuple[dict, dict]:
    """Run `first` = (thread name, work) until it has called `module.name`, pause it there,
    run `second` meanwhile (for up to PAUSE seconds), then let both finish. Returns when each
    finished (monotonic seconds) and what each raised, by thread name."""
    finished, errors = {}, {}

    def start(thread_name: str, work) -> threading.Thread:
        def target():
            try:
                work()
                finished[thread_name] = time.monotonic()
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors[thread_name] = error
            finally:
                connection.close()

        thread = threading.Thread(target=target, name=thread_name)
        thread.start()
        return thread

    with Paused(module, name, first[0]) as pause:
        paused = start(*first)
        assert pause.reached.wait(10)
        other = start(*second)
        other.join(PAUSE + 0.5)
        pause.go_on.set()
        paused.join(30)
        other.join(30)
    return finished, errors


def test_a_pledge_cancelled_while_a_commitment_is_made_is_not_counted_by_it():
    workshop = WorkshopFactory()
    budget(workshop, participant_travel=D("100000.00"))
    pledge = PledgeFactory(workshop=workshop, amount=D("5000.00"), status=Pledge.Status.COMMITTED)
    ledger.refresh(programme_ids=[workshop.programme_id])

    def commit():
        commitments.commit_funds(
            workshop=workshop, category=TRAVEL, amount=D("4000.00"), reference="Sponsorship 1"
        )

    def cancel():
        pledges.cancel_pledge(pledge=pledge)

    # The commitment has read the workshop's funds (the pledge still counted) and waits; the
    # cancel runs meanwhile.
    finished, errors = race(coverage, "workshop_coverage", ("commit", commit), ("cancel", cancel))

    assert errors == {}
    # The cancel waited for the commitment: the commitment was recorded while the pledge still
    # counted, and the cancel came after (a commitment stays valid when funds fall later).
    assert finished["cancel"] > finished["commit"], (
        "the commitment was recorded after the pledge it counted was cancelled"
    )
    # The database's ceiling is today's funds (none) or what is committed, never the 5 000
    # the commitment read before the cancel.
    assert coverage.workshop_coverage(workshop).funds == D("0.00")
    assert FundsLedger.objects.get(workshop=workshop).funds == D("4000.00")
    # And no more money goes out of the workshop.
    with pytest.raises(FundingError):
        commitments.commit_funds(
            workshop=workshop, category=TRAVEL, amount=D("1.00"), reference="Sponsorship 2"
        )


def test_a_budget_change_beside_a_pledge_change_of_the_programme_does_not_deadlock():
    programme = ProgrammeFactory()
    first, second = (WorkshopFactory(programme=programme) for _ in range(2))
    assert first.pk < second.pk
    budget(first, participant_travel=D("10000.00"))
    lines = budget(second, participant_travel=D("10000.00"))
    pledge = PledgeFactory(programme=programme, amount=D("8000.00"))  # unearmarked: both share
    ledger.refresh(programme_ids=[programme.pk])

    def set_lines():
        budgets.set_lines(budget=lines, amounts={TRAVEL: D("12000.00")})

    def revise():
        pledges.revise_pledge(pledge=pledge, amount=D("9000.00"), currency="USD")

    # The budget change of the second workshop has taken its locks and waits; the pledge
    # change of the programme runs meanwhile and must wait for it, not take the first
    # workshop's row and then wait for the second's.
    finished, errors = race(
        commitments_selectors, "committed_by_category", ("budget", set_lines), ("pledge", revise)
    )

    assert errors == {}, errors
    assert finished["pledge"] > finished["budget"]
    pledge.refresh_from_db()
    assert pledge.amount == D("9000.00")
