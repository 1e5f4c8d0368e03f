"""Registration and invitation e-mails go through the one background queue (the outbox):
a broker that is down never holds a request, the sweep sends what it left pending, and a task
that runs twice sends one e-mail.

The real-Redis test needs REDIS_URL (its own database number, e.g. redis://127.0.0.1:6379/11)."""

import json
import os
import time
from datetime import timedelta

import pytest
import redis
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from idm_portal.celery import app as celery_app
from idm_portal.models import OutboundEmail
from idm_portal.queue import outbox
from idm_portal.tasks import send_outbound_email, sweep_outbound_emails
from registrations.models.emails import RegistrationEmail
from registrations.services import invitations
from tests.idm_portal.dead_services import broker, closed_port, dead_broker
from tests.registrations.focal_point_factories import invitation_path, invited_profile

REDIS_URL = os.environ.get("REDIS_URL", "")
Status = OutboundEmail.Status


def register_through_the_page(client, delegate, workshop, capture):
    client.force_login(delegate.user)
    started = time.monotonic()
    with capture(execute=True):
        response = client.post(
            reverse("registrations:register", args=[workshop.slug]),
            {"role": "delegate", "submission": "t1"},
        )
    return response, time.monotonic() - started


def test_with_the_broker_down_registering_answers_at_once_and_the_sweep_sends_the_email_once(
    client, delegate, workshop, django_capture_on_commit_callbacks
):
    with dead_broker():
        response, elapsed = register_through_the_page(
            client, delegate, workshop, django_capture_on_commit_callbacks
        )
        assert sweep_outbound_emails.apply().get() == 0  # still down: nothing sent, no error

    assert response.status_code == 302
    assert elapsed < 5, f"registering took {elapsed:.1f} s with the broker down"
    owed = RegistrationEmail.objects.select_related("outbound_email").get()
    assert owed.kind == RegistrationEmail.Kind.RECEIVED
    assert (owed.status, owed.outbound_email.due_at) == (Status.PENDING, None)
    assert owed.outbound_email.language == delegate.user.preferred_language
    assert mail.outbox == []

    # The broker is back (in-process here): the next sweep, a while later, sends it.
    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert sweep_outbound_emails.apply().get() == 1
    (message,) = mail.outbox
    assert message.to == [delegate.user.email]
    assert f"Registration received: {workshop.title}" in message.subject
    # The same message delivered twice, and another sweep: still one e-mail.
    assert send_outbound_email.apply(args=(owed.outbound_email_id,)).get() == "skipped"
    assert sweep_outbound_emails.apply().get() == 0
    assert len(mail.outbox) == 1
    owed.refresh_from_db()
    assert owed.status == Status.SENT


@pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis: set REDIS_URL")
def test_with_a_real_broker_back_the_sweep_queues_the_email_and_two_runs_send_it_once(
    client, delegate, workshop, django_capture_on_commit_callbacks
):

    queue_name = "idm-test-registration-emails"
    redis_client = redis.Redis.from_url(REDIS_URL)
    redis_client.delete(queue_name)
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue_name
    try:
        with broker(f"redis://127.0.0.1:{closed_port()}/0"):
            response, elapsed = register_through_the_page(
                client, delegate, workshop, django_capture_on_commit_callbacks
            )
        assert response.status_code == 302
        assert elapsed < 5, f"registering took {elapsed:.1f} s with the broker down"
        owed = RegistrationEmail.objects.get()
        assert owed.status == Status.PENDING
        assert redis_client.llen(queue_name) == 0

        with broker(REDIS_URL):
            assert outbox.sweep(pending_after=timedelta(0)) == 1
            assert outbox.sweep() == 0  # just sent: not sent again
        (raw,) = redis_client.lrange(queue_name, 0, -1)
        message = json.loads(raw)
        assert message["headers"]["task"] == "idm_portal.tasks.send_outbound_email"
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        redis_client.delete(queue_name)

    # A worker runs the message, and runs it again (redelivered): one e-mail.
    assert message["headers"]["argsrepr"] == f"({owed.outbound_email_id},)"
    assert send_outbound_email.apply(args=(owed.outbound_email_id,)).get() == "sent"
    assert send_outbound_email.apply(args=(owed.outbound_email_id,)).get() == "skipped"
    assert [m.to for m in mail.outbox] == [[delegate.user.email]]


# --- invitations ----------------------------------------------------------------------------


def invite_without_sending(focal_point, workshop, capture, **profile):
    with capture(execute=False):
        return invitations.invite_delegate(
            by=focal_point,
            email="wanjiru@example.org",
            workshop=workshop,
            role="adviser",
            profile=invited_profile(**profile),
        )


def test_a_renewed_invitation_still_waiting_is_sent_once_with_the_latest_details_and_link(
    focal_point, workshop, django_capture_on_commit_callbacks
):
    invite_without_sending(focal_point, workshop, django_capture_on_commit_callbacks)
    invitation = invite_without_sending(
        focal_point, workshop, django_capture_on_commit_callbacks, family_name="Kamau"
    )
    assert outbox.sweep(pending_after=timedelta(0)) == 1

    (message,) = mail.outbox
    assert "Dear Dr Kamau" in message.body
    path = invitation_path(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert invitation.token_hash == invitations.token_hash(token)
    # Once sent, the link is nowhere in the database: only its hash, on the invitation.
    assert token not in str(list(OutboundEmail.objects.values()))
    assert RegistrationEmail.objects.get().status == Status.SENT


def test_an_invitation_withdrawn_before_its_email_went_is_never_sent(
    focal_point, workshop, django_capture_on_commit_callbacks
):
    invitation = invite_without_sending(focal_point, workshop, django_capture_on_commit_callbacks)
    invitations.withdraw_invitation(invitation=invitation, by=focal_point)

    assert outbox.sweep(pending_after=timedelta(0)) == 0
    assert (
        send_outbound_email.apply(args=(RegistrationEmail.objects.get().outbound_email_id,)).get()
        == "skipped"
    )
    assert mail.outbox == []
    assert RegistrationEmail.objects.get().status == Status.CANCELLED
