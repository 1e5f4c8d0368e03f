from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from workshops.models import AgendaItem, KeyDate, MemberState, PolicyPrinciple, Programme, Workshop


class KeyDateInline(admin.TabularInline):
    model = KeyDate
    extra = 0


class PolicyPrincipleInline(admin.TabularInline):
    model = PolicyPrinciple
    extra = 0


class WorkshopInline(admin.TabularInline):
    model = Workshop
    extra = 0
    fields = ("title", "start_date", "end_date", "registration_status", "funding_status")
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("year", "theme", "workshop_count", "is_published")
    list_filter = ("is_published",)
    search_fields = ("theme", "summary")
    inlines = [WorkshopInline, KeyDateInline, PolicyPrincipleInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(workshop_total=Count("workshops"))

    @admin.display(description=_("workshops"), ordering="workshop_total")
    def workshop_count(self, obj: Programme) -> int:
        return obj.workshop_total


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("day", "start_time", "end_time", "title", "speakers", "moderator")


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "programme",
        "start_date",
        "end_date",
        "venue",
        "capacity",
        "sponsored_seats",
        "registration_status",
        "funding_status",
    )
    list_filter = ("programme", "registration_status", "funding_status")
    list_select_related = ("programme",)
    list_editable = ("registration_status",)
    search_fields = ("title", "description", "venue")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "start_date"
    autocomplete_fields = ("programme",)
    inlines = [AgendaItemInline]
    fieldsets = (
        (None, {"fields": ("programme", "title", "slug", "description")}),
        (_("Dates and place"), {"fields": ("start_date", "end_date", "venue")}),
        (_("Seats"), {"fields": ("capacity", "sponsored_seats")}),
        (_("Status"), {"fields": ("registration_status", "funding_status")}),
    )


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "country",
        "status",
        "admission_year",
        "region",
        "dac_category",
        "is_eligible_override",
    )
    list_filter = ("status", "region", "dac_category", "is_eligible_override")
    search_fields = ("name", "country")
    ordering = ("name",)
    readonly_fields = ("source",)
