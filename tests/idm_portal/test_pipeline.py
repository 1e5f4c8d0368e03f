"""The generated-file pipeline, driven through documents (eager Celery, as in `make run`)."""

from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from idm_portal import page_cache
from idm_portal.files import services
from idm_portal.files.registry import get_renderer
from idm_portal.models import GeneratedFile
from idm_portal.tasks import make_generated_file
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.workshops.document_factories import DocumentFactory
from workshops import services as document_services
from workshops.renderers import DOCUMENT_PDF

pytestmark = pytest.mark.django_db


def pdf_files(settings) -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "generated").rglob("*.pdf"))


def saved(document, capture):
    """The work queued on commit by saving `document` (not the public page cache's bump,
    idm_portal.page_cache, which every save of a document makes)."""
    with capture(execute=True) as callbacks:
        document_services.save_document(document=document)
    return [callback for callback in callbacks if callback is not page_cache.bump]


def row_of(document) -> GeneratedFile:
    return GeneratedFile.objects.get(kind=DOCUMENT_PDF, object_id=document.pk)


def test_saving_a_document_makes_its_pdf(django_capture_on_commit_callbacks, settings):
    document = DocumentFactory.build(programme=DocumentFactory().programme, symbol="IC/2009/9")

    saved(document, django_capture_on_commit_callbacks)

    row = row_of(document)
    assert row.state == GeneratedFile.State.DONE
    assert row.attempts == 1
    assert row.started_at <= row.finished_at
    assert row.file.read().startswith(b"%PDF")
    assert row.file_input_hash == row.input_hash != ""
    assert len(pdf_files(settings)) == 1


def test_an_unchanged_save_queues_nothing(django_capture_on_commit_callbacks):
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)

    callbacks = saved(document, django_capture_on_commit_callbacks)

    assert callbacks == []
    assert row_of(document).attempts == 1


def test_a_changed_body_makes_a_new_pdf_that_replaces_the_old(
    django_capture_on_commit_callbacks, settings
):
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    first_name = row_of(document).file.name

    document.body += "\n\nA thirteenth paragraph added at the consultation.\n"
    callbacks = saved(document, django_capture_on_commit_callbacks)

    row = row_of(document)
    assert len(callbacks) == 1
    assert row.state == GeneratedFile.State.DONE
    assert row.attempts == 2
    assert row.file.name != first_name
    assert [p.name for p in pdf_files(settings)] == [Path(row.file.name).name]


def test_the_task_run_twice_makes_one_file(django_capture_on_commit_callbacks, settings):
    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=False):  # the broker "loses" the message
        document_services.save_document(document=document)
    row = row_of(document)
    assert row.state == GeneratedFile.State.PENDING

    assert make_generated_file.delay(row.pk).get() == "done"
    assert make_generated_file.delay(row.pk).get() == "skipped"

    row.refresh_from_db()
    assert row.state == GeneratedFile.State.DONE
    assert row.attempts == 1
    assert len(pdf_files(settings)) == 1


def test_a_failing_render_ends_failed_with_its_error_and_the_page_says_so(
    django_capture_on_commit_callbacks, settings, client, admin_client
):
    settings.PDF_RENDER_TIMEOUT = 0.01
    document = DocumentFactory()

    saved(document, django_capture_on_commit_callbacks)

    row = row_of(document)
    assert row.state == GeneratedFile.State.FAILED
    assert "took longer than" in row.error
    assert not row.file
    page = client.get(document.get_absolute_url()).content.decode()
    assert "The PDF could not be made." in page
    assert "took longer than" not in page  # the technical error is for staff
    staff_page = admin_client.get(document.get_absolute_url()).content.decode()
    assert "took longer than" in staff_page


def test_a_failed_render_keeps_the_last_good_pdf(django_capture_on_commit_callbacks, settings):
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    good = row_of(document).file.name

    settings.PDF_RENDER_TIMEOUT = 0.01
    document.title = "A new title that will not render in time"
    saved(document, django_capture_on_commit_callbacks)

    row = row_of(document)
    assert row.state == GeneratedFile.State.FAILED
    assert row.file.name == good
    assert (Path(settings.MEDIA_ROOT) / good).exists()


def test_an_unchanged_failed_document_is_not_retried_on_save_but_generate_pdf_forces_it(
    django_capture_on_commit_callbacks, settings
):
    settings.PDF_RENDER_TIMEOUT = 0.01
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    assert saved(document, django_capture_on_commit_callbacks) == []

    settings.PDF_RENDER_TIMEOUT = 60
    with django_capture_on_commit_callbacks(execute=True):
        document_services.generate_pdfs(documents=[document])

    assert row_of(document).state == GeneratedFile.State.DONE


