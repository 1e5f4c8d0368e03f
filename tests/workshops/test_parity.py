"""Parity before publishing (issue 11, item 3): a workshop does not open for registration, nor a
document become public, before its French and Spanish texts exist, unless staff give a
reason, which is recorded; a staff page and `manage.py check_translations` list every gap."""

import datetime
from html import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.idm_portal.factories import DelegateFactory, SecretariatStaffFactory
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import (
    AgendaItemFactory,
    KeyDateFactory,
    ProgrammeFactory,
    WorkshopFactory,
)
from workshops.models import Document, Workshop

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": (
        "Managing Return Migration",
        "Gérer les migrations de retour",
        "Gestionar el retorno",
    ),
    "description": ("Two days.", "Deux jours.", "Dos días."),
    "venue": ("Geneva", "Genève", "Ginebra"),
}


def translated_programme(**kwargs):
    return ProgrammeFactory(
        theme_fr="Thème", theme_es="Tema", summary_fr="Résumé", summary_es="Resumen", **kwargs
    )


def translated_workshop(**kwargs):
    values = {}
    for name, (en, fr, es) in TEXTS.items():
        values.update({f"{name}_en": en, f"{name}_fr": fr, f"{name}_es": es})
    kwargs.setdefault("programme", translated_programme())
    return WorkshopFactory(**values, **kwargs)


def translated_agenda_item(workshop, **kwargs):
    values = {
        "title_en": "Opening remarks",
        "title_fr": "Allocutions d'ouverture",
        "title_es": "Palabras de apertura",
        "speakers_en": "Director General",
        "speakers_fr": "Directeur général",
        "speakers_es": "Director General",
        "moderator_en": "",
    }
    return AgendaItemFactory(workshop=workshop, **{**values, **kwargs})


@pytest.fixture
def staff_user():
    return SecretariatStaffFactory()


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def change_data(workshop, *, status="open", reason="", agenda=()):
    data = {
        "programme": workshop.programme.pk,
        "slug": workshop.slug,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
        "capacity": "120",
        "sponsored_seats": "10",
        "registration_status": status,
        "translation_waiver_reason": reason,
        "agenda_items-TOTAL_FORMS": str(len(agenda)),
        "agenda_items-INITIAL_FORMS": str(len(agenda)),
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
    }
    for name in ("title", "description", "venue", "venue_address"):
        for language in ("en", "fr", "es"):
            data[f"{name}_{language}"] = getattr(workshop, f"{name}_{language}") or ""
    for index, (item, titles) in enumerate(agenda):
        prefix = f"agenda_items-{index}-"
        data.update(
            {
                f"{prefix}id": item.pk,
                f"{prefix}workshop": workshop.pk,
                f"{prefix}day": item.day.isoformat(),
                f"{prefix}start_time": item.start_time.strftime("%H:%M"),
                f"{prefix}end_time": "",
                f"{prefix}title_en": titles[0],
                f"{prefix}title_fr": titles[1],
                f"{prefix}title_es": titles[2],
                f"{prefix}speakers_en": "",
                f"{prefix}moderator_en": "",
            }
        )
    return data


def post_change(staff, workshop, **kwargs):
    return staff.post(
        f"/admin/workshops/workshop/{workshop.pk}/change/", change_data(workshop, **kwargs)
    )


# --- Opening a workshop -----------------------------------------------------------------------


def test_staff_cannot_open_a_workshop_whose_spanish_title_is_missing(staff):
    workshop = translated_workshop(registration_status=Workshop.RegistrationStatus.CLOSED)
    Workshop.objects.filter(pk=workshop.pk).update(title_es=None)
    workshop.refresh_from_db()

    response = post_change(staff, workshop)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["registration_status"]
    missing = errors[0].split("Missing:")[1]
    assert "Spanish — workshop “Managing Return Migration”: title." in missing
    assert "French" not in missing
    workshop.refresh_from_db()
    assert workshop.registration_status == Workshop.RegistrationStatus.CLOSED
    # Nothing typed is lost: the form comes back with what was entered.
    assert response.context["adminform"].form["title_fr"].value() == TEXTS["title"][1]


def test_staff_open_a_translated_workshop(staff):
    workshop = translated_workshop(registration_status=Workshop.RegistrationStatus.CLOSED)

    response = post_change(staff, workshop)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.registration_status == Workshop.RegistrationStatus.OPEN
    assert workshop.translation_waiver_reason == ""


