"""Which donor-facing texts staff translate (django-modeltranslation): a donor's public name,
read by visitors and other donors in their language with the English fallback."""

from modeltranslation.translator import TranslationOptions, register

from funding.models.donors import Donor


@register(Donor)
class DonorTranslationOptions(TranslationOptions):
    fields = ("public_name",)
