"""The admin of delegate profiles. Passport details are shown only to staff holding
`view_passport_details`; the delegate writes the profile (registrations.services.profiles)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from idm_portal.admin_history import HistoryAdmin
from registrations.models.profiles import PASSPORT_FIELDS, DelegateProfile

PASSPORT_PERMISSION = "registrations.view_passport_details"


@admin.register(DelegateProfile)
class DelegateProfileAdmin(HistoryAdmin):
    """Passport details are shown only to staff holding `view_passport_details`; they never
    enter the history (HistoricalRecords excludes them), so the history view cannot show them."""

    list_display = (
        "family_name",
        "given_names",
        "title",
        "email",
        "participant_type",
        "member_state",
        "organisation",
        "position",
    )
    list_filter = ("participant_type", "member_state__region", "gender", "based_in")
    list_select_related = ("user", "member_state")
    search_fields = (
        "family_name",
        "given_names",
        "user__email",
        "member_state__name",
        "organisation",
        "institution",
    )
    autocomplete_fields = ("user", "member_state")
    readonly_fields = ("passport_entered_at", "passport_erased_at", "created_at", "updated_at")
    history_list_display = ["participant_type", "member_state"]

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj: DelegateProfile) -> str:
        return obj.user.email

    def _may_see_passport(self, request) -> bool:
        return request.user.has_perm(PASSPORT_PERMISSION)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not self._may_see_passport(request):
            fields = [name for name in fields if name not in PASSPORT_FIELDS]
        return fields

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not self._may_see_passport(request):
            exclude += [name for name in PASSPORT_FIELDS if name not in exclude]
        return exclude
