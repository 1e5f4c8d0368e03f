"""The IOM meeting-document PDF: layout facts read back from the PDF, and its safety."""

import io
import re
import socket
import threading

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from idm_portal import pdf
from tests.workshops.document_factories import FOOTNOTES, DocumentFactory
from workshops.renderers import document_html, render_document_pdf

pytestmark = pytest.mark.django_db

LONG = (
    " The membership discussed the human dimension of migration, the rights and "
    "responsibilities of migrants and societies, and practical partnerships among "
    "governments, international organizations, civil society and the private sector."
) * 4


def long_body() -> str:
    """12 long paragraphs (so the document runs over several pages), 11 lettered sub-items in
    paragraph 3, 3 footnotes called in paragraphs 1, 2 and 11. ZQnn marks paragraph nn."""
    blocks = []
    calls = {1: 1, 2: 2, 11: 3}
    for n in range(1, 13):
        call = f"[^{calls[n]}]" if n in calls else ""
        blocks.append(f"ZQ{n:02d} opens this paragraph.{call}{LONG}")
        if n == 3:
            blocks.append(
                "\n".join(
                    f"({letter}) **Principle {letter}** of return." for letter in "abcdefghijk"
                )
            )
    notes = "\n".join(f"[^{i}]: {note}" for i, note in enumerate(FOOTNOTES, start=1))
    return "\n\n".join(blocks) + "\n\n" + notes + "\n"


def pdf_pages(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text() or "" for page in reader.pages]


def test_document_pdf_has_symbol_original_numbers_and_footnotes_on_their_page():
    document = DocumentFactory(symbol="IC/2009/1", body=long_body())

    pages = pdf_pages(render_document_pdf(document, "en").content)

    assert len(pages) >= 3, "the test body should run over several pages"
    text = "\n".join(pages)
    assert "IC/2009/1" in pages[0]
    assert "Original: English" in pages[0]
    assert "Geneva, 10 February 2009" in pages[0]
    assert "International Organization for Migration" in pages[0]
    assert "Organisation Internationale pour les Migrations" in pages[0]
    assert "Organización Internacional para las Migraciones" in pages[0]
    for n in range(1, 13):
        assert f"{n}. ZQ{n:02d}" in text.replace("\n", " ").replace(".  ", ". ")
    for number, (paragraph, note) in enumerate(zip((1, 2, 11), FOOTNOTES, strict=True), 1):
        page = next(i for i, page in enumerate(pages) if f"ZQ{paragraph:02d}" in page)
        assert note in pages[page].replace("\n", " "), f"footnote {number} not on its call's page"
    # The running header carries the symbol and the page number from page 2 on.
    assert "IC/2009/1" in pages[1] and "Page 2" in pages[1]
    assert "Page 1" not in pages[0]


def table_body(rows: int, row=None) -> str:
    """A paragraph, then a Name | Position | Institution table of `rows` rows."""
    row = row or (lambda n: f"| ZQ{n:03d} Name | Position {n} | Ministry {n} |")
    lines = ["| Name | Position | Institution |", "|---|---|---|"]
    lines += [row(n) for n in range(1, rows + 1)]
    return "The participants:\n\n" + "\n".join(lines) + "\n"


def page_lines(pages: list[str]) -> list[str]:
    return [line.replace("\xa0", " ").strip() for page in pages for line in page.splitlines()]


def test_a_200_row_table_prints_every_row_once_as_a_line_of_text():
    document = DocumentFactory(body=table_body(200))

    pages = pdf_pages(render_document_pdf(document, "en").content)

    # About 50 rows to a page, after the first page's header.
    assert 4 <= len(pages) <= 7, len(pages)
    lines = page_lines(pages)
    rows = [line for line in lines if line.startswith("ZQ")]
    assert rows == [f"ZQ{n:03d} Name · Position {n} · Ministry {n}" for n in range(1, 201)]
    assert rows[0] in pages[0].replace("\xa0", " ")
    assert rows[-1] in pages[-1].replace("\xa0", " ")
    # The header line stands once, above the first row.
    assert lines.count("Name · Position · Institution") == 1
    assert lines.index("Name · Position · Institution") == lines.index(rows[0]) - 1


def text_lines_with_x(content: bytes) -> list[tuple[float, str]]:
    """Each line of text on the PDF's first page with the x where it starts (points)."""
    lines: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            lines.append((round(tm[4] * cm[0] + cm[4], 1), text.strip()))

    PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=visit)
    return lines


