"""Celery entry points of registrations: load by id, call one function, return. Their e-mails
are the outbox's (idm_portal.tasks.send_outbound_email, swept by sweep_outbound_emails)."""

from celery import shared_task

from registrations.services import lifecycle, profiles


@shared_task
def expire_seat_offers() -> int:
    """Periodic: lapse seat offers whose deadline passed and offer the seats to the next."""
    return lifecycle.expire_offers()


@shared_task
def erase_expired_passport_details() -> int:
    """Daily: erase passport details that no workshop needs any more (DESIGN.md)."""
    return profiles.erase_expired_passport_details()
