"""The outbox (idm_portal.queue.outbox): e-mails leave through a queue, once, and none is lost."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from idm_portal.models import OutboundEmail
from idm_portal.queue import outbox
from idm_portal.tasks import send_outbound_email, sweep_outbound_emails
from tests.idm_portal.dead_services import closed_port, dead_broker

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


@pytest.fixture
def smtp_down(settings):
    """A real SMTP backend aimed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2


def owe(django_capture_on_commit_callbacks, **kwargs) -> OutboundEmail:
    """Queue an e-mail without letting the commit enqueue it."""
    fields = {"to": "dina@example.org", "subject": "Hello", "text": "Text", "html": "<p>Text</p>"}
    fields.update(kwargs)
    with django_capture_on_commit_callbacks(execute=False):
        return outbox.queue_email(**fields)


def test_a_queued_email_is_sent_after_commit_with_both_bodies(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        email = outbox.queue_email(
            to="dina@example.org",
            subject="Bonjour",
            text="Texte",
            html="<p>Texte</p>",
            language="fr",
            kind="test/hello",
        )
    assert mail.outbox == []
    assert len(queued) == 1
    queued[0]()
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (["dina@example.org"], "Bonjour", "Texte")
    assert message.alternatives[0].content == "<p>Texte</p>"
    assert message.extra_headers["Content-Language"] == "fr"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)
    assert email.sent_at is not None


def test_a_task_that_runs_twice_sends_once(django_capture_on_commit_callbacks):
    email = owe(django_capture_on_commit_callbacks)
    assert send_outbound_email.delay(email.pk).get() == "sent"
    assert send_outbound_email.delay(email.pk).get() == "skipped"
    assert len(mail.outbox) == 1


def test_smtp_down_puts_the_email_back_with_a_backoff_and_a_later_try_sends_it(
    django_capture_on_commit_callbacks, smtp_down, settings
):
    email = owe(django_capture_on_commit_callbacks)
    with pytest.raises(outbox.TransientEmailError):
        outbox.send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.PENDING, 1)
    assert "Connection" in email.error
    assert email.due_at > timezone.now() + timedelta(seconds=20)  # retried in 30 s, not at once

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send(email_id=email.pk) == "sent"
    assert len(mail.outbox) == 1


def test_an_email_that_keeps_failing_ends_failed(django_capture_on_commit_callbacks, smtp_down):
    email = owe(django_capture_on_commit_callbacks)
    for _attempt in range(outbox.MAX_ATTEMPTS - 1):
        with pytest.raises(outbox.TransientEmailError):
            outbox.send(email_id=email.pk)
    assert outbox.send(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, outbox.MAX_ATTEMPTS)
    assert "Gave up" in email.error


def test_in_process_a_failing_smtp_never_breaks_the_request(
    django_capture_on_commit_callbacks, smtp_down
):
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(to="dina@example.org", subject="Hello", text="Text")
    email.refresh_from_db()
    assert email.status == Status.PENDING  # left for the sweep


def test_the_sweep_sends_what_was_left_pending_and_what_a_dead_worker_left_sending(
    django_capture_on_commit_callbacks,
):
    long_ago = timezone.now() - timedelta(hours=1)
    left_pending = owe(django_capture_on_commit_callbacks, to="pending@example.org")
    left_sending = owe(django_capture_on_commit_callbacks, to="sending@example.org")
    just_queued = owe(django_capture_on_commit_callbacks, to="fresh@example.org")
    OutboundEmail.objects.filter(pk=left_pending.pk).update(created_at=long_ago)
    OutboundEmail.objects.filter(pk=left_sending.pk).update(
        created_at=long_ago, status=Status.SENDING, claimed_at=long_ago, attempts=1
    )
    OutboundEmail.objects.filter(pk=just_queued.pk).update(due_at=timezone.now())

    assert sweep_outbound_emails.delay().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["pending@example.org", "sending@example.org"]
    just_queued.refresh_from_db()
    assert just_queued.status == Status.PENDING  # its own task is still on its way


def test_with_the_broker_down_queueing_is_quick_and_the_sweep_sends_it_later(
    django_capture_on_commit_callbacks,
):
    with dead_broker():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            email = outbox.queue_email(to="dina@example.org", subject="Hello", text="Text")
        assert time.monotonic() - started < 5
    email.refresh_from_db()
    assert (email.status, email.due_at) == (Status.PENDING, None)
    assert mail.outbox == []

    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert outbox.sweep() == 1
    assert [m.to for m in mail.outbox] == [["dina@example.org"]]


def test_an_email_the_broker_never_got_is_swept_seconds_later_not_minutes(
    django_capture_on_commit_callbacks,
):
    """So that what was owed while Redis was down goes out within a minute of its return
    (the whole drill: test_redis_stopped.py)."""
    with dead_broker(), django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(to="dina@example.org", subject="Hello", text="Text")
    assert outbox.sweep() == 0  # its own request may still be sending it
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timedelta(seconds=11)
    )
    assert outbox.sweep() == 1
    assert [m.to for m in mail.outbox] == [["dina@example.org"]]
    # One already handed to the broker is left to its message for longer.
    sent = owe(django_capture_on_commit_callbacks, to="queued@example.org")
    OutboundEmail.objects.filter(pk=sent.pk).update(
        created_at=timezone.now() - timedelta(seconds=30), due_at=timezone.now()
    )
    assert outbox.sweep() == 0
