"""Celery entry points of registrations: load by id, call one function, return."""

import datetime

from celery import shared_task
from django.utils import timezone

from registrations import emails, profiles, services
from registrations.models import RegistrationEmail


@shared_task(
    bind=True,
    autoretry_for=(OSError,),  # SMTP down, DNS, timeouts: retried; a bad template is not
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def send_registration_email(self, email_pk: int) -> bool:
    return emails.send_registration_email(email_pk=email_pk)


@shared_task
def expire_seat_offers() -> int:
    """Periodic: lapse seat offers whose deadline passed and offer the seats to the next."""
    return services.expire_offers()


@shared_task
def resend_pending_emails(older_than_minutes: int = 10) -> int:
    """Periodic: re-enqueue e-mails left pending (a broker that was down loses nothing)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    pks = list(
        RegistrationEmail.objects.filter(
            status=RegistrationEmail.Status.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    for pk in pks:
        services.enqueue_email(email_pk=pk)
    return len(pks)


@shared_task
def erase_expired_passport_details() -> int:
    """Daily: erase passport details that no workshop needs any more (DESIGN.md)."""
    return profiles.erase_expired_passport_details()
