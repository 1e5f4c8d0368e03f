"""Which survey texts staff translate (django-modeltranslation, as workshops/translation.py):
each gets _en, _fr and _es columns; the plain name reads the active language, falling back
to English. A respondent answers in their language; answers are stored by question and choice,
so results pool every language."""

from modeltranslation.translator import TranslationOptions, register

from surveys.models.surveys import Choice, Question, Survey


@register(Survey)
class SurveyTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text", "help_text", "low_label", "high_label")


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("text",)