def test_rows_measured_to_fit_print_on_one_line_and_a_longer_row_hangs():
    """Rows just under the measured width are one line each in the PDF (a wrong width or font
    size in workshops.markdown would wrap them); a longer row's next line is indented."""
    from workshops.markdown import LONG_TABLE_FONT_SIZE_PT, PRINT_LINE_WIDTH_PT

    fitting = []
    for length in range(20, 120):
        position = ("Adviser on Migration Policy, Human Rights and Labour Mobility " * 3)[:length]
        text = f"ZQ{length} Name\u00a0· {position.strip()}\u00a0· Ministry of the Interior"
        width = pdf.text_width(text, LONG_TABLE_FONT_SIZE_PT)
        if 0.92 * PRINT_LINE_WIDTH_PT < width <= 0.98 * PRINT_LINE_WIDTH_PT:
            fitting.append((length, position.strip()))
    assert len(fitting) >= 3
    rows = [
        f"| ZQ{length} Name | {position} | Ministry of the Interior |"
        for length, position in fitting
    ]
    rows += [f"| ZQ{n} Name | Counsellor | Ministry |" for n in range(31)]
    rows.append("| ZZLONG Name | " + "Adviser on Migration Policy " * 6 + "| ZZEND Ministry |")
    document = DocumentFactory(
        body="| Name | Position | Institution |\n|---|---|---|\n" + "\n".join(rows)
    )

    lines = text_lines_with_x(render_document_pdf(document, "en").content)

    texts = [text.replace("\xa0", " ") for _x, text in lines]
    for length, position in fitting:
        assert f"ZQ{length} Name · {position} · Ministry of the Interior" in texts
    start = next(i for i, (_x, text) in enumerate(lines) if text.startswith("ZZLONG"))
    row_x, next_x = lines[start][0], lines[start + 1][0]
    assert not lines[start][1].endswith("ZZEND Ministry"), "the long row should wrap"
    assert next_x - row_x == pytest.approx(pdf.POINTS_PER_CM, abs=1)


def test_a_footnote_called_in_a_long_table_reaches_the_foot_of_its_page():
    def row(n: int) -> str:
        if n == 150:
            return "| **ZQ150 Name** | [Director](https://www.iom.int) | *Ministry*[^1] |"
        return f"| ZQ{n:03d} Name | Position {n} | Ministry {n} |"

    note = "Seconded by the Ministry of Labour for the workshop."
    document = DocumentFactory(body=table_body(200, row) + f"\n[^1]: {note}\n")

    pages = pdf_pages(render_document_pdf(document, "en").content)

    page = next(i for i, text in enumerate(pages) if "ZQ150" in text)
    assert page > 0
    lines = page_lines(pages[page : page + 1])
    assert "ZQ150 Name · Director · Ministry1" in lines
    assert "ZQ151 Name · Position 151 · Ministry 151" in lines
    # The note is on its call's page, below the last row of the page.
    assert f"1 {note}" in lines, "the note is not on its call's page"
    last_row = max(i for i, line in enumerate(lines) if line.startswith("ZQ"))
    assert lines.index(f"1 {note}") > last_row
    html = document_html(document)
    assert '<a href="https://www.iom.int">Director</a>' in html
    assert "<strong>ZQ150 Name</strong>" in html and "<em>Ministry</em>" in html


def horizontal_rules(content: bytes) -> int:
    """How many different heights of the first page have a horizontal line drawn across."""
    reader = PdfReader(io.BytesIO(content))
    heights, start = set(), None
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator == b"m":
            start = operands
        elif operator == b"l" and start is not None:
            if abs(float(operands[1]) - float(start[1])) < 0.01:
                heights.add(round(float(start[1]), 1))
            start = operands
    return len(heights)


def test_a_short_table_prints_as_a_table_ruled_under_its_header_and_each_row():
    table = (
        "| Workshop | Dates | Venue |\n|---|---|---|\n"
        "| ZQfirst intersessional workshop | 25–26 March | Palais des Nations |\n"
        "| ZQsecond | 9–10 July | Geneva |\n"
    )
    plain = DocumentFactory(body="The workshops:\n\nNone this year.\n")
    document = DocumentFactory(body=f"The workshops:\n\n{table}")
    html = document_html(document)
    assert "<table>" in html and "<th>Workshop</th>" in html and "long-table" not in html

    content = render_document_pdf(document, "en").content

    text = "\n".join(pdf_pages(content))
    assert "ZQfirst intersessional workshop" in text and "·" not in text
    # A rule under the header and one under each of the two rows, none around the page.
    rules = horizontal_rules(render_document_pdf(plain, "en").content)
    assert horizontal_rules(content) == rules + 3


