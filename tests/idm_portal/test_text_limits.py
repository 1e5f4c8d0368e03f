"""Every free-text field has a maximum a person would need, enforced by full_clean and forms
(issue 8, item 14): Django only hints a TextField's max_length to the form's textarea."""

from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

PORTAL_APPS = ("idm_portal", "workshops", "funding", "registrations", "surveys")
# Written by the portal itself, never typed by a person.
SYSTEM_TEXT = {
    "idm_portal.GeneratedFile.error",
    "idm_portal.OutboundEmail.text",
    "idm_portal.OutboundEmail.html",
    "idm_portal.OutboundEmail.error",
}


def test_every_free_text_field_has_an_enforced_maximum():
    unbounded = []
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.TextField):
                continue
            label = f"{model._meta.label}.{field.name}"
            enforced = any(
                isinstance(validator, MaxLengthValidator) and validator.limit_value
                for validator in field.validators
            )
            if label not in SYSTEM_TEXT and not (field.max_length and enforced):
                unbounded.append(label)
    assert unbounded == []
