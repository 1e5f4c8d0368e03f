"""Markdown → HTML for the bodies of official documents (IC/2009/1 …).

The conventions (see docs/document-markdown.md) follow IOM meeting documents and the UN
Editorial Manual: top-level paragraphs are numbered 1, 2, 3 … through the document, headings
are not; a list under a paragraph gives lettered sub-items, (a) (b) (c) in English and
a) b) c) in French and Spanish; footnotes run 1, 2, 3 … in order of first call, the call
standing after punctuation in English and before it in French and Spanish.

markdown-it-py parses (with mdit-py-plugins' footnote plugin); this module only rewrites the
token stream, then nh3 sanitises the HTML with an allow-list. Raw HTML in a body is never
trusted: its tags are dropped (their text kept), so only HTML this module writes survives.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3
from django.utils.translation import gettext
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from idm_portal import pdf


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
    # _drop_raw_html); with html=False it would be shown as literal "<script>" text.
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    md.add_render_rule("image", _render_image_as_text)
    md.add_render_rule("list_item_open", _render_list_item_open)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    # Every link is parsed, so that one with a refused URL shows as its text rather than as
    # "[x](javascript:…)"; _drop_unsafe_links decides, and nh3 checks again.
    md.validateLink = lambda url: True
    return md


_MD = _make_parser()


# --- Language conventions ------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _letter(index: int) -> str:
    """0 → a … 25 → z, then aa, bb, cc … as the UN Editorial Manual continues."""
    return _LETTERS[index % 26] * (index // 26 + 1)


def _roman(index: int) -> str:
    number, out = index + 1, ""
    for value, numeral in _ROMAN:
        while number >= value:
            out += numeral
            number -= value
    return out


def _uses_french_style(language: str) -> bool:
    """French and Spanish: "a)" labels and the footnote call before punctuation."""
    return language.split("-")[0].lower() in {"fr", "es"}


def _label(text: str, language: str) -> str:
    return f"{text})" if _uses_french_style(language) else f"({text})"


# --- Source preprocessing ------------------------------------------------------------------

# "(a) text" or "a) text" at the start of a line (outside code) starts a lettered sub-item,
# exactly as if it were written "- (a) text".
_LETTERED_LINE = re.compile(r"^([ \t]*)(\(?(?:[a-z]{1,2}|[ivxlc]{1,6})\))[ \t]+(?=\S)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _lettered_lines_to_lists(text: str) -> str:
    lines = text.split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is None:
            lines[number] = _LETTERED_LINE.sub(r"\1- \2 ", line)
    return "\n".join(lines)


# --- Token stream rewriting ----------------------------------------------------------------

_UNNUMBERED = re.compile(r"^\{\.unnumbered\}[ \t]*")
# The label an author wrote, "(a)", "a)", "(iii)", is replaced by the computed one.
_WRITTEN_LABEL = re.compile(r"^\(?(?:[a-z]{1,2}|[ivxlcdm]{1,6})\)[ \t]+")
_TRAILING_PUNCTUATION = re.compile(r"(\s*[.,;:!?…]+)$")
_LEADING_PUNCTUATION = re.compile(r"^([.,;:!?…]+)")


@dataclass
class _Footnote:
    label: str
    line: int
    tokens: list[Token]
    number: int = 0
    calls: int = 0


@dataclass
class _Body:
    tokens: list[Token]
    footnotes: dict[str, _Footnote] = field(default_factory=dict)
    order: list[_Footnote] = field(default_factory=list)


def _line(token: Token | None) -> int:
    return token.map[0] + 1 if token is not None and token.map else 0


def _html_token(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


def _drop_raw_html(tokens: list[Token]) -> list[Token]:
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


def _drop_unsafe_links(tokens: list[Token]) -> None:
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


def _take_footnote_definitions(body: _Body) -> None:
    """Move each "[^label]: text" out of the stream; a label defined twice is an error."""
    stream: list[Token] = []
    current: _Footnote | None = None
    depth = 0
    for token in body.tokens:
        if token.type == "footnote_reference_open":
            depth += 1
            if depth == 1:
                label = token.meta["label"]
                if label in body.footnotes:
                    raise MarkdownError(
                        gettext(
                            "Footnote [^%(label)s] is defined twice (lines %(first)s and "
                            "%(second)s)."
                        )
                        % {
                            "label": label,
                            "first": body.footnotes[label].line,
                            "second": _line(token),
                        }
                    )
                current = _Footnote(label=label, line=_line(token), tokens=[])
                body.footnotes[label] = current
                continue
        if token.type == "footnote_reference_close":
            depth -= 1
            if depth == 0:
                current = None
                continue
        if current is not None:
            current.tokens.append(token)
        else:
            stream.append(token)
    body.tokens = stream


def _number_footnotes(body: _Body) -> None:
    """Number footnotes 1, 2, 3 … in order of first call; every call must have a definition
    and every definition a call."""
    for footnote in body.footnotes.values():
        for token in footnote.tokens:
            for child in token.children or []:
                if child.type == "footnote_ref":
                    raise MarkdownError(
                        gettext(
                            "Footnote [^%(inner)s] is called inside footnote [^%(outer)s] "
                            "(line %(line)s); a footnote cannot have footnotes."
                        )
                        % {
                            "inner": child.meta["label"],
                            "outer": footnote.label,
                            "line": _line(token),
                        }
                    )
    for token in body.tokens:
        for child in token.children or []:
            if child.type != "footnote_ref":
                continue
            label = child.meta["label"]
            footnote = body.footnotes.get(label)
            if footnote is None:
                raise MarkdownError(
                    gettext(
                        "Footnote [^%(label)s] is referenced (line %(line)s) but never "
                        "defined: add a line “[^%(label)s]: text of the footnote”."
                    )
                    % {"label": label, "line": _line(token)}
                )
            if footnote.number == 0:
                body.order.append(footnote)
                footnote.number = len(body.order)
            footnote.calls += 1
            child.meta = {"footnote": footnote, "call": footnote.calls}
    for footnote in body.footnotes.values():
        if footnote.number == 0:
            raise MarkdownError(
                gettext(
                    "Footnote [^%(label)s] is defined (line %(line)s) but never referenced: "
                    "call it with [^%(label)s] in the text, or delete it."
                )
                % {"label": footnote.label, "line": footnote.line}
            )


def _place_footnote_calls(children: list[Token], language: str) -> list[Token]:
    """English: "Constitution.¹"; French and Spanish: "Constitution¹." Moves adjacent
    punctuation across each run of calls, whichever way the author typed it."""
    french = _uses_french_style(language)
    out: list[Token] = []
    index = 0
    while index < len(children):
        if children[index].type != "footnote_ref":
            out.append(children[index])
            index += 1
            continue
        end = index
        while end < len(children) and children[end].type == "footnote_ref":
            end += 1
        run = children[index:end]
        following = children[end] if end < len(children) else None
        if french:
            previous = out[-1] if out and out[-1].type == "text" else None
            match = previous and _TRAILING_PUNCTUATION.search(previous.content)
            out.extend(run)
            if match:
                previous.content = previous.content[: match.start()]
                out.append(Token("text", "", 0, content=match.group(1)))
        else:
            match = (
                following is not None
                and following.type == "text"
                and _LEADING_PUNCTUATION.match(following.content)
            )
            if match:
                out.append(Token("text", "", 0, content=match.group(1)))
                following.content = following.content[match.end() :]
            out.extend(run)
        index = end
    return out


def _prepend(inline: Token, html_content: str) -> None:
    inline.children = [_html_token(html_content), *(inline.children or [])]


def _strip_leading(inline: Token, pattern: re.Pattern) -> bool:
    """Remove `pattern` from the start of the inline's first text; True if it was there."""
    children = inline.children or []
    if children and children[0].type == "text":
        match = pattern.match(children[0].content)
        if match:
            children[0].content = children[0].content[match.end() :]
            return True
    return False