def test_a_reason_opens_an_untranslated_workshop_and_is_recorded_with_who_and_when(
    staff, staff_user
):
    workshop = WorkshopFactory(registration_status=Workshop.RegistrationStatus.CLOSED)

    response = post_change(staff, workshop, reason="Interpretation only; texts follow Monday.")

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.registration_status == Workshop.RegistrationStatus.OPEN
    assert workshop.translation_waiver_reason == "Interpretation only; texts follow Monday."
    assert workshop.translation_waiver_by == staff_user
    assert workshop.translation_waiver_at is not None
    page = staff.get(f"/admin/workshops/workshop/{workshop.pk}/change/").content.decode()
    assert f"by {escape(str(staff_user))}" in page


def test_an_untranslated_agenda_item_keeps_the_workshop_closed(staff):
    workshop = translated_workshop(registration_status=Workshop.RegistrationStatus.CLOSED)
    item = translated_agenda_item(workshop)

    response = post_change(
        staff, workshop, agenda=[(item, ("Opening remarks", "Allocutions d'ouverture", ""))]
    )

    assert response.status_code == 200
    formset_errors = " ".join(
        str(error)
        for formset in response.context["inline_admin_formsets"]
        for error in formset.formset.non_form_errors()
    )
    assert "Spanish" in formset_errors and "Opening remarks" in formset_errors
    workshop.refresh_from_db()
    assert workshop.registration_status == Workshop.RegistrationStatus.CLOSED


def test_agenda_translated_in_the_same_submit_opens_the_workshop(staff):
    workshop = translated_workshop(registration_status=Workshop.RegistrationStatus.CLOSED)
    item = translated_agenda_item(workshop, title_es=None)

    response = post_change(
        staff,
        workshop,
        agenda=[(item, ("Opening remarks", "Allocutions d'ouverture", "Palabras de apertura"))],
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    item.refresh_from_db()
    assert workshop.registration_status == Workshop.RegistrationStatus.OPEN
    assert item.title_es == "Palabras de apertura"


def test_the_change_list_cannot_open_an_untranslated_workshop_either(staff):
    workshop = WorkshopFactory(registration_status=Workshop.RegistrationStatus.CLOSED)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": workshop.pk,
        "form-0-registration_status": "open",
        "_save": "Save",
    }

    response = staff.post("/admin/workshops/workshop/", data)

    assert response.status_code == 200
    assert "Registration cannot open" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.registration_status == Workshop.RegistrationStatus.CLOSED


def test_an_empty_translation_counts_as_missing():
    workshop = translated_workshop()
    workshop.title_fr = "   "
    workshop.registration_status = Workshop.RegistrationStatus.OPEN
    with pytest.raises(Exception) as raised:
        workshop.full_clean()
    assert "French" in str(raised.value)


# --- Publishing a document --------------------------------------------------------------------


def test_a_document_is_not_made_public_before_its_other_versions_exist():
    document = DocumentFactory(
        symbol="IC/2100/1", language="en", visibility="staff", translation_waiver_reason=""
    )
    document.visibility = Document.Visibility.PUBLIC
    with pytest.raises(Exception) as raised:
        document.full_clean()
    assert "French, Spanish" in str(raised.value)

    DocumentFactory(symbol="IC/2100/1", language="fr", visibility="staff")
    DocumentFactory(symbol="IC/2100/1", language="es", visibility="staff")
    document.full_clean()  # all three versions exist: it may be published


def test_a_document_published_anyway_records_the_reason(staff, staff_user):
    document = DocumentFactory(
        symbol="IC/2100/2", language="en", visibility="staff", translation_waiver_reason=""
    )
    page = staff.get(f"/admin/workshops/document/{document.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in ((n, form[n].value()) for n in form.fields)
    }
    data.update(visibility="public", translation_waiver_reason="")

    refused = staff.post(f"/admin/workshops/document/{document.pk}/change/", data)
    assert refused.status_code == 200
    assert "French, Spanish" in refused.context["adminform"].form.errors["visibility"][0]

    data["translation_waiver_reason"] = "Urgent: the Council meets tomorrow."
    accepted = staff.post(f"/admin/workshops/document/{document.pk}/change/", data)
    assert accepted.status_code == 302
    document.refresh_from_db()
    assert document.is_public and document.translation_waiver_by == staff_user


