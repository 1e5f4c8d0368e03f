"""Print layout of a document body (render_body(for_print=True), laid out by WeasyPrint).

A footnote's text stands where it is first called, for WeasyPrint's `float: footnote` to
move to the foot of the page. A table of more than LONG_TABLE_ROWS body rows is set as lines
of text, each row measured against the printed line (idm_portal.pdf) so that a row that
wraps gets a block of its own with a hanging indent. static/css/pdf.css styles both; the web
keeps its footnote list and the real table.
"""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from idm_portal import pdf
from workshops.markdown.footnotes import Footnote
from workshops.markdown.parsing import render_inline

# --- Footnotes -----------------------------------------------------------------------------


def _footnote_inline_html(footnote: Footnote) -> str:
    """The footnote's text as inline HTML (its paragraphs joined), for print."""
    parts = [
        render_inline(token.children or []) for token in footnote.tokens if token.type == "inline"
    ]
    return " ".join(part.strip() for part in parts if part.strip())


def footnote_call_for_print(footnote: Footnote, call: int) -> str:
    """The `call`-th call (1, 2 …) of `footnote` in print."""
    if call == 1:
        # WeasyPrint's `float: footnote` moves this to the foot of the page and numbers the
        # call and the note with its footnote counter.
        return f'<span class="footnote">{_footnote_inline_html(footnote)}</span>'
    return f'<sup class="footnote-repeat">{footnote.number}</sup>'


# --- Long tables ---------------------------------------------------------------------------

# In print, a table of more than LONG_TABLE_ROWS body rows (about a page) is set as lines of
# text: WeasyPrint lays a long <table> out several times slower than text (bench/pdf.py's
# 2,000 rows: 7 s and 68 pages as a table, under 1.5 s and 41 pages as lines). Each row is
# one line, its cells joined by CELL_SEPARATOR; the lines go ROWS_PER_BLOCK to a <div> with
# `white-space: pre-line`, so that there is no box per row or per cell (a <span> per cell
# would cost about as much as the line). The web keeps the real table.
LONG_TABLE_ROWS = 30
ROWS_PER_BLOCK = 25
# A no-break space before the dot keeps it on the line of the cell it follows. A middle dot
# rarely appears inside a cell, where commas and dashes often do.
CELL_SEPARATOR = "\u00a0· "
_TAG = re.compile(r"<[^>]*>")
# What could end a line inside a cell: a newline, and what Pango also takes for one.
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x85\u2028\u2029]+")


def _cells_line(row: list[Token]) -> str:
    """One row as one line of inline HTML: its non-empty cells joined by CELL_SEPARATOR."""
    cells = []
    for inline in row:
        cell = render_inline(inline.children or [])
        # A newline would start a new line under `white-space: pre-line` (a cell has none of
        # its own, but a footnote's text or a link's title may).
        cell = _LINE_BREAKS.sub(" ", cell).strip()
        if html.unescape(_TAG.sub("", cell)).strip():
            cells.append(cell)
    return CELL_SEPARATOR.join(cells)


def _table_as_rows(tokens: list[Token]) -> str:
    """The HTML of a long table (its tokens, table_open … table_close) for print."""
    head: list[Token] = []
    rows: list[list[Token]] = []
    row: list[Token] = []
    in_head = False
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(token)
        elif token.type == "tr_close":
            if in_head:
                head = row
            else:
                rows.append(row)
    lines = [line for line in map(_cells_line, rows) if line]
    header = _cells_line(head)
    parts = ['<div class="long-table">']
    if header:
        parts.append(f'<div class="long-table-head">{header}</div>')
    run: list[str] = []

    def end_run() -> None:
        if run:
            block = "\n".join(run)
            parts.append(f'<div class="long-table-rows">{block}</div>')
            run.clear()

    for line in lines:
        if _fits_on_one_line(line):
            run.append(line)
            if len(run) == ROWS_PER_BLOCK:
                end_run()
        else:
            # A row that wraps has a block of its own, so that its next lines hang indented
            # and cannot be taken for rows of their own.
            end_run()
            parts.append(f'<div class="long-table-row">{line}</div>')
    end_run()
    parts.append("</div>")
    return "\n".join(parts) + "\n"


# How static/css/pdf.css sets a long table's line: 9pt DejaVu Serif across the A4 page's text
# column (21 cm less two 2.4 cm margins). tests/workshops/test_pdf.py checks them in a PDF.
LONG_TABLE_FONT_SIZE_PT = 9
PRINT_LINE_WIDTH_PT = (21 - 2 * 2.4) * pdf.POINTS_PER_CM


def _fits_on_one_line(line: str) -> bool:
    """Whether a long table's row (inline HTML) surely fits one printed line. A row with a
    footnote is given its own block whatever its length; bold or italic text is measured in
    that face as well (and inline code in the monospace face), and the wider measure counts."""
    if 'class="footnote"' in line:
        return False
    text = html.unescape(_TAG.sub("", line))
    faces = ["DejaVu Serif"]
    if "<strong>" in line:
        faces.append("DejaVu Serif:bold")
    if "<em>" in line:
        faces.append("DejaVu Serif:italic")
    if "<strong>" in line and "<em>" in line:
        faces.append("DejaVu Serif:bold:italic")
    if "<code>" in line:
        faces.append("monospace")  # WeasyPrint's default face for <code>: DejaVu Sans Mono
    return all(
        pdf.fits_on_one_line(text, PRINT_LINE_WIDTH_PT, LONG_TABLE_FONT_SIZE_PT, face)
        for face in faces
    )


def print_long_tables_as_rows(tokens: list[Token]) -> list[Token]:
    """Replace each table of more than LONG_TABLE_ROWS body rows by _table_as_rows."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "table_open":
            out.append(token)
            index += 1
            continue
        end = index
        while tokens[end].type != "table_close":
            end += 1
        table = tokens[index : end + 1]
        body_rows, in_body = 0, False
        for cell in table:
            if cell.type in {"tbody_open", "tbody_close"}:
                in_body = cell.type == "tbody_open"
            elif cell.type == "tr_open" and in_body:
                body_rows += 1
        if body_rows > LONG_TABLE_ROWS:
            out.append(Token("html_block", "", 0, content=_table_as_rows(table)))
        else:
            out.extend(table)
        index = end + 1
    return out
