"""Staff build a survey here: its texts in English, French and Spanish side by side, its
questions inline (each question's choices on the question's own page). The actions open
surveys and copy them for the next year, through surveys.services.surveys."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from surveys.admin import results
from surveys.errors import SurveyError
from surveys.models.surveys import Question, Survey
from surveys.services import surveys as survey_services


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 0
    fields = (
        ("order", "kind", "is_required"),
        "text",
        "help_text",
        ("low_label", "high_label"),
    )
    show_change_link = True


@admin.action(description=_("Open the selected surveys"), permissions=["change"])
def open_surveys(modeladmin, request, queryset):
    opened = 0
    for survey in queryset:
        try:
            survey_services.open_survey(survey=survey, by=request.user)
        except SurveyError as error:
            messages.error(request, str(error))
        else:
            opened += 1
    if opened:
        messages.success(
            request,
            ngettext("%(count)d survey opened.", "%(count)d surveys opened.", opened)
            % {"count": opened},
        )


@admin.action(description=_("Copy the selected surveys for the next year"), permissions=["add"])
def copy_for_next_year(modeladmin, request, queryset):
    for survey in queryset.select_related("programme"):
        try:
            copy = survey_services.copy_survey(survey=survey, by=request.user)
        except SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("“%(survey)s” copied to IDM %(year)s, being prepared.")
                % {"survey": copy.title, "year": copy.programme.year},
            )


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = (
        "title",
        "programme",
        "audience",
        "is_anonymous",
        "opens_on",
        "closes_on",
        "status",
        "responses",
        "missing_translations",
        "results_link",
    )
    list_filter = ("programme", "audience", "status", "is_anonymous")
    list_select_related = ("programme",)
    search_fields = ("title",)
    autocomplete_fields = ("programme", "workshop")
    date_hierarchy = "opens_on"
    inlines = [QuestionInline]
    actions = [open_surveys, copy_for_next_year]
    readonly_fields = (
        "status",
        "opened_by",
        "opened_at",
        "copied_from",
        "translation_waiver_by",
        "translation_waiver_at",
        "missing_translations",
    )
    fieldsets = (
        (None, {"fields": ("programme", "workshop", "title", "introduction")}),
        (
            _("Who answers, and when"),
            {"fields": ("audience", "is_anonymous", "opens_on", "closes_on")},
        ),
        (
            _("Opening"),
            {
                "fields": (
                    "status",
                    "missing_translations",
                    "translation_waiver_reason",
                    "translation_waiver_by",
                    "translation_waiver_at",
                    "opened_by",
                    "opened_at",
                    "copied_from",
                ),
                "description": _(
                    "“Open the selected surveys” in the list opens a survey once its French and "
                    "Spanish texts exist; to open it before, write the reason here first."
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_total=Count("participations"))

    @admin.display(description=_("responses"), ordering="response_total")
    def responses(self, obj: Survey) -> int:
        return obj.response_total

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj: Survey) -> str:
        if not obj.pk:
            return "–"
        return ", ".join(survey_services.missing_translations(obj)) or "–"

    @admin.display(description=_("results"))
    def results_link(self, obj: Survey) -> str:
        url = reverse("admin:surveys_survey_results", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Results"))

    def get_urls(self):
        site = self.admin_site

        def wrap(view):
            def wrapper(request, *args, **kwargs):
                return view(self, request, *args, **kwargs)

            return site.admin_view(wrapper)

        return [
            path("<int:pk>/results/", wrap(results.results_view), name="surveys_survey_results"),
            path(
                "<int:pk>/results/<str:what>.<str:file_format>",
                wrap(results.export_view),
                name="surveys_survey_export",
            ),
            path(
                "<int:pk>/results/answers/<str:file_format>/",
                wrap(results.answers_view),
                name="surveys_survey_answers",
            ),
            path(
                "<int:pk>/results/report/",
                wrap(results.report_view),
                name="surveys_survey_report",
            ),
            path(
                "<int:pk>/results/questions/<int:question_pk>/theme/",
                wrap(results.theme_view),
                name="surveys_survey_apply_theme",
            ),
            *super().get_urls(),
        ]