def test_a_transient_error_is_retried(django_capture_on_commit_callbacks, monkeypatch):
    renderer = get_renderer(DOCUMENT_PDF)
    calls = []

    def flaky(obj, language):
        calls.append(language)
        if len(calls) == 1:
            raise OperationalError("connection to the database was lost")
        return renderer.render(obj, language)

    monkeypatch.setattr(
        "idm_portal.files.registry._REGISTRY",
        {DOCUMENT_PDF: renderer.__class__(DOCUMENT_PDF, flaky, renderer.fingerprint)},
    )
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)

    row = row_of(document)
    assert len(calls) == 2
    assert row.state == GeneratedFile.State.DONE
    assert row.attempts == 2


def test_the_sweep_sends_rows_left_pending(django_capture_on_commit_callbacks):
    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=False):
        document_services.save_document(document=document)

    assert services.sweep() == 0  # pending for less than a minute: left alone
    assert services.sweep(pending_after=__import__("datetime").timedelta(0)) == 1

    assert row_of(document).state == GeneratedFile.State.DONE


def test_the_sweep_hands_a_running_row_whose_lease_expired_to_a_new_run(
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    from django.utils import timezone

    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=False):
        document_services.save_document(document=document)
    row = row_of(document)
    GeneratedFile.objects.filter(pk=row.pk).update(
        state=GeneratedFile.State.RUNNING,
        started_at=timezone.now() - timedelta(minutes=1),
        lease_holder="worker-that-died:4242:0",
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )

    assert services.sweep(pending_after=timedelta(0)) == 1
    assert row_of(document).state == GeneratedFile.State.DONE


def test_sweep_command(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=False):
        document_services.save_document(document=document)
    out = StringIO()
    call_command("sweep_generated_files", "--older-than", "0", stdout=out)
    assert "1 generated file(s)" in out.getvalue()
    assert row_of(document).state == GeneratedFile.State.DONE


def test_the_page_shows_the_pdf_link_once_ready(django_capture_on_commit_callbacks, client):
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    page = client.get(document.get_absolute_url()).content.decode()
    row = row_of(document)
    assert row.get_download_url() in page
    assert "data-refresh-url" not in page
    response = client.get(row.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- Who may fetch a generated file -----------------------------------------------------------


def test_a_staff_only_documents_pdf_is_served_to_staff_alone(
    django_capture_on_commit_callbacks, client
):
    from tests.idm_portal.factories import DelegateFactory

    document = DocumentFactory(visibility="staff")
    saved(document, django_capture_on_commit_callbacks)
    download = row_of(document).get_download_url()

    assert client.get(download).status_code == 404  # anonymous
    client.force_login(DelegateFactory())
    assert client.get(download).status_code == 404
    client.force_login(SecretariatStaffFactory())
    assert client.get(download).status_code == 200


def test_a_generated_file_is_not_served_under_another_name(
    django_capture_on_commit_callbacks, client
):
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    row = row_of(document)
    assert client.get(reverse("generated_file", args=[row.pk, "other.pdf"])).status_code == 404
    assert (
        client.get(reverse("generated_file", args=[row.pk + 999, row.filename])).status_code == 404
    )


def test_a_kind_without_a_download_rule_is_never_served(
    django_capture_on_commit_callbacks, client, settings
):
    from idm_portal.files import registry as generated

    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    row = row_of(document)
    renderer = get_renderer(DOCUMENT_PDF)
    generated.register(DOCUMENT_PDF, render=renderer.render, fingerprint=renderer.fingerprint)
    try:
        client.force_login(SecretariatStaffFactory())
        assert client.get(row.get_download_url()).status_code == 404
    finally:
        generated._REGISTRY[DOCUMENT_PDF] = renderer


def test_media_files_are_never_served_directly_even_in_debug(
    django_capture_on_commit_callbacks, client, settings
):
    import importlib

    from django.urls import clear_url_caches

    import idm_portal.urls

    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/" + row_of(document).file.name
    settings.DEBUG = True
    importlib.reload(idm_portal.urls)  # the URLconf as `make run` (DEBUG on) builds it
    clear_url_caches()
    try:
        assert client.get(media_url).status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(idm_portal.urls)
        clear_url_caches()


def test_the_page_refreshes_itself_while_the_pdf_is_pending(
    django_capture_on_commit_callbacks, client
):
    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=False):
        document_services.save_document(document=document)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "waiting to be made" in page
    status_url = reverse(
        "workshops:document_pdf_status",
        kwargs={"symbol": document.symbol, "language": document.language},
    )
    assert f'data-refresh-url="{status_url}"' in page
    assert client.get(status_url).status_code == 200


def test_the_generated_files_admin_links_to_the_checked_download(
    django_capture_on_commit_callbacks, client
):
    document = DocumentFactory()
    saved(document, django_capture_on_commit_callbacks)
    row = row_of(document)
    client.force_login(SecretariatStaffFactory(is_superuser=True))

    page = client.get(reverse("admin:idm_portal_generatedfile_change", args=[row.pk]))

    assert page.status_code == 200
    assert row.get_download_url() in page.content.decode()
    assert "/media/" not in page.content.decode()
