"""Quotation marks follow the language: the French catalogue quotes with « … » and a no-break
space (U+00A0) inside each guillemet; the Spanish one consistently with «…», no space inside.
Neither keeps the English “…” (issue 11, item 4)."""

import re
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
# Any quotation mark, ASCII " outside HTML attributes included.
QUOTES = re.compile(r"[“”„‟«»‹›]")
TAGS = re.compile(r"<[^>]*>")


def translations(language: str):
    for entry in polib.pofile(str(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")):
        if entry.obsolete:
            continue
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in texts:
            text = TAGS.sub("", text)
            if QUOTES.search(text):
                yield entry.msgid, text


def french_problems(text: str) -> list[str]:
    problems = []
    if re.search(r"[“”„‟‹›]", text):
        problems.append("uses English quotation marks")
    if text.count("«") != text.count("»"):
        problems.append("has unbalanced guillemets")
    if re.search(r"«(?!\u00a0)", text):
        problems.append("lacks a no-break space after «")
    if re.search(r"(?<!\u00a0)»", text):
        problems.append("lacks a no-break space before »")
    return problems


def spanish_problems(text: str) -> list[str]:
    problems = []
    if re.search(r"[“”„‟‹›]", text):
        problems.append("mixes in “…”: Spanish pages use «…» throughout")
    if text.count("«") != text.count("»"):
        problems.append("has unbalanced guillemets")
    if re.search(r"«[ \u00a0\u202f]|[ \u00a0\u202f]»", text):
        problems.append("has a space inside «…»")
    return problems


@pytest.mark.parametrize(("language", "check"), [("fr", french_problems), ("es", spanish_problems)])
def test_quoted_translations_use_the_languages_quotation_marks(language, check):
    found = [
        f"{msgid!r} -> {text!r}: {', '.join(problems)}"
        for msgid, text in translations(language)
        if (problems := check(text))
    ]
    assert not found, "\n".join(found)


def test_the_checks_catch_english_quotes_and_ordinary_spaces():
    assert french_problems("Atelier « %(workshop)s »")
    assert french_problems("Atelier “%(workshop)s”")
    assert not french_problems(f"Atelier «{NBSP}%(workshop)s{NBSP}»")
    assert spanish_problems("Taller “%(workshop)s”")
    assert not spanish_problems("Taller «%(workshop)s»")
