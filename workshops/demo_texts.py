"""The French and Spanish of the demo's public texts, for `workshops/demo.py`.

`workshops/data/demo_texts.json` maps each English text of the demo (a theme, a title, a
description, a venue, a speaker's function…) to its French and Spanish: a text used twice
("Opening remarks", a venue) is translated once and reads the same everywhere. A speakers'
field of several lines is translated line by line. A text the file does not know is left
untranslated, so the page shows the English marked lang="en" ("English only") and
`tests/workshops/test_demo_languages.py` names it.

The documents' other language versions are Markdown files beside the English one
(`IC-2009-1.fr.md`, `IC-2009-1.es.md`), imported with the English version's metadata.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from modeltranslation.translator import translator

from workshops.models import Document
from workshops.services import import_document

DATA = Path(__file__).resolve().parent / "data"
TEXTS_PATH = DATA / "demo_texts.json"
DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
OTHER_LANGUAGES = [code for code in settings.MODELTRANSLATION_LANGUAGES if code != DEFAULT]


@cache
def texts() -> dict[str, dict[str, str]]:
    return json.loads(TEXTS_PATH.read_text(encoding="utf-8"))


def translation(english: str, language: str) -> str | None:
    """`english` in `language`, or None when the demo has no translation of it."""
    if not english:
        return None
    known = texts()
    if english in known:
        return known[english].get(language) or None
    lines = english.split("\n")
    if len(lines) > 1 and all(known.get(line, {}).get(language) for line in lines):
        return "\n".join(known[line][language] for line in lines)
    return None


def localized_values(model, values: dict) -> dict:
    """`values` (field name → English value) for update_or_create, each translated field
    written in every language: `title` becomes `title_en`, `title_fr` and `title_es`.
    An English value the demo does not translate leaves that language as it is."""
    translated = translator.get_options_for_model(model).fields
    localized = {}
    for name, value in values.items():
        if name not in translated:
            localized[name] = value
            continue
        localized[f"{name}_{DEFAULT}"] = value
        for language in OTHER_LANGUAGES:
            text = translation(value, language)
            if text:
                localized[f"{name}_{language}"] = text
    return localized


def document_path(symbol: str, language: str) -> Path:
    return DATA / f"{symbol.replace('/', '-')}.{language}.md"


def import_language_versions(original: Document) -> list[Document]:
    """The French and Spanish versions of `original` whose Markdown file exists, with its
    symbol, date, place, kind and original language, and its title and subtitle translated.
    Importing an unchanged file again changes nothing (import_document compares)."""
    versions = []
    for language in OTHER_LANGUAGES:
        path = document_path(original.symbol, language)
        if not path.exists():
            continue
        document, _created = import_document(
            body=path.read_text(encoding="utf-8"),
            symbol=original.symbol,
            language=language,
            programme=original.programme,
            title=translation(original.title, language) or original.title,
            subtitle=translation(original.subtitle, language) or original.subtitle,
            date=original.date,
            place=original.place,
            original_language=original.original_language,
            kind=original.kind,
            workshop=original.workshop,
            visibility=original.visibility,
            translation_waiver_reason=original.translation_waiver_reason,
        )
        versions.append(document)
    return versions
