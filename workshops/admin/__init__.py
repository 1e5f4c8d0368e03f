from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from workshops import hooks
from workshops.models import (
    AgendaItem,
    KeyDate,
    PolicyPrinciple,
    Programme,
    Workshop,
)
from workshops.parity_admin import (
    WAIVER_FIELDS,
    AgendaParityFormSet,
    WaiverAdminMixin,
    translations_report_view,
)
from workshops.translation import missing_languages

# Change lists are read at 1280 px beside the admin's menu and filters: a workshop's title
# (up to 80 characters) is shown short there, whole in its tooltip and on its own page.
SHORT_TITLE_CHARS = 32


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """The title's first words, up to `limit` characters: 'Effective Respect for the…'."""
    if len(title) <= limit:
        return title
    words: list[str] = []
    for word in title.split():
        if words and len(" ".join([*words, word])) > limit - 1:
            break
        words.append(word)
    return " ".join(words).rstrip(",:;–-") + "…"


def dates_text(start, end) -> str:
    """'25–26 Mar 2009', '30 Jun – 1 Jul 2009': a workshop's days in one short cell."""
    if start == end:
        return formats.date_format(start, "j M Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{formats.date_format(start, 'j')}–{formats.date_format(end, 'j M Y')}"
    if start.year == end.year:
        return f"{formats.date_format(start, 'j M')} – {formats.date_format(end, 'j M Y')}"
    return f"{formats.date_format(start, 'j M Y')} – {formats.date_format(end, 'j M Y')}"


def workshop_label(workshop) -> str:
    """A workshop in a change list column: its short title, the whole title and its dates in
    the tooltip. Used by the lists of the apps above (registrations, delegations)."""
    if workshop is None:
        return "–"
    tooltip = f"{workshop.title} ({dates_text(workshop.start_date, workshop.end_date)})"
    return format_html('<span title="{}">{}</span>', tooltip, short_title(workshop.title))


def missing_translations_text(obj) -> str:
    """ "fr, es": the languages in which some of obj's English text has no translation yet."""
    return ", ".join(missing_languages(obj)) or "–"


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose every input is named after its column (aria-label): a table's
    column header does not label the inputs under it (axe: `label`). Its text areas are
    sized for a table cell, so that the page fits 1280 px."""

    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 32})}
    }

    class Media:
        css = {"all": ["workshops/admin.css"]}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    if field.label:
                        field.widget.attrs.setdefault("aria-label", str(field.label))

        return LabelledFormSet


class KeyDateInline(TranslationTabularInline, LabelledTabularInline):
    model = KeyDate
    extra = 0


class PolicyPrincipleInline(TranslationTabularInline, LabelledTabularInline):
    model = PolicyPrinciple
    extra = 0


class WorkshopInline(LabelledTabularInline):
    model = Workshop
    extra = 0
    fields = ("title", "start_date", "end_date", "registration_status")
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ("year", "theme", "workshop_count", "is_published", "missing_translations")
    readonly_fields = ("missing_translations",)
    list_filter = ("is_published",)
    search_fields = ("theme", "summary")
    inlines = [WorkshopInline, KeyDateInline, PolicyPrincipleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(workshop_total=Count("workshops"))

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj: Programme) -> str:
        return missing_translations_text(obj)

    def get_urls(self):
        from django.urls import path

        view = self.admin_site.admin_view(self.missing_translations_view)
        name = f"{self.opts.app_label}_missing_translations"
        return [path("missing-translations/", view, name=name), *super().get_urls()]

    def missing_translations_view(self, request):
        from django.core.exceptions import PermissionDenied

        if not self.has_view_permission(request):
            raise PermissionDenied
        return translations_report_view(self, request)

    @admin.display(description=_("workshops"), ordering="workshop_total")
    def workshop_count(self, obj: Programme) -> int:
        return obj.workshop_total


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ("day", "start_time", "end_time", "title", "speakers", "moderator")
        widgets = {
            f"{name}_{language}": widget
            for language in ("en", "fr", "es")
            for name, widget in {
                "title": forms.TextInput(attrs={"class": "vTextField"}),
                "speakers": forms.Textarea(attrs={"rows": 3, "cols": 60}),
                "moderator": forms.TextInput(attrs={"class": "vTextField"}),
            }.items()
        }


class AgendaItemInline(TranslationStackedInline):
    """Stacked, not tabular: each item's fields keep their labels (a table's column header
    labels no input), and an item with several speakers fits the page at 1280 px. The day
    and times share one row."""

    model = AgendaItem
    form = AgendaItemForm
    formset = AgendaParityFormSet
    extra = 0
    fields = (("day", "start_time", "end_time"), "title", "speakers", "moderator")

    class Media:
        css = {"all": ["workshops/admin.css"]}


@admin.register(Workshop)
class WorkshopAdmin(WaiverAdminMixin, TranslationAdmin):
    """The workshop's own fields, then what the apps above add through workshops.hooks
    (columns, filters, fieldsets, actions), so that this admin names none of them."""

    # At 1280 px beside the menu and the filters, the editable registration column stays on
    # screen: short title (whole in its tooltip), dates in one cell, seats in one cell. The
    # programme is its filter (and the dates' year); the venue is on the change page.
    list_display = (
        "title_short",
        "dates",
        "seats",
        "registration_status",
        "missing_translations",
    )
    list_filter = ("programme", "registration_status")
    list_select_related = ("programme",)
    list_editable = ("registration_status",)
    search_fields = ("title", "description", "venue")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "start_date"
    autocomplete_fields = ("programme",)
    inlines = [AgendaItemInline]
    readonly_fields = ("missing_translations", "translation_waiver_record")
    fieldsets = (
        (None, {"fields": ("programme", "title", "slug", "description", "missing_translations")}),
        (_("Dates and place"), {"fields": ("start_date", "end_date", "venue", "venue_address")}),
        (_("Seats"), {"fields": ("capacity", "sponsored_seats")}),
        (
            _("Status"),
            {
                "fields": (
                    "registration_status",
                    "registration_deadline",
                    *WAIVER_FIELDS,
                )
            },
        ),
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class AgendaInFormsetForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.instance.agenda_checked_by_formset = True  # see Workshop.clean

        return AgendaInFormsetForm

    def save_model(self, request, obj, form, change: bool) -> None:
        self.stamp_waiver(request, obj, form)
        super().save_model(request, obj, form, change)

    @property
    def actions(self) -> list:  # read by ModelAdmin's action machinery and its checks
        return [action for c in hooks.admin_contributions() for action in c.actions]

    def get_changelist_form(self, request, **kwargs):
        """The editable registration column says "Open" or "Closed" under its header, not
        "Registration open": a narrower select, so the column stays on screen; each select is
        named for its workshop."""
        form = super().get_changelist_form(request, **kwargs)

        class ShortChoicesForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "registration_status" in self.fields:
                    # Each row's select has no <label> of its own (the column's header is
                    # not one): a screen reader says which workshop it changes.
                    self.fields["registration_status"].widget.attrs["aria-label"] = gettext(
                        "Registration for %(workshop)s"
                    ) % {"workshop": self.instance.title}
                    self.fields["registration_status"].choices = [
                        (Workshop.RegistrationStatus.OPEN, pgettext("registration", "Open")),
                        (Workshop.RegistrationStatus.CLOSED, pgettext("registration", "Closed")),
                    ]

        return ShortChoicesForm

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj: Workshop) -> str:
        return missing_translations_text(obj)

    @admin.display(description=_("title"), ordering="title")
    def title_short(self, obj: Workshop) -> str:
        return format_html('<span title="{}">{}</span>', obj.title, short_title(obj.title))

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj: Workshop) -> str:
        return dates_text(obj.start_date, obj.end_date)

    @admin.display(description=_("seats"), ordering="capacity")
    def seats(self, obj: Workshop) -> str:
        return gettext("%(capacity)d (%(sponsored)d sponsored)") % {
            "capacity": obj.capacity,
            "sponsored": obj.sponsored_seats,
        }

    def get_queryset(self, request):
        related = [name for c in hooks.admin_contributions() for name in c.select_related]
        queryset = super().get_queryset(request)
        # The changelist adds list_select_related only to a queryset that has none: name it too.
        return queryset.select_related(*self.list_select_related, *related)

    def get_list_display(self, request):
        contributed = [item for c in hooks.admin_contributions() for item in c.list_display]
        return (*super().get_list_display(request), *contributed)

    def get_list_filter(self, request):
        contributed = [item for c in hooks.admin_contributions() for item in c.list_filter]
        return (*super().get_list_filter(request), *contributed)

    def get_fieldsets(self, request, obj=None):
        contributed = [fieldset for c in hooks.admin_contributions() for fieldset in c.fieldsets]
        return (*super().get_fieldsets(request, obj), *contributed)

    def get_readonly_fields(self, request, obj=None):
        contributed = [name for c in hooks.admin_contributions() for name in c.readonly_fields]
        return (*super().get_readonly_fields(request, obj), *contributed)


# Registered in modules of their own (imported for their @admin.register).
from workshops.admin import documents  # noqa: E402, F401