def _number_blocks(tokens: list[Token], language: str) -> None:
    """Number top-level paragraphs, letter list items, and make headings start at h2."""
    heading_levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = 2 - min(heading_levels) if heading_levels else 0
    paragraph_number = 0
    # One entry per open list: [depth, item counter]
    lists: list[list[int]] = []
    pending_label: str | None = None
    for index, token in enumerate(tokens):
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
            if token.type == "heading_open":
                token.attrSet("class", "doc-heading")
        elif token.type in {"bullet_list_open", "ordered_list_open"}:
            depth = len(lists) + 1
            lists.append([depth, 0])
            token.tag = "ol"
            token.attrs = {"class": "subitems" if depth == 1 else "subsubitems"}
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            token.tag = "ol"
            lists.pop()
        elif token.type == "list_item_open":
            depth, count = lists[-1]
            lists[-1][1] = count + 1
            token.attrs = {}
            text = _letter(count) if depth % 2 == 1 else _roman(count)
            pending_label = _label(text, language)
            if tokens[index + 1].type != "paragraph_open":
                # An item that starts with something other than text (empty, a nested
                # list) still shows its label.
                token.meta = {"label": pending_label}
                pending_label = None
        elif token.type == "paragraph_open" and pending_label is not None:
            # The first paragraph of a list item carries the label, unwrapped.
            inline = tokens[index + 1]
            _strip_leading(inline, _WRITTEN_LABEL)
            _prepend(inline, f'<span class="subitem-label">{pending_label}</span> ')
            token.hidden = tokens[index + 2].hidden = True
            pending_label = None
        elif token.type == "paragraph_open" and token.level == 0 and not token.attrs:
            inline = tokens[index + 1]
            if _strip_leading(inline, _UNNUMBERED):
                token.attrSet("class", "unnumbered")
                continue
            paragraph_number += 1
            token.attrSet("class", "para")
            token.attrSet("id", f"para-{paragraph_number}")
            _prepend(inline, f'<span class="para-number">{paragraph_number}.</span> ')
        elif token.type == "blockquote_open":
            token.attrSet("class", "note")
        elif token.type == "list_item_close":
            pending_label = None


