"""Every admin history reads in the reader's language: each admin with a history is one of
ours (idm_portal.admin_history.HistoryAdmin), and a registration's history heads and fills its
columns as the change list does."""

import re

import pytest
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from idm_portal.admin_history import HistoryAdmin
from registrations.models.lifecycle import Registration
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import RegistrationFactory


def test_every_admin_with_a_history_shows_it_through_ours():
    with_history = {
        model._meta.label: type(model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    }
    assert with_history, "no admin has a history: this test would prove nothing"
    simple_history_only = [
        label for label, cls in with_history.items() if not issubclass(cls, HistoryAdmin)
    ]
    assert simple_history_only == []


@pytest.mark.django_db
def test_a_registrations_history_in_spanish_names_its_columns_and_values(client):
    client.force_login(SecretariatStaffFactory())
    registration = RegistrationFactory(status=Registration.Status.CONFIRMED)
    client.cookies["django_language"] = "es"

    html = client.get(f"/admin/registrations/registration/{registration.pk}/history/")
    html = html.content.decode()

    table = re.search(r'<table id="change-history".*?</table>', html, re.S)[0]
    headings = re.findall(r'<th scope="col">\s*(.*?)\s*</th>', table)
    assert headings[:3] == ["Objeto", "Estado", "Función"]
    cells = re.findall(r"<td>\s*(.*?)\s*</td>", table, re.S)
    assert "Confirmada" in cells, cells  # the status as the change list shows it
    assert "confirmed" not in cells
