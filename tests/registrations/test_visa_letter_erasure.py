"""Erasing passport details after the retention period takes the visa letters with them (rows
and files), and the erasure is audited without the erased values: no passport number remains
in the audit history, the logs or the files folder."""

import datetime
import logging
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from idm_portal.models import GeneratedFile
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.renderers.visa_letters import VISA_LETTER
from registrations.services import profiles
from registrations.tasks import erase_expired_passport_details
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

PASSPORT = "ZQ7731904"


def files_holding(text: str) -> list[Path]:
    """Every file under MEDIA_ROOT whose bytes or PDF text hold `text`."""
    from tests.registrations.test_documents import pdf_text

    found = []
    for path in Path(django_settings.MEDIA_ROOT).rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if text.encode() in data or (path.suffix == ".pdf" and text in pdf_text(data)):
            found.append(path)
    return found


def pdf_files() -> list[Path]:
    return [p for p in Path(django_settings.MEDIA_ROOT).rglob("*.pdf") if p.is_file()]


@pytest.fixture
def letter_of_a_past_workshop(client, django_capture_on_commit_callbacks, settings):
    """A delegate whose visa letter was made for a workshop that ended 40 days ago."""
    settings.PASSPORT_RETENTION_DAYS = 30
    today = timezone.localdate()
    start = today + datetime.timedelta(days=10)
    workshop = WorkshopFactory(start_date=start, end_date=start + datetime.timedelta(days=1))
    profile = DelegateProfileFactory(
        wants_visa_letter=True,
        passport_number=PASSPORT,
        nationality="KE",
        date_of_birth=datetime.date(1975, 6, 14),
        passport_expiry=datetime.date(2035, 1, 1),
        passport_entered_at=timezone.now(),
    )
    registration = RegistrationFactory(
        delegate=profile, workshop=workshop, status=Registration.Status.CONFIRMED
    )
    client.force_login(profile.user)
    url = reverse("registrations:visa_letter", kwargs={"pk": registration.pk})
    for language in ("en", "fr"):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(f"{url}?language={language}").status_code == 200
    assert GeneratedFile.objects.filter(kind=VISA_LETTER).exclude(file="").count() == 2
    assert files_holding(PASSPORT), "the letters show the passport number"
    # Time passes: the workshop ended 40 days ago and the details are older than that.
    long_ago = timezone.now() - datetime.timedelta(days=60)
    workshop.start_date = today - datetime.timedelta(days=41)
    workshop.end_date = today - datetime.timedelta(days=40)
    workshop.save()
    DelegateProfile.objects.filter(pk=profile.pk).update(passport_entered_at=long_ago)
    return registration


def test_the_erasure_deletes_the_visa_letters_rows_and_files(
    letter_of_a_past_workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert erase_expired_passport_details.delay().get() == 1

    assert not GeneratedFile.objects.filter(kind=VISA_LETTER).exists()
    assert pdf_files() == []
    assert files_holding(PASSPORT) == []


def test_the_erasure_is_audited_without_the_erased_values(
    letter_of_a_past_workshop, django_capture_on_commit_callbacks, caplog
):
    profile = letter_of_a_past_workshop.delegate
    caplog.set_level(logging.DEBUG)

    with django_capture_on_commit_callbacks(execute=True):
        profiles.erase_expired_passport_details()

    last = profile.history.order_by("-history_date", "-history_id").first()
    assert last.history_change_reason == profiles.ERASURE_REASON
    assert last.history_user is None
    assert last.passport_erased_at is not None
    for row in profile.history.all().values():
        assert PASSPORT not in str(row)
        assert "1975-06-14" not in str(row)
    assert PASSPORT not in caplog.text
    assert "Erased the passport details of 1 delegate profile(s) and 2 visa letter(s)." in (
        caplog.text
    )


def test_a_letter_asked_for_after_the_erasure_is_refused(
    client, letter_of_a_past_workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profiles.erase_expired_passport_details()
    url = reverse("registrations:visa_letter", kwargs={"pk": letter_of_a_past_workshop.pk})

    page = client.get(url).content.decode()

    assert 'data-reason="no_passport"' in page
    assert not GeneratedFile.objects.filter(kind=VISA_LETTER).exists()


def test_removing_the_passport_details_deletes_the_letters_at_once(
    letter_of_a_past_workshop, django_capture_on_commit_callbacks
):
    profile = DelegateProfile.objects.get(pk=letter_of_a_past_workshop.delegate_id)

    with django_capture_on_commit_callbacks(execute=True):
        profiles.update_profile(profile=profile, data={"wants_visa_letter": False}, by=profile.user)

    assert not GeneratedFile.objects.filter(kind=VISA_LETTER).exists()
    assert files_holding(PASSPORT) == []


def test_other_generated_files_stay(letter_of_a_past_workshop, django_capture_on_commit_callbacks):
    other = RegistrationFactory(status=Registration.Status.CONFIRMED)
    GeneratedFile.objects.create(
        kind="confirmation_letter",
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=letter_of_a_past_workshop.pk,
        language="en",
    )
    GeneratedFile.objects.create(
        kind=VISA_LETTER,
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=other.pk,
        language="en",
    )

    with django_capture_on_commit_callbacks(execute=True):
        profiles.erase_expired_passport_details()

    assert sorted(GeneratedFile.objects.values_list("kind", "object_id")) == sorted(
        [("confirmation_letter", letter_of_a_past_workshop.pk), (VISA_LETTER, other.pk)]
    )
