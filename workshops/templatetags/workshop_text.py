"""The translated text of a programme, workshop or agenda item, saying so when it is English.

django-modeltranslation falls back to English when a French or Spanish translation is
missing; a page under lang="fr" must then mark that text lang="en" (screen readers switch
voice) and tell the reader, in their language, that it exists in English only.
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext

from workshops import text as content_text

register = template.Library()


@register.filter
def untranslated(obj, field: str) -> bool:
    return content_text.is_english_fallback(obj, field)


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


@register.filter
def localized(obj, field: str) -> str:
    """{{ workshop|localized:"title" }}: the same as {% translated %}, usable where a tag is not
    (inside {% blocktranslate with … %}, as a link's text)."""
    return translated(obj, field)


@register.filter
def localized_plain(obj, field: str) -> str:
    """{{ workshop|localized_plain:"title" }} for plain text: see workshops.text.plain."""
    return content_text.plain(obj, field)


@register.filter
def lang_marked(obj, field: str) -> str:
    """{{ workshop|lang_marked:"title" }} for PDFs: the English fallback inside lang="en", with
    no note (a printed letter is not the place for it); escaped."""
    value = conditional_escape(getattr(obj, field) or "")
    if content_text.is_english_fallback(obj, field):
        return format_html('<span lang="en">{}</span>', value)
    return value


@register.filter
def in_lang(value, language: str) -> str:
    """{{ facts.title|in_lang:facts.title_lang }}: the text inside lang="…" when a language is
    given (facts computed ahead, e.g. a letter's), else the text; escaped."""
    if language:
        return format_html('<span lang="{}">{}</span>', language, value)
    return conditional_escape(value)


@register.simple_tag(takes_context=True)
def page_block(context, block) -> str:
    """{% page_block block %}: a block of another app on the workshop page (workshops.hooks),
    its template rendered in the page's context under the block's own values."""
    template = context.template.engine.get_template(block.template_name)
    with context.push(block.context):
        return template.render(context)
