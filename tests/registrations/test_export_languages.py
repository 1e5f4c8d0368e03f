"""The registrations export in French and Spanish: the export page's boxes name the columns in
the reader's language, and the file's header row is in the language of whoever exports."""

import csv
import io
import re

import pytest
from django.urls import reverse

from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/admin/registrations/registration/export/"
HEADERS = {
    "en": ["ID", "workshop", "status", "role", "title", "family name", "given names"],
    "fr": ["ID", "atelier", "statut", "rôle", "titre", "nom de famille", "prénoms"],
    "es": ["ID", "taller", "estado", "función", "título", "apellidos", "nombres"],
}
LAST_HEADERS = {
    "en": ["public listing", "waitlist priority", "registered at"],
    "fr": ["liste publique", "priorité sur la liste d’attente", "inscrit le"],
    "es": ["lista pública", "prioridad en la lista de espera", "inscrito el"],
}


@pytest.fixture
def secretariat(client):
    client.force_login(SecretariatStaffFactory())
    return client


def export_page(client, language: str):
    client.cookies["django_language"] = language
    response = client.get(URL)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    return response


def box_labels(response) -> list[str]:
    form = response.context["form"]
    return [
        str(field.label)
        for name, field in form.fields.items()
        if name.startswith("registrationresource_")
    ]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_export_page_names_the_columns_in_the_readers_language(secretariat, language):
    response = export_page(secretariat, language)
    labels = box_labels(response)
    html = response.content.decode()

    assert labels[: len(HEADERS[language])] == [
        header[0].upper() + header[1:] for header in HEADERS[language]
    ]
    text = re.sub(r"<[^>]+>", " ", html)
    for english in ["Workshop", "Status", "Family Name", "(family name)", "Waitlist Priority"]:
        assert english not in text, english


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_exported_csv_header_is_in_the_exporting_readers_language(secretariat, language):
    RegistrationFactory(delegate__family_name="Diallo")
    form = export_page(secretariat, language).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("registrationresource_")})

    response = secretariat.post(reverse("admin:registrations_registration_export"), data)

    assert response.status_code == 200
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[: len(HEADERS[language])] == HEADERS[language]
    assert header[-3:] == LAST_HEADERS[language]
    assert "Diallo" in row
