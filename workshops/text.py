"""Translated content as text in the reader's language, saying so when it is the English
fallback (django-modeltranslation falls back to English when a translation is missing).
Templates use workshops/templatetags/workshop_text.py, built on these."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname


def active_language() -> str:
    return (translation.get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE)[:2]


def is_english_fallback(obj, field: str) -> bool:
    """True when the active language is not English and obj has no text of its own for field
    in it, although the English text exists (so the reader gets English)."""
    language = active_language()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == default or language not in settings.MODELTRANSLATION_LANGUAGES:
        return False
    if getattr(obj, build_localized_fieldname(field, language), None):
        return False
    return bool(getattr(obj, build_localized_fieldname(field, default), None))


def plain(obj, field: str) -> str:
    """The text for plain-text places (a <title>, an e-mail subject, a calendar entry),
    followed by "(English only)" in the reader's language when it is the English fallback."""
    text = getattr(obj, field) or ""
    if is_english_fallback(obj, field):
        return gettext("%(text)s (English only)") % {"text": text}
    return text
