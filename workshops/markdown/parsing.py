"""Parsing and sanitising of a document body.

markdown-it-py parses (CommonMark, tables, strikethrough, and mdit-py-plugins' footnotes) with
the portal's render rules for images, sub-item labels and tables. Raw HTML in a body is never
trusted: its tags are dropped (their text kept), a link to a refused URL keeps only its text,
and nh3 cleans the HTML written with an allow-list, so only HTML this package writes survives.
Also the small token helpers (line numbers, HTML tokens, rendering) the other modules share.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.translation import gettext
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin


class MarkdownError(ValueError):
    """A body that cannot be rendered; the message says what and where."""


# --- Parser --------------------------------------------------------------------------------


def _render_image_as_text(self, tokens, idx, options, env) -> str:
    # A body must not make the PDF renderer (or a reader's browser) fetch anything, and
    # meeting documents have no pictures: an image is shown as its description.
    return html.escape(self.renderInlineAsText(tokens[idx].children or [], options, env))


def _render_list_item_open(self, tokens, idx, options, env) -> str:
    html_open = self.renderToken(tokens, idx, options, env)
    label = (tokens[idx].meta or {}).get("label")
    return f'{html_open}<span class="subitem-label">{label}</span> ' if label else html_open


def _render_table_open(self, tokens, idx, options, env) -> str:
    # On the web a table scrolls sideways inside its own region (never the page, on a phone);
    # the region takes keyboard focus so that it can be scrolled without a mouse.
    label = html.escape(gettext("Table (scroll sideways to see all of it)"))
    region = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">'
    return region + self.renderToken(tokens, idx, options, env)


def _render_table_close(self, tokens, idx, options, env) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _make_parser() -> MarkdownIt:
    # html=True only so that raw HTML is recognised as such (and then dropped by
    # drop_raw_html); with html=False it would be shown as literal "<script>" text.
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    md.add_render_rule("image", _render_image_as_text)
    md.add_render_rule("list_item_open", _render_list_item_open)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    # Every link is parsed, so that one with a refused URL shows as its text rather than as
    # "[x](javascript:…)"; drop_unsafe_links decides, and nh3 checks again.
    md.validateLink = lambda url: True
    return md


_MD = _make_parser()


def parse_tokens(source: str) -> list[Token]:
    return _MD.parse(source, {})


def render_tokens(tokens: list[Token]) -> str:
    """Block tokens as HTML, through the portal's render rules."""
    return _MD.renderer.render(tokens, _MD.options, {})


def render_inline(children: list[Token]) -> str:
    """An inline token's children as HTML."""
    return _MD.renderer.renderInline(children, _MD.options, {})


def line_of(token: Token | None) -> int:
    """The source line a token starts on (1-based), for error messages; 0 if unknown."""
    return token.map[0] + 1 if token is not None and token.map else 0


def html_token(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


# --- Sanitising ----------------------------------------------------------------------------


def drop_raw_html(tokens: list[Token]) -> list[Token]:
    """Raw HTML is not trusted: comments vanish (so a file can cite its source in
    <!-- … -->), other tags are dropped and their text kept, script/style lose their content."""
    kept: list[Token] = []
    for token in tokens:
        if token.type == "html_block":
            text = nh3.clean(token.content, tags=set()).strip()
            if text:
                kept.extend(
                    [
                        Token("paragraph_open", "p", 1, attrs={"class": "unnumbered"}),
                        Token("inline", "", 0, children=[Token("text", "", 0, content=text)]),
                        Token("paragraph_close", "p", -1),
                    ]
                )
            continue
        if token.children:
            children: list[Token] = []
            skipping: str | None = None
            for child in token.children:
                if child.type != "html_inline":
                    if skipping is None:
                        children.append(child)
                    continue
                tag = re.match(r"<\s*(/?)\s*(script|style)\b", child.content, re.IGNORECASE)
                if tag and not tag.group(1):
                    skipping = tag.group(2).lower()
                elif tag and tag.group(1) and tag.group(2).lower() == skipping:
                    skipping = None
            token.children = children
        kept.append(token)
    return kept


_URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}


def _is_safe_url(url: str) -> bool:
    """http, https, mailto, or a relative or fragment URL; nothing else (javascript:, data:)."""
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url)).lower()
    scheme = _URL_SCHEME.match(squeezed)
    return scheme is None or scheme.group(1) in _SAFE_SCHEMES


def drop_unsafe_links(tokens: list[Token]) -> None:
    """A link to a refused URL keeps its text and loses the link."""
    for token in tokens:
        if not token.children:
            continue
        children: list[Token] = []
        dropped = 0
        for child in token.children:
            if child.type == "link_open" and not _is_safe_url(str(child.attrGet("href") or "")):
                dropped += 1
                continue
            if child.type == "link_close" and dropped:
                dropped -= 1
                continue
            children.append(child)
        token.children = children


_ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
}
_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes={
        "a": {"href", "id", "title", "aria-label"},
        "p": {"id"},
        "li": {"id"},
        "section": {"aria-label"},
        "ol": {"start"},
        "div": {"role", "tabindex", "aria-label"},
    },
    allowed_classes={
        "a": {"footnote-backref"},
        "blockquote": {"note"},
        "div": {
            "long-table",
            "long-table-head",
            "long-table-rows",
            "long-table-row",
            "table-scroll",
        },
        "h2": {"doc-heading"},
        "h3": {"doc-heading"},
        "h4": {"doc-heading"},
        "h5": {"doc-heading"},
        "h6": {"doc-heading"},
        "ol": {"subitems", "subsubitems"},
        "p": {"para", "unnumbered"},
        "section": {"footnotes"},
        "span": {"para-number", "subitem-label", "footnote"},
        "sup": {"footnote-ref", "footnote-repeat"},
    },
    url_schemes={"http", "https", "mailto"},
    strip_comments=True,
    link_rel=None,
)


def sanitise(rendered: str) -> str:
    """The HTML with only the tags, attributes, classes and URL schemes this package writes."""
    return _CLEANER.clean(rendered)
