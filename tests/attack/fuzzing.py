"""Hostile input for the form fuzzing of issue 15 (test_form_fuzzing.py): strategies that
draw random text, Unicode, NUL bytes, very long strings, HTML and SQL fragments and formula
prefixes, and the checks every answer must pass."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from django import forms
from django.apps import apps
from django.db import connection, models
from hypothesis import strategies as st

# Markup that, if a page ever printed it as it was typed, would run in the reader's browser.
SCRIPT = "<script>alert('idm')</script>"
IMAGE = "<img src=x onerror=alert('idm')>"
RAW_MARKUP = (SCRIPT, IMAGE, "<svg onload=")
SNIPPETS = [
    SCRIPT,
    IMAGE,
    "<svg onload=alert(1)>",
    '"><b>bold</b>',
    "'; DROP TABLE registrations_registration; --",
    "' OR '1'='1",
    "%' OR 1=1 --",
    '=HYPERLINK("http://evil.example","click")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\tTab",
    "\r\n=cmd|' /C calc'!A0",
    "\x00",
    "nul\x00inside",
    "\ufeffBOM",
    "\u202eRTL override",
    "Zoë Ñúñez 北京 Москва 🌍",
    "\U0001f4a9" * 50,
    "{{ request }}",
    "{% debug %}",
    "${7*7}",
    "../../etc/passwd",
    " ",
    "",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(SNIPPETS),
        st.text(max_size=40),
        st.tuples(st.sampled_from(FORMULA_PREFIXES + ("<", "\x00")), st.text(max_size=20)).map(
            "".join
        ),
        st.tuples(st.sampled_from(SNIPPETS), st.integers(200, 20_000)).map(
            lambda pair: (pair[0] or "x") * (pair[1] // max(1, len(pair[0] or "x")))
        ),
    )


def _valid_values(field: forms.Field) -> list[str]:
    """Values the field would take, so that a fuzzed form also gets as far as its save."""
    if isinstance(field, forms.ModelChoiceField):
        return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:3]]
    if isinstance(field, forms.ChoiceField):
        return [str(key) for key, _label in field.choices if key not in ("", None)][:6]
    if isinstance(field, forms.BooleanField):
        return ["on", ""]
    if isinstance(field, forms.DateField):
        return ["1975-05-01", "2040-01-01"]
    if isinstance(field, forms.EmailField):
        return ["someone@example.org"]
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return ["1", "0", "12.5"]
    if isinstance(field, forms.FileField):
        return []
    return [str(field.initial or "") or "Plain words"]


def value_for(field: forms.Field) -> st.SearchStrategy[str]:
    valid = _valid_values(field)
    return st.one_of(st.sampled_from(valid), hostile_text()) if valid else hostile_text()


def _as_post(value) -> object:
    if value is True:
        return "on"
    if value in (False, None):
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def _parts(form: forms.Form, name: str, field: forms.Field) -> dict:
    """A field of several inputs (a date's day, month and year) as its inputs post it: its
    value, or a valid one where it is required and empty."""
    widget = field.widget
    value = form[name].value()
    parts = value if isinstance(value, list | tuple) else widget.decompress(value)
    if not any(parts) and field.required:
        valid = _valid_values(field)
        parts = widget.decompress(valid[0]) if valid else parts
    prefixed = form.add_prefix(name)
    return {
        prefixed + suffix: _as_post(part)
        for suffix, part in zip(widget.widgets_names, parts, strict=True)
    }


def base_data(form: forms.Form) -> dict:
    """The form as its page offers it (its initial values), with a valid value in each empty
    field that needs one: the start that the attacks change a few fields of."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field.widget, forms.MultiWidget):
            data.update(_parts(form, name, field))
            continue
        value = _as_post(form[name].value())
        if value in ("", []) and field.required:
            valid = _valid_values(field)
            value = valid[0] if valid else ""
        data[form.add_prefix(name)] = value
    return data


def text_fields(form: forms.Form) -> list[str]:
    """The inputs a person types text into: text fields, and the typed parts of a field of
    several inputs (a date's day and year, which the page shows back as typed)."""
    names = []
    for name, field in form.fields.items():
        if field.disabled:
            continue
        if isinstance(field, forms.CharField):
            names.append(form.add_prefix(name))
        elif isinstance(field.widget, forms.MultiWidget):
            names += [
                form.add_prefix(name) + suffix
                for suffix, part in zip(
                    field.widget.widgets_names, field.widget.widgets, strict=True
                )
                if isinstance(part, forms.TextInput)
            ]
    return names


def form_data(form: forms.Form) -> st.SearchStrategy[dict]:
    """A POST for `form`: its valid start with some fields (one or more) made hostile, or
    random valid values (a multiple choice gets a list)."""
    base = base_data(form)
    names = sorted(base)
    hostile = st.dictionaries(st.sampled_from(names), hostile_text(), min_size=1, max_size=4)
    return hostile.map(lambda changed: {**base, **changed})


def assert_answer_is_safe(response) -> None:
    """Never a 500, and no markup printed as it was typed."""
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        printed = [markup for markup in RAW_MARKUP if markup in body]
        assert not printed, f"markup printed as typed: {printed}"


def assert_no_nul_stored() -> None:
    """No text column of the portal holds a NUL (PostgreSQL refuses one outright: a form that
    let it through would have answered 500 above)."""
    if connection.vendor == "postgresql":
        return
    # Read in Python: SQLite's LIKE stops at a NUL in its pattern and matches every row.
    found = []
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if not names:
            continue
        for row in model._default_manager.values_list(*names):
            found += [
                f"{model._meta.label}.{name}"
                for name, value in zip(names, row, strict=True)
                if value and "\x00" in value
            ]
    assert found == [], f"NUL stored in {found}"


def formulas_in_xlsx(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return [
            match
            for name in sheets
            for match in re.findall(r"<f[ >].*?</f>", archive.read(name).decode())
        ]


def today() -> datetime.date:
    return datetime.date.today()


def examples(form: forms.Form) -> list[dict]:
    """The examples tried first, whatever hypothesis draws: each text field in turn holding
    markup, then a formula; then every text field at once holding a NUL, a very long text."""
    base = base_data(form)
    tried = [
        {**base, name: text}
        for text in (SCRIPT, '=HYPERLINK("http://evil.example")')
        for name in text_fields(form)
    ]
    tried += [
        {**base, **dict.fromkeys(text_fields(form), text)} for text in ("nul\x00inside", "Ω" * 5000)
    ]
    return tried


EXAMPLE_TEXTS = (SCRIPT, "nul\x00inside", '=HYPERLINK("http://evil.example")', "Ω" * 5000)
