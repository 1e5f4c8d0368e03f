"""Factories and sample bodies for documents (kept apart from factories.py, which another
part of the suite owns; merge them when convenient)."""

import datetime

import factory

from tests.workshops.factories import ProgrammeFactory
from workshops.models import Document

FOOTNOTES = [
    "Article 1(1)(e) of the IOM Constitution.",
    "Workshop presentations are available on the IOM website.",
    "See the Draft Report of the 96th Council.",
]


def twelve_paragraphs(marker: str = "") -> str:
    """A body shaped like IC/2009/1: 12 numbered paragraphs, 11 lettered sub-items in
    paragraph 3, a heading, and 3 footnotes (called in paragraphs 1, 2 and 11)."""
    paragraphs = []
    for n in range(1, 13):
        text = f"Paragraph {marker}{n} of the discussion note talks about migration{n}."
        if n in (1, 2, 11):
            text = text[:-1] + f".[^{[1, 2, 11].index(n) + 1}]"
        paragraphs.append(text)
        if n == 3:
            paragraphs.append(
                "\n".join(
                    f"({letter}) **Principle {letter}** on return migration."
                    for letter in "abcdefghijk"
                )
            )
        if n == 4:
            paragraphs.append("## IDM 2009: Human Rights and Migration")
    notes = "\n".join(f"[^{i}]: {note}" for i, note in enumerate(FOOTNOTES, start=1))
    return "\n\n".join(paragraphs) + "\n\n" + notes + "\n"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    symbol = factory.Sequence(lambda n: f"IC/TEST/{n + 1}")
    kind = Document.Kind.DISCUSSION_NOTE
    title = "International Dialogue on Migration 2009"
    subtitle = (
        "Human Rights and Migration: Working Together for Safe, Dignified and Secure Migration"
    )
    language = "en"
    original_language = "en"
    date = datetime.date(2009, 2, 10)
    place = "Geneva"
    programme = factory.SubFactory(ProgrammeFactory)
    workshop = None
    visibility = Document.Visibility.PUBLIC
    # Tests of other rules publish one language version (parity is tested in test_parity).
    translation_waiver_reason = "One version is enough for this test."
    body = factory.LazyFunction(twelve_paragraphs)
