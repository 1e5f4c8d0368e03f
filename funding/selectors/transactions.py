"""The programme's incoming transactions in IATI's terms (IATI Standard 2.03), for donors'
own systems: one row per transaction, read in two queries whatever their number.

- a bare pledge is an *Incoming Pledge* (TransactionType 13), dated the pledge date;
- a committed or paid pledge is an *Incoming Commitment* (11), dated the pledge date (the
  agreement's date is not recorded apart), for its current amount (a revision replaces it);
- each payment received is *Incoming Funds* (1), dated the day it was received;
- a cancelled pledge gives nothing.

The provider is named only as it agreed (:func:`funding.selectors.donors.shown_name`); its
IATI organisation type follows the donor's kind (OrganisationType: 10 Government,
40 Multilateral, 60 Foundation, 70 Private Sector). Earmarking (EarmarkingCategory): money to
the whole programme is *softly earmarked* (2: to a thematic programme), money to one workshop
*earmarked* (3: to a project). Values are in the pledge's currency, with their USD value at
the pledge's recorded rate; references are the portal's, never the agreement's (a donor's
agreement references are not shown to other donors).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from funding.models.donors import Donor
from funding.models.pledges import Payment, Pledge
from funding.selectors.donors import shown_name
from workshops.models import Programme

Status = Pledge.Status

REPORTING_ORG_REF = "XM-DAC-47066"  # IOM's IATI organisation identifier
REPORTING_ORG_NAME = "International Organization for Migration"

INCOMING_FUNDS = "1"
INCOMING_COMMITMENT = "11"
INCOMING_PLEDGE = "13"
TRANSACTION_TYPES = {
    INCOMING_FUNDS: "Incoming Funds",
    INCOMING_COMMITMENT: "Incoming Commitment",
    INCOMING_PLEDGE: "Incoming Pledge",
}
SOFTLY_EARMARKED = "2"
EARMARKED = "3"
EARMARKING_CATEGORIES = {SOFTLY_EARMARKED: "Softly Earmarked", EARMARKED: "Earmarked"}
ORGANISATION_TYPES = {
    Donor.Kind.GOVERNMENT: "10",
    Donor.Kind.INTERGOVERNMENTAL: "40",
    Donor.Kind.FOUNDATION: "60",
    Donor.Kind.PRIVATE_SECTOR: "70",
}

COLUMNS = [
    ("iati_identifier", _("IATI activity identifier")),
    ("transaction_ref", _("Transaction reference")),
    ("transaction_type_code", _("Transaction type (code)")),
    ("transaction_type", _("Transaction type")),
    ("transaction_date", _("Transaction date")),
    ("value", _("Value")),
    ("currency", _("Currency")),
    ("value_date", _("Value date")),
    ("value_usd", _("Value (USD)")),
    ("provider_org", _("Provider organisation")),
    ("provider_org_type", _("Provider organisation type (code)")),
    ("receiver_org_ref", _("Receiver organisation (IATI identifier)")),
    ("receiver_org", _("Receiver organisation")),
    ("earmarking_category_code", _("Earmarking category (code)")),
    ("earmarking_category", _("Earmarking category")),
    ("earmarked_to", _("Earmarked to")),
]


@dataclass(frozen=True)
class Transaction:
    iati_identifier: str
    transaction_ref: str
    transaction_type_code: str
    transaction_date: date
    value: Decimal
    currency: str
    value_date: date
    value_usd: Decimal
    provider_org: str
    provider_org_type: str
    earmarking_category_code: str
    earmarked_to: str

    @property
    def transaction_type(self) -> str:
        return TRANSACTION_TYPES[self.transaction_type_code]

    @property
    def earmarking_category(self) -> str:
        return EARMARKING_CATEGORIES[self.earmarking_category_code]

    receiver_org_ref = REPORTING_ORG_REF
    receiver_org = REPORTING_ORG_NAME

    def as_row(self) -> list:
        return [getattr(self, name) for name, _label in COLUMNS]

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name, _label in COLUMNS}


def activity_identifier(programme: Programme) -> str:
    return f"{REPORTING_ORG_REF}-IDM-{programme.year}"


def _pledge_transaction(pledge: Pledge, type_code: str, viewer: Donor | None) -> Transaction:
    return Transaction(
        iati_identifier=activity_identifier(pledge.programme),
        transaction_ref=f"IDM-{pledge.programme.year}-P{pledge.pk}",
        transaction_type_code=type_code,
        transaction_date=pledge.pledge_date,
        value=pledge.amount,
        currency=pledge.currency,
        value_date=pledge.pledge_date,
        value_usd=pledge.amount_usd,
        provider_org=shown_name(pledge.donor, viewer=viewer),
        provider_org_type=ORGANISATION_TYPES.get(pledge.donor.kind, ""),
        earmarking_category_code=EARMARKED if pledge.workshop_id else SOFTLY_EARMARKED,
        earmarked_to=pledge.workshop.title if pledge.workshop_id else "",
    )


def incoming_transactions(
    programme: Programme, *, viewer: Donor | None = None
) -> list[Transaction]:
    """The programme's incoming transactions, by date then reference; `viewer` (a donor) sees
    its own name even when it chose not to be named publicly. Two queries."""
    pledges = list(
        Pledge.objects.filter(programme=programme)
        .exclude(status=Status.CANCELLED)
        .select_related("donor", "programme", "workshop")
        .only(
            "pk",
            "amount",
            "currency",
            "amount_usd",
            "pledge_date",
            "status",
            "workshop_id",
            "programme__year",
            "workshop__title",
            "workshop__title_en",
            "workshop__title_fr",
            "workshop__title_es",
            "donor__name",
            "donor__public_name",
            "donor__public_name_en",
            "donor__public_name_fr",
            "donor__public_name_es",
            "donor__kind",
            "donor__is_publicly_named",
        )  # fmt: skip
    )
    by_pk = {pledge.pk: pledge for pledge in pledges}
    rows = []
    for pledge in pledges:
        kind = INCOMING_PLEDGE if pledge.status == Status.PLEDGED else INCOMING_COMMITMENT
        rows.append(_pledge_transaction(pledge, kind, viewer))
    payments = (
        Payment.objects.filter(pledge__programme=programme)
        .exclude(pledge__status=Status.CANCELLED)
        .only("pk", "pledge_id", "date", "amount", "amount_usd")
    )
    for payment in payments:
        pledge = by_pk[payment.pledge_id]
        base = _pledge_transaction(pledge, INCOMING_FUNDS, viewer)
        rows.append(
            Transaction(
                **{
                    **base.__dict__,
                    "transaction_ref": f"{base.transaction_ref}-R{payment.pk}",
                    "transaction_date": payment.date,
                    "value": payment.amount,
                    "value_usd": payment.amount_usd,
                }
            )
        )
    rows.sort(key=lambda t: (t.transaction_date, t.transaction_ref))
    return rows
