"""Finance's funding overview (coverage, pledges by state, overdue pledges, commitments) and
the funding report PDFs made through the file pipeline: a programme's for Finance and the
Secretariat, a donor's also for its own contacts, nobody else."""

import datetime
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from funding.models.budgets import Category
from funding.models.pledges import Pledge
from funding.renderers import DONOR_REPORT, PROGRAMME_REPORT
from idm_portal.models import GeneratedFile
from tests.funding.factories import PledgeFactory, budget
from tests.funding.pages import bulk_pledges, donor_with_contact
from tests.idm_portal.factories import (
    DelegateFactory,
    FinanceStaffFactory,
    SecretariatStaffFactory,
    UserFactory,
)
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "/en/funding/overview/2009/"


@pytest.fixture
def programme():
    programme = ProgrammeFactory(year=2009)
    workshop = WorkshopFactory(
        programme=programme, title="Human rights", start_date=datetime.date(2009, 3, 23)
    )
    budget(workshop, **{Category.PARTICIPANT_TRAVEL: "80000", Category.VENUE: "20000"})
    return programme


def text_of(row: GeneratedFile) -> str:
    row.file.open("rb")
    return "\n".join(page.extract_text() for page in PdfReader(row.file).pages)


def test_finance_sees_the_overview(client, programme):
    workshop = programme.workshops.get()
    PledgeFactory(
        programme=programme,
        workshop=workshop,
        amount=D("30000.00"),
        due_date=datetime.date(2009, 2, 1),
        donor__name="Late Donor",
    )
    PledgeFactory(programme=programme, status=Pledge.Status.PLEDGED, amount=D("5000.00"))
    client.force_login(FinanceStaffFactory())
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Late Donor" in page  # overdue (committed, due 1 February 2009)
    states = {s.status: (s.count, s.usd) for s in response.context["states"]}
    assert states["committed"] == (1, D("30000.00"))
    assert states["pledged"] == (1, D("5000.00"))
    assert "30.0\xa0%" in page


def test_the_secretariat_reads_the_overview_and_a_delegate_does_not(client, programme):
    client.force_login(SecretariatStaffFactory())
    assert client.get(OVERVIEW).status_code == 200
    client.force_login(DelegateFactory())
    assert client.get(OVERVIEW).status_code == 302  # to the admin's login: no access
    client.force_login(UserFactory(is_staff=True))  # staff without funding's permission
    assert client.get(OVERVIEW).status_code == 403


@pytest.mark.parametrize("pledges", [10, 1000])
def test_overview_query_count_does_not_grow_with_pledges(
    client, programme, django_assert_num_queries, pledges
):
    bulk_pledges(programme, pledges, workshops=list(programme.workshops.all()))
    client.force_login(FinanceStaffFactory())
    client.get(OVERVIEW)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert client.get(OVERVIEW).status_code == 200


# The admin's user and permissions (the session comes from the cache), the programme, the
# list of programmes, the overview's reads (coverage 3, workshops, states, overdue 2,
# commitments) and the reports' rows.
OVERVIEW_QUERIES = 16


def test_programme_report_is_made_through_the_pipeline_for_finance_only(
    client, programme, django_capture_on_commit_callbacks
):
    PledgeFactory(programme=programme, amount=D("1234567.00"), donor__name="Big Donor")
    client.force_login(FinanceStaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(OVERVIEW, {"language": "fr"})
    assert response.status_code == 302
    row = GeneratedFile.objects.get(kind=PROGRAMME_REPORT, object_id=programme.pk)
    assert row.state == GeneratedFile.State.DONE and row.language == "fr"
    text = text_of(row)
    assert "1 234 567,00" in text.replace("\xa0", " ").replace("\u202f", " ")
    assert "Big Donor" in text
    assert client.get(row.get_download_url()).status_code == 200
    client.force_login(SecretariatStaffFactory())
    assert client.get(row.get_download_url()).status_code == 200
    donor, contact = donor_with_contact()
    client.force_login(contact)
    assert client.get(row.get_download_url()).status_code == 404
    client.force_login(DelegateFactory())
    assert client.get(row.get_download_url()).status_code == 404


def test_donor_report_is_for_its_contacts_and_staff_only(
    client, programme, django_capture_on_commit_callbacks
):
    donor, contact = donor_with_contact(public_name="Republic of Givers")
    PledgeFactory(donor=donor, programme=programme, amount=D("2500.00"), currency="USD")
    client.force_login(contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/donor/report/", {"language": "es"})
    assert response.status_code == 302
    row = GeneratedFile.objects.get(kind=DONOR_REPORT, object_id=donor.pk)
    assert row.state == GeneratedFile.State.DONE and row.language == "es"
    text = text_of(row)
    assert "Republic of Givers" in text and "2.500,00" not in text  # es groups with spaces
    assert "2 500,00" in text.replace("\xa0", " ")
    page = client.get("/en/donor/?language=es").content.decode()
    assert row.get_download_url() in page
    assert client.get(row.get_download_url()).status_code == 200
    client.force_login(FinanceStaffFactory())
    assert client.get(row.get_download_url()).status_code == 200
    _other, other_contact = donor_with_contact()
    client.force_login(other_contact)
    assert client.get(row.get_download_url()).status_code == 404


def test_the_pledges_list_links_to_the_overview(client, programme):
    client.force_login(FinanceStaffFactory())
    assert "/en/funding/overview/" in client.get("/admin/funding/pledge/").content.decode()
