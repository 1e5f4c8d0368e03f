"""The programme's incoming transactions in IATI's terms, on a hand-checked case: a committed
pledge is an incoming commitment (11) and each payment incoming funds (1), a bare pledge an
incoming pledge (13), a cancelled pledge nothing; earmarking category 2 for the whole
programme, 3 for one workshop; a private donor is "an anonymous donor" to others."""

import csv
import datetime
import io
import json
from decimal import Decimal as D

import pytest

from funding.models.donors import Donor
from funding.models.pledges import Pledge
from tests.funding.factories import DonorFactory, PaymentFactory, PledgeFactory
from tests.funding.pages import donor_with_contact
from tests.workshops.factories import MemberStateFactory, ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    programme = ProgrammeFactory(year=2009)
    workshop = WorkshopFactory(programme=programme, title="Trafficking and exploitation")
    donor, contact = donor_with_contact(
        name="Government of Freedonia",
        public_name="Freedonia",
        kind=Donor.Kind.GOVERNMENT,
        member_state=MemberStateFactory(),
    )
    committed = PledgeFactory(
        donor=donor,
        programme=programme,
        amount=D("100.00"),
        currency="EUR",
        rate_to_usd=D("1.5"),
        pledge_date=datetime.date(2009, 1, 10),
        status=Pledge.Status.COMMITTED,
        agreement_reference="FRE-2009-01",
    )
    payment = PaymentFactory(pledge=committed, amount=D("40.00"), date=datetime.date(2009, 2, 1))
    hidden = DonorFactory(name="Quiet Foundation", is_publicly_named=False)
    bare = PledgeFactory(
        donor=hidden,
        programme=programme,
        workshop=workshop,
        amount=D("200.00"),
        pledge_date=datetime.date(2009, 1, 20),
        status=Pledge.Status.PLEDGED,
    )
    PledgeFactory(donor=hidden, programme=programme, status=Pledge.Status.CANCELLED)
    return {"contact": contact, "committed": committed, "payment": payment, "bare": bare}


def test_iati_csv_on_a_hand_checked_case(client, case):
    client.force_login(case["contact"])
    response = client.get("/en/donor/transactions/2009.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    committed, bare, payment = case["committed"].pk, case["bare"].pk, case["payment"].pk
    got = [
        (
            r["transaction_ref"],
            r["transaction_type_code"],
            r["transaction_type"],
            r["transaction_date"],
            r["value"],
            r["currency"],
            r["value_usd"],
            r["provider_org"],
            r["provider_org_type"],
            r["earmarking_category_code"],
            r["earmarked_to"],
        )
        for r in rows
    ]
    assert got == [
        (f"IDM-2009-P{committed}", "11", "Incoming Commitment", "2009-01-10", "100.00", "EUR",
         "150.00", "Freedonia", "10", "2", ""),
        (f"IDM-2009-P{bare}", "13", "Incoming Pledge", "2009-01-20", "200.00", "USD",
         "200.00", "an anonymous donor", "60", "3", "Trafficking and exploitation"),
        (f"IDM-2009-P{committed}-R{payment}", "1", "Incoming Funds", "2009-02-01", "40.00",
         "EUR", "60.00", "Freedonia", "10", "2", ""),
    ]  # fmt: skip
    assert {r["iati_identifier"] for r in rows} == {"XM-DAC-47066-IDM-2009"}
    assert {r["receiver_org_ref"] for r in rows} == {"XM-DAC-47066"}
    assert "FRE-2009-01" not in response.content.decode()  # references are the portal's


def test_iati_json_has_the_same_transactions(client, case):
    client.force_login(case["contact"])
    data = json.loads(client.get("/en/donor/transactions/2009.json").content)
    assert data["iati_identifier"] == "XM-DAC-47066-IDM-2009"
    assert [
        (t["transaction_type_code"], t["value"], t["currency"]) for t in data["transactions"]
    ] == [
        ("11", "100.00", "EUR"),
        ("13", "200.00", "USD"),
        ("1", "40.00", "EUR"),
    ]


def test_a_private_donor_sees_its_own_name_in_the_transactions(client, case):
    hidden = Donor.objects.get(name="Quiet Foundation")
    contact = case["contact"].__class__.objects.create_user("quiet@example.org", "x")
    hidden.contacts.add(contact)
    client.force_login(contact)
    body = client.get("/en/donor/transactions/2009.csv").content.decode()
    assert "Quiet Foundation" in body and "Freedonia" in body


def test_transactions_are_for_donor_contacts_only(client, case):
    assert client.get("/en/donor/transactions/2009.csv").status_code == 302
    client.force_login(case["contact"].__class__.objects.create_user("nobody@example.org", "x"))
    assert client.get("/en/donor/transactions/2009.json").status_code == 404


def test_own_figures_csv_lists_pledges_and_payments_and_no_formula(client, case):
    Pledge.objects.filter(pk=case["committed"].pk).update(agreement_reference="=HYPERLINK(1)")
    client.force_login(case["contact"])
    rows = list(csv.reader(io.StringIO(client.get("/en/donor/my-figures.csv").content.decode())))
    assert rows[0][:3] == ["Record", "Pledge", "Date"]
    assert [r[0] for r in rows[1:]] == ["pledge", "payment"]
    assert rows[1][6] == "100.00" and rows[1][8] == "150.00" and rows[1][9] == "40.00"
    assert rows[1][14] == "'=HYPERLINK(1)"  # the donor's own reference, never a formula
