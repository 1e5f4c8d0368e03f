"""Writes of pledges and payments: record, commit, revise, cancel a pledge; record a payment.

Locks: the pledge's row (select_for_update), taken before anything a change decides on is read
(its state, what was paid on it); then, through ledger.refresh, every workshop of the
programme, so that a commitment never counts a pledge changed under it. Refuses a change its
state does not allow (InvalidTransition), a payment before the pledge date (PaymentTooEarly) or
past the pledge's amount (Overpayment), a revision below what was received, and a payment on a
bare pledge (the agreement is signed first). A revision replaces the amount on the same row, so
the programme never counts both; the audit history (django-simple-history) keeps every earlier
amount.
Every amount in USD is made by funding.money.to_usd at the pledge's rate.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from funding.errors import FundingError, InvalidTransition, Overpayment, PaymentTooEarly
from funding.models.pledges import Payment, Pledge
from funding.money import ZERO, to_usd
from funding.selectors import pledges as pledges_selectors
from funding.services import ledger
from funding.services.common import save_checked

Status = Pledge.Status


def _lock(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().get(pk=pledge.pk)


def _money(amount: Decimal, currency: str) -> str:
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} {currency}"


@transaction.atomic
def record_pledge(
    *,
    donor,
    programme,
    amount: Decimal,
    currency: str,
    rate_to_usd: Decimal,
    pledge_date: datetime.date,
    workshop=None,
    due_date: datetime.date | None = None,
    agreement_reference: str = "",
    conditions: str = "",
    by=None,
) -> Pledge:
    """A new pledge, in state pledged (a bare pledge: shown, not yet counted)."""
    pledge = Pledge(
        donor=donor,
        programme=programme,
        workshop=workshop,
        amount=amount,
        currency=currency,
        rate_to_usd=rate_to_usd,
        pledge_date=pledge_date,
        due_date=due_date,
        agreement_reference=agreement_reference,
        conditions=conditions,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    if amount is not None and rate_to_usd is not None:
        pledge.amount_usd = to_usd(amount, rate_to_usd)
    save_checked(pledge, by=by)
    return pledge


@transaction.atomic
def change_pledge(*, pledge: Pledge, by=None, **details) -> Pledge:
    """Change what is not money: donor, earmarking, dates, agreement reference, conditions.
    The amount, currency and rate change only by :func:`revise_pledge`."""
    allowed = {
        "donor",
        "programme",
        "workshop",
        "pledge_date",
        "due_date",
        "agreement_reference",
        "conditions",
    }
    unknown = set(details) - allowed
    if unknown:
        raise TypeError(f"change_pledge() cannot change {sorted(unknown)}: use revise_pledge().")
    pledge = _lock(pledge)
    was_in = pledge.programme_id
    if pledge.status == Status.CANCELLED:
        raise InvalidTransition(gettext("A cancelled pledge cannot be changed."))
    for name, value in details.items():
        setattr(pledge, name, value)
    first_payment = pledge.payments.order_by("date").values_list("date", flat=True).first()
    if first_payment and pledge.pledge_date and first_payment < pledge.pledge_date:
        raise FundingError(
            gettext("A payment was received on %(date)s: the pledge date cannot come after it.")
            % {"date": date_format(first_payment)},
            field="pledge_date",
        )
    save_checked(pledge, by=by)
    ledger.refresh(programme_ids=[was_in, pledge.programme_id])
    return pledge


@transaction.atomic
def commit_pledge(*, pledge: Pledge, agreement_reference: str | None = None, by=None) -> Pledge:
    """Pledged → committed: the agreement is signed; from now on the money counts."""
    pledge = _lock(pledge)
    if pledge.status != Status.PLEDGED:
        raise InvalidTransition(
            gettext("Only a bare pledge can be committed; this one is %(status)s.")
            % {"status": pledge.get_status_display().lower()}
        )
    if agreement_reference is not None:
        pledge.agreement_reference = agreement_reference
    pledge.status = Status.COMMITTED
    save_checked(pledge, by=by)
    ledger.refresh(programme_ids=[pledge.programme_id])
    return pledge


@transaction.atomic
def cancel_pledge(*, pledge: Pledge, by=None) -> Pledge:
    """Pledged or committed → cancelled: it counts nowhere any more. A pledge on which money
    was received is not cancelled: revise its amount down to what was received instead."""
    pledge = _lock(pledge)
    if pledge.status not in (Status.PLEDGED, Status.COMMITTED):
        raise InvalidTransition(
            gettext("A pledge that is %(status)s cannot be cancelled.")
            % {"status": pledge.get_status_display().lower()}
        )
    if pledge.payments.exists():
        raise InvalidTransition(
            gettext(
                "Money was received on this pledge: revise its amount down to what was "
                "received instead of cancelling it."
            )
        )
    pledge.status = Status.CANCELLED
    save_checked(pledge, by=by)
    ledger.refresh(programme_ids=[pledge.programme_id])
    return pledge


@transaction.atomic
def revise_pledge(
    *,
    pledge: Pledge,
    amount: Decimal,
    currency: str | None = None,
    rate_to_usd: Decimal | None = None,
    by=None,
) -> Pledge:
    """The donor revises the pledge (raises 100 to 150): the amount is replaced on the same
    row (counted once, at 150), the history keeps 100. A committed pledge whose payments now
    reach the amount becomes paid; a paid pledge raised above its payments is committed again.
    Refused below what was received, and for a currency change once money was received."""
    pledge = _lock(pledge)
    currency = currency or pledge.currency
    refusal = revision_refusal(pledge=pledge, amount=amount, currency=currency)
    if refusal is not None:
        raise refusal
    paid = pledges_selectors.paid_amount(pledge)
    pledge.amount = amount
    pledge.currency = currency
    if rate_to_usd is not None:
        pledge.rate_to_usd = rate_to_usd
    if pledge.amount is not None and pledge.rate_to_usd is not None:
        pledge.amount_usd = to_usd(pledge.amount, pledge.rate_to_usd)
    if pledge.status in (Status.COMMITTED, Status.PAID) and paid > 0:
        pledge.status = Status.PAID if paid >= pledge.amount else Status.COMMITTED
    save_checked(pledge, by=by)
    if rate_to_usd is not None:
        # Payments follow the pledge's rate: every USD figure of the pledge uses one rate.
        for payment in pledge.payments.all():
            payment.amount_usd = to_usd(payment.amount, pledge.rate_to_usd)
            save_checked(payment, by=by, exclude=["pledge"])
    ledger.refresh(programme_ids=[pledge.programme_id])
    return pledge


def revision_refusal(*, pledge: Pledge, amount: Decimal | None, currency: str):
    """Why revising the pledge to `amount` `currency` would be refused, as a FundingError
    naming its field, or None (the admin asks before it saves; the service under the lock)."""
    if pledge.status == Status.CANCELLED:
        return InvalidTransition(gettext("A cancelled pledge cannot be revised."))
    paid = pledges_selectors.paid_amount(pledge)
    if currency != pledge.currency and paid > 0:
        return FundingError(
            gettext("Money was received in %(currency)s: the currency can no longer change.")
            % {"currency": pledge.currency},
            field="currency",
        )
    if amount is not None and amount < paid:
        return FundingError(
            gettext("%(paid)s was already received: the amount cannot be less.")
            % {"paid": _money(paid, pledge.currency)},
            field="amount",
        )
    return None


def payment_refusal(*, pledge: Pledge, payments: Iterable[tuple[datetime.date, Decimal]]):
    """Why recording `payments` ([(date, amount)], in the pledge's currency) on the pledge
    would be refused, as a FundingError naming its field, or None. Reads without locking: the
    admin asks it before it saves; the service asks again under the lock."""
    payments = list(payments)
    if pledge.status not in (Status.COMMITTED,):
        if pledge.status == Status.PLEDGED:
            return InvalidTransition(
                gettext("Commit the pledge (its agreement signed) before recording payments.")
            )
        return InvalidTransition(
            gettext("A pledge that is %(status)s takes no more payments.")
            % {"status": pledge.get_status_display().lower()}
        )
    for day, _amount in payments:
        if day and pledge.pledge_date and day < pledge.pledge_date:
            return PaymentTooEarly(
                gettext("A payment cannot come before the pledge date (%(date)s).")
                % {"date": date_format(pledge.pledge_date)}
            )
    paid = pledges_selectors.paid_amount(pledge)
    new = sum((amount for _day, amount in payments if amount), ZERO)
    if paid + new > pledge.amount:
        return Overpayment(
            gettext(
                "The pledge is %(amount)s and %(paid)s was received: at most %(left)s more "
                "can be paid."
            )
            % {
                "amount": _money(pledge.amount, pledge.currency),
                "paid": _money(paid, pledge.currency),
                "left": _money(pledge.amount - paid, pledge.currency),
            }
        )
    return None


@transaction.atomic
def record_payment(
    *, pledge: Pledge, date: datetime.date, amount: Decimal, reference: str = "", by=None
) -> Payment:
    """Money received on a committed pledge, in its currency. The pledge becomes paid when its
    payments reach its amount; past it, the payment is refused (Overpayment)."""
    pledge = _lock(pledge)
    payment = Payment(
        pledge=pledge,
        date=date,
        amount=amount,
        reference=reference,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    if amount is not None:
        payment.amount_usd = to_usd(amount, pledge.rate_to_usd)
    payment.full_clean(exclude=["pledge"])  # field errors first: amount > 0, the date
    refusal = payment_refusal(pledge=pledge, payments=[(date, amount)])
    if refusal is not None:
        raise refusal
    save_checked(payment, by=by, exclude=["pledge"])
    if pledges_selectors.paid_amount(pledge) >= pledge.amount:
        pledge.status = Status.PAID
        save_checked(pledge, by=by)
    ledger.refresh(programme_ids=[pledge.programme_id])
    return payment
