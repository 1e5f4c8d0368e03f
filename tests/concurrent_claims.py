"""What the repeated overbooking tests share: many claims at once, a service without its lock,
the database's limits switched off or made to count without their lock (the controls).

PostgreSQL here takes 100 connections, shared by every test run on the machine, so the 500
claims of a round are shared by a pool of THREADS threads, one connection each, that start
together behind a barrier and take claims from one queue until it is empty: at any moment
THREADS claims are in flight, and all 500 are made within the round.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

THREADS = 40
CLAIMS = 500
ROUNDS = int(os.environ.get("OVERBOOKING_ROUNDS", "20"))  # fewer only for a quick look
# The same claims with the services' locks taken away, to show the database's limits hold on
# their own: a few rounds are enough for that (the 20 rounds prove the services with their lock,
# and the suite's time is shared by everything else).
DATABASE_ALONE_ROUNDS = min(ROUNDS, 3)

needs_postgresql = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL row locks and triggers: set DATABASE_URL=postgres://... to run it",
    ),
]


@dataclass
class Outcome:
    done: list = field(default_factory=list)  # what each successful claim returned
    refused: list[Exception] = field(default_factory=list)  # the refusals expected
    errors: list[BaseException] = field(default_factory=list)  # anything else: a bug


def claim_at_once(
    claims: list[Callable[[], object]], *, refusals: tuple[type[Exception], ...] = ()
) -> Outcome:
    """Run every claim, THREADS at a time, all threads released together."""
    work: queue.Queue[Callable[[], object]] = queue.Queue()
    for claim in claims:
        work.put(claim)
    threads = min(THREADS, len(claims))
    barrier = threading.Barrier(threads)
    outcome = Outcome()

    def worker() -> None:
        try:
            connection.ensure_connection()  # connect before the barrier: claims start together
            barrier.wait(timeout=120)
            while True:
                try:
                    claim = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcome.done.append(claim())
                except refusals as refusal:
                    outcome.refused.append(refusal)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcome.errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=600)
    return outcome


@contextlib.contextmanager
def without_row_locks() -> Iterator[None]:
    """The same services, with every select_for_update() a plain read: code that forgot its
    lock. For this process's threads only (the test's own process)."""
    original = QuerySet.select_for_update
    QuerySet.select_for_update = lambda self, *args, **kwargs: self  # type: ignore[method-assign]
    try:
        yield
    finally:
        QuerySet.select_for_update = original  # type: ignore[method-assign]


@contextlib.contextmanager
def triggers_disabled(*table_triggers: tuple[str, str]) -> Iterator[None]:
    """ALTER TABLE ... DISABLE TRIGGER for the block: the database without its limits."""
    with connection.cursor() as cursor:
        for table, trigger in table_triggers:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table, trigger in table_triggers:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


@contextlib.contextmanager
def limits_counting_without_lock(migration: str) -> Iterator[None]:
    """The migration's trigger functions as they are, less the statement that locks the
    workshop's row before counting: the count alone, under READ COMMITTED."""
    module = importlib.import_module(migration)
    functions = [text for name, text in vars(module).items() if name.endswith("FUNCTIONS")]
    functions += [text for name, text in vars(module).items() if name.endswith("_FUNCTION")]
    with connection.cursor() as cursor:
        for text in functions:
            cursor.execute(text.replace("-- lock --", ""), None)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for text in functions:
                cursor.execute(text.replace("-- lock --", module.LOCK_WORKSHOP), None)
