"""Issue 15, attack 3: a planted passport number is found nowhere it should not be — logs
over a journey with errors, exports, the admin (pages, searches, filters, orderings, history)
for staff without view_passport_details, error pages, e-mails, every generated file but the
visa letter — and it IS found in the visa letter and by staff holding the permission, so
that the hunt can fail."""

from __future__ import annotations

import io
import logging
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from idm_portal.files.registry import get_renderer
from idm_portal.models import OutboundEmail
from tests.attack.world import (
    DELEGATE,
    DONOR,
    FINANCE,
    FOCAL_POINT,
    PASSPORT_NUMBER,
    SECRETARIAT,
)
from tests.idm_portal.date_parts import date_parts, with_date_parts
from tests.idm_portal.factories import SecretariatStaffFactory

pytestmark = pytest.mark.django_db

# Its pieces too: a letter may space or split the number, a filter may be probed by prefix.
NEEDLES = (PASSPORT_NUMBER, PASSPORT_NUMBER.lower(), PASSPORT_NUMBER[:6], PASSPORT_NUMBER[-6:])


def leaks(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in text]


def text_of(content: bytes) -> str:
    """Whatever a person could read in a response: HTML, CSV, JSON, a PDF's text, an XLSX's
    cells (its XML parts), decoded."""
    if content.startswith(b"%PDF"):
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
        return text + content.decode("latin-1")
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8", "replace")


def passport_staff() -> Client:
    user = SecretariatStaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_passport_details"))
    client = Client()
    client.force_login(user)
    return client


# --- generated files --------------------------------------------------------------------------


def _objects(world) -> dict:
    return {
        "document_pdf": world.public_document,
        "confirmation_letter": world.registration,
        "visa_letter": world.registration,
        "participants_pdf": world.workshop,
        "participants_staff_pdf": world.workshop,
        "participants_xlsx": world.workshop,
        "participants_staff_xlsx": world.workshop,
        "survey_results_pdf": world.survey,
        "survey_answers_csv": world.survey,
        "survey_answers_xlsx": world.survey,
        "funding_report_programme": world.programme,
        "funding_report_donor": world.donor,
    }


def test_the_visa_letter_holds_the_passport_number_and_no_other_generated_file_does(
    world_and_clients,
):
    world, _clients = world_and_clients
    found = {}
    for kind, obj in _objects(world).items():
        rendered = get_renderer(kind).render(obj, "en")
        found[kind] = leaks(text_of(rendered.content))
    assert found.pop("visa_letter"), "the visa letter must show the passport number"
    assert found == {kind: [] for kind in found}


# --- the admin --------------------------------------------------------------------------------


def _profile_admin_urls(world) -> list[str]:
    profile = world.profile
    history = profile.history.latest().history_id
    base = f"/admin/registrations/delegateprofile/{profile.pk}/"
    registration = f"/admin/registrations/registration/{world.registration.pk}/"
    return [
        "/admin/registrations/delegateprofile/",
        f"{base}change/",
        f"{base}history/",
        f"{base}history/{history}/",
        "/admin/registrations/registration/",
        f"{registration}change/",
        f"{registration}history/",
        f"/admin/registrations/sponsorship/{world.sponsorship.pk}/change/",
        f"/admin/idm_portal/generatedfile/{world.files['visa_letter'].pk}/change/",
        f"/admin/idm_portal/user/{world.users[DELEGATE].pk}/change/",
    ]


@pytest.mark.parametrize("role", [SECRETARIAT, FINANCE])
def test_staff_without_the_permission_never_see_the_number_in_the_admin(world_and_clients, role):
    world, clients = world_and_clients
    # A change of the details, so that the history has an entry holding them, if it kept them.
    world.profile.passport_number = PASSPORT_NUMBER + "B"
    world.profile.save()
    seen = {}
    for url in _profile_admin_urls(world):
        response = clients[role].get(url)
        seen[url] = (response.status_code, leaks(text_of(response.content)))
    assert {url: found for url, (_status, found) in seen.items() if found} == {}
    if role == SECRETARIAT:  # proves the pages were shown, not refused
        assert {status for status, _found in seen.values()} == {200}


def test_staff_with_the_permission_see_the_number_on_the_profile(world_and_clients):
    world, _clients = world_and_clients
    response = passport_staff().get(
        f"/admin/registrations/delegateprofile/{world.profile.pk}/change/"
    )
    assert PASSPORT_NUMBER in response.content.decode()


def _results(response) -> str:
    """The result list of a changelist, or what it said instead (an error, a refusal)."""
    if response.status_code != 200:
        return f"status {response.status_code} {response.get('Location', '')}"
    return str(response.context["cl"].result_count)


PROBES = [
    # (changelist, query parameters built from a guess at the number)
    ("/admin/registrations/delegateprofile/", lambda guess: {"q": guess}),
    ("/admin/registrations/delegateprofile/", lambda guess: {"passport_number": guess}),
    (
        "/admin/registrations/delegateprofile/",
        lambda guess: {"passport_number__startswith": guess[:3]},
    ),
    (
        "/admin/registrations/registration/",
        lambda guess: {"delegate__passport_number__startswith": guess[:3]},
    ),
    ("/admin/registrations/registration/", lambda guess: {"q": guess}),
    (
        "/admin/registrations/sponsorship/",
        lambda guess: {"registration__delegate__passport_number__istartswith": guess[:2]},
    ),
]


