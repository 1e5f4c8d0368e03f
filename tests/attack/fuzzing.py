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


def form_data(form: forms.Form, *, keep: dict | None = None) -> st.SearchStrategy[dict]:
    """A POST for `form`: each field valid or hostile (a multiple choice gets a list)."""
    keep = keep or {}
    fields = {}
    for name, field in form.fields.items():
        if name in keep or isinstance(field, forms.FileField):
            continue
        strategy = value_for(field)
        if isinstance(field, forms.MultipleChoiceField):
            strategy = st.lists(strategy, max_size=3)
        fields[form.add_prefix(name)] = strategy
    return st.fixed_dictionaries(fields).map(lambda data: {**data, **keep})


def assert_answer_is_safe(response) -> None:
    """Never a 500, and no markup printed as it was typed."""
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        assert not [markup for markup in RAW_MARKUP if markup in body]


def assert_no_nul_stored() -> None:
    """No text column of the portal holds a NUL (PostgreSQL refuses one outright: a form that
    let it through would have answered 500 above)."""
    if connection.vendor == "postgresql":
        return
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                if model._default_manager.filter(**{f"{field.name}__contains": "\x00"}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    assert found == []


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


def filled(form: forms.Form, text: str) -> dict:
    """Every text field of `form` holding `text`, every other field a valid value: the
    examples tried first, whatever hypothesis draws."""
    data: dict = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        is_text = (
            type(field) in (forms.CharField, forms.EmailField)
            or isinstance(field, forms.CharField)
            and not isinstance(field, forms.EmailField)
        )
        valid = _valid_values(field)
        data[form.add_prefix(name)] = text if is_text or not valid else valid[0]
    return data


EXAMPLE_TEXTS = (SCRIPT, "nul\x00inside", '=HYPERLINK("http://evil.example")', "Ω" * 5000)
