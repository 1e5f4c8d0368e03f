"""Footnotes of a document body.

Footnotes run 1, 2, 3 … in order of first call; every call needs a definition, every
definition a call, a label is defined once and a footnote has no footnotes of its own (each
broken rule is a MarkdownError naming the line). The call stands after punctuation in English
and before it in French and Spanish. On the web a call links to a list of the notes at the end
of the body; how a call looks in print is print_layout.footnote_call_for_print.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext
from markdown_it.token import Token

from workshops.markdown.numbering import uses_french_style
from workshops.markdown.parsing import MarkdownError, html_token, line_of, render_tokens

_TRAILING_PUNCTUATION = re.compile(r"(\s*[.,;:!?…]+)$")
_LEADING_PUNCTUATION = re.compile(r"^([.,;:!?…]+)")


@dataclass
class Footnote:
    label: str
    line: int
    tokens: list[Token]
    number: int = 0
    calls: int = 0


@dataclass
class Body:
    """A parsed body: its token stream, and its footnotes taken out of it."""

    tokens: list[Token]
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    order: list[Footnote] = field(default_factory=list)


def take_footnote_definitions(body: Body) -> None:
    """Move each "[^label]: text" out of the stream; a label defined twice is an error."""
    stream: list[Token] = []
    current: Footnote | None = None
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
                            "second": line_of(token),
                        }
                    )
                current = Footnote(label=label, line=line_of(token), tokens=[])
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


def number_footnotes(body: Body) -> None:
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
                            "line": line_of(token),
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
                    % {"label": label, "line": line_of(token)}
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


def place_footnote_calls(children: list[Token], language: str) -> list[Token]:
    """English: "Constitution.¹"; French and Spanish: "Constitution¹." Moves adjacent
    punctuation across each run of calls, whichever way the author typed it."""
    french = uses_french_style(language)
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


def footnote_call_for_web(footnote: Footnote, call: int) -> str:
    """The `call`-th call (1, 2 …) of `footnote`: its number, linked to the note at the end."""
    number = footnote.number
    anchor = f"fnref-{number}" if call == 1 else f"fnref-{number}-{call}"
    return f'<sup class="footnote-ref"><a href="#fn-{number}" id="{anchor}">{number}</a></sup>'


def render_calls(tokens: list[Token], call_html: Callable[[Footnote, int], str]) -> None:
    """Replace each footnote call by call_html(footnote, call)."""
    for token in tokens:
        for position, child in enumerate(token.children or []):
            if child.type != "footnote_ref":
                continue
            content = call_html(child.meta["footnote"], child.meta["call"])
            token.children[position] = html_token(content)


def footnotes_section(body: Body) -> str:
    """The web's list of notes, each with a link back to every call of it."""
    items = []
    for footnote in body.order:
        text = render_tokens(footnote.tokens).strip()
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
