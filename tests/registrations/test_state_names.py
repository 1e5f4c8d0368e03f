"""Member states as a French reader reads them on the registration form and in the list of
participants (PDF and XLSX): French names in French alphabetical order (workshops.names)."""

import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from registrations.models.lifecycle import Registration
from registrations.renderers import participants_lists as participants_lists_renderers
from registrations.resources import RegistrationResource
from tests.idm_portal.factories import DelegateFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.workshops.factories import MemberStateFactory
from workshops.models import MemberState

pytestmark = pytest.mark.django_db

# The states of the test, in the order a French reader expects them (hand-checked).
FRENCH_ORDER = [
    "Allemagne",
    "Côte d'Ivoire",
    "Danemark",
    "Égypte",
    "Émirats arabes unis",
    "Équateur",
    "Espagne",
    "Saint-Christophe-et-Niévès",
    "Sainte-Lucie",
    "Samoa",
]
CODES = {
    "DE": "Germany",
    "CI": "Côte d'Ivoire",
    "DK": "Denmark",
    "EG": "Egypt",
    "AE": "United Arab Emirates",
    "EC": "Ecuador",
    "ES": "Spain",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "WS": "Samoa",
}


@pytest.fixture
def states():
    """Only the test's states: the membership loaded by the data migration is set aside."""
    MemberState.objects.exclude(country__in=CODES).delete()
    found = {state.country.code: state for state in MemberState.objects.all()}
    return [
        found.get(code) or MemberStateFactory(country=code, name=name)
        for code, name in CODES.items()
    ]


def select_options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    labels = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)
    return [html.unescape(label) for _value, label in labels]


def test_the_registration_form_offers_the_states_in_french_and_in_french_order(
    client, workshop, states
):
    client.force_login(DelegateFactory())
    with translation.override("fr"):
        url = reverse("registrations:register", args=[workshop.slug])

    page = client.get(url).content.decode()

    assert select_options(page, "member_state") == FRENCH_ORDER


def test_the_registration_form_costs_the_same_queries_in_french_and_for_more_states(
    client, workshop, states
):
    client.force_login(DelegateFactory())

    def queries(language):
        with translation.override(language):
            url = reverse("registrations:register", args=[workshop.slug])
        client.get(
            url
        )  # the first signed-in page asks who is a donor's contact; later ones find it kept
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    english = queries("en")
    french = queries("fr")
    MemberStateFactory.create_batch(20)

    assert queries("fr") == french == english


@pytest.fixture
def listed(workshop, states):
    """One delegate per state; Denmark's two in the order a reader expects: Olsen before
    Østergaard (Ø is an O), Østergaard before Petersen."""
    for state in states:
        for family_name in ("Petersen", "Østergaard", "Olsen") if state.country == "DK" else ("X",):
            RegistrationFactory(
                workshop=workshop,
                status=Registration.Status.CONFIRMED,
                delegate=DelegateProfileFactory(
                    member_state=state, family_name=family_name, consent_to_public_listing=True
                ),
            )
    return workshop


def test_the_french_xlsx_lists_the_states_in_french_and_in_french_order(listed):
    workbook = load_workbook(
        io.BytesIO(participants_lists_renderers.participants_xlsx(listed, "fr"))
    )
    rows = list(workbook.active.iter_rows(min_row=2, values_only=True))

    states = list(dict.fromkeys(row[1] for row in rows))
    assert states == FRENCH_ORDER
    denmark = [row[3] for row in rows if row[1] == "Danemark"]
    assert denmark == ["OLSEN", "ØSTERGAARD", "PETERSEN"]


def test_the_french_pdf_lists_the_states_in_french_and_in_french_order(listed):
    content = participants_lists_renderers._render_participants_pdf(False)(listed, "fr").content
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())

    found = [text.find(name.upper()) for name in FRENCH_ORDER]
    assert -1 not in found, dict(zip(FRENCH_ORDER, found, strict=True))
    assert found == sorted(found)
    denmark = [text.find(name) for name in ("OLSEN", "ØSTERGAARD", "PETERSEN")]
    assert -1 not in denmark and denmark == sorted(denmark)


def test_the_focal_point_s_pages_name_the_state_in_french(client, states):
    egypt = next(state for state in states if state.country == "EG")
    client.force_login(FocalPointFactory(member_state=egypt).user)
    with translation.override("fr"):
        url = reverse("registrations:delegation_index")

    page = html.unescape(client.get(url).content.decode())

    assert "Égypte" in page
    assert "Egypt" not in page


def test_the_registrations_export_names_the_state_in_the_reader_s_language(workshop, states):
    egypt = next(state for state in states if state.country == "EG")
    RegistrationFactory(workshop=workshop, delegate=DelegateProfileFactory(member_state=egypt))

    with translation.override("es"):
        dataset = RegistrationResource().export()

    # The header row is in the reader's language too (tests/registrations/test_export_languages.py).
    assert dataset.dict[0]["Estado Miembro"] == "Egipto"
