"""The translated text of a programme, workshop or agenda item, saying so when it is English.

django-modeltranslation falls back to English when a French or Spanish translation is
missing; a page under lang="fr" must then mark that text lang="en" (screen readers switch
voice) and tell the reader, in their language, that it exists in English only.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


def _active_language() -> str:
    return (translation.get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE)[:2]


@register.filter
def untranslated(obj, field: str) -> bool:
    """True when the page's language is not English and obj has no text of its own for field
    in it, although the English text exists (so the page shows English)."""
    language = _active_language()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == default or language not in settings.MODELTRANSLATION_LANGUAGES:
        return False
    if getattr(obj, build_localized_fieldname(field, language), None):
        return False
    return bool(getattr(obj, build_localized_fieldname(field, default), None))


@register.simple_tag
def english_only_note() -> str:
    return format_html('<small class="english-only">{}</small>', gettext("English only"))


@register.simple_tag
def translated(obj, field: str, linebreaks: bool = False) -> str:
    """{% translated workshop "title" %}: the text in the page's language, escaped; when it
    is the English fallback, inside lang="en" and followed by a visible "English only"."""
    text = getattr(obj, field) or ""
    html = linebreaks_filter(text, autoescape=True) if linebreaks else conditional_escape(text)
    if not untranslated(obj, field):
        return html
    if linebreaks:
        return format_html('<div lang="en">{}</div>{}', html, english_only_note())
    return format_html('<span lang="en">{}</span> {}', html, english_only_note())
