"""A document PDF follows its language's rules, and every PDF is tagged with its language
(read back from the PDF with pypdf)."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from idm_portal import pdf
from idm_portal.files.selectors import generated_file_for
from idm_portal.models import GeneratedFile
from idm_portal.pdf.typography import french_typography
from registrations.models.lifecycle import Registration
from registrations.renderers import letters as letters_renderers
from registrations.renderers import participants_lists
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory
from workshops import demo_texts
from workshops.models import Document
from workshops.renderers import DOCUMENT_PDF, render_document_pdf

pytestmark = pytest.mark.django_db

NBSP = ("\u00a0", "\u202f")
FRENCH_BODY = (
    "Objectif: renforcer la coopération; est-ce possible? Oui! "
    "Le « dialogue » continue.\n\n"
    "Deuxième paragraphe : la suite.\n"
)


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in reader(content).pages)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def french_document():
    return DocumentFactory(
        symbol="IC/2009/1", language="fr", original_language="en", body=FRENCH_BODY
    )


def test_french_document_names_the_original_in_french_and_dates_it_the_french_way():
    text = text_of(render_document_pdf(french_document(), "fr").content)

    assert "Original : anglais" in plain(text)
    assert "Genève, le 10 février 2009" in plain(text)


def test_french_document_sets_no_break_spaces_before_colons_and_inside_guillemets():
    text = text_of(render_document_pdf(french_document(), "fr").content)

    assert any(f"Original{space}:" in text for space in NBSP)
    assert any(f"Objectif{space}:" in text for space in NBSP)
    assert any(f"Deuxième paragraphe{space}:" in text for space in NBSP)
    assert any(f"coopération{space};" in text for space in NBSP)
    assert any(f"possible{space}?" in text for space in NBSP)
    assert any(f"«{space}dialogue{space}»" in text for space in NBSP)


def test_spanish_document_names_the_original_in_spanish_and_dates_it_the_spanish_way():
    document = DocumentFactory(language="es", original_language="en")

    text = plain(text_of(render_document_pdf(document, "es").content))

    assert "Original: inglés" in text
    assert "Ginebra, 10 de febrero de 2009" in text


def test_english_document_keeps_english_rules():
    text = text_of(render_document_pdf(DocumentFactory(), "en").content)

    assert "Original: English" in text
    assert "Geneva, 10 February 2009" in text


def assert_tagged(content: bytes, language: str) -> None:
    catalog = reader(content).trailer["/Root"]
    assert bool(catalog.get("/MarkInfo", {}).get("/Marked", False)), "not tagged for screen readers"
    assert "/StructTreeRoot" in catalog
    assert catalog.get("/Lang") == language


@pytest.mark.parametrize("language", ["fr", "en", "es"])
def test_document_pdf_is_tagged_and_declares_its_language(language):
    document = DocumentFactory(language=language)

    assert_tagged(render_document_pdf(document, language).content, language)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_confirmation_letter_is_tagged_and_declares_its_language(language):
    registration = RegistrationFactory(status=Registration.Status.CONFIRMED)

    content = letters_renderers.render_confirmation_letter(registration, language).content

    assert_tagged(content, language)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_list_of_participants_is_tagged_and_declares_its_language(language):
    workshop = WorkshopFactory()
    RegistrationFactory(
        delegate=DelegateProfileFactory(),
        workshop=workshop,
        status=Registration.Status.CONFIRMED,
    )

    html = participants_lists.participants_html(workshop, language)
    assert_tagged(pdf.html_to_pdf(html), language)


def test_french_typography_leaves_urls_code_and_times_alone():
    html = (
        '<p>Voir: <a href="https://iom.int/a:b?c=1">https://iom.int/a:b?c=1</a> à 10:30</p>'
        "<pre><code>x = {'a': 1}?</code></pre><style>a:hover{}</style>"
    )

    result = french_typography(html)

    assert "Voir\u00a0:" in result
    assert "https://iom.int/a:b?c=1</a>" in result
    assert 'href="https://iom.int/a:b?c=1"' in result
    assert "10:30" in result
    assert "<code>x = {'a': 1}?</code>" in result
    assert "a:hover{}" in result


def test_french_typography_does_not_double_the_no_break_spaces_a_text_was_typed_with():
    # The sanitiser writes a typed U+00A0 as "&nbsp;".
    result = french_typography("<p>Les Membres&nbsp;: «&nbsp;La migration&nbsp;» fin&#160;?</p>")

    assert result == "<p>Les Membres\u00a0: «\u00a0La migration\u00a0» fin\u202f?</p>"


def test_import_document_of_a_french_body_makes_a_french_pdf_shaped_like_the_english_one(
    django_capture_on_commit_callbacks,
):
    """manage.py import_document --language fr of the demo's French IC/2009/1 (paragraphs 1-3,
    the eleven principles, three footnotes): the PDF made by the pipeline passes the checks of
    the English one (tests/workshops/test_pdf.py) with the French rules."""
    ProgrammeFactory(year=2009)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_document",
            str(demo_texts.document_path("IC/2009/1", "fr")),
            "--symbol=IC/2009/1",
            "--language=fr",
            "--original-language=en",
            "--title=Dialogue international sur la migration 2009",
            "--date=2009-02-10",
            "--visibility=staff",  # the English and Spanish versions are not imported here
            stdout=StringIO(),
        )
    document = Document.objects.get(symbol="IC/2009/1", language="fr")
    generated = generated_file_for(document, DOCUMENT_PDF, "fr")
    assert generated.state == GeneratedFile.State.DONE, generated.error
    with generated.file.open("rb") as file:
        content = file.read()

    pages = [page.extract_text() or "" for page in reader(content).pages]
    first, text = plain(pages[0]), plain("\n".join(pages)).replace("\n", " ")
    assert len(pages) >= 2
    assert "IC/2009/1" in first
    assert "Original : anglais" in first
    assert "Genève, le 10 février 2009" in first
    for name in (
        "International Organization for Migration",
        "Organisation Internationale pour les Migrations",
        "Organización Internacional para las Migraciones",
    ):
        assert name in first
    for number, opening in enumerate(("La présente note", "En 2008, le Dialogue", "S’agissant"), 1):
        assert f"{number}.  {opening}" in text or f"{number}. {opening}" in text
    assert "4. " not in text.replace("(IC/ 2008/6)", "")
    assert all(f"{letter}) " in text for letter in "abcdefghijk")
    # The three footnotes stand at the foot of the page of their calls (paragraphs 1 and 2).
    assert "1 Article 1, paragraphe 1, alinéa e)." in first
    assert "2 Les exposés, les déclarations" in first
    # From page 2 on, the running header carries the symbol and the page number.
    assert "IC/2009/1" in pages[1] and "Page 2" in pages[1]
    # French spacing read back from the PDF, set once (the body was typed with its own).
    raw = "\n".join(pages)
    assert "Original\u00a0:" in raw
    assert "DIM 2008\u00a0: enseignements" in raw
    assert "Membres\u00a0: «\u00a0La migration de retour\u00a0: défis" in raw.replace("\n", " ")
    assert "\u00a0\u00a0" not in raw
    assert_tagged(content, "fr")