def test_a4_pages():
    document = DocumentFactory()
    reader = PdfReader(io.BytesIO(render_document_pdf(document, "en").content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_body_html_reaches_the_pdf_sanitised():
    document = DocumentFactory(
        body=(
            "Before <script>alert('pwned')</script> after.\n\n"
            '<img src="x" onerror="alert(2)"> and [a link](javascript:alert(3)).\n'
        )
    )
    html = document_html(document)
    assert "<script" not in html
    assert not re.search(r"<[^>]*\bonerror\s*=", html), "an event handler reached the PDF"
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)
    text = "\n".join(pdf_pages(render_document_pdf(document, "en").content))
    assert "Before" in text and "pwned" not in text


def test_url_fetcher_refuses_http_file_outside_and_large_data():
    fetcher = pdf.url_fetcher()
    for url in (
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "file:///etc/passwd",
        "ftp://example.org/file",
        f"{pdf.BASE_URL}static/../../../../etc/passwd",
        "data:text/plain;base64," + "A" * (pdf.MAX_DATA_URL_BYTES + 10),
    ):
        with pytest.raises(pdf.FetchRefused):
            fetcher.fetch(url)


def test_url_fetcher_serves_the_projects_static_files():
    response = pdf.url_fetcher().fetch(f"{pdf.BASE_URL}static/css/pdf.css")
    assert b"@footnote" in response.read()


def test_rendering_never_contacts_a_url_from_the_html():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    contacted = []

    def accept():
        try:
            connection, _ = listener.accept()
            contacted.append(True)
            connection.close()
        except TimeoutError:
            return  # nobody connected within the wait: what the test wants

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        content = pdf.html_to_pdf(
            f'<p>Text</p><img src="http://127.0.0.1:{port}/x.png">'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
        )
    finally:
        thread.join()
        listener.close()
    assert content.startswith(b"%PDF")
    assert contacted == []


def test_rendering_over_its_time_limit_fails_clearly(settings):
    settings.PDF_RENDER_TIMEOUT = 0.01
    document = DocumentFactory(body=long_body())
    with pytest.raises(pdf.RenderError, match="took longer than"):
        render_document_pdf(document, "en")


def test_rendering_over_its_memory_limit_fails_clearly(settings):
    # The limit counts address space beyond what the renderer child maps when it starts, and
    # the child inherits the parent's heap with whatever earlier renderings freed in it: the
    # input must need far more than any such slack (thousands of pages), so that it cannot
    # fit whatever ran before in this process.
    slack = [str(n) * 20 for n in range(500_000)]  # leaves ~50 MB of freed heap behind
    del slack
    settings.PDF_RENDER_MEMORY_MB = 1
    huge = "".join(f"<p>ZQ{n} {'word ' * 200}</p>" for n in range(20_000))
    with pytest.raises(pdf.RenderError, match="MB"):
        pdf.html_to_pdf(huge)
    # The next rendering within the limits gets a fresh child and its PDF.
    settings.PDF_RENDER_MEMORY_MB = 400
    assert pdf.html_to_pdf("<p>After</p>").startswith(b"%PDF")


def test_original_language_is_named_in_the_documents_language():
    document = DocumentFactory(language="en", original_language="fr")
    assert "Original: French" in pdf_pages(render_document_pdf(document, "en").content)[0]


def test_the_demo_ic_2009_1_renders_with_its_footnotes_where_called():
    from workshops import demo

    demo.load()
    document, *_other_languages = demo.load_documents()

    pages = pdf_pages(render_document_pdf(document, "en").content)

    text = " ".join(page.replace("\n", " ") for page in pages)
    assert "IC/2009/1" in pages[0] and "Original: English" in pages[0]
    assert "12. " in text and "13. " not in text
    constitution = next(i for i, page in enumerate(pages) if "IOM Constitution" in page)
    assert "Article 1(1)(e)" in pages[constitution]


def test_after_a_timeout_the_next_document_gets_its_own_pdf(settings):
    slow = DocumentFactory(body=long_body(), title="The slow one")
    settings.PDF_RENDER_TIMEOUT = 0.05
    with pytest.raises(pdf.RenderError):
        render_document_pdf(slow, "en")

    settings.PDF_RENDER_TIMEOUT = 60
    quick = DocumentFactory(title="The quick one")
    first_page = pdf_pages(render_document_pdf(quick, "en").content)[0]
    assert "THE QUICK ONE" in first_page.upper()
    assert "SLOW" not in first_page.upper()


def _held_open_by_a_child(make_child) -> bool:
    """Whether a child started by `make_child` keeps a copy of a pipe the parent opened before:
    the parent closes its write end, and the read end sees its end only if nobody else holds it."""
    import os
    import select

    read_end, write_end = os.pipe()
    try:
        make_child()
        os.close(write_end)
        ready, _, _ = select.select([read_end], [], [], 2)
        return not ready  # EOF is "ready"; a copy held in the child keeps the pipe open
    finally:
        os.close(read_end)


def test_the_renderer_child_keeps_none_of_its_parents_descriptors(settings):
    """A browser driver's pipes opened before the renderer started were held by the child, so
    the driver never saw them close and the test session hung at its end."""
    pdf.shutdown_renderer()
    assert not _held_open_by_a_child(lambda: pdf.html_to_pdf("<p>Fresh renderer</p>"))
    pdf.shutdown_renderer()


def test_a_one_off_limited_job_keeps_none_of_its_parents_descriptors():
    import os
    import select
    import time

    read_end, write_end = os.pipe()

    def sleep_then_nothing() -> bytes:
        time.sleep(2)
        return b""

    job = threading.Thread(
        target=pdf.run_limited, args=(sleep_then_nothing,), kwargs={"timeout": 10, "memory_mb": 200}
    )
    job.start()
    time.sleep(0.5)  # the child is running now
    os.close(write_end)
    ready, _, _ = select.select([read_end], [], [], 1)
    job.join()
    os.close(read_end)
    assert ready, "the one-off child kept a copy of the parent's pipe"
