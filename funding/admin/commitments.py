from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from funding.models.commitments import Commitment
from workshops.admin import workshop_label


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    """Read only: money is promised away and given back by the apps that spend it, through
    funding.services.commitments."""

    list_display = (
        "reference",
        "workshop_short",
        "category",
        "amount",
        "created_at",
        "released_at",
    )
    list_filter = ("category", "workshop", ("released_at", admin.EmptyFieldListFilter))
    list_select_related = ("workshop",)
    search_fields = ("reference",)
    date_hierarchy = "created_at"

    @admin.display(description=_("workshop"), ordering="workshop__start_date")
    def workshop_short(self, obj: Commitment) -> str:
        return workshop_label(obj.workshop)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
