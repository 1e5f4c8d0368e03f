"""The admin of focal points: staff name a user focal point of a state, through
registrations.services.focal_points.name_focal_point."""

from django.contrib import admin

from registrations.models.focal_points import FocalPoint
from registrations.services import focal_points


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ("user", "member_state", "named_by", "created_at")
    list_filter = ("member_state__region",)
    list_select_related = ("user", "member_state", "named_by")
    search_fields = ("user__email", "user__first_name", "user__last_name", "member_state__name")
    autocomplete_fields = ("user", "member_state")
    readonly_fields = ("named_by", "created_at")

    def get_readonly_fields(self, request, obj=None):
        # A focal point is one user's: to name someone else, add a focal point for them.
        fields = super().get_readonly_fields(request, obj)
        return ("user", *fields) if obj is not None else fields

    def save_model(self, request, obj, form, change):
        focal_point = focal_points.name_focal_point(
            user=obj.user, member_state=obj.member_state, by=request.user
        )
        obj.pk, obj.named_by, obj.created_at = (
            focal_point.pk,
            focal_point.named_by,
            focal_point.created_at,
        )
