"""The one background queue (idm_portal.queue) that generated files and every e-mail use."""

import time

import pytest

from idm_portal import queue
from idm_portal.queue import outbox
from idm_portal.tasks import send_outbound_email
from tests.idm_portal.dead_services import dead_broker

pytestmark = pytest.mark.django_db


def test_an_unreachable_broker_is_reported_within_seconds_not_raised():
    with dead_broker():
        started = time.monotonic()
        assert queue.send(send_outbound_email, 1, what="outbound e-mail") is False
        assert time.monotonic() - started < 5


def test_an_error_that_is_not_the_brokers_is_not_taken_for_a_broker_outage(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Only the broker's connection errors leave a row for the sweep; a bug is raised, not
    logged as "broker down" and retried for ever."""
    with django_capture_on_commit_callbacks(execute=False):
        email = outbox.queue_email(to="dina@example.org", subject="Hello", text="Text")

    def broken(**kwargs):
        raise RuntimeError("a bug in sending")

    monkeypatch.setattr(outbox, "send", broken)
    with pytest.raises(RuntimeError):
        outbox.enqueue(email.pk)


def test_retries_back_off_exponentially_up_to_a_cap():
    waits = [queue.backoff(attempt, base=10, cap=300) for attempt in range(7)]
    assert waits == [10, 20, 40, 80, 160, 300, 300]
    assert [outbox.backoff_seconds(n) for n in (1, 2, 3, 6, 9)] == [30, 60, 120, 600, 600]
