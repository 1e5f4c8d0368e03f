"""The "registration received" e-mail names the venue in the delegate's language: Geneva,
Genève, Ginebra (issue 11, item 4)."""

import pytest
from django.core import mail

from registrations.services import registering
from tests.registrations.factories import DelegateProfileFactory

EXPECTED = {"en": "Geneva", "fr": "Genève", "es": "Ginebra"}
WRONG = {"en": ("Genève", "Ginebra"), "fr": ("Geneva",), "es": ("Geneva",)}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_received_email_names_geneva_in_the_delegates_language(
    workshop, state, language, django_capture_on_commit_callbacks
):
    workshop.venue = "Palais des Nations, Geneva"
    workshop.save()
    delegate = DelegateProfileFactory(member_state=state, user__preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        registering.register(delegate=delegate, workshop=workshop)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert f"Palais des Nations, {EXPECTED[language]}" in text
        for wrong in WRONG[language]:
            assert wrong not in text
