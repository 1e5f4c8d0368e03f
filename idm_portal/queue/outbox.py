"""The outbox: every e-mail the portal sends goes through here, never from inside a request.
It is one kind of work of the background queue (idm_portal.queue).

`queue_email()` (or `queue_message()` for a rendered EmailMessage) writes an OutboundEmail row
in state `pending`, in the caller's transaction, and enqueues the Celery task on commit.
Enqueueing is bounded in time and never raises: with the broker down the row stays `pending`
and the sweep sends it later. The task claims the row (`pending` -> `sending`) with a
conditional update, so a task that runs twice sends once; an SMTP failure puts the row back to
`pending` for a retry with backoff, until MAX_ATTEMPTS, then `failed`. A row left `sending`
by a worker that died is handed back to `pending` by the sweep (at worst, one duplicate).

allauth's e-mails use it (idm_portal.accounts.AccountAdapter.send_mail), and so do the
registrations' (registrations.services and its invitations): a service renders subject and
bodies under the recipient's language, inside the transaction of the change, calls
`queue_email()`, and may keep a link to the row to say which e-mail a change owed. An e-mail
not yet sent can be replaced (`replace_pending()`) or cancelled (`cancel()`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from idm_portal import queue
from idm_portal.models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status
MAX_ATTEMPTS = 6
# A worker that claimed a row this long ago and never finished it has died.
SENDING_STALE_AFTER = timedelta(minutes=15)


class TransientEmailError(Exception):
    """The e-mail could not be sent now (SMTP down, a timeout); the task retries it in
    `retry_in` seconds."""

    def __init__(self, message: str, *, retry_in: int) -> None:
        super().__init__(message)
        self.retry_in = retry_in


def backoff_seconds(attempts: int) -> int:
    """30 s, 60 s, 120 s … capped at 10 minutes."""
    return queue.backoff(attempts - 1, base=30, cap=600)


def queue_email(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    language: str = "",
    kind: str = "",
    from_email: str = "",
    attachments: list[dict[str, str]] | None = None,
) -> OutboundEmail:
    """Owe `to` an e-mail; it is handed to the workers once the transaction commits.
    `attachments`: text files, each {"filename", "content", "mimetype"}."""
    email = OutboundEmail(
        to=to,
        subject=" ".join(subject.splitlines())[:500],
        text=text,
        html=html,
        attachments=list(attachments or []),
        language=language,
        kind=kind[:100],
        from_email=from_email,
    )
    email.full_clean()
    # No savepoint: inside a caller's transaction a failed insert fails the whole change.
    with transaction.atomic(savepoint=False):
        email.save()
        queue.on_commit(lambda email_id: enqueue(email_id), email.pk)
    return email


def queue_message(
    message: EmailMessage, *, language: str = "", kind: str = ""
) -> list[OutboundEmail]:
    """Queue an already rendered message (one row per recipient)."""
    html = ""
    text = message.body
    if message.content_subtype == "html":
        html, text = message.body, ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    from_email = "" if message.from_email == settings.DEFAULT_FROM_EMAIL else message.from_email
    with transaction.atomic():
        return [
            queue_email(
                to=recipient,
                subject=message.subject,
                text=text,
                html=html,
                language=language,
                kind=kind,
                from_email=from_email,
            )
            for recipient in message.to
        ]


def enqueue(email_id: int) -> bool:
    """Hand the row to Celery. Never raises for a broker that is down and never blocks for long
    (idm_portal.queue.send): the row then stays `pending` for the sweep."""
    from idm_portal.tasks import send_outbound_email  # tasks imports this module: a cycle

    if not queue.send(send_outbound_email, email_id, what="outbound e-mail"):
        return False
    OutboundEmail.objects.filter(pk=email_id, status=Status.PENDING).update(due_at=timezone.now())
    return True


def replace_pending(
    *, email_id: int, subject: str, text: str, html: str = "", language: str = ""
) -> bool:
    """Give an e-mail not yet sent new contents (e.g. a renewed invitation's); False when it
    is no longer pending (a worker took it): then queue a new one. A conditional update, so a
    worker sends either the old contents or the new, never a mix."""
    return queue.claim(
        OutboundEmail.objects.filter(pk=email_id, status=Status.PENDING),
        subject=" ".join(subject.splitlines())[:500],
        text=text,
        html=html,
        language=language,
    )


def cancel(*, email_ids) -> int:
    """Never send these e-mails if they are still pending (what they said no longer holds);
    return how many were cancelled. An e-mail already sending or sent is left as it is."""
    return OutboundEmail.objects.filter(pk__in=list(email_ids), status=Status.PENDING).update(
        status=Status.CANCELLED, text="", html="", attachments=[], error=""
    )


def build_message(email: OutboundEmail) -> EmailMessage:
    headers = {"Content-Language": email.language} if email.language else None
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=email.from_email or None,
        to=[email.to],
        headers=headers,
    )
    if email.html and email.text:
        message.attach_alternative(email.html, "text/html")
    elif email.html:
        message.body = email.html
        message.content_subtype = "html"
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def send(*, email_id: int) -> str:
    """Send the row if it is pending; return "sent", "skipped" (not pending: another task has
    it or it was sent), "failed", or raise TransientEmailError for a retry."""
    now = timezone.now()
    claimed = queue.claim(
        OutboundEmail.objects.filter(pk=email_id, status=Status.PENDING),
        status=Status.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "skipped"
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        build_message(email).send()
    except OSError as exc:  # SMTP refused or down, DNS, timeouts (smtplib errors are OSErrors)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= MAX_ATTEMPTS:
            _fail(email_id, f"Gave up after {email.attempts} attempts. {error}")
            return "failed"
        retry_in = backoff_seconds(email.attempts)
        OutboundEmail.objects.filter(pk=email_id, status=Status.SENDING).update(
            status=Status.PENDING, error=error, due_at=now + timedelta(seconds=retry_in)
        )
        raise TransientEmailError(error, retry_in=retry_in) from exc
    except Exception as exc:  # noqa: BLE001 - a property of the message (a bad header): no retry
        logger.warning("Outbound e-mail %s failed: %s", email_id, exc)
        _fail(email_id, f"{type(exc).__name__}: {exc}")
        return "failed"
    _mark_sent(email_id)
    return "sent"


def _mark_sent(email_id: int) -> None:
    """The e-mail has left: record it even when PostgreSQL dropped the connection meanwhile,
    since a row left `sending` would be sent a second time by the sweep."""
    queue.on_a_new_connection(
        lambda: OutboundEmail.objects.filter(pk=email_id).update(
            status=Status.SENT, sent_at=timezone.now(), error="", text="", html="", attachments=[]
        ),
        what=f"outbound e-mail {email_id} as sent",
    )


def _fail(email_id: int, error: str) -> None:
    OutboundEmail.objects.filter(pk=email_id).update(status=Status.FAILED, error=error[:4000])


def sweep(*, pending_after: timedelta = timedelta(minutes=2)) -> int:
    """Re-enqueue rows left pending (a broker that was down, a lost message, a retry whose
    task is gone) and rows a dead worker left `sending`; return how many were enqueued."""
    now = timezone.now()
    OutboundEmail.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - SENDING_STALE_AFTER
    ).update(status=Status.PENDING, error="The worker sending it stopped.")
    ids = queue.left_pending(
        OutboundEmail.objects.filter(status=Status.PENDING),
        asked_field="created_at",
        sent_field="due_at",
        cutoff=now - pending_after,
        never_sent_cutoff=queue.never_sent_cutoff(now, pending_after),
    ).values_list("pk", flat=True)[: queue.SWEEP_BATCH]
    return queue.resend(ids, enqueue, what="outbound e-mails")