@pytest.mark.parametrize("role", [SECRETARIAT, FINANCE])
@pytest.mark.parametrize(("url", "query"), PROBES)
def test_searching_filtering_or_ordering_by_the_number_tells_nothing(
    world_and_clients, role, url, query
):
    """A right guess and a wrong one get the same answer: no oracle to read the number by."""
    world, clients = world_and_clients
    client = clients[role]
    right = client.get(url, query(PASSPORT_NUMBER))
    wrong = client.get(url, query("AB0000000CD"))
    assert _results(right) == _results(wrong)
    assert right.status_code != 500


# --- exports ------------------------------------------------------------------------------------


@pytest.mark.parametrize("export_format", ["0", "1"], ids=["csv", "xlsx"])
def test_the_registration_export_never_holds_the_number(world_and_clients, export_format):
    world, _clients = world_and_clients
    client = passport_staff()  # not even for staff who may see it
    url = reverse("admin:registrations_registration_export")
    form = client.get(url).context["form"]
    data = {"format": export_format, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("registrationresource_")})
    response = client.post(url, data)
    assert response.status_code == 200
    content = text_of(response.content)
    assert world.profile.family_name in content
    assert leaks(content) == []


def test_the_survey_funding_and_iati_exports_never_hold_the_number(world_and_clients):
    world, clients = world_and_clients
    year = world.programme.year
    survey = world.survey.pk
    asked = [
        # The raw answers are generated files: test_the_visa_letter_holds_the_passport_number…
        (SECRETARIAT, reverse("admin:surveys_survey_export", args=[survey, "results", "csv"])),
        (SECRETARIAT, reverse("admin:surveys_survey_export", args=[survey, "results", "xlsx"])),
        (DONOR, reverse("funding:own_figures_csv")),
        (DONOR, reverse("funding:transactions_csv", args=[year])),
        (DONOR, reverse("funding:transactions_json", args=[year])),
        (DELEGATE, reverse("registrations:calendar", args=[world.registration.pk])),
    ]
    found = {}
    for role, url in asked:
        response = clients[role].get(url)
        assert response.status_code == 200, url
        found[url] = leaks(text_of(response.content))
    assert found == {url: [] for url in found}


# --- logs, error pages and e-mails over a journey ------------------------------------------


def _logged(record: logging.LogRecord) -> str:
    """What a handler can write of a record: its message, its exception and stack, every
    extra attribute — but of the request only its path: a query string is what the asker
    typed (here staff probing with the number), as an access log has it too."""
    logging.Formatter().format(record)  # fills exc_text and the message
    parts = [record.getMessage(), record.exc_text or "", record.stack_info or ""]
    for name, value in record.__dict__.items():
        if name == "request":
            parts.append(getattr(value, "path", ""))
        elif name not in ("msg", "args", "exc_info"):
            parts.append(repr(value))
    return "\n".join(parts)


def test_a_journey_with_errors_logs_and_mails_the_number_nowhere(
    world_and_clients, caplog, settings, django_capture_on_commit_callbacks
):
    world, clients = world_and_clients
    settings.DEBUG = False
    caplog.set_level(logging.DEBUG)
    delegate, focal_point = clients[DELEGATE], clients[FOCAL_POINT]
    profile_url = reverse("registrations:profile")
    page = delegate.get(profile_url)
    assert PASSPORT_NUMBER in page.content.decode()  # the delegate's own page shows it
    form = {
        key: value
        for key, value in page.context["form"].initial.items()
        if value is not None and key != "member_state"
    }
    form["member_state"] = world.state.pk
    form = with_date_parts(form, "date_of_birth", "passport_expiry")  # as the page posts them
    with django_capture_on_commit_callbacks(execute=True):
        # An error at a field, then a save that changes the number (new letters owed).
        bad = delegate.post(profile_url, {**form, **date_parts("date_of_birth", ("3x", "", ""))})
        assert bad.status_code == 400
        saved = delegate.post(profile_url, {**form, "passport_number": PASSPORT_NUMBER + "Q"})
        assert saved.status_code in (200, 302)
        delegate.get(reverse("registrations:visa_letter", args=[world.registration.pk]))
        delegate.get(f"/en/my-registrations/{world.registration.pk}/visa-letter/xx/status/")
        delegate.get("/en/no-such-page/")
        focal_point.get(reverse("registrations:delegation_board", args=[world.workshop.slug]))
        for role in (SECRETARIAT, FINANCE):
            clients[role].get(
                "/admin/registrations/delegateprofile/", {"passport_number": PASSPORT_NUMBER}
            )
            clients[role].get("/admin/registrations/delegateprofile/", {"q": PASSPORT_NUMBER})
            # The number typed into a filter that wants a date or a number: the refusal's
            # line must not quote it back.
            for field in ("created_at__gte", "workshop__id__exact"):
                refused = clients[role].get(
                    reverse("admin:registrations_registration_export"), {field: PASSPORT_NUMBER}
                )
                assert refused.status_code != 500
    assert leaks("\n".join(_logged(record) for record in caplog.records)) == []
    mails = [
        f"{message.subject}\n{message.body}\n{message.alternatives}\n{message.attachments}"
        for message in mail.outbox
    ] + [str(row.__dict__) for row in OutboundEmail.objects.all()]
    assert leaks("\n".join(mails)) == []


def test_error_pages_never_show_the_number(world_and_clients, settings):
    world, clients = world_and_clients
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.attack.error_urls"
    delegate = clients[DELEGATE]
    delegate.raise_request_exception = False
    failing = delegate.get(f"/en/fail-with-profile/{world.profile.pk}/")
    assert failing.status_code == 500
    missing = delegate.get("/en/no-such-page/")
    assert missing.status_code == 404
    assert leaks(failing.content.decode() + missing.content.decode()) == []
