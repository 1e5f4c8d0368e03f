"""Markdown → HTML for the bodies of official documents (IC/2009/1 …).

The conventions (see docs/document-markdown.md) follow IOM meeting documents and the UN
Editorial Manual: top-level paragraphs are numbered 1, 2, 3 … through the document, headings
are not; a list under a paragraph gives lettered sub-items, (a) (b) (c) in English and
a) b) c) in French and Spanish; footnotes run 1, 2, 3 … in order of first call, the call
standing after punctuation in English and before it in French and Spanish.

By subject: parsing (the parser, and sanitising: raw HTML, unsafe links, the allow-list),
numbering (paragraphs and lettered sub-items), footnotes (definitions, numbers, calls, the
web's list), print_layout (footnotes and long tables for WeasyPrint), render (the steps in
order). Callers use only what this module exports.
"""

from workshops.markdown.parsing import MarkdownError
from workshops.markdown.print_layout import (
    LONG_TABLE_FONT_SIZE_PT,
    LONG_TABLE_ROWS,
    PRINT_LINE_WIDTH_PT,
)
from workshops.markdown.render import render_body, validate_body

__all__ = [
    "LONG_TABLE_FONT_SIZE_PT",
    "LONG_TABLE_ROWS",
    "PRINT_LINE_WIDTH_PT",
    "MarkdownError",
    "render_body",
    "validate_body",
]
