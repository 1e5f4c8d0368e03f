"""The one background queue: how every piece of background work is owed, sent and swept.

Generated files (idm_portal.files.services) and every e-mail (idm_portal.queue.outbox, which
the apps' e-mails go through) are built on it; funding reminders and survey reports will be
too. A new
kind of background work takes five steps, each one of the helpers below:

1. **A row says what is owed.** A model with a state (`pending` first), the time it was asked
   for, and the time it was last handed to the broker (`queued_at`/`due_at`, empty at first).
   A service writes it in the transaction of the change that owes it (full_clean, its own
   `transaction.atomic`), with everything the task needs to do the work later (an e-mail is
   rendered then, in the recipient's language).
2. **Enqueue on commit, bounded.** ``on_commit(task, pk, after=mark_queued)``: after the commit,
   `send()` hands the primary key to Celery, waiting on the broker at most the
   CELERY_BROKER_CONNECTION_TIMEOUT and CELERY_TASK_PUBLISH_RETRY_POLICY bounds, and catching
   only the broker's connection errors (`broker_errors()`): with the broker down the request
   answers at once and the row stays `pending`. Any other error is a bug and is raised.
3. **A thin task claims the row.** The task loads by id and calls one service, which takes the
   row with ``claim(Model.objects.filter(pk=pk, state=PENDING), state=RUNNING, …)``: one
   conditional UPDATE, so of two runs of the same message exactly one goes on ("skipped" for
   the other). Work that may outlive its worker keeps a lease (idm_portal.files.leases).
4. **Transient errors retry with backoff and a cap.** The service puts the row back to
   `pending` and raises; the task calls ``retry(self, exc, countdown=backoff(n, base=…,
   cap=…))``. The row counts its attempts and ends `failed` after a maximum. Errors that are
   a property of the input end `failed` at once. In-process (eager Celery, `make run`, tests)
   no retry ever blocks a request unless the kind asks for it (`run_again_in_process`).
5. **One sweep per kind.** A periodic task (listed in settings.CELERY_BEAT_SCHEDULE) hands
   back rows whose worker died, then calls ``resend(left_pending(rows, …), enqueue)``: rows
   still `pending` a while after they were asked for or last sent (a broker that was down:
   after NEVER_SENT_GRACE; a lost message, a retry whose message is gone: after the kind's
   longer wait) are sent again. Running the task twice is harmless (step 3), so the sweep may
   overlap with a slow message. A worker's last write once the work is done (sent, stored)
   goes through `on_a_new_connection`, so that a PostgreSQL restart then does not make the
   work done twice.

Test a new kind the way tests/idm_portal/test_queue.py does: with the broker unreachable
(tests/idm_portal/dead_services.py) the request returns at once and the row stays pending;
once the broker is back the sweep sends it; running the task twice does the work once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

T = TypeVar("T")

logger = logging.getLogger(__name__)

# Rows one sweep sends at most: the next sweep takes the rest.
SWEEP_BATCH = 500
# A row never handed to the broker (its `queued_at`/`due_at` still empty) this long after it
# was asked for will not be sent by its request: the on_commit send takes well under a second,
# or failed because the broker was down. The sweep sends it then, so that the queued work goes
# out one sweep period after the broker is back, not after the longer wait (`pending_after`)
# the sweep gives a row already sent, whose message may be waiting in the queue behind others.
# Sending one twice is harmless (the task claims its row).
NEVER_SENT_GRACE = timedelta(seconds=10)


def broker_errors() -> tuple[type[BaseException], ...]:
    """What publishing raises when the broker cannot be reached (refused, timed out, reset)."""
    return (KombuOperationalError, RedisError, ConnectionError, OSError)


def send(task, pk: int, *, what: str, queue: str | None = None) -> bool:
    """Hand `pk` to `task` through the broker; False (logged) when the broker is unreachable.
    Never blocks longer than the CELERY_* connection timeout and publish retry policy."""
    options = {"queue": queue} if queue else {}
    try:
        task.apply_async(
            (pk,),
            retry=True,
            retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
            **options,
        )
    except broker_errors():
        logger.warning(
            "Could not send %s %s to the broker; it stays pending for the sweep.",
            what,
            pk,
            exc_info=True,
        )
        return False
    return True


def on_commit(enqueue: Callable[[int], object], pk: int) -> None:
    """Call `enqueue(pk)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(pk))


def claim(rows: QuerySet, **changes) -> bool:
    """Take the row(s) of `rows` (filtered on the claimable state) with one conditional
    UPDATE; True when this caller won it. Two concurrent claims: exactly one wins."""
    return bool(rows.update(**changes))


def backoff(attempt: int, *, base: int, cap: int) -> int:
    """Seconds before retry number `attempt` (0 for the first): base, 2·base, 4·base … cap."""
    return min(cap, base * 2 ** max(0, attempt))


def retry(
    task,
    exc: BaseException,
    *,
    countdown: int,
    max_retries: int | None = None,
    run_again_in_process: bool = False,
    in_process_result=None,
):
    """Retry the running `task` in `countdown` seconds; its return value is what the task
    returns. On a worker, raises Celery's Retry (the message is sent again with the countdown).
    In-process (eager) nobody would run a later retry: with `run_again_in_process` it runs
    again at once (a retry is cheap there), otherwise it returns `in_process_result` and the row
    stays pending for the sweep, so that no retry waits inside a request."""
    if task.request.is_eager and not run_again_in_process:
        return in_process_result
    retried = task.retry(exc=exc, countdown=countdown, max_retries=max_retries, throw=False)
    if task.request.is_eager:
        return retried  # eager apply() runs the retry at once instead of raising into a request
    raise retried from exc


def on_a_new_connection(write: Callable[[], T], *, what: str, tries: int = 5) -> T:
    """Run `write` (an idempotent write a worker must not lose once its work is done: an
    e-mail sent, a file stored); when PostgreSQL dropped the connection (a restart, a
    failover), run it again on a new connection, for about ten seconds before giving up."""
    for attempt in range(tries):
        try:
            return write()
        except (OperationalError, InterfaceError):
            if attempt == tries - 1:
                raise
            logger.warning(
                "Could not record %s; trying again on a new database connection.",
                what,
                exc_info=True,
            )
            connection.close()  # the next query opens a new one
            time.sleep(min(4.0, 0.5 * 2**attempt))
    raise AssertionError("unreachable")  # pragma: no cover


def left_pending(
    rows: QuerySet,
    *,
    asked_field: str,
    sent_field: str,
    cutoff: datetime,
    never_sent_cutoff: datetime | None = None,
) -> QuerySet:
    """Of `rows` (already filtered on the pending state), those never sent and asked for before
    `never_sent_cutoff` (default `cutoff`), or last sent (or due) before `cutoff`; oldest
    first. A sweep gives never-sent rows only NEVER_SENT_GRACE (see there)."""
    asked_before = cutoff if never_sent_cutoff is None else never_sent_cutoff
    never_sent = Q(**{f"{sent_field}__isnull": True, f"{asked_field}__lte": asked_before})
    return rows.filter(never_sent | Q(**{f"{sent_field}__lte": cutoff})).order_by(asked_field)


def never_sent_cutoff(now: datetime, pending_after: timedelta) -> datetime:
    """Rows never handed to the broker and asked for before this are the sweep's at once."""
    return now - min(pending_after, NEVER_SENT_GRACE)


def resend(ids: Iterable[int], enqueue: Callable[[int], bool], *, what: str) -> int:
    """The sweep's sending: `enqueue` each id (one failing does not stop the others); return
    how many reached the broker."""
    ids = list(ids)
    sent = 0
    for pk in ids:
        try:
            sent += bool(enqueue(pk))
        except DatabaseError:  # pragma: no cover - logged, the next sweep tries again
            logger.exception("Sweep could not enqueue %s %s", what, pk)
    if ids:
        logger.info("Sweep re-enqueued %s of %s %s left pending.", sent, len(ids), what)
    return sent
