"""Reminders of overdue pledges: a committed pledge not paid in full by its due date gets one
e-mail to each of its donor's contacts, in the contact's language, through the outbox.

Once per pledge and due date: the reminder's row (PledgeReminder, unique on both) is written
in the transaction that queues the e-mails, under the pledge's row lock, after checking that
no reminder exists; a second run (the beat task runs daily, a task may run twice) finds the
row and sends nothing. A pledge whose due date moves gets a reminder for the new date.
A bare, paid or cancelled pledge is never reminded (only committed money is owed).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from funding import display
from funding.models.pledges import Pledge
from funding.models.reminders import PledgeReminder
from funding.selectors import pledges as pledges_selectors
from idm_portal.queue import outbox
from workshops import dates

EMAIL_KIND = "funding/email/overdue_reminder"


def _language_of(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in codes else "en"


def _render(pledge: Pledge, contact, language: str) -> dict:
    with translation.override(language):
        for_what = pledge.workshop.title if pledge.workshop_id else gettext("the whole programme")
        context = {
            "contact": contact,
            "donor_name": pledge.donor.display_name,
            "amount": display.money(pledge.amount, pledge.currency),
            "outstanding": display.money(pledge.amount - pledge.paid_amount, pledge.currency),
            "due_date": pledge.due_date,
            "year": pledge.programme.year,
            "for_what": for_what,
            "dashboard_url": settings.PORTAL_BASE_URL.rstrip("/")
            + reverse("funding:pledge", kwargs={"pk": pledge.pk}),
        }
        subject = gettext("[IDM] Your pledge to IDM %(year)s is overdue") % {
            "year": pledge.programme.year
        }
        text = render_to_string("funding/email/overdue_reminder.txt", context)
    return {"to": contact.email, "subject": subject, "text": text, "language": language}


@transaction.atomic
def remind(*, pledge_id: int, today: datetime.date | None = None) -> int:
    """Queue the reminders of one overdue pledge; the number of e-mails queued (0 when it is
    not overdue, or was already reminded for this due date)."""
    today = today or dates.today()
    locked = Pledge.objects.select_for_update().filter(pk=pledge_id).first()
    if locked is None or not locked.is_overdue(today):
        return 0
    if PledgeReminder.objects.filter(pledge_id=pledge_id, due_date=locked.due_date).exists():
        return 0
    pledge = (
        pledges_selectors.with_paid(Pledge.objects.filter(pk=pledge_id))
        .select_related("donor", "programme", "workshop")
        .get()
    )
    contacts = list(pledge.donor.contacts.filter(is_active=True).order_by("pk"))
    for contact in contacts:
        outbox.queue_email(**_render(pledge, contact, _language_of(contact)), kind=EMAIL_KIND)
    reminder = PledgeReminder(pledge=pledge, due_date=pledge.due_date, recipients=len(contacts))
    reminder.full_clean()
    reminder.save()
    return len(contacts)


def remind_overdue(*, today: datetime.date | None = None) -> int:
    """Daily (Celery beat): remind every overdue pledge not yet reminded for its due date, each
    in its own transaction. The number of e-mails queued."""
    today = today or dates.today()
    overdue = (
        pledges_selectors.overdue_pledges(today)
        .exclude(reminders__due_date=F("due_date"))
        .values_list("pk", flat=True)
    )
    return sum(remind(pledge_id=pk, today=today) for pk in list(overdue))
