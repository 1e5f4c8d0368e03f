"""A document body from Markdown to sanitised HTML: the order of the steps.

Parse (parsing), take the footnotes out and number them (footnotes), place their calls by
the language's convention, number paragraphs and letter sub-items (numbering); then write
the calls and, for print, the long tables (print_layout), render, and sanitise (parsing).
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language

from workshops.markdown.footnotes import (
    Body,
    footnote_call_for_web,
    footnotes_section,
    number_footnotes,
    place_footnote_calls,
    render_calls,
    take_footnote_definitions,
)
from workshops.markdown.numbering import lettered_lines_to_lists, number_blocks
from workshops.markdown.parsing import (
    drop_raw_html,
    drop_unsafe_links,
    parse_tokens,
    render_tokens,
    sanitise,
)
from workshops.markdown.print_layout import footnote_call_for_print, print_long_tables_as_rows


def _parse(text: str, language: str) -> Body:
    source = lettered_lines_to_lists(text.replace("\r\n", "\n").replace("\r", "\n"))
    body = Body(tokens=drop_raw_html(parse_tokens(source)))
    take_footnote_definitions(body)
    for footnote in body.footnotes.values():
        footnote.tokens = drop_raw_html(footnote.tokens)
        drop_unsafe_links(footnote.tokens)
    drop_unsafe_links(body.tokens)
    number_footnotes(body)
    for token in body.tokens:
        if token.children:
            token.children = place_footnote_calls(token.children, language)
    number_blocks(body.tokens, language)
    return body


def render_body(text: str, *, language: str, for_print: bool = False) -> str:
    """Sanitised HTML of a document body (safe to mark_safe).

    `language` decides the sub-item labels and where footnote calls stand; `for_print` puts
    each footnote's text where it is called (for WeasyPrint) instead of a list at the end,
    and sets a table of more than LONG_TABLE_ROWS rows as lines of text (print_layout).
    Raises MarkdownError for a body that cannot render (e.g. a footnote never defined).
    """
    if not text or not text.strip():
        return ""
    return _render(text, language, for_print, get_language())


# The same text renders to the same HTML: a public document page renders its body once per
# process and language, not on every request (the parse and sanitising took half the page's
# time). Keyed on the text itself, so an edited body is a new entry and never served stale,
# and on the page's language (the labels it adds: "Footnotes", "Back to the call…"). A body
# that cannot render raises each time (exceptions are not kept).
@lru_cache(maxsize=64)
def _render(text: str, language: str, for_print: bool, page_language: str | None) -> str:
    body = _parse(text, language)
    render_calls(body.tokens, footnote_call_for_print if for_print else footnote_call_for_web)
    if for_print:
        body.tokens = print_long_tables_as_rows(body.tokens)
    rendered = render_tokens(body.tokens)
    if body.order and not for_print:
        rendered += footnotes_section(body)
    return sanitise(rendered)


def validate_body(text: str) -> None:
    """Raise MarkdownError if `text` would not render (used by the admin form)."""
    if text and text.strip():
        _parse(text, "en")
