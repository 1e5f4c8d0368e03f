"""Benchmark of the document PDFs (issue 3): seconds per document and pages per second.

    .venv/bin/python bench/pdf.py [--repeat 5]

For IC/2009/1, a generated ~40-page document, 2,000 lettered sub-items and a 2,000-row
table it times, in a warm process:
  project  the portal's whole path: Markdown → sanitised HTML → template (under the
           document's language) → WeasyPrint in a forked child with the time and memory
           limits and the portal's URL fetcher (workshops.renderers.render_document_pdf);
  floor    WeasyPrint alone writing the same HTML (CSS inlined), no project code around it.
Overhead = project / floor − 1. Then, for the 2,000-row table, WeasyPrint alone on the same
rows laid out otherwise: as one <table> (as the web page has it) and as one bare <p> per row.
Peak memory is the maximum resident set size (resource.getrusage) of this process and of the
largest rendering child.
No database is needed: the documents are unsaved model instances.
"""

import argparse
import os
import sys
from datetime import date
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402

from bench._measure import (  # noqa: E402
    bare_paragraphs_html,
    inline_pdf_css,
    pdf_pages,
    print_peak_memory,
    timed,
)
from workshops import demo  # noqa: E402
from workshops.markdown import render_body  # noqa: E402
from workshops.models import Document, Programme  # noqa: E402
from workshops.renderers import document_html, render_document_pdf  # noqa: E402

SENTENCE = (
    "The membership discussed the human dimension of migration, the rights and "
    "responsibilities of migrants and societies, and practical partnerships among "
    "governments, international organizations, civil society and the private sector. "
)


def ic_2009_1() -> Document:
    path = demo.IC_2009_1_PATH
    body = path.read_text(encoding="utf-8") if path.exists() else demo._ic_2009_1_summary()
    return Document(
        symbol="IC/2009/1",
        kind=Document.Kind.DISCUSSION_NOTE,
        title="International Dialogue on Migration 2009",
        subtitle=demo.THEME_2009,
        language="en",
        original_language="en",
        date=date(2009, 2, 10),
        place="Geneva",
        programme=Programme(year=2009, theme=demo.THEME_2009),
        body=body,
    )


def long_document(paragraphs: int = 150) -> Document:
    blocks, notes = [], []
    for n in range(1, paragraphs + 1):
        if n % 25 == 1:
            blocks.append(f"## Part {n // 25 + 1}")
        call = ""
        if n % 6 == 0:
            notes.append(f"[^{len(notes) + 1}]: Note {len(notes) + 1}: {SENTENCE}")
            call = f"[^{len(notes)}]"
        blocks.append(f"**Lead-in {n}.** {SENTENCE * 3}{call}")
        if n % 20 == 3:
            blocks.append("\n".join(f"({c}) **Principle {c}.** {SENTENCE}" for c in "abcdefghijk"))
    document = ic_2009_1()
    document.symbol = "IC/2009/BENCH"
    document.body = "\n\n".join(blocks) + "\n\n" + "\n".join(notes) + "\n"
    return document


def list_document(rows: int = 2000) -> Document:
    """Issue 3's long list: one paragraph introducing `rows` one-line list items."""
    document = ic_2009_1()
    document.symbol = "IC/2009/ROWS"
    items = "\n".join(f"- Participant {n}, Ministry of the Interior" for n in range(1, rows + 1))
    document.body = f"Participants:\n\n{items}\n"
    return document


# Realistic, varied cells for the 2,000-row table (most rows fit one line, some take two).
GIVEN = (
    "Maria; Ahmed; Olga; Jean-Pierre; Nguyen; Fatoumata; Carlos; Aiko; Oluwaseun; Ines; "
    "Tomasz; Leila; Samuel; Chiara; Rajesh; Ana Sofia"
).split("; ")
FAMILY = (
    "Fernández; Al-Rashid; Petrova; Dubois; Van Thanh; Diallo; Mendoza Ruiz; Tanaka; Adeyemi; "
    "Lopes da Silva; Kowalski; Haddad; Mensah; Rossi; Krishnamurthy; O'Connor"
).split("; ")
POSITIONS = (
    "Director; Minister Counsellor; First Secretary; Head of Unit, Migration Policy; "
    "Legal Adviser; Deputy Permanent Representative; Programme Officer; Attaché; "
    "Senior Adviser on Labour Mobility and Human Development; Ambassador"
).split("; ")
INSTITUTIONS = (
    "Ministry of the Interior; Permanent Mission to the United Nations Office at Geneva; "
    "Ministry of Labour and Social Affairs; UNHCR; International Labour Organization; "
    "Department of Immigration and Border Protection; "
    "University of Ghana, Centre for Migration Studies; Ministry of Foreign Affairs; "
    "International Federation of Red Cross and Red Crescent Societies; IOM"
).split("; ")


