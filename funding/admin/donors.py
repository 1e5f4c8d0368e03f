from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from funding.models.donors import Donor


@admin.register(Donor)
class DonorAdmin(TranslationAdmin):
    list_display = ("name", "kind", "member_state", "is_publicly_named", "pledge_count")
    list_filter = ("kind", "is_publicly_named")
    list_select_related = ("member_state",)
    search_fields = ("name", "public_name")
    autocomplete_fields = ("member_state", "contacts")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "kind", "member_state")}),
        (_("Publicly"), {"fields": ("is_publicly_named", "public_name")}),
        (_("Contacts"), {"fields": ("contacts",)}),
        (_("For IOM staff"), {"fields": ("private_notes", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pledge_total=Count("pledges"))

    @admin.display(description=_("pledges"), ordering="pledge_total")
    def pledge_count(self, obj: Donor) -> int:
        return obj.pledge_total
