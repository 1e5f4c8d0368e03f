"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models


def bounded_text_field(verbose_name, *, max_length: int, **kwargs) -> models.TextField:
    """A TextField whose maximum is enforced, not only hinted: Django passes a TextField's
    max_length to its form's textarea but never checks it in full_clean, so a script could
    store two million characters. The validator makes services (full_clean) and forms refuse
    more than `max_length` characters with a message at the field."""
    validators = [*kwargs.pop("validators", ()), MaxLengthValidator(max_length)]
    return models.TextField(verbose_name, max_length=max_length, validators=validators, **kwargs)
