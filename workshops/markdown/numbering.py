"""Paragraph numbering and lettered sub-items.

Top-level paragraphs are numbered 1, 2, 3 … through the document (a paragraph written
"{.unnumbered} …" is not), headings are not and start at h2; a list under a paragraph gives
lettered sub-items, (a) (b) (c) in English and a) b) c) in French and Spanish, and a list
inside those gives (i) (ii) (iii). A line starting "(a) " or "a) " starts a sub-item as if
written "- (a) ", and the label an author wrote is replaced by the computed one.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from workshops.markdown.parsing import html_token

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


def uses_french_style(language: str) -> bool:
    """French and Spanish: "a)" labels and the footnote call before punctuation."""
    return language.split("-")[0].lower() in {"fr", "es"}


def _label(text: str, language: str) -> str:
    return f"{text})" if uses_french_style(language) else f"({text})"


# --- Source preprocessing ------------------------------------------------------------------

# "(a) text" or "a) text" at the start of a line (outside code) starts a lettered sub-item,
# exactly as if it were written "- (a) text".
_LETTERED_LINE = re.compile(r"^([ \t]*)(\(?(?:[a-z]{1,2}|[ivxlc]{1,6})\))[ \t]+(?=\S)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def lettered_lines_to_lists(text: str) -> str:
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


def _prepend(inline: Token, html_content: str) -> None:
    inline.children = [html_token(html_content), *(inline.children or [])]


def _strip_leading(inline: Token, pattern: re.Pattern) -> bool:
    """Remove `pattern` from the start of the inline's first text; True if it was there."""
    children = inline.children or []
    if children and children[0].type == "text":
        match = pattern.match(children[0].content)
        if match:
            children[0].content = children[0].content[match.end() :]
            return True
    return False


def number_blocks(tokens: list[Token], language: str) -> None:
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
