"""Celery entry points of funding: call one service, return. Their e-mails are the outbox's."""

from celery import shared_task

from funding.services import reminders


@shared_task
def remind_overdue_pledges() -> int:
    """Daily: one reminder per overdue pledge and due date to its donor's contacts."""
    return reminders.remind_overdue()