def _parse(text: str, language: str) -> _Body:
    source = _lettered_lines_to_lists(text.replace("\r\n", "\n").replace("\r", "\n"))
    body = _Body(tokens=_drop_raw_html(_MD.parse(source, {})))
    _take_footnote_definitions(body)
    for footnote in body.footnotes.values():
        footnote.tokens = _drop_raw_html(footnote.tokens)
        _drop_unsafe_links(footnote.tokens)
    _drop_unsafe_links(body.tokens)
    _number_footnotes(body)
    for token in body.tokens:
        if token.children:
            token.children = _place_footnote_calls(token.children, language)
    _number_blocks(body.tokens, language)
    return body


# --- Rendering -----------------------------------------------------------------------------


def _footnote_inline_html(footnote: _Footnote) -> str:
    """The footnote's text as inline HTML (its paragraphs joined), for print."""
    parts = [
        _MD.renderer.renderInline(token.children or [], _MD.options, {})
        for token in footnote.tokens
        if token.type == "inline"
    ]
    return " ".join(part.strip() for part in parts if part.strip())


def _render_calls(tokens: list[Token], *, for_print: bool) -> None:
    for token in tokens:
        for position, child in enumerate(token.children or []):
            if child.type != "footnote_ref":
                continue
            footnote: _Footnote = child.meta["footnote"]
            number, call = footnote.number, child.meta["call"]
            if for_print and call == 1:
                # WeasyPrint's `float: footnote` moves this to the foot of the page and
                # numbers the call and the note with its footnote counter.
                content = f'<span class="footnote">{_footnote_inline_html(footnote)}</span>'
            elif for_print:
                content = f'<sup class="footnote-repeat">{number}</sup>'
            else:
                anchor = f"fnref-{number}" if call == 1 else f"fnref-{number}-{call}"
                content = (
                    f'<sup class="footnote-ref"><a href="#fn-{number}" id="{anchor}">'
                    f"{number}</a></sup>"
                )
            token.children[position] = _html_token(content)


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
        cell = _MD.renderer.renderInline(inline.children or [], _MD.options, {})
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


def _print_long_tables_as_rows(tokens: list[Token]) -> list[Token]:
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


def _footnotes_section(body: _Body) -> str:
    items = []
    for footnote in body.order:
        text = _MD.renderer.render(footnote.tokens, _MD.options, {}).strip()
        backlinks = " ".join(
            '<a href="#fnref-{number}{suffix}" class="footnote-backref" '
            'aria-label="{label}">↩</a>'.format(
                number=footnote.number,
                suffix="" if call == 1 else f"-{call}",
                label=html.escape(
                    gettext("Back to the call of footnote %(number)s") % {"number": footnote.number}
                ),
            )
            for call in range(1, footnote.calls + 1)
        )
        if text.endswith("</p>"):
            text = f"{text[: -len('</p>')]} {backlinks}</p>"
        else:
            text = f"{text} {backlinks}"
        items.append(f'<li id="fn-{footnote.number}">{text}</li>')
    return '<section class="footnotes" aria-label="{label}"><ol>{items}</ol></section>'.format(
        label=html.escape(gettext("Footnotes")), items="".join(items)
    )


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


def render_body(text: str, *, language: str, for_print: bool = False) -> str:
    """Sanitised HTML of a document body (safe to mark_safe).

    `language` decides the sub-item labels and where footnote calls stand; `for_print` puts
    each footnote's text where it is called (for WeasyPrint) instead of a list at the end,
    and sets a table of more than LONG_TABLE_ROWS rows as lines of text (_table_as_rows).
    Raises MarkdownError for a body that cannot render (e.g. a footnote never defined).
    """
    if not text or not text.strip():
        return ""
    body = _parse(text, language)
    _render_calls(body.tokens, for_print=for_print)
    if for_print:
        body.tokens = _print_long_tables_as_rows(body.tokens)
    rendered = _MD.renderer.render(body.tokens, _MD.options, {})
    if body.order and not for_print:
        rendered += _footnotes_section(body)
    return _CLEANER.clean(rendered)


def validate_body(text: str) -> None:
    """Raise MarkdownError if `text` would not render (used by the admin form)."""
    if text and text.strip():
        _parse(text, "en")
