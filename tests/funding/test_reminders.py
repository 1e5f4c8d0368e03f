"""Reminders of overdue pledges: a committed pledge not paid in full by its due date gets one
e-mail to each contact of its donor, in the contact's language, through the outbox; once per
pledge and due date, however often the daily task runs."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings

from funding import tasks
from funding.models.pledges import Pledge
from funding.services import reminders
from idm_portal.models import OutboundEmail
from tests.funding.factories import PaymentFactory, PledgeFactory
from tests.funding.pages import donor_with_contact
from tests.idm_portal.factories import UserFactory
from workshops import dates

pytestmark = pytest.mark.django_db

DUE = datetime.date(2009, 3, 1)
AFTER = datetime.date(2009, 3, 2)


def overdue_pledge(**fields):
    donor, contact = donor_with_contact()
    pledge = PledgeFactory(
        donor=donor,
        amount=D("40000.00"),
        currency="CHF",
        rate_to_usd=D("0.875"),
        due_date=DUE,
        **fields,
    )
    return pledge, contact


def reminders_sent():
    return OutboundEmail.objects.filter(kind=reminders.EMAIL_KIND)


def test_an_overdue_committed_pledge_is_reminded_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    pledge, contact = overdue_pledge()
    PaymentFactory(pledge=pledge, amount=D("10000.00"))
    with dates.as_of(AFTER), django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_overdue_pledges.delay().get() == 1
        assert tasks.remind_overdue_pledges.delay().get() == 0  # run again: nothing more
    assert reminders_sent().get().status == OutboundEmail.Status.SENT
    [email] = mailoutbox
    assert email.to == [contact.email]
    assert "overdue" in email.subject
    assert "40,000.00\xa0CHF" in email.body and "30,000.00\xa0CHF" in email.body
    assert "1 March 2009" in email.body
    assert f"/en/donor/pledges/{pledge.pk}/" in email.body


def test_each_contact_gets_it_in_their_own_language():
    pledge, english = overdue_pledge()
    french = UserFactory(preferred_language="fr")
    pledge.donor.contacts.add(french)
    with dates.as_of(AFTER):
        assert reminders.remind_overdue() == 2
    by_address = {e.to: e for e in reminders_sent()}
    assert by_address[french.email].language == "fr"
    assert "40\xa0000,00\xa0CHF" in by_address[french.email].text
    assert "1 mars 2009" in by_address[french.email].text
    assert "/fr/donor/" in by_address[french.email].text
    assert by_address[english.email].language == "en"


@pytest.mark.parametrize(
    "status", [Pledge.Status.PLEDGED, Pledge.Status.PAID, Pledge.Status.CANCELLED]
)
def test_only_committed_pledges_are_reminded(status):
    overdue_pledge(status=status)
    with dates.as_of(AFTER):
        assert reminders.remind_overdue() == 0
    assert not reminders_sent().exists()


def test_a_pledge_not_yet_due_is_not_reminded():
    overdue_pledge()
    with dates.as_of(DUE):  # due today: not yet overdue
        assert reminders.remind_overdue() == 0


def test_a_new_due_date_gets_a_reminder_of_its_own():
    pledge, _contact = overdue_pledge()
    with dates.as_of(AFTER):
        reminders.remind_overdue()
    Pledge.objects.filter(pk=pledge.pk).update(due_date=datetime.date(2009, 4, 1))
    with dates.as_of(datetime.date(2009, 4, 2)):
        assert reminders.remind_overdue() == 1
        assert reminders.remind_overdue() == 0
    assert reminders_sent().count() == 2


def test_the_reminder_task_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["funding-remind-overdue-pledges"]
    assert entry["task"] == "funding.tasks.remind_overdue_pledges"
