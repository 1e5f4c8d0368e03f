"""A PDF's language rules: the date line, the original language's name, French typography.

:func:`french_typography` works on the rendered HTML of a French PDF: in its text nodes only
(never in tags, attributes, ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<style>`` or
``<script>``, nor inside a URL written in the text) it sets a no-break space before ``:``
(U+00A0) and a narrow no-break space before ``; ! ?`` (U+202F), and no-break spaces inside
« », as French printers set them.
"""

from __future__ import annotations

import datetime
import re

from django.utils import dateformat, formats, translation

from idm_portal.places import place_name

NBSP = "\u00a0"
NNBSP = "\u202f"

# How a document's place and date line reads, by language ("Genève, le 10 février 2009").
_DATE_LINES = {
    "fr": "{place}, le {date}",
    "es": "{place}, {date}",
    "en": "{place}, {date}",
}


_SKIPPED = {"code", "pre", "kbd", "samp", "style", "script", "textarea"}
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
# URLs written in the text and character references (their ";") are left as they are.
_UNTOUCHED = re.compile(
    r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.|mailto:)[^\s<]+|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
)
# Spaces (ordinary or no-break) already typed before the mark are replaced, not doubled. A
# colon takes the space only before a space or the end (not "10:30"); so do ; ! ? (not "?!").
_BEFORE_COLON = re.compile(r"(?<=[^\s>])[ \t\u00a0\u202f]*:(?=\s|$|&nbsp;|<)")
_BEFORE_OTHERS = re.compile(r"(?<=[^\s>!?;])[ \t\u00a0\u202f]*([;!?])")
# The sanitiser writes a typed no-break space as "&nbsp;": read as the character, so that a
# French text typed with its own spaces inside « » is not given a second one.
_NBSP_REFERENCE = re.compile(r"&(?:nbsp|#160|#[xX]0*[aA]0);")
_OPEN_QUOTE = re.compile(r"«[ \t\u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \t\u00a0\u202f]*»")


def _french_text(text: str) -> str:
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_OTHERS.sub(lambda match: NNBSP + match.group(1), text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    return _CLOSE_QUOTE.sub(NBSP + "»", text)


def _french_outside_urls(text: str) -> str:
    parts, last = [], 0
    for match in _UNTOUCHED.finditer(text):
        parts += [_french_text(text[last : match.start()]), match.group(0)]
        last = match.end()
    parts.append(_french_text(text[last:]))
    return "".join(parts)


def french_typography(html: str) -> str:
    """`html` with French no-break spaces in its text nodes (see the module's docstring)."""
    out, skipping = [], []
    for token in _TOKENS.split(html):
        if not token:
            continue
        if token.startswith("<"):
            tag = _TAG_NAME.match(token)
            if tag and tag.group(2).lower() in _SKIPPED and not token.endswith("/>"):
                name = tag.group(2).lower()
                if tag.group(1):
                    if name in skipping:
                        skipping.remove(name)
                else:
                    skipping.append(name)
            out.append(token)
        elif skipping:
            out.append(token)
        else:
            out.append(_french_outside_urls(_NBSP_REFERENCE.sub(NBSP, token)))
    return "".join(out)


def date_line(place: str, date: datetime.date, language: str) -> str:
    """The place and date line of a document in `language` ("Ginebra, 10 de febrero de 2009")."""
    with translation.override(language):
        formatted = dateformat.format(date, formats.get_format("DATE_FORMAT", lang=language))
        place = place_name(place, language) if place else place
    if not place:
        return formatted
    return _DATE_LINES.get(language, "{place}, {date}").format(place=place, date=formatted)


def language_name(code: str, language: str) -> str:
    """The name of the language `code` as running text in `language`: French and Spanish write
    language names in lower case ("Original : anglais", "Original: inglés")."""
    from django.conf import settings  # noqa: PLC0415

    with translation.override(language):
        name = str(dict(settings.LANGUAGES)[code])
    return name.lower() if language in ("fr", "es") else name
