"""Documents: the public page, the workshop's list, the admin, the import command, the demo."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from idm_portal import page_cache
from idm_portal.models import GeneratedFile
from tests.idm_portal.factories import UserFactory
from tests.workshops.document_factories import DocumentFactory, twelve_paragraphs
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory
from workshops.models import Document

pytestmark = pytest.mark.django_db


def test_document_page_shows_metadata_body_and_language_versions(client):
    english = DocumentFactory(symbol="IC/2009/1", language="en")
    DocumentFactory(symbol="IC/2009/1", language="fr", programme=english.programme)

    response = client.get("/en/documents/IC/2009/1/en/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "IC/2009/1" in page
    assert "10 February 2009" in page
    assert 'id="para-12"' in page
    assert 'class="para-number">12.' in page
    assert 'href="/en/documents/IC/2009/1/fr/"' in page
    assert "No PDF has been made of this document yet." in page


def test_staff_only_documents_are_hidden_from_everyone_else(client):
    document = DocumentFactory(visibility=Document.Visibility.STAFF)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert client.get(document.get_absolute_url()).status_code == 200


def test_document_page_query_count_stays_flat(client, django_assert_max_num_queries):
    document = DocumentFactory(symbol="IC/2009/1", language="en")
    for language in ("fr", "es"):
        DocumentFactory(symbol="IC/2009/1", language=language, programme=document.programme)
    GeneratedFile.objects.create(
        kind="document_pdf",
        content_type=ContentType.objects.get_for_model(Document),
        object_id=document.pk,
        language="en",
    )
    client.get(document.get_absolute_url())  # warm the content-type cache
    # document + programme + workshop (1), language versions (1), PDF row (1)
    with django_assert_max_num_queries(3):
        assert client.get(document.get_absolute_url()).status_code == 200


def test_workshop_page_lists_its_public_documents(client):
    workshop = WorkshopFactory()
    public = DocumentFactory(
        programme=workshop.programme, workshop=workshop, title="Agenda of the workshop"
    )
    DocumentFactory(
        programme=workshop.programme,
        workshop=workshop,
        title="Internal budget note",
        visibility=Document.Visibility.STAFF,
    )
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Agenda of the workshop" in page
    assert public.get_absolute_url() in page
    assert "Internal budget note" not in page


def test_a_taken_symbol_is_refused_at_the_field():
    existing = DocumentFactory(symbol="IC/2009/1", language="fr")
    duplicate = DocumentFactory.build(
        symbol="IC/2009/1", language="fr", programme=existing.programme
    )
    with pytest.raises(Exception) as error:
        duplicate.full_clean()
    assert error.value.message_dict["symbol"] == [
        "A document with this symbol already exists in French."
    ]
    DocumentFactory.build(
        symbol="IC/2009/1", language="es", programme=existing.programme, visibility="staff"
    ).full_clean()


def admin_form_data(document: Document, **changes) -> dict:
    data = {
        "symbol": document.symbol,
        "kind": document.kind,
        "title": document.title,
        "subtitle": document.subtitle,
        "visibility": document.visibility,
        "language": document.language,
        "original_language": document.original_language,
        "place": document.place,
        "date": document.date.isoformat(),
        "programme": document.programme_id,
        "workshop": document.workshop_id or "",
        "body": document.body,
        # One language version is enough for these tests (parity is tested in test_parity).
        "translation_waiver_reason": "Other versions follow.",
    }
    data.update(changes)
    return data


def test_admin_refuses_a_taken_symbol_with_a_clear_message(admin_client):
    existing = DocumentFactory(symbol="IC/2009/1", language="fr")
    new = DocumentFactory.build(symbol="IC/2009/1", language="fr", programme=existing.programme)
    response = admin_client.post(reverse("admin:workshops_document_add"), admin_form_data(new))
    assert response.status_code == 200
    assert "A document with this symbol already exists in French." in response.content.decode()
    assert Document.objects.count() == 1


def test_admin_saves_through_the_service_and_makes_the_pdf(
    admin_client, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    new = DocumentFactory.build(symbol="IC/2009/7", programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:workshops_document_add"), admin_form_data(new))
    assert response.status_code == 302
    document = Document.objects.get(symbol="IC/2009/7")
    row = GeneratedFile.objects.get(object_id=document.pk, kind="document_pdf")
    assert row.state == GeneratedFile.State.DONE

    change_page = admin_client.get(
        reverse("admin:workshops_document_change", args=[document.pk])
    ).content.decode()
    assert 'class="para-number">12.' in change_page  # the preview
    # The link goes through the checked download view (media files are never served as such),
    # and it downloads the PDF.
    link = re.search(r'<a href="([^"]+)">Download the PDF</a>', change_page).group(1)
    assert link == row.get_download_url()
    download = admin_client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        "Ready" in admin_client.get(reverse("admin:workshops_document_changelist")).content.decode()
    )


def test_admin_refuses_a_body_that_cannot_render_and_keeps_the_last_pdf(
    admin_client, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    new = DocumentFactory.build(symbol="IC/2009/8", programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:workshops_document_add"), admin_form_data(new))
    document = Document.objects.get(symbol="IC/2009/8")
    pdf_before = GeneratedFile.objects.get(object_id=document.pk).file.name

    broken = document.body + "\n\nA call to a note nobody wrote.[^99]\n"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            reverse("admin:workshops_document_change", args=[document.pk]),
            admin_form_data(document, body=broken),
        )
    assert response.status_code == 200
    assert "The text cannot be rendered" in response.content.decode()
    assert callbacks == []
    document.refresh_from_db()
    assert "[^99]" not in document.body
    assert GeneratedFile.objects.get(object_id=document.pk).file.name == pdf_before


def test_admin_action_generate_pdf(admin_client, django_capture_on_commit_callbacks):
    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:workshops_document_changelist"),
            {"action": "generate_pdf", "_selected_action": [document.pk]},
            follow=True,
        )
    assert "is being made" in response.content.decode()
    assert GeneratedFile.objects.get(object_id=document.pk).state == GeneratedFile.State.DONE


def test_import_document_command(tmp_path, django_capture_on_commit_callbacks):
    ProgrammeFactory(year=2009)
    path = tmp_path / "IC-2009-1.en.md"
    path.write_text(twelve_paragraphs(), encoding="utf-8")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_document",
            str(path),
            "--symbol=IC/2009/1",
            "--language=en",
            "--title=International Dialogue on Migration 2009",
            "--date=2009-02-10",
            "--publish-without-translations=French and Spanish follow.",
            stdout=out,
        )
    assert "Created IC/2009/1 (en)" in out.getvalue()
    document = Document.objects.get(symbol="IC/2009/1", language="en")
    assert document.date == datetime.date(2009, 2, 10)
    assert document.programme.year == 2009

    # Again, without the metadata: the document is updated, its metadata kept.
    call_command("import_document", str(path), "--symbol=IC/2009/1", "--language=en", stdout=out)
    assert Document.objects.filter(symbol="IC/2009/1").count() == 1


def test_import_document_refuses_a_broken_body(tmp_path):
    ProgrammeFactory(year=2009)
    path = tmp_path / "broken.md"
    path.write_text("A paragraph calling a missing note.[^7]\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not imported"):
        call_command(
            "import_document",
            str(path),
            "--symbol=IC/2009/2",
            "--language=en",
            "--title=Broken",
            "--date=2009-02-10",
        )
    assert not Document.objects.exists()


def test_demo_loads_ic_2009_1_once(django_capture_on_commit_callbacks):
    from workshops import demo

    demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_documents()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo.load_documents()
    document = Document.objects.get(symbol="IC/2009/1", language="en")
    # Unchanged: no new rendering (the public page cache's bump aside: idm_portal.page_cache).
    assert [callback for callback in callbacks if callback is not page_cache.bump] == []
    assert document.place == "Geneva"
    assert document.date == datetime.date(2009, 2, 10)
    assert document.original_language == "en"
    assert document.is_public
    from workshops.markdown import render_body

    html = render_body(document.body, language="en")
    assert 'id="para-12"' in html and 'id="para-13"' not in html
    assert html.count('class="subitem-label"') >= 11
    assert GeneratedFile.objects.get(object_id=document.pk).state == GeneratedFile.State.DONE


def test_programme_page_lists_its_public_documents_only(client):
    programme = ProgrammeFactory(year=2031)
    public = DocumentFactory(
        programme=programme, symbol="IC/2031/1", title="Public discussion note"
    )
    DocumentFactory(
        programme=programme,
        symbol="IC/2031/2",
        title="Internal staff note",
        visibility=Document.Visibility.STAFF,
    )
    html = client.get(f"/en/programme/{programme.year}/").content.decode()
    assert public.get_absolute_url() in html
    assert "Public discussion note" in html
    assert "Internal staff note" not in html
