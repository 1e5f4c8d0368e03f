"""Funding's CSV files, written through idm_portal.guards.exports (no cell is a formula):
a donor's own figures, and the programme's incoming transactions in IATI's terms.
Amounts are plain decimals with a point (for machines); headers in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext

from funding.money import CENT
from funding.selectors import transactions
from funding.selectors.pages import DonorFigures
from idm_portal.guards.exports import csv_text


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT)


def donor_figures_csv(figures: DonorFigures) -> str:
    header = [
        gettext("Record"),
        gettext("Pledge"),
        gettext("Date"),
        gettext("Earmarked to"),
        gettext("State"),
        gettext("Currency"),
        gettext("Amount"),
        gettext("Rate to USD"),
        gettext("Amount (USD)"),
        gettext("Received"),
        gettext("Received (USD)"),
        gettext("Outstanding"),
        gettext("Payment due"),
        gettext("Overdue"),
        gettext("Agreement reference"),
    ]
    rows = []
    for row in figures.pledges:
        pledge = row.pledge
        earmark = pledge.workshop.title if pledge.workshop_id else gettext("Whole programme")
        rows.append(
            [
                gettext("pledge"),
                pledge.pk,
                pledge.pledge_date,
                f"{pledge.programme.year}: {earmark}",
                pledge.get_status_display(),
                pledge.currency,
                pledge.amount,
                pledge.rate_to_usd,
                pledge.amount_usd,
                cents(pledge.paid_amount),
                cents(pledge.paid_usd),
                cents(row.outstanding),
                pledge.due_date,
                gettext("yes") if row.is_overdue else "",
                pledge.agreement_reference,
            ]
        )
        for payment in pledge.payments.all():
            rows.append(
                [
                    gettext("payment"),
                    pledge.pk,
                    payment.date,
                    f"{pledge.programme.year}: {earmark}",
                    "",
                    pledge.currency,
                    payment.amount,
                    pledge.rate_to_usd,
                    payment.amount_usd,
                    "",
                    "",
                    "",
                    "",
                    "",
                    payment.reference,
                ]
            )
    return csv_text(header, rows)


def transactions_csv(rows: list[transactions.Transaction]) -> str:
    # The columns keep IATI's names (machines read them); the second line is for people.
    header = [name for name, _label in transactions.COLUMNS]
    return csv_text(header, [row.as_row() for row in rows])
