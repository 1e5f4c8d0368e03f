"""A question's own page in the admin: its texts in three languages and its choices."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from surveys.models.surveys import Choice, Question
from workshops.admin import LabelledTabularInline, missing_translations_text


class ChoiceInline(TranslationTabularInline, LabelledTabularInline):
    model = Choice
    extra = 0
    fields = ("order", "text")


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ("text", "survey", "order", "kind", "is_required", "missing_translations")
    list_filter = ("kind", "survey__programme")
    list_select_related = ("survey",)
    search_fields = ("text", "survey__title")
    autocomplete_fields = ("survey",)
    inlines = [ChoiceInline]
    readonly_fields = (
        "missing_translations",
        "theme_applied_to",
        "theme_applied_by",
        "theme_applied_at",
    )
    fields = (
        "survey",
        ("order", "kind", "is_required"),
        "text",
        "help_text",
        ("low_label", "high_label"),
        "missing_translations",
        ("theme_applied_to", "theme_applied_by", "theme_applied_at"),
    )

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj: Question) -> str:
        return missing_translations_text(obj)
