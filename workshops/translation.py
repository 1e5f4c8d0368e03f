"""Which fields staff translate (django-modeltranslation): each gets _en, _fr and _es columns
on the same table; the plain name reads the active language, falling back to English."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, KeyDate, PolicyPrinciple, Programme, Workshop


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("theme", "summary")


@register(Workshop)
class WorkshopTranslationOptions(TranslationOptions):
    fields = ("title", "description", "venue", "venue_address")


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title", "speakers", "moderator")


@register(KeyDate)
class KeyDateTranslationOptions(TranslationOptions):
    fields = ("title",)
    # An untranslated title is NULL, not "": (programme, title_fr) is unique.
    empty_values = {"title": None}


@register(PolicyPrinciple)
class PolicyPrincipleTranslationOptions(TranslationOptions):
    fields = ("heading",)


def missing_languages(obj) -> list[str]:
    """The languages other than English in which some of obj's English text has no
    translation: what staff still have to write (the admin's "missing translations"). One
    definition of "missing" with parity before publishing (workshops.parity.missing_fields)."""
    from workshops import parity

    return [language for language in parity.OTHER_LANGUAGES if parity.missing_fields(obj, language)]