def test_import_document_refuses_a_public_document_without_its_versions(tmp_path):
    ProgrammeFactory(year=2101)
    body = tmp_path / "note.md"
    body.write_text("The first paragraph.\n\nThe second paragraph.\n", encoding="utf-8")
    arguments = [str(body), "--symbol", "IC/2101/1", "--language", "en", "--title", "Note"]
    arguments += ["--date", "2101-02-10"]

    with pytest.raises(CommandError, match="French, Spanish"):
        call_command("import_document", *arguments)
    call_command("import_document", *arguments, "--publish-without-translations", "Urgent")

    document = Document.objects.get(symbol="IC/2101/1")
    assert document.is_public and document.translation_waiver_reason == "Urgent"
    assert document.translation_waiver_at is not None


# --- The report: staff page and command -------------------------------------------------------


def test_check_translations_fails_on_an_untranslated_published_workshop(capsys):
    programme = translated_programme()
    translated_workshop(programme=programme, slug="translated")
    untranslated = WorkshopFactory(programme=programme, title="Only in English")

    with pytest.raises(CommandError):
        call_command("check_translations")
    out = capsys.readouterr().out
    assert "Only in English" in out and "Managing Return Migration" not in out
    assert out.index("French:") < out.index("Spanish:")

    for name in ("title", "description", "venue"):
        setattr(untranslated, f"{name}_fr", "Texte")
        setattr(untranslated, f"{name}_es", "Texto")
    untranslated.save()
    call_command("check_translations")
    assert "Every published text is translated." in capsys.readouterr().out


def test_check_translations_ignores_unpublished_programmes_and_accepts_a_recorded_reason(capsys):
    WorkshopFactory(programme=ProgrammeFactory(is_published=False), title="Draft workshop")
    waived = WorkshopFactory(
        programme=translated_programme(), translation_waiver_reason="Texts follow."
    )
    call_command("check_translations")
    out = capsys.readouterr().out
    assert "Draft workshop" not in out
    assert str(waived) in out and "published anyway: Texts follow." in out


def test_check_translations_by_language(capsys):
    workshop = translated_workshop()
    Workshop.objects.filter(pk=workshop.pk).update(description_es="")
    call_command("check_translations", "--language", "fr")
    with pytest.raises(CommandError):
        call_command("check_translations", "--language", "es")


def test_the_staff_page_lists_missing_translations_per_language(
    staff, django_assert_max_num_queries
):
    programme = translated_programme()
    workshop = translated_workshop(programme=programme)
    Workshop.objects.filter(pk=workshop.pk).update(venue_fr=None)
    KeyDateFactory(programme=programme, title="Council", title_fr="Conseil", title_es=None)

    response = staff.get("/admin/workshops/programme/missing-translations/")

    assert response.status_code == 200
    sections = {item["code"]: item["gaps"] for item in response.context["by_language"]}
    assert [(gap.obj, gap.fields) for gap in sections["fr"]] == [(workshop, ["venue"])]
    assert [str(gap.obj) for gap in sections["es"]] == ["Council"]
    html = response.content.decode()
    assert f"/admin/workshops/workshop/{workshop.pk}/change/" in html
    assert "Missing translations" in staff.get("/admin/workshops/programme/").content.decode()


def test_the_staff_page_costs_the_same_queries_with_more_content(staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff.get("/admin/workshops/programme/missing-translations/").status_code == 200
        return len(queries)

    programme = ProgrammeFactory()
    for _ in range(2):
        AgendaItemFactory(workshop=WorkshopFactory(programme=programme))
    DocumentFactory(symbol="IC/2100/9", language="en", visibility="staff")
    before = count()
    for _ in range(6):
        workshop = WorkshopFactory(programme=programme)
        AgendaItemFactory.create_batch(3, workshop=workshop)
    KeyDateFactory.create_batch(4, programme=programme, start_date=datetime.date(2100, 5, 1))
    assert count() == before


def test_delegates_cannot_read_the_staff_page(client):
    client.force_login(DelegateFactory())
    response = client.get("/admin/workshops/programme/missing-translations/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_check_translations_passes_on_the_demo(capsys):
    call_command("load_demo")
    call_command("check_translations")
    assert "Every published text is translated." in capsys.readouterr().out