def table_document(rows: int = 2000) -> Document:
    """A long table: one paragraph introducing a Name | Position | Institution table of
    `rows` rows of varied lengths, most fitting one line."""
    document = ic_2009_1()
    document.symbol = "IC/2009/TABLE"
    lines = ["| Name | Position | Institution |", "|---|---|---|"]
    for n in range(rows):
        name = f"{GIVEN[n % 16]} {FAMILY[(n * 7 + n // 16) % 16]}"
        position = POSITIONS[(n * 3 + n // 10) % 10]
        lines.append(f"| {name} | {position} | {INSTITUTIONS[(n * 7 + n // 100) % 10]} |")
    document.body = "The participants in the workshops:\n\n" + "\n".join(lines) + "\n"
    return document


def floor_html(document: Document) -> str:
    return inline_pdf_css(document_html(document))


def as_one_table_html(document: Document) -> str:
    """The floor HTML with the body as the web has it: the long table as one <table>."""
    html = floor_html(document)
    start = html.index('<div class="body">')
    end = html.index("</body>")
    web_body = render_body(document.body, language="en")
    return f'{html[:start]}<div class="body">{web_body}</div>{html[end:]}'


def bare_rows_html(document: Document) -> str:
    """Each row of the table's text as a bare <p> (same font, size and page, no other CSS):
    what any layout with a box per row costs at least, on this machine, in this run."""
    rows = [line.strip("| ").split(" | ") for line in document.body.splitlines()[3:] if line]
    return bare_paragraphs_html([escape(" · ".join(cells)) for cells in rows], font_size_pt=9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    documents = [
        ("IC/2009/1", ic_2009_1()),
        ("40-page document", long_document()),
        ("2,000 lettered items", list_document()),
        ("2,000-row table", table_document()),
    ]
    # Warm up once (fonts, WeasyPrint's caches), as a worker that has made a PDF before.
    render_document_pdf(documents[0][1], "en")
    weasyprint.HTML(string=floor_html(documents[0][1])).write_pdf()

    print(
        f"{'document':<20} {'pages':>5} {'project s':>10} {'floor s':>8} "
        f"{'overhead':>9} {'pages/s':>8} {'floor pages/s':>14}"
    )
    for name, document in documents:
        html = floor_html(document)
        floor, floor_pdf = timed(lambda h=html: weasyprint.HTML(string=h).write_pdf(), args.repeat)
        project, project_pdf = timed(
            lambda d=document: render_document_pdf(d, "en").content, args.repeat
        )
        pages = pdf_pages(project_pdf)
        assert pages == pdf_pages(floor_pdf)
        print(
            f"{name:<20} {pages:>5} {project:>10.3f} {floor:>8.3f} "
            f"{(project / floor - 1) * 100:>8.1f}% {pages / project:>8.1f} {pages / floor:>14.1f}"
        )
    # What the 2,000-row table would cost laid out otherwise (WeasyPrint alone, no project code).
    table = documents[-1][1]
    for name, html in (
        ("  as one <table>", as_one_table_html(table)),
        ("  as bare <p> rows", bare_rows_html(table)),
    ):
        seconds, content = timed(lambda h=html: weasyprint.HTML(string=h).write_pdf(), args.repeat)
        pages = pdf_pages(content)
        blank = ""
        print(
            f"{name:<20} {pages:>5} {blank:>10} {seconds:>8.3f} {blank:>9} {blank:>8} "
            f"{pages / seconds:>14.1f}"
        )
    print_peak_memory(args.repeat)


if __name__ == "__main__":
    main()
